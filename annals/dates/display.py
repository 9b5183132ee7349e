"""Dates as readers see them: '15–16 November 2012', 'from 2014', 'May 2024 (approx.)'."""

from __future__ import annotations

import datetime

from annals.dates.value import MONTH_NAMES, EdtfDate, DateSide

_QUALIFIER_LABELS = {"": "", "?": " (uncertain)", "~": " (approx.)", "%": " (approx., uncertain)"}


def format_date(value: EdtfDate) -> str:
    """Display a date for readers, e.g. '15–16 November 2012' or 'from 2014'."""
    if not value.is_interval:
        assert value.sides[0] is not None, "a single date has its part"
        return _format_part(value.sides[0])
    start, end = value.sides
    if start is None:
        assert end is not None, "an interval has a start or an end"
        return f"until {_format_part(end)}"
    if end is None:
        return f"from {_format_part(start)}"
    return _collapse(start, end) or _join(_format_part(start), _format_part(end))


def _month_name(day: datetime.date) -> str:
    return MONTH_NAMES[day.month - 1]


def _format_part(part: DateSide) -> str:
    return _format_unqualified(part) + _QUALIFIER_LABELS[part.qualifier]


def _format_unqualified(part: DateSide) -> str:
    day, last_year = part.earliest, part.latest.year
    if part.precision == "day":
        return f"{day.day} {_month_name(day)} {day.year}"
    if part.precision == "month":
        return f"{_month_name(day)} {day.year}"
    if part.precision == "year":
        return str(day.year)
    if part.precision == "decade":
        return f"{last_year - 9}s"
    return f"{last_year - 99}–{last_year}"


def _collapse(start: DateSide, end: DateSide) -> str | None:
    """Display two same-precision, unqualified ends without repeating shared parts."""
    if start.qualifier or end.qualifier or start.precision != end.precision:
        return None
    if (start.earliest, start.latest) == (end.earliest, end.latest):
        return _format_part(start)
    first, last = start.earliest, end.earliest
    if start.precision == "century":
        return f"{start.latest.year - 99}–{end.latest.year}"
    if first.year != last.year:
        return None
    if start.precision == "month":
        return f"{_month_name(first)}–{_month_name(last)} {last.year}"
    if start.precision != "day":
        return None
    if first.month == last.month:
        return f"{first.day}–{last.day} {_month_name(last)} {last.year}"
    return f"{first.day} {_month_name(first)} – {last.day} {_month_name(last)} {last.year}"


def _join(start: str, end: str) -> str:
    """Join two displays with an en dash, spaced unless both are single tokens."""
    single_tokens = not any(" " in side or "–" in side for side in (start, end))
    return f"{start}–{end}" if single_tokens else f"{start} – {end}"
