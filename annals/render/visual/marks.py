"""Where each event's mark goes: its dot, the days it may mean, its label, and a row of its lane it has alone.

A mark's clickable area (its link) spans its dot, its range and its label. Marks are
stacked in rows inside their lane so that no two areas overlap: a reader reaches each
one by mouse, keyboard or touch, and every label fits beside its own mark.
"""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass

from annals.render.visual.axis import Axis
from annals.validate import Valid

DOT = 12
"""A mark's size: a dot for a day, or the height of a bar over a known span of days."""
ROW = 28
"""Height of one row of a lane: a label above, the mark below, and a gap to the next row."""
GAP = 6
"""Least space between the clickable areas of two marks in one row."""
LABEL_CHARS = 40
"""Longest label beside a mark; a longer title is cut at a word, the full one is in the mark's title."""
LABEL_ROOM = 72
"""Room kept for a label beside every mark: past it, a label takes what is free before the next mark."""

_NARROW, _WIDE = set("ijlt.,:;'’!|()[]/-– frI1"), set("mwMW@%")


@functools.lru_cache(maxsize=1 << 16)
def text_width(text: str) -> float:
    """A generous width of ``text`` at 11 pixels in a sans-serif font, so that labels never run into a mark.

    Kept per text: placing the marks of a timeline asks for each label's width many times.
    """
    return sum(3.6 if c in _NARROW else 9.0 if c in _WIDE or ord(c) > 0x2E7F else 7.6 if c.isupper() else 6.2
               for c in text)


@dataclass
class Mark:
    """One event's mark, placed: x positions in pixels, ``row`` inside its lane."""

    valid: Valid
    start: float
    """Where the days the event may mean (or lasted) begin."""
    end: float
    dot: tuple[float, float]
    """The dot's left and right: a bar over a known span wider than a dot."""
    uncertain: bool
    """Known only to the month or year (or an open end): the dot sits in the middle of a dashed range."""
    label: str
    row: int = 0

    @property
    def left(self) -> float:
        """The left of its clickable area."""
        return min(self.start, self.dot[0]) - 2

    @property
    def right(self) -> float:
        """The right of its clickable area, after its label (or the room kept for one)."""
        return max(self.end, self.label_x + max(text_width(self.label), LABEL_ROOM)) + 2

    @property
    def label_x(self) -> float:
        """Where its label starts, beside the dot."""
        return self.dot[1] + 4


def placed(events: list[Valid], axis: Axis) -> list[Mark]:
    """A mark for each event, in the order given."""
    return [_mark(valid, axis) for valid in events]


def first_day(valid: Valid) -> datetime.date:
    """The first day an event may mean, an open start taken as the start of its year."""
    return max(valid.entry.date.earliest, datetime.date(valid.entry.date.year, 1, 1))


def last_day(valid: Valid) -> datetime.date:
    """The last day an event may mean, an open end taken as the end of its year."""
    date = valid.entry.date
    return date.last_day or datetime.date(date.year, 12, 31)


def _mark(valid: Valid, axis: Axis) -> Mark:
    date = valid.entry.date
    start, end = axis.x(first_day(valid)), axis.x(last_day(valid) + datetime.timedelta(days=1))
    middle = (start + end) / 2
    uncertain = not date.known_to_day
    dot = (middle - DOT / 2, middle + DOT / 2) if uncertain or end - start < DOT else (start, end)
    return Mark(valid, start, end, dot, uncertain, "")


def short_label(title: str, room: float) -> str:
    """``title``, or as many of its first words (at most LABEL_CHARS) as fit in ``room``, with an ellipsis."""
    if len(title) <= LABEL_CHARS and text_width(title) <= room:
        return title
    words = title[:LABEL_CHARS].split(" ")
    for count in range(len(words) - 1, 0, -1):
        cut = " ".join(words[:count]).rstrip(" ,;:–-") + "…"
        if text_width(cut) <= room:
            return cut
    cut = title[:LABEL_CHARS]
    while cut and text_width(cut + "…") > room:
        cut = cut[:-1]
    return cut + "…" if cut else ""


def stack(marks: list[Mark], width: float) -> int:
    """Give each mark of one lane the first row where its area is clear of the others, then its label: as much
    of its title as fits before the next mark of its row (or ``width``, the chart's end); returns the rows used."""
    ends: list[float] = []
    for mark in sorted(marks, key=lambda m: m.left):  # stable: marks at one place keep their order
        for row, end in enumerate(ends):  # noqa: B007 - read after the loop: the row the break found
            if end + GAP <= mark.left:
                break
        else:
            row = len(ends)
            ends.append(0.0)
        mark.row, ends[row] = row, mark.right
    for row in range(len(ends)):
        in_row = sorted((m for m in marks if m.row == row), key=lambda m: m.left)
        for mark, after in zip(in_row, in_row[1:] + [None]):
            limit = after.left - GAP if after else width
            mark.label = short_label(mark.valid.entry.title, limit - 2 - mark.label_x)
    return max(len(ends), 1)
