"""The visual timeline: the events a page lists as marks on a year axis, one lane per kind, drawn as SVG.

Made at build time, so it needs no script and loads nothing. Every mark is a
link with a title (name, date, status) that screen readers and tooltips read;
a vague date is drawn as a bar over the days it may mean; the status sets the
mark's style (``annals-mark--<status>`` in ``docs/stylesheets/annals.css``).

Entry text reaches the SVG only as escaped text. Links are written as
``@<page>.md`` and made relative to the page by the plugin, which puts the
SVG in place of ``<div class="annals-visual"></div>`` after sanitizing (the
sanitizer keeps no SVG at all: this code, like a template, is trusted).
"""

from __future__ import annotations

import datetime
from html import escape

from annals.dates import format_date
from annals.render.context import entry_uri
from annals.validate import Valid

PLACEHOLDER = '<div class="annals-visual"></div>'
"""Where the SVG goes on a generated page's HTML."""

LINK_PREFIX = "@"
"""Marks a link the plugin makes relative to the page: ``@events/x.md``."""

_YEAR_WIDTH = 64
_LEFT = 120
_TOP = 8
_LANE = 26
_AXIS = 24
_MARK = 8


def timeline_svg(events: list[Valid], name: str) -> str | None:
    """An SVG of ``events`` (at most a page's worth), titled for ``name``; None without events."""
    if not events:
        return None
    first = min(v.entry.date.year for v in events)
    last = max(_last_day(v).year for v in events)
    start, end = datetime.date(first, 1, 1), datetime.date(last + 1, 1, 1)
    lanes = sorted({v.entry.kind for v in events})
    width = _LEFT + _YEAR_WIDTH * (last - first + 1) + 8
    height = _TOP + _LANE * len(lanes) + _AXIS
    scale = (width - _LEFT - 8) / (end - start).days

    def x(day: datetime.date) -> float:
        return round(_LEFT + (min(max(day, start), end) - start).days * scale, 1)

    title = f"Timeline of {name}: {len(events)} event{'s' if len(events) != 1 else ''}, " + (
        f"{first}" if first == last else f"{first}–{last}")
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="annals-timeline" viewBox="0 0 {width} {height}" '
             f'width="{width}" height="{height}" role="group" aria-labelledby="annals-visual-title">',
             f'<title id="annals-visual-title">{escape(title)}</title>']
    for number, lane in enumerate(lanes):
        y = _TOP + number * _LANE
        parts.append(f'<text class="annals-lane" x="4" y="{y + _LANE / 2 + 4}">{escape(lane)}</text>'
                     f'<line class="annals-lane-line" x1="{_LEFT}" x2="{width - 8}" y1="{y + _LANE / 2}" '
                     f'y2="{y + _LANE / 2}"/>')
    axis_y = _TOP + _LANE * len(lanes)
    step = 1 if last - first < 20 else 5
    for year in range(first, last + 1):
        tick = x(datetime.date(year, 1, 1))
        parts.append(f'<line class="annals-tick" x1="{tick}" x2="{tick}" y1="{_TOP}" y2="{axis_y + 4}"/>')
        if (year - first) % step == 0:
            parts.append(f'<text class="annals-year" x="{tick + 2}" y="{axis_y + 16}">{year}</text>')
    # In time order, as the table lists them: the order a keyboard or a screen reader goes through the marks.
    parts += [_mark(v, x, _TOP + lanes.index(v.entry.kind) * _LANE) for v in events]
    parts.append("</svg>")
    return "".join(parts)


def _last_day(valid: Valid) -> datetime.date:
    """The last day an event may mean, an open end taken as the end of its year."""
    date = valid.entry.date
    return date.latest if date.latest != datetime.date.max else datetime.date(date.year, 12, 31)


def _mark(valid: Valid, x, lane_top: float) -> str:
    event = valid.entry
    left, right = x(max(event.date.earliest, datetime.date(event.date.year, 1, 1))), x(
        _last_day(valid) + datetime.timedelta(days=1))
    if right - left < _MARK:  # a day, or a short span: a square you can see and hit
        left, right = round((left + right - _MARK) / 2, 1), round((left + right + _MARK) / 2, 1)
    label = f"{event.title}, {format_date(event.date)} ({event.status})"
    return (f'<a href="{LINK_PREFIX}{escape(entry_uri(valid.key))}" class="annals-mark--{escape(event.status)}">'
            f'<title>{escape(label)}</title>'
            f'<rect x="{left}" y="{lane_top + 5}" width="{round(right - left, 1)}" height="{_LANE - 10}"/></a>')
