"""The visual timeline: the events a page lists as marks on a year axis, one lane per kind, drawn as SVG.

Made at build time, so it needs no script and loads nothing. Years without
events are squeezed into breaks in the axis (``axis``), so the chart opens on
events; marks at one place are stacked in rows of their lane, each with a short
label beside it (``marks``); a legend says what the lanes and the marks' styles
mean (``legend``). Every mark is a link with a title (name, date, status) that
screen readers and tooltips read; a skip link leads past the marks. The status
sets the mark's style (``annals-mark--<status>`` in ``docs/stylesheets/annals.css``).

Entry text reaches the SVG only as escaped text. Links are written as
``@<page>.md`` and made relative to the page by the plugin, which puts the
SVG in place of ``<div class="annals-visual"></div>`` after sanitizing (the
sanitizer keeps no SVG at all: this code, like a template, is trusted).
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

from annals.dates import format_date
from annals.render.context import entry_uri
from annals.render.visual.axis import Axis
from annals.render.visual.legend import END_ID, legend_svg, number
from annals.render.visual.marks import DOT, ROW, Mark, first_day, last_day, placed, stack, text_width
from annals.validate import Valid
from annals.vocabulary import EVENT_KINDS, STATUSES

PLACEHOLDER = '<div class="annals-visual"></div>'
"""Where the SVG goes on a generated page's HTML."""

LINK_PREFIX = "@"
"""Marks a link the plugin makes relative to the page: ``@events/x.md``."""

LANES_CAPTION = "One lane per kind of event"
"""How the marks are sorted into lanes, in the chart's title and its legend."""

PHONE_WIDTH = 358
"""The width of a chart's box on a 390-pixel phone: a wider chart scrolls there, and the legend says so."""

_TOP = 24
_BOTTOM = 6
_LABEL_SLACK = 180
"""How far past the axis's end the last labels may run."""


def timeline_svg(events: list[Valid], name: str) -> str | None:
    """The visual timeline of ``events`` (at most a page's worth), titled for ``name``; None without events.

    A skip link past the marks, the chart, and its legend (the skip link's target).
    """
    if not events:
        return None
    lanes = sorted({v.entry.kind for v in events}, key=_lane_order)
    axis = Axis(_events_by_year(events), 12 + max(text_width(lane) for lane in lanes))
    marks = placed(events, axis)
    rows = {lane: stack([m for m in marks if m.valid.entry.kind == lane], axis.right + _LABEL_SLACK)
            for lane in lanes}
    tops, y = {}, _TOP
    for lane in lanes:
        tops[lane], y = y, y + rows[lane] * ROW
    width, height = max([axis.right] + [m.right for m in marks]) + 4, y + _BOTTOM
    count = f"{len(events)} event{'s' if len(events) != 1 else ''}"
    first, last = axis.segments[0].first, axis.segments[-1].last
    title = f"Timeline of {name}: {count}, " + (f"{first}" if first == last else f"{first}–{last}")
    parts = [f'<a class="annals-skip" href="#{END_ID}">Skip the timeline’s {count.replace("event", "mark")}</a>',
             f'<svg xmlns="http://www.w3.org/2000/svg" class="annals-timeline" viewBox="0 0 {number(width)} '
             f'{height}" width="{number(width)}" height="{height}" role="group" '
             f'aria-labelledby="annals-visual-title">',
             f'<title id="annals-visual-title">{escape(title)}</title>',
             *_lanes(lanes, rows, tops, width), *_years(axis, height),
             # In time order, as the table lists them: the order a keyboard or a screen reader goes through them.
             *[_mark(m, tops[m.valid.entry.kind] + m.row * ROW) for m in marks], "</svg>",
             legend_svg(sorted({v.entry.status for v in events}, key=_status_order), LANES_CAPTION,
                        scrolls=width > PHONE_WIDTH)]
    return "".join(parts)


def _events_by_year(events: list[Valid]) -> dict[int, int]:
    """How many events each year holds, with every year an event's days begin or end in (maybe none)."""
    counts = dict.fromkeys(sorted({d.year for v in events for d in (first_day(v), last_day(v))}), 0)
    for valid in events:
        counts[valid.entry.date.year] = counts.get(valid.entry.date.year, 0) + 1
    return counts


def _lane_order(kind: str) -> int:
    return list(EVENT_KINDS).index(kind) if kind in EVENT_KINDS else len(EVENT_KINDS)


def _status_order(status: str) -> tuple[int, str]:
    return (list(STATUSES).index(status) if status in STATUSES else len(STATUSES), status)


def _lanes(lanes: list[str], rows: dict[str, int], tops: Mapping[str, float], width: float) -> list[str]:
    """Each lane's band (every other one shaded) and its name at the left, level with its first row's marks."""
    parts = []
    for index, lane in enumerate(lanes):
        top, height = tops[lane], rows[lane] * ROW
        if index % 2 == 0:
            parts.append(f'<rect class="annals-lane-band" x="0" y="{top}" width="{number(width)}" '
                         f'height="{height}"/>')
        parts.append(f'<text class="annals-lane" x="4" y="{top + 21}">{escape(lane)}</text>')
    return parts


def _years(axis: Axis, height: float) -> list[str]:
    """The axis: each year's name over its stretch, a line where it starts; a break where years are left out."""
    parts = []
    for segment in axis.segments:
        left, middle = number(segment.left), number(segment.left + segment.width / 2)
        parts.append(f'<line class="annals-tick" x1="{left}" x2="{left}" y1="{_TOP - 6}" y2="{height}"/>')
        if segment.is_break:
            parts.append(f'<rect class="annals-break" x="{number(segment.left + 4)}" y="{_TOP}" '
                         f'width="{segment.width - 8}" height="{height - _TOP}"/>')
            for offset in (-4, 2):  # two slanted strokes across the axis: years are left out here
                x = segment.left + segment.width / 2 + offset
                parts.append(f'<line class="annals-break-mark" x1="{number(x - 3)}" x2="{number(x + 3)}" '
                             f'y1="{_TOP + 2}" y2="{_TOP - 8}"/>')
        parts.append(f'<text class="annals-year{" annals-year--break" if segment.is_break else ""}" '
                     f'x="{middle}" y="{_TOP - 10}">{segment.label}</text>')
    return parts


def _mark(mark: Mark, top: float) -> str:
    """One event's link: its area, the days it may mean (dashed), its dot and its label."""
    event = mark.valid.entry
    label = f"{event.title}, {format_date(event.date)} ({event.status})"
    middle = top + 17.5  # in a row of 28: the label's baseline at 11, the dot and its range below it
    parts = [f'<a href="{LINK_PREFIX}{escape(entry_uri(mark.valid.key))}" '
             f'class="annals-mark annals-mark--{escape(event.status)}"><title>{escape(label)}</title>',
             f'<rect class="annals-hit" x="{number(mark.left)}" y="{top + 2}" '
             f'width="{number(mark.right - mark.left)}" height="{ROW - 4}"/>']
    if mark.uncertain and mark.end - mark.start > DOT:
        parts.append(f'<line class="annals-range" x1="{number(mark.start + 1)}" x2="{number(mark.end - 1)}" '
                     f'y1="{number(middle)}" y2="{number(middle)}"/>')
    parts.append(f'<rect class="annals-dot" x="{number(mark.dot[0])}" y="{number(middle - DOT / 2)}" '
                 f'width="{number(mark.dot[1] - mark.dot[0])}" height="{DOT}"/>')
    parts.append(f'<text class="annals-label" x="{number(mark.label_x)}" y="{top + 11}">'
                 f'{escape(mark.label)}</text></a>')
    return "".join(parts)
