"""``data/events.ics``: the events a calendar can place, as all-day iCalendar events (RFC 5545).

An event known to the day is an all-day event; an interval with both ends
known spans its days. A single date known only to its month or year has no
day a calendar could show, so it is left out (the CSV and JSON have it). A date
marked uncertain or approximate, or an interval whose ends are not days, says
so in the event's summary.

Written here, not with the ``icalendar`` library: it took a millisecond an
event (2.4 s of a 10,000-entry build) for what is a dozen lines of text each.
The format's two rules, escaping text values and folding lines at 75 octets,
are below, and the tests read the file back with ``icalendar``.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from annals.dates import EdtfDate
from annals.markdown import slugify
from annals.publication import Publication
from annals.render.context import entry_uri, event_place
from annals.site import Site
from annals.vocabulary import STATUSES

EVENTS_ICS = "data/events.ics"
ICS_STATUS = {"confirmed": "CONFIRMED", "cancelled": "CANCELLED"}
"""iCalendar's STATUS for the statuses it has a word for; every other one is TENTATIVE."""

# RFC 5545 TEXT holds no control character but tab: the rest are dropped (a commit subject may hold any).
_TEXT_ESCAPES = str.maketrans({"\\": "\\\\", ";": "\\;", ",": "\\,", "\n": "\\n"}
                              | {chr(c): None for c in [*range(0x09), *range(0x0b, 0x20), 0x7f]})
LINE_OCTETS = 75


def in_calendar(date: EdtfDate) -> bool:
    """Whether a calendar can place the date: known to the day, or an interval with both ends."""
    if date.is_interval:
        return date.first_day is not None and date.last_day is not None
    return date.known_to_day


def events_ics(site: Site, publication: Publication) -> Iterator[str]:
    """Every event a calendar can place, in chronology order, a folded line at a time."""
    return (folded(line) + "\r\n" for line in _calendar_lines(site, publication))


def _calendar_lines(site: Site, publication: Publication) -> Iterator[str]:
    yield from ("BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Annals//NONSGML events//EN",
                "X-WR-CALNAME:" + ics_text(publication.site_name))
    for valid in site.events_in_order():
        if in_calendar(valid.entry.date):
            yield from _event(site, valid, publication)
    yield "END:VCALENDAR"


def _event(site: Site, valid, publication: Publication) -> list[str]:
    event, date = valid.entry, valid.entry.date
    change = publication.last_change(valid.key)
    # DTSTAMP is required; a clock would make two builds differ, so it is the entry's last commit, or its first day.
    stamp = datetime.datetime.fromisoformat(change.revision.time).astimezone(datetime.UTC) if change else \
        datetime.datetime.combine(date.first_day, datetime.time())
    url = publication.page_url(entry_uri(valid.key))
    about = [f"Status: {event.status} ({STATUSES[event.status]}).", f"Date: {date.text} (EDTF)."] + ([url] if url else [])
    lines = ["BEGIN:VEVENT",
             "UID:" + ics_text(f"{valid.entry_type}-{event.id}@{slugify(publication.site_name)}"),
             "DTSTAMP:" + stamp.strftime("%Y%m%dT%H%M%SZ"),
             "DTSTART;VALUE=DATE:" + date.first_day.strftime("%Y%m%d"),
             # exclusive: the day after the last
             "DTEND;VALUE=DATE:" + (date.last_day + datetime.timedelta(days=1)).strftime("%Y%m%d"),
             "SUMMARY:" + ics_text(event.title + _vagueness(date)),
             "DESCRIPTION:" + ics_text("\n".join(about)),
             "STATUS:" + ICS_STATUS.get(event.status, "TENTATIVE"),
             "CATEGORIES:" + ",".join(ics_text(c) for c in dict.fromkeys([event.kind, *event.tags]))]
    if url:
        lines.append("URL:" + url)
    place = event_place(site, event)  # None without a place
    if place is not None:
        lines.append("LOCATION:" + ics_text(place))
    return lines + ["END:VEVENT"]


def ics_text(value: str) -> str:
    """A TEXT value as RFC 5545 writes it: backslash, semicolon, comma and line breaks escaped, other
    control characters but tab dropped."""
    return value.translate(_TEXT_ESCAPES)


def folded(line: str) -> str:
    """A content line folded at 75 octets (RFC 5545 3.1): CRLF and a space, never inside a character."""
    data = line.encode("utf-8")
    if len(data) <= LINE_OCTETS:
        return line
    parts, start, limit = [], 0, LINE_OCTETS
    while start < len(data):
        end = min(start + limit, len(data))
        while end < len(data) and (data[end] & 0xC0) == 0x80:  # a UTF-8 continuation byte: back up
            end -= 1
        parts.append(data[start:end].decode("utf-8"))
        start, limit = end, LINE_OCTETS - 1  # continuation lines start with a space
    return "\r\n ".join(parts)


def _vagueness(date: EdtfDate) -> str:
    if date.qualified:
        return " (date uncertain or approximate)"
    if not date.known_to_day:
        return " (exact days not known)"
    return ""
