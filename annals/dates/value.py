"""A parsed date: the days it may mean and how precise it is. What every later stage carries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

OPEN = ".."
"""An open interval end, as in ``2014/..``."""

FIRST_YEAR, LAST_YEAR = 1000, 2999
"""The years a date may fall in: every stage can place them with room to spare (the visual timeline
reaches into the year after the last, calendars a day before the first), and every reader of the
exports can read them. Whole millennia, so that :data:`EDTF_PATTERN` can say it."""

# Spelled out because calendar.month_name follows the process locale.
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
)


class DateError(ValueError):
    """A string that is not a supported EDTF date.

    ``message`` says what is wrong, ``offset`` is the 0-based position in the
    input where the problem starts, and ``hint`` says how to fix it.
    ``str(error)`` is the message alone.
    """

    def __init__(self, message: str, offset: int, hint: str) -> None:
        # All three go into args so the error survives pickling.
        super().__init__(message, offset, hint)
        self.message = message
        self.offset = offset
        self.hint = hint

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class DateSide:
    """A single date, or one side of an interval: the days it may mean, how precise it is, its qualifier."""

    earliest: datetime.date
    latest: datetime.date
    precision: str  # "day", "month", "year", "decade" or "century"
    qualifier: str  # "", "?", "~" or "%"


@dataclass(frozen=True)
class EdtfDate:
    """A parsed EDTF date or interval and the range of days it may mean.

    ``earliest`` is ``datetime.date.min`` for an open start and ``latest`` is
    ``datetime.date.max`` for an open end.
    """

    text: str
    earliest: datetime.date
    latest: datetime.date
    # One side for a single date; two for an interval, None for an open end. Read by parse and display.
    sides: tuple[DateSide | None, ...] = field(repr=False)

    @property
    def sort_key(self) -> tuple[int, int, int, int]:
        """Where the date goes in a chronology: ``(year, month, day, last possible day)``.

        Within its year, dates known to the day come first, in day order; a
        date known only to its month follows the day-known dates of that month
        (day 32); one known only to its year, or less, follows every month
        (month 13). An interval goes by its start; an open start by its year.
        """
        start = self.sides[0]
        if start is None or start.precision not in ("day", "month"):
            return (self.year, 13, 32, self.latest.toordinal())
        day = start.earliest.day if start.precision == "day" else 32
        return (self.year, start.earliest.month, day, self.latest.toordinal())

    @property
    def known_to_month(self) -> bool:
        """Whether the date (an interval's start) is known at least to its month: a chronology's rule."""
        return self.sort_key[1] != 13

    @property
    def year(self) -> int:
        """The year to group this date under in a chronology."""
        if self.is_interval and self.sides[0] is None:
            return self.latest.year
        return self.earliest.year

    @property
    def is_interval(self) -> bool:
        """Whether the date was written as START/END."""
        return len(self.sides) == 2

    @property
    def first_day(self) -> datetime.date | None:
        """The earliest day the date may mean; None for an open start."""
        return None if self.earliest == datetime.date.min else self.earliest

    @property
    def last_day(self) -> datetime.date | None:
        """The latest day the date may mean; None for an open end."""
        return None if self.latest == datetime.date.max else self.latest

    @property
    def known_to_day(self) -> bool:
        """Whether every end of the date is a day, neither open nor only a month or a year."""
        return all(part is not None and part.precision == "day" for part in self.sides)

    @property
    def qualified(self) -> bool:
        """Whether any end is marked uncertain (``?``), approximate (``~``) or both (``%``)."""
        return any(part is not None and part.qualifier for part in self.sides)


def interval(start: EdtfDate | None, end: EdtfDate | None) -> EdtfDate:
    """The interval from one parsed single date to another (either may be open), without parsing again.

    Raises :class:`DateError` if ``end`` lies wholly before ``start``, as
    :func:`parse_edtf` does for an interval written out.
    """
    first = start.sides[0] if start is not None else None
    last = end.sides[0] if end is not None else None
    if first is None and last is None:
        raise DateError("an interval needs at least one known end", 0, "give a start, an end or both")
    if first and last and last.latest < first.earliest:
        raise DateError("the interval ends before it starts", 0, "put the earlier date first")
    text = f"{start.text if start else OPEN}/{end.text if end else OPEN}"
    return EdtfDate(text, first.earliest if first else datetime.date.min, last.latest if last else datetime.date.max,
                    (first, last))
