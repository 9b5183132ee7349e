"""How texts write a date ('15 and 16 November 2012', 'November 15', '2012-11-15'), and which of those
ways stay true when the date changes: what ``annals check`` looks for after an edit moves an event."""

from __future__ import annotations

import datetime
from typing import NamedTuple

from annals.dates.display import format_date
from annals.dates.value import MONTH_NAMES, DateSide, EdtfDate

SPELLED_OUT = 31
"""The most days, months or years of a span that are each looked for on their own; a longer span gives its ends."""

_PRECISIONS = ("day", "month", "year", "decade", "century")
_DASHES = ("–", "-")


class _Meaning(NamedTuple):
    """What a way of writing says on its own: a day, a month or a year, from ``first`` to ``last``;
    without its year ('15 November'), that day in whichever year the date is in."""

    precision: str
    first: datetime.date
    last: datetime.date
    with_year: bool = True


def ways_of_writing(value: EdtfDate) -> set[str]:
    """How a text may give this date, as precise as it is: its EDTF and how the site shows it; a day as
    '15 November 2012', '15 November', 'November 15, 2012', 'November 15' and '2012-11-15'; a span of days also as
    '15-16 November 2012', '15 and 16 November', 'November 15–16, 2012' and the like, and each of its days (up to
    :data:`SPELLED_OUT` of them) as a day; a month as 'November 2012' and '2012-11'; a year as '2012'; a span of
    months or years also with a hyphen, and each month or year. Never a month or a year alone for a date known
    to the day: '2012' says little of 15 November 2012, and is written everywhere."""
    return set(_written(value))


def still_true(old: EdtfDate, new: EdtfDate) -> set[str]:
    """The ways of writing ``old`` that are true of ``new`` too: every one when both mean the same days;
    else those that are ways of writing ``new``, and each day, month or year of ``old`` that ``new`` covers
    (a day without its year, in a year ``new`` names), as long as ``new`` is known that precisely: '2012' is
    true of 15 November 2012, '15 November' is true of 15 November 2013 but not of November 2012."""
    written = _written(old)
    if (old.first_day, old.last_day) == (new.first_day, new.last_day):
        return set(written)
    own = ways_of_writing(new)
    return {way for way, meaning in written.items() if way in own or (meaning is not None and _holds(meaning, new))}


def _written(value: EdtfDate) -> dict[str, _Meaning | None]:
    """Each way of writing ``value`` and what it says on its own (None: only the whole date, as written)."""
    ways: dict[str, _Meaning | None] = {value.text: None, format_date(value): None}
    known = [side for side in value.sides if side is not None]
    if len(known) == 2 and known[0].precision == known[1].precision:
        ways.update(_span(known[0], known[1]))
    else:
        for side in known:
            ways.update(_units(side.earliest, side.precision))
    return ways


def _span(start: DateSide, end: DateSide) -> dict[str, _Meaning | None]:
    """A span of days, months or years: written as a whole, and each unit of it (or only its ends, if long)."""
    first, last, precision = start.earliest, end.earliest, start.precision
    count = 1 + {"day": (last - first).days,
                 "month": (last.year - first.year) * 12 + last.month - first.month}.get(precision, last.year - first.year)
    ways = _whole_span(first, last, precision) if count > 1 else {}
    for unit in [_nth(first, precision, n) for n in range(count)] if count <= SPELLED_OUT else [first, last]:
        ways.update(_units(unit, precision))
    return ways


def _nth(first: datetime.date, precision: str, n: int) -> datetime.date:
    """The first day of the ``n``-th day, month or year after the one that starts on ``first``."""
    if precision == "day":
        return first + datetime.timedelta(days=n)
    if precision == "month":
        months = first.month - 1 + n
        return datetime.date(first.year + months // 12, months % 12 + 1, 1)
    return datetime.date(first.year + n, 1, 1)


def _whole_span(first: datetime.date, last: datetime.date, precision: str) -> dict[str, _Meaning | None]:
    """The ways of writing a span as a whole besides its EDTF and the site's display."""
    start, end = MONTH_NAMES[first.month - 1], MONTH_NAMES[last.month - 1]
    if precision == "year":
        return {f"{first.year}{dash}{last.year}": None for dash in _DASHES}
    if first.year != last.year or precision not in ("day", "month"):
        return {}
    if precision == "month":
        return {f"{start}{dash}{end} {last.year}": None for dash in _DASHES}
    if first.month != last.month:
        return {f"{first.day} {start} – {last.day} {end}": None}  # the display, as in a text that leaves out the year
    days = [f"{first.day}{dash}{last.day}" for dash in _DASHES]
    if (last - first).days == 1:
        days.append(f"{first.day} and {last.day}")
    ways: dict[str, _Meaning | None] = {}
    for both in days:
        ways.update(dict.fromkeys((f"{both} {end} {last.year}", f"{both} {end}", f"{end} {both}, {last.year}",
                                   f"{end} {both}")))
    return ways


def _units(first: datetime.date, precision: str) -> dict[str, _Meaning | None]:
    """The ways of writing one day, month or year that starts on ``first``."""
    month = MONTH_NAMES[first.month - 1]
    if precision == "day":
        day, any_year = _Meaning("day", first, first), _Meaning("day", first, first, with_year=False)
        return {f"{first.day} {month} {first.year}": day, f"{month} {first.day}, {first.year}": day,
                first.isoformat(): day, f"{first.day} {month}": any_year, f"{month} {first.day}": any_year}
    if precision == "month":
        whole = _Meaning("month", first, _nth(first, "month", 1) - datetime.timedelta(days=1))
        return {f"{month} {first.year}": whole, f"{first.year}-{first.month:02}": whole}
    if precision == "year":
        return {str(first.year): _Meaning("year", first, datetime.date(first.year, 12, 31))}
    return {}


def _holds(meaning: _Meaning, value: EdtfDate) -> bool:
    """Whether what a way of writing says is true of ``value``: a day, month or year it covers, known that precisely."""
    coarsest = max(_PRECISIONS.index(side.precision) for side in value.sides if side is not None)
    if coarsest > _PRECISIONS.index(meaning.precision):
        return False
    if meaning.with_year:
        return meaning.first <= value.latest and value.earliest <= meaning.last
    # Without its year, the day of a year the date's known ends name (8 years hold a 29 February).
    day, first, last = meaning.first, value.first_day or value.last_day, value.last_day or value.first_day
    assert first is not None and last is not None, "a date has a known end"
    for year in range(first.year, min(last.year, first.year + 8) + 1):
        try:
            if value.earliest <= day.replace(year=year) <= value.latest:
                return True
        except ValueError:  # 29 February in a year without one
            continue
    return False
