"""Warnings: likely slips that would still publish.

``annals check`` shows them; ``annals check --strict`` (the pull-request check)
and a strict MkDocs build fail on them. Each one says how to make it go away.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from annals.dates import DateError, EdtfDate, format_date, parse_edtf, still_true, ways_of_writing
from annals.evidence import Evidence
from annals.fields import markdown_fields, text_fields
from annals.history import OldDate
from annals.markdown import markdown_warnings
from annals.model import Entry, Event
from annals.problems import Problem
from annals.site import EntryKey, Site
from annals.vocabulary import EDITORS_DECIDE, INDEPENDENCE_RULE, SOURCES_DECIDE

MAX_SPOTS_LISTED = 10


def lint(site: Site, without_errors: bool = True) -> list[Problem]:
    """Bare web addresses and ``http://`` links in the text of every entry; sources no entry cites; tag
    descriptions of tags no entry has; statuses that say more or less than an event's sources.

    Sources are reported as uncited, tags as unused, and statuses judged, only when the entries had no errors
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
        if without_errors and key[0] == "tag" and not site.tagged.get(key[1]):
            problems.append(valid.document.problem(
                ("id",), f"no entry has the tag '{key[1]}' that this file describes",
                f"add `{key[1]}` to the `tags:` of the entries it fits, or delete this file: only a tag in use "
                "has a page to show its description").as_warning())
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

    Each way of writing the old date (``ways_of_writing``) that is not true of the new one (``still_true``) is
    looked for in the texts editors write (:func:`_texts_to_search`): in the event, in the entries that link to
    or mention it, and in the sources it cites. A version under ``disagreements`` may give the date it records:
    its own text, and the words of the sources it cites (their summary and note, the event's quote from one),
    do not count when they give that date.
    """
    problems = []
    for old_id in sorted(old_dates):
        event_id = site.renamed.get(("event", old_id), old_id)  # renamed since (annals mv): the same event
        valid = site.entries.get(("event", event_id))
        old = old_dates[old_id]
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
        spots = _spots_giving(site, event_id, gone, before)
        if not spots:
            continue
        was, is_now = format_date(before), format_date(now)
        for spot in spots:
            problems.append(site.entries[spot.origin].document.problem(
                spot.field_key, f"'{spot.phrase}' is the old date of event '{event_id}', which is now {is_now}",
                VERSION_HINT if spot.origin == valid.key and _version_at(spot.field_key) else STALE_HINT,
                offset=spot.offset).as_warning())
        listed = ", ".join(f"{site.entries[spot.origin].document.path}:{spot.line}:{spot.column}"
                           for spot in spots[:MAX_SPOTS_LISTED])
        more = f" and {len(spots) - MAX_SPOTS_LISTED} more" if len(spots) > MAX_SPOTS_LISTED else ""
        problems.append(valid.document.problem(
            ("date",), f"the date changed from {was} (at {revision_name}) to {is_now}, but text still gives "
                       f"the old date: {listed}{more}",
            "review each place listed").as_warning())
    return problems


BOUNDARY = r"[\w\-–/]"
"""What may not touch a date written in a text: a letter or digit, a hyphen or an en dash (a range such as
14–15 holds no day of its own), a slash (a web address)."""


STALE_HINT = ("update the text, or keep the old date as a version under the event's `disagreements` "
              "if a source still gives it, beside a version with the new date and the source that gives it "
              "(a disagreement has two versions or more)")
VERSION_HINT = "update the text, or give this version the old date as its `date:` if its sources give that date"

AS_PRINTED = frozenset({"name", "aliases", "native_names", "spellings"})
"""Names as sources spell them: not searched for an old date, nor a source's :data:`SOURCE_AS_PRINTED`."""
SOURCE_AS_PRINTED = frozenset({"title", "publisher", "authors"})


class TextSpot(NamedTuple):
    """A place where a text gives an event's old date, and the date as written there."""

    origin: EntryKey
    field_key: tuple
    offset: int
    phrase: str
    line: int
    column: int


def _spots_giving(site: Site, event_id: str, phrases: set[str], before: EdtfDate) -> list[TextSpot]:
    if not phrases:
        return []
    pattern = _pattern(phrases)
    event_key = ("event", event_id)
    event = site.entries[event_key].entry
    origins = {event_key, *site.mentions.get(event_key, []), *(b.origin for b in site.backlinks.get(event_key, [])),
               *(("source", s) for s in site.cited.get(event_key, []))}
    accounts: dict[str, set[str]] = {}  # by source: the old date's ways of writing that a version citing it gives
    for version in (v for d in event.disagreements for v in d.versions if v.date is not None):
        for source_id in version.sources:
            accounts.setdefault(source_id, set()).update(still_true(before, version.date))
    spots = []
    for origin in sorted(origins):
        valid = site.entries[origin]
        for field_key, text in _texts_to_search(valid.entry, origin):
            matches = list(pattern.finditer(text))
            given = (_given_by_version(valid.entry, field_key, before) |
                     accounts.get(_whose_words(event, origin, field_key), set())) if matches else set()
            for match in matches:
                phrase = " ".join(match.group().split())
                if phrase not in given:
                    spots.append(TextSpot(origin, field_key, match.start(), phrase,
                                          *valid.document.locate(field_key, offset=match.start())))
    return sorted(spots, key=lambda spot: (spot.origin, spot.line, spot.column))


def _pattern(phrases: set[str]) -> re.Pattern[str]:
    """One regular expression for every phrase, as whole words, where any space may also be a line break.

    Written as a trie of the phrases' characters, each first character before the check that no
    :data:`BOUNDARY` precedes it: the engine skips to where a phrase can start and follows one branch from
    there, so that the work grows with the texts and hardly with the number of phrases.
    """
    trie: dict[str, dict] = {}
    for phrase in phrases:
        node = trie
        for char in phrase:
            node = node.setdefault(char, {})
        node[""] = {}
    return re.compile(_branches(trie, first=True) + f"(?!{BOUNDARY})")


def _branches(node: dict[str, dict], first: bool = False) -> str:
    """The expression for a node of the trie: a run of characters without a branch is written out, without
    a group and without recursion, so that a long phrase cannot exhaust the stack."""
    alternatives = []
    for char, child in sorted(node.items()):
        if not char:
            continue
        written = _character(char) + (f"(?<!{BOUNDARY}.)" if first else "")
        while len(child) == 1 and "" not in child:
            ((char, child),) = child.items()
            written += _character(char)
        alternatives.append(written + _branches(child))
    either = "|".join(alternatives)
    if "" in node:
        return f"(?:{either})?" if alternatives else ""
    return either if len(alternatives) == 1 else f"(?:{either})"


def _character(char: str) -> str:
    return r"\s+" if char == " " else re.escape(char)


def _texts_to_search(entry: Entry, origin: EntryKey) -> list[tuple[tuple, str]]:
    """The texts an editor writes in an entry: not names, nor what a source printed (its title, publisher, authors)."""
    skipped = AS_PRINTED | (SOURCE_AS_PRINTED if origin[0] == "source" else frozenset())
    return [(key, text) for key, text in text_fields(entry) if key[0] not in skipped]


def _version_at(field_key: tuple) -> bool:
    """Whether a field key is inside a version under ``disagreements``: ``(disagreements, i, versions, j, ...)``."""
    return len(field_key) > 4 and field_key[0] == "disagreements" and field_key[2] == "versions"


def _given_by_version(entry: Entry, field_key: tuple, before: EdtfDate) -> set[str]:
    """The ways of writing the old date that a version's own text may give: those true of the date it records."""
    if not _version_at(field_key):
        return set()
    version = entry.disagreements[field_key[1]].versions[field_key[3]]
    return still_true(before, version.date) if version.date is not None else set()


def _whose_words(event: Event, origin: EntryKey, field_key: tuple) -> str:
    """The source whose words a text gives: a source's own summary and note, the event's quote from it; or ''."""
    if origin[0] == "source":
        return origin[1]
    if origin == ("event", event.id) and field_key == ("quote", "text") and event.quote is not None:
        return event.quote.source
    return ""
