"""Warnings: likely slips that would still publish.

``annals check`` shows them; ``annals check --strict`` (the pull-request check)
and a strict MkDocs build fail on them. Each one says how to make it go away.
"""

from __future__ import annotations

import re

from annals.dates import DateError, format_date, parse_edtf, still_true, ways_of_writing
from annals.evidence import Evidence
from annals.fields import markdown_fields
from annals.history import OldDate
from annals.markdown import markdown_warnings
from annals.problems import Problem
from annals.site import EntryKey, Site
from annals.vocabulary import EDITORS_DECIDE, INDEPENDENCE_RULE, SOURCES_DECIDE

MAX_SPOTS_LISTED = 10


def lint(site: Site, without_errors: bool = True) -> list[Problem]:
    """Bare web addresses and ``http://`` links in the text of every entry; sources no entry cites;
    statuses that say more or less than an event's sources.

    Sources are reported as uncited, and statuses judged, only when the entries had no errors
    (``without_errors``): a broken or misspelt citation in one file must not
    show up as a warning in another, and once it is fixed the source is cited.
    """
    problems = []
    for key in sorted(site.entries):
        valid = site.entries[key]
        for field_key, text in markdown_fields(valid.entry):
            for offset, message, hint in markdown_warnings(text):
                problems.append(valid.document.problem(field_key, message, hint, offset=offset).as_warning())
        if without_errors and key[0] == "event":  # judged once every reference resolves, as below
            problems += _status_problems(site, valid)
        if without_errors and key[0] == "source" and not site.cited_by.get(key[1]):
            problems.append(valid.document.problem(
                ("id",), f"no entry cites source '{key[1]}'",
                f"cite it where it supports a fact, with [@{key[1]}] or in an event's `sources:`; "
                "a source that supports nothing does not belong on the site").as_warning())
    return problems


HOW_TO_CONFIRM = ("cite a party's own statement or page (a source with `issued_by: party`), or give the event a "
                  "`quote:` of a participant's own words (that participant as `speaker:` or `speaker_organization:`)")
"""How an editor puts a party on the record: the fields behind ``SOURCES_DECIDE['confirmed']``."""

REASON_HINT = ("say why in `status_reason:`, in a sentence readers see on the page, "
               "e.g. `status_reason: The sources report the meeting as arranged; none says that it took place.`")


def _status_problems(site: Site, valid) -> list[Problem]:
    """An event whose status is not the one its evidence gives (``annals.evidence``), or an editors' status
    without its reason."""
    event, evidence = valid.entry, site.evidence[valid.key]
    if event.status in EDITORS_DECIDE:
        if event.status_reason:
            return []
        return [valid.document.problem(("status",), f"status '{event.status}' is the editors' judgement, not "
                                       "the sources' count, and needs their reason", REASON_HINT).as_warning()]
    if event.status_reason:
        return [valid.document.problem(("status_reason",), f"the sources decide status '{event.status}': "
                                       "`status_reason` is only for denied, planned, postponed or cancelled",
                                       "remove `status_reason:`; the page says what the sources give").as_warning()]
    if event.status == evidence.status:
        return []
    return [valid.document.problem(("status",), f"status '{event.status}' does not follow from the sources: "
                                   f"{evidence_in_words(evidence)}, and that is '{evidence.status}' "
                                   f"({SOURCES_DECIDE[evidence.status]})",
                                   _status_hint(event.status, evidence)).as_warning()]


def evidence_in_words(evidence: Evidence) -> str:
    """What an event's sources give, in one clause: who is on the record, or how many outlets report it."""
    if evidence.on_record:
        return "a party confirmed it on the record (" + "; ".join(
            f"{r.name}'s own words, quoted in '{r.source}'" if r.quoted else f"a statement {r.name} issued, "
            f"'{r.source}'" for r in evidence.on_record) + ")"
    if not evidence.accounts:
        return "no source reports it"
    outlets = ", ".join(evidence.outlets)
    if len(evidence.accounts) == 1:
        resting = (", which rests its report on people it does not name" if evidence.unnamed_sources
                   else ", which does not rest its report on people it does not name")
        return f"no party has confirmed it on the record, and the reports go back to one outlet ({outlets}{resting})"
    return f"no party has confirmed it on the record, and the reports go back to {len(evidence.accounts)} independent outlets ({outlets})"


def _status_hint(written: str, evidence: Evidence) -> str:
    """Make the status the one the sources give, or add what the written one still needs."""
    hint = f"make it `{evidence.status}`"
    if written == "confirmed":
        return f"{hint}; to keep `confirmed`, {HOW_TO_CONFIRM}"
    if evidence.on_record:
        return hint
    if written == "reported":
        return f"{hint}; to keep `reported`, cite a second independent outlet ({INDEPENDENCE_RULE})"
    if written == "unconfirmed" and len(evidence.accounts) == 1:
        return f"{hint}; `unconfirmed` is for a report that rests on people it does not name: then write " \
               "`unnamed_sources: true`"
    return hint


def stale_dates(site: Site, old_dates: dict[str, OldDate], revision_name: str) -> list[Problem]:
    """Text that still gives an event's old date after an edit changed the date.

    Each way of writing the old date (``ways_of_writing``) that is not true of
    the new one (``still_true``) is looked for in the event's ``date_text`` and
    Markdown and in the Markdown of the entries that link to or mention it.
    Versions under ``disagreements`` are plain text and are not searched: they
    exist to give other dates.
    """
    problems = []
    for event_id in sorted(old_dates):
        valid = site.entries.get(("event", event_id))
        old = old_dates[event_id]
        if valid is None or old.date == valid.entry.date.text:
            continue
        try:
            before = parse_edtf(old.date)
        except DateError:
            continue
        now = valid.entry.date
        if (before.first_day, before.last_day) == (now.first_day, now.last_day):
            continue  # only how sure the date is changed: text giving the days is still right
        gone = ways_of_writing(before) - still_true(before, now)
        if old.date_text and old.date_text != valid.entry.date_text and old.date_text.split():
            gone.add(" ".join(old.date_text.split()))
        spots = _spots_giving(site, event_id, gone)
        if not spots:
            continue
        was, is_now = format_date(before), format_date(now)
        for (origin, field_key, offset, phrase) in spots:
            document = site.entries[origin].document
            problems.append(document.problem(
                field_key, f"'{phrase}' is the old date of event '{event_id}', which is now {is_now}",
                "update the text, or keep the old date as a version under the event's `disagreements` "
                "if a source still gives it", offset=offset).as_warning())
        listed = ", ".join(_where(site, spot) for spot in spots[:MAX_SPOTS_LISTED])
        more = f" and {len(spots) - MAX_SPOTS_LISTED} more" if len(spots) > MAX_SPOTS_LISTED else ""
        problems.append(valid.document.problem(
            ("date",), f"the date changed from {was} (at {revision_name}) to {is_now}, but text still gives "
                       f"the old date: {listed}{more}",
            "review each place listed").as_warning())
    return problems


BOUNDARY = r"[\w\-–/]"
"""What may not touch a date written in a text: a letter or digit, a hyphen or an en dash (a range such as
14–15 holds no day of its own), a slash (a web address)."""

TextSpot = tuple[EntryKey, tuple, int, str]
"""``(entry, field key, offset in the text, the old date as written there)``."""


def _spots_giving(site: Site, event_id: str, phrases: set[str]) -> list[TextSpot]:
    if not phrases:
        return []
    # Whole words: not inside a longer number, a range (14–15) or a web address; any space may wrap a line.
    pattern = re.compile(rf"(?<!{BOUNDARY})(?:" + "|".join(
        r"\s+".join(re.escape(word) for word in p.split()) for p in sorted(phrases, key=lambda p: (-len(p), p)))
        + rf")(?!{BOUNDARY})")
    event_key = ("event", event_id)
    origins = {event_key, *site.mentions.get(event_key, []), *(b.origin for b in site.backlinks.get(event_key, []))}
    spots = []
    for origin in sorted(origins):
        entry = site.entries[origin].entry
        texts = markdown_fields(entry) + ([(("date_text",), entry.date_text)] if origin == event_key and
                                          entry.date_text else [])
        for field_key, text in texts:
            spots += [(origin, field_key, m.start(), " ".join(m.group().split())) for m in pattern.finditer(text)]
    return spots


def _where(site: Site, spot: TextSpot) -> str:
    origin, field_key, offset, _ = spot
    document = site.entries[origin].document
    line, column = document.locate(field_key, offset=offset)
    return f"{document.path}:{line}:{column}"
