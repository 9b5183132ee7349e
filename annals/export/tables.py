"""``data/events.csv`` and ``data/citations.csv``: the events and every citation, for spreadsheets.

UTF-8 with a byte order mark (so that Excel reads the names in Korean and
Japanese script right), comma-separated, quoted where needed, ``\\r\\n`` line
ends (RFC 4180). Dates are ISO 8601 days in their own columns, with the EDTF
date beside them; several values in one cell are separated by `` | ``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

from annals.dates import format_date
from annals.entry_types import ENTRY_TYPES
from annals.export.dataset import all_citations, entry_page_path
from annals.publication import Publication
from annals.render.context import entry_uri, event_place
from annals.site import Site

EVENTS_CSV = "data/events.csv"
CITATIONS_CSV = "data/citations.csv"
LIST_SEPARATOR = " | "

EVENT_COLUMNS = {
    "id": "the event's id (its file name)",
    "title": "what happened",
    "date_edtf": "the date as written, EDTF (2012-11-15, 2024-05~, 2012-11-15/2012-11-16)",
    "date_text": "the date in words, as the site shows it",
    "first_day": "the earliest day the date may mean (ISO 8601)",
    "last_day": "the latest day the date may mean (ISO 8601)",
    "status": "confirmed, reported, unconfirmed, denied, planned, postponed or cancelled",
    "kind": "talks, meeting, contact, ...",
    "place_id": "id of the place",
    "place": "where it was, as the site says it: the place's name, after near or outside when the sources put it so",
    "participant_ids": "ids of the people and organizations that took part",
    "participants": "their names, in the same order",
    "source_ids": "ids of every source the event cites",
    "sources": "their titles, in the same order",
    "single_outlet": "the one outlet every press report goes back to, if there is one",
    "tags": "the event's tags",
    "page": "the event's page, relative to the site's address",
    "url": "the page's full address, when the site's address (site_url) is set",
}
"""The columns of events.csv and what each holds (the Data page documents the same)."""

CITATION_COLUMNS = {
    "entry_type": "event, person, organization, place or source",
    "entry_id": "the citing entry's id",
    "field": "the field that cites, e.g. summary or participants[1].sources[0]",
    "source_id": "id of the source cited",
    "source": "its title",
    "quote": "the quoted words, for a citation with a quote",
}
"""The columns of citations.csv."""


def events_csv(site: Site, publication: Publication) -> Iterator[str]:
    """One row per event, in chronology order, a line at a time."""
    return _csv(list(EVENT_COLUMNS), (_event_row(site, valid, publication) for valid in site.events_in_order()))


def _event_row(site: Site, valid, publication: Publication) -> list[str]:
    event = valid.entry
    people = [("person", p.person) if p.person else ("organization", p.organization)
              for p in event.participants if p.person or p.organization]
    sources = site.cited[valid.key]
    first, last = event.date.first_day, event.date.last_day
    return [event.id, event.title, event.date.text, format_date(event.date), first.isoformat() if first else "",
            last.isoformat() if last else "", event.status, event.kind, event.place or "", event_place(site, event) or "",
            _joined(i for _, i in people), _joined(site.entries[k].entry.label for k in people),
            _joined(sources), _joined(site.entries[("source", s)].entry.label for s in sources),
            site.evidence[valid.key].single_outlet or "", _joined(event.tags), entry_page_path(valid.key),
            publication.page_url(entry_uri(valid.key)) or ""]


def citations_csv(site: Site, cited: dict | None = None) -> Iterator[str]:
    """One row per citation, entries in section order then by id, citations in field order, a line at a time.

    ``cited``: each entry's citations (``annals.export.dataset.all_citations``), when already worked out.
    """
    return _csv(list(CITATION_COLUMNS), _citation_rows(site, cited if cited is not None else all_citations(site)))


def _citation_rows(site: Site, cited: dict) -> Iterator[list[str]]:
    for key in sorted(site.entries, key=_section_order):
        for citation in cited[key]:
            source = site.entries.get(("source", citation["source"]))
            yield [key[0], key[1], citation["field"], citation["source"], source.entry.label if source else "",
                   citation["quote"] or ""]


def _section_order(key: tuple[str, str]) -> tuple[int, str]:
    return list(ENTRY_TYPES).index(key[0]), key[1]


def _joined(values) -> str:
    return LIST_SEPARATOR.join(values)


def _csv(header: list[str], rows: Iterable[list[str]]) -> Iterator[str]:
    """The table's lines as written: a byte order mark first, so spreadsheets read it as UTF-8."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    yield "\ufeff" + out.getvalue()
    for row in rows:
        out.seek(0)
        out.truncate()
        writer.writerow([_safe_cell(cell) for cell in row])
        yield out.getvalue()


def _safe_cell(cell: str) -> str:
    """A cell a spreadsheet shows as text: one that starts like a formula gets a leading apostrophe.

    Entry text comes from strangers; ``=HYPERLINK(...)`` in a title must not
    become a live formula in a journalist's spreadsheet (CSV injection).
    Spreadsheets skip leading blanks before ``=`` (`` =1+1`` is a formula), so
    those are looked past; full-width ``＝`` is one too in East Asian locales.
    """
    if cell.startswith(("\t", "\r")) or cell.lstrip(_FORMULA_BLANKS).startswith(_FORMULA_STARTS):
        return "'" + cell
    return cell


_FORMULA_STARTS = ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20")
_FORMULA_BLANKS = " \t\r\n\u00a0\u3000"
