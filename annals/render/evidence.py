"""The box at the top of an event's page: what its sources give, in words made from ``Site.evidence``.

The box, the status badge and the check all read the same evidence
(``annals.evidence``), so the box cannot say "no party" above a party's words
or call two outlets one.
"""

from __future__ import annotations

from annals.evidence import accounts
from annals.render.context import PageContext
from annals.sanitize import NOTICE_MARK
from annals.site import Site
from annals.validate import Valid
from annals.vocabulary import EDITORS_DECIDE, STATUSES


def evidence_box(context: PageContext, valid: Valid) -> dict:
    """The box's finished parts: title, style, who is on the record, the outlets, the status and its reason."""
    evidence, event = context.site.evidence[valid.key], valid.entry
    one = len(evidence.accounts) == 1
    return {
        "title": _title(len(evidence.accounts), bool(evidence.on_record)),
        "mark": NOTICE_MARK,  # the engine's notice: see annals.sanitize.with_notices
        "style": "warning" if one and not evidence.on_record else "note",
        "on_record": [_on_record(context, r) for r in evidence.on_record],
        "outlets_lead": "Every press report goes back to one outlet" if one else "Reported by these independent outlets",
        "accounts": [{"outlet": a.outlet, "relays": list(a.relays), "cites": context.cite_in_order(list(a.sources))}
                     for a in evidence.accounts],
        "unnamed_sources": evidence.unnamed_sources,
        "status": event.status,
        "meaning": STATUSES[event.status],
        "editors_choice": event.status in EDITORS_DECIDE,
        "reason": event.status_reason,
    }


def _title(outlets: int, on_record: bool) -> str:
    """The box's title: who is on the record, and how many independent outlets reported the event."""
    reported = {0: "", 1: "one outlet reported it"}.get(outlets, f"{outlets} independent outlets reported it")
    if on_record:
        return "A party confirmed it on the record" + (f"; {reported}" if reported else "")
    return "Single-outlet report" if outlets == 1 else (reported or "No report cited").capitalize()


def _on_record(context: PageContext, record) -> dict:
    """One party on the record: who, how (own words quoted, or own statement), and the footnote."""
    if record.quoted:
        return {"party": context.link(record.speaker), "how": "own words, quoted below",
                "cite": context.cite(record.source)}
    party = context.link(("source", record.source))
    how = "a party's own publication" if party["label"] == record.name else f"issued by {record.name}"
    return {"party": party, "how": how, "cite": context.cite(record.source)}


def single_outlet(site: Site, source_ids: list[str]) -> str | None:
    """The one outlet a set of sources goes back to (a role's, a spelling's), or None when there are several."""
    found = accounts(site, source_ids)
    return found[0].outlet if len(found) == 1 else None
