"""What an event's sources give: the independent accounts behind it, the parties on the record, and the status.

Worked out once per event by ``annals.link`` (``Site.evidence``) and read
from there by the check, the event page's box and badge, the chronology, the
exports and the JSON-LD, so that none of them can say more, or other, than
the rule in ``annals.vocabulary`` (``SOURCES_DECIDE``, ``INDEPENDENCE_RULE``).

An *account* is one independent line of reporting. Reports go back to the
same account when one relays the other (``cites``, at any depth) or when both
carry or retell the same outlet's report (``relays``). A source cited on its
own is its own outlet's account: what it says beyond the report it relays is
its own.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from annals.site import EntryKey, Site


@dataclass(frozen=True)
class Account:
    """One independent line of reporting."""

    outlet: str
    """The outlet it goes back to."""
    relays: tuple[str, ...]
    """The other outlets whose reports, among those cited, carry or retell it."""
    sources: tuple[str, ...]
    """The cited sources that belong to it, by id."""


@dataclass(frozen=True)
class OnRecord:
    """A party on the record about an event."""

    name: str
    """Who: a participant's name, or the issuer of a party's own publication."""
    source: str
    """The source that holds it."""
    speaker: EntryKey | None = None
    """For a participant's own words quoted by a source: the person or organization."""

    @property
    def quoted(self) -> bool:
        """Whether this is a participant's words quoted by a source (else a party's own publication)."""
        return self.speaker is not None


@dataclass(frozen=True)
class Evidence:
    """Everything an event's sources give for its status."""

    accounts: tuple[Account, ...]
    on_record: tuple[OnRecord, ...]
    unnamed_sources: bool = False
    """Whether the reports rest the event on people they do not name (the event's ``unnamed_sources``)."""

    @property
    def outlets(self) -> list[str]:
        """The independent outlets behind the press reports, in name order."""
        return [a.outlet for a in self.accounts]

    @property
    def single_outlet(self) -> str | None:
        """The one outlet every press report goes back to, or None when there are several (or none)."""
        return self.accounts[0].outlet if len(self.accounts) == 1 else None

    @property
    def status(self) -> str:
        """The status the sources decide (``annals.vocabulary.SOURCES_DECIDE``): exactly one fits."""
        if self.on_record:
            return "confirmed"
        return "unconfirmed" if len(self.accounts) == 1 and self.unnamed_sources else "reported"


def weigh(site: Site, event_key: EntryKey) -> Evidence:
    """The evidence for one event: its cited sources' accounts and the parties on the record."""
    event, cited = site.entries[event_key].entry, _known(site, site.cited[event_key])
    published = [s for s in cited if _source(site, s).issued_by == "party"]
    on_record = [OnRecord(_publisher(site, s), s) for s in published]
    if event.quote:
        takers = {("person", p.person) for p in event.participants if p.person}
        takers |= {("organization", p.organization) for p in event.participants if p.organization}
        speakers = [("person", event.quote.speaker), ("organization", event.quote.speaker_organization)]
        on_record += [OnRecord(site.entries[k].entry.label, event.quote.source, k)
                      for k in speakers if k in takers and k in site.entries]
    return Evidence(accounts(site, [s for s in cited if s not in published]), tuple(on_record),
                    event.unnamed_sources)


def accounts(site: Site, source_ids: list[str]) -> tuple[Account, ...]:
    """The independent accounts behind a set of press sources, in outlet order (see the module's rule)."""
    chosen = _known(site, source_ids)
    outlet = {s: _publisher(site, s) for s in chosen}
    links = _Links(outlet.values())
    for s in chosen:
        for upstream in sorted(_upstream(site, s) & set(chosen)):
            links.relay(outlet[s], outlet[upstream])
    naming = Counter(name for s in chosen for name in {outlet[s], *_relayed(site, s)})
    for s in chosen:
        for name in _relayed(site, s):
            if naming[name] >= 2:  # retold by two of the cited sources: theirs is one account
                links.relay(outlet[s], name)
    found = [Account(origin, tuple(sorted(n for n in group if n != origin and n in outlet.values())),
                     tuple(s for s in chosen if outlet[s] in group))
             for origin, group in links.groups()]
    return tuple(sorted(found, key=lambda a: (a.outlet.casefold(), a.outlet)))


class _Links:
    """Outlet names joined into accounts (union-find), with the direction of each relay."""

    def __init__(self, names):
        self.parent = {name: name for name in names}
        self.relaying: set[str] = set()

    def find(self, name: str) -> str:
        self.parent.setdefault(name, name)
        while self.parent[name] != name:
            self.parent[name] = self.parent[self.parent[name]]
            name = self.parent[name]
        return name

    def relay(self, relay: str, origin: str) -> None:
        """``relay`` carries or retells ``origin``'s report."""
        if relay != origin:
            self.relaying.add(relay)
            self.parent[self.find(relay)] = self.find(origin)

    def groups(self) -> list[tuple[str, set[str]]]:
        """Each account's outlets, with the one it goes back to: the outlet that relays none of the others."""
        members: dict[str, set[str]] = {}
        for name in sorted(self.parent):
            members.setdefault(self.find(name), set()).add(name)
        return [(min(group - self.relaying or group, key=lambda n: (n.casefold(), n)), group)
                for _, group in sorted(members.items())]


def _known(site: Site, source_ids: list[str]) -> list[str]:
    """The ids that name a source on the site, each once, sorted (a dangling one is the link stage's problem)."""
    return sorted({s for s in source_ids if ("source", s) in site.entries})


def _source(site: Site, source_id: str):
    return site.entries[("source", source_id)].entry


def _publisher(site: Site, source_id: str) -> str:
    source = _source(site, source_id)
    return source.publisher or source.label


def _relayed(site: Site, source_id: str) -> list[str]:
    """The names of the outlets whose reports a source carries or retells (``relays``)."""
    return sorted({site.entries[("organization", o)].entry.label for o in _source(site, source_id).relays
                   if ("organization", o) in site.entries})


def _upstream(site: Site, source_id: str) -> set[str]:
    """Every source that ``source_id`` reports on, directly or through others."""
    found: set[str] = set()
    pending = list(_source(site, source_id).cites)
    while pending:
        current = pending.pop()
        if current not in found and ("source", current) in site.entries:
            found.add(current)
            pending += _source(site, current).cites
    return found
