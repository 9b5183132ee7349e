"""The visual timeline's time axis: years with events widened by how many they hold, each empty stretch a break."""

from __future__ import annotations

import datetime
from bisect import bisect_right
from dataclasses import dataclass

YEAR_WIDTH = (72, 14, 240)
"""Pixels for a year on the axis: 72, and 14 more for each of its events, up to 240 (a month is 20 there)."""
BREAK_WIDTH = 44
"""Pixels for a stretch of years without events, however long: drawn as a break in the axis."""


@dataclass(frozen=True)
class Segment:
    """A stretch of the axis: one year on it, or a break over consecutive years left out."""

    first: int
    last: int
    left: float
    width: float
    is_break: bool

    @property
    def label(self) -> str:
        """Its name on the axis: ``2018``, or a break's years, ``2003–11``."""
        if self.first == self.last:
            return str(self.first)
        last = str(self.last)
        return f"{self.first}–{last[2:] if last[:2] == str(self.first)[:2] else last}"


def year_width(events: int) -> float:
    """The width of a year with ``events`` events on it."""
    base, each, most = YEAR_WIDTH
    return min(base + each * events, most)


class Axis:
    """Days to x positions, from ``left`` on, over the years in ``counts`` (year: events in it); years between
    them that are not in ``counts`` are left out, each stretch of them a break."""

    def __init__(self, counts: dict[int, int], left: float) -> None:
        self.segments: list[Segment] = []
        x, year, last = left, min(counts), max(counts)
        while year <= last:
            end = year
            while year not in counts and end + 1 not in counts:
                end += 1
            gap = year not in counts
            segment = Segment(year, end, x, BREAK_WIDTH if gap else year_width(counts[year]), gap)
            self.segments.append(segment)
            x += segment.width
            year = end + 1
        self.left, self.right = left, x
        self._starts = [s.first for s in self.segments]

    def x(self, day: datetime.date) -> float:
        """Where ``day`` falls; a day outside the axis at its nearer end."""
        if day.year < self.segments[0].first:
            return self.left
        if day.year > self.segments[-1].last:
            return self.right
        segment = self.segments[bisect_right(self._starts, day.year) - 1]
        start = datetime.date(segment.first, 1, 1)
        days = (datetime.date(segment.last + 1, 1, 1) - start).days
        return segment.left + segment.width * (day - start).days / days
