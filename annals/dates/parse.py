"""EDTF text to :class:`EdtfDate`, with a message and an offset for every way a date can be wrong."""

from __future__ import annotations

import calendar
import datetime
import re
from typing import NamedTuple

from annals.dates.value import FIRST_YEAR, LAST_YEAR, MONTH_NAMES, OPEN, DateError, EdtfDate, DateSide

_DIGITS = frozenset("0123456789")
_DIGITS_OR_X = _DIGITS | {"X"}
_QUALIFIERS = "?~%"
_LOWERCASE_X_DATE = re.compile(r"[0-9xX]{4}(-[0-9xX]{2}){0,2}[?~%]?")

_GENERIC_HINT = (
    "write YYYY, YYYY-MM or YYYY-MM-DD, for example 2012-11-15; "
    "an interval as START/END, for example 2012-11-15/2012-11-16"
)
_SUPPORTED_HINT = (
    "Annals supports YYYY, YYYY-MM and YYYY-MM-DD, with X for unknown digits "
    "(2024-05-XX, 201X, 20XX) and ?, ~ or % at the end; "
    "an interval as START/END, with .. for an open end (2014/..)"
)


class _Field(NamedTuple):
    """One dash-separated piece of a date and where it starts in the input."""

    chunk: str
    offset: int


assert FIRST_YEAR % 1000 == 0 and LAST_YEAR % 1000 == 999, "the pattern below spells whole millennia"
_MILLENNIA = "[" + "".join(str(n) for n in range(FIRST_YEAR // 1000, LAST_YEAR // 1000 + 1)) + "]"
_YEAR = rf"(?:{_MILLENNIA}\d{{3}}|{_MILLENNIA}\d{{2}}X|{_MILLENNIA}\dXX)"
_MONTH_DAY = (r"(?:(?:0[1-9]|1[0-2])-(?:0[1-9]|1\d|2[0-8])|(?:0[13-9]|1[0-2])-(?:29|30)"
              r"|(?:0[13578]|1[02])-31|02-29|(?:0[1-9]|1[0-2])-XX|XX-XX)")
_SINGLE = rf"{_YEAR}(?:-{_MONTH_DAY}|-(?:0[1-9]|1[0-2]|XX))?[?~%]?"
EDTF_PATTERN = rf"^(?:{_SINGLE}|(?:{_SINGLE}|\.\.)/(?:{_SINGLE}|\.\.))$"
"""A regular expression for the forms :func:`parse_edtf` accepts, for JSON Schema.

Looser than the parser: it does not know leap years or interval order.
"""


def parse_edtf(text: str) -> EdtfDate:
    """Parse an EDTF date or interval; raise DateError if it is not supported."""
    _check_whole_text(text)
    if "/" in text:
        return _parse_interval(text)
    if text == OPEN:
        raise DateError(
            "'..' on its own is not a date", 0,
            "use .. only as one end of an interval, for example 2014/.. or ../2012",
        )
    part = _parse_part(text, 0, len(text))
    return EdtfDate(text, part.earliest, part.latest, (part,))


def is_valid_edtf(text: str) -> bool:
    """Whether parse_edtf accepts the text."""
    try:
        parse_edtf(text)
    except DateError:
        return False
    return True


def _not_edtf(text: str, offset: int) -> DateError:
    return DateError(f"'{text}' is not an EDTF date", offset, _GENERIC_HINT)


def _check_whole_text(text: object) -> None:
    if not isinstance(text, str):
        # YAML turns unquoted 2012 into an int and 2012-11-15 into a date.
        raise DateError(
            f"the date must be text, not {type(text).__name__}", 0,
            "put the date in quotes in the YAML file, for example date: '2012-11-15'",
        )
    if not text:
        raise DateError("the date is empty", 0, "write a date such as 2012-11-15, 2012-11 or 2012")
    if text[0].isspace():
        raise DateError("there is a space before the date", 0, "remove the spaces around the date")
    if text[-1].isspace():
        raise DateError(
            "there is a space after the date", len(text.rstrip()), "remove the spaces around the date"
        )
    if text[0] in "[{":
        raise DateError("sets of dates ([...] or {...}) are not supported", 0, _SUPPORTED_HINT)


def _parse_interval(text: str) -> EdtfDate:
    slash = text.index("/")
    second_slash = text.find("/", slash + 1)
    if second_slash != -1:
        raise _not_edtf(text, second_slash)
    if text == f"{OPEN}/{OPEN}":
        raise DateError(
            "an interval needs at least one known end", 0,
            "write a date on one side, for example 2014/.. or ../2012",
        )
    start = _parse_side(text, 0, slash)
    end = _parse_side(text, slash + 1, len(text))
    # Overlapping ends are fine (2012-11/2012-11-15); only an end wholly
    # before the start is a mistake.
    if start and end and end.latest < start.earliest:
        raise DateError("the interval ends before it starts", slash + 1, "put the earlier date first")
    earliest = start.earliest if start else datetime.date.min
    latest = end.latest if end else datetime.date.max
    return EdtfDate(text, earliest, latest, (start, end))


def _parse_side(text: str, begin: int, stop: int) -> DateSide | None:
    side = text[begin:stop]
    if side == OPEN:
        return None
    if side:
        return _parse_part(text, begin, stop)
    if begin == 0:
        raise DateError("the interval has no start", 0, "write .. for an open start, for example ../2012")
    raise DateError("the interval has no end", begin, "write .. for an open end, for example 2012/..")


def _parse_part(text: str, begin: int, stop: int) -> DateSide:
    side = text[begin:stop]
    _reject_unsupported(begin, side)
    body, qualifier = _split_qualifier(begin, side)
    fields = _split_fields(begin, body)
    year, month, day = (fields + [None, None])[:3]
    assert year is not None, "_split_fields gives at least one field"
    first_year, last_year, unknown_digits = _parse_year(text, year, has_month=month is not None)
    month_number = _parse_month(text, month, year.chunk) if month is not None else None
    day_number = _parse_day(text, day, year.chunk, month_number, body) if day is not None else None
    if len(fields) > 3:
        raise _not_edtf(text, fields[3].offset - 1)
    earliest, latest = _day_range(first_year, last_year, month_number, day_number)
    precision = _precision(unknown_digits, month_number, day_number)
    return DateSide(earliest, latest, precision, qualifier)


def _reject_unsupported(begin: int, side: str) -> None:
    if side.startswith("-"):
        raise DateError("negative years are not supported", begin, _SUPPORTED_HINT)
    if side.startswith("Y"):
        raise DateError("years written with Y, such as Y12345, are not supported", begin, _SUPPORTED_HINT)
    if "x" in side and _LOWERCASE_X_DATE.fullmatch(side):
        raise DateError(
            "unknown digits are written with a capital X", begin + side.index("x"),
            f"write {side.replace('x', 'X')}",
        )


def _split_qualifier(begin: int, side: str) -> tuple[str, str]:
    position = next((i for i, char in enumerate(side) if char in _QUALIFIERS), None)
    if position is None:
        return side, ""
    if position == len(side) - 1:
        return side[:-1], side[-1]
    if all(char in _QUALIFIERS for char in side[position:]):
        raise DateError(
            "a date can have only one qualifier", begin + position + 1,
            "use ? for uncertain, ~ for approximate or % for both",
        )
    raise DateError(
        "?, ~ and % can only come at the end of a date", begin + position,
        "put the qualifier after the whole date, for example 2004-06-11?",
    )


def _split_fields(begin: int, body: str) -> list[_Field]:
    fields, offset = [], begin
    for chunk in body.split("-"):
        fields.append(_Field(chunk, offset))
        offset += len(chunk) + 1
    return fields


def _check_shape(text: str, piece: _Field, width: int) -> None:
    """Require exactly `width` digits or X; point at the first thing that is off."""
    chunk, offset = piece
    head_is_valid = len(chunk) >= width and set(chunk[:width]) <= _DIGITS_OR_X
    if head_is_valid and len(chunk) == width:
        return
    if not head_is_valid:
        raise _not_edtf(text, offset)
    if chunk[width] == "T":
        raise DateError("times of day are not supported", offset + width, _SUPPORTED_HINT)
    raise _not_edtf(text, offset + width)


def _parse_year(text: str, year: _Field, has_month: bool) -> tuple[int, int, int]:
    """Return the first and last year meant, and how many digits are X."""
    chunk, offset = year
    if not has_month and 0 < len(chunk) < 4 and set(chunk) <= _DIGITS:
        raise DateError(f"the year {chunk} needs 4 digits", offset,
                        f"write a year from {FIRST_YEAR} to {LAST_YEAR} with all 4 digits")
    _check_shape(text, year, 4)
    unknown_digits = _count_unknown_year_digits(year, has_month)
    scale = 10**unknown_digits
    first_year = int(chunk[:4 - unknown_digits]) * scale
    if first_year < FIRST_YEAR or first_year + scale - 1 > LAST_YEAR:
        raise DateError(f"year {chunk} is outside the years Annals can place, {FIRST_YEAR} to {LAST_YEAR}",
                        offset, f"use a year from {FIRST_YEAR} to {LAST_YEAR}")
    return first_year, first_year + scale - 1, unknown_digits


def _count_unknown_year_digits(year: _Field, has_month: bool) -> int:
    """Allow X only as the last one or two digits of a year that has no month."""
    chunk, offset = year
    known = chunk.rstrip("X")
    unknown_digits = len(chunk) - len(known)
    if "X" in known:
        raise DateError(
            f"year {chunk} has an unknown digit before known ones", offset + known.index("X"),
            "X can only replace the last digits of a year: 201X for a decade, 20XX for a century",
        )
    if unknown_digits > 2:
        raise DateError(
            f"year {chunk} is too vague: only a decade or a century can be unknown", offset + len(known),
            "write 201X for a decade or 20XX for a century",
        )
    if has_month and unknown_digits:
        raise DateError(
            f"{chunk} cannot have a month: its year is not known", offset + 5, f"write {chunk} alone"
        )
    return unknown_digits


def _two_digits(text: str, field: _Field, name: str, hint: str) -> int | None:
    """A month's or day's number, or None when it is XX; digits and X mixed are an error."""
    _check_shape(text, field, 2)
    chunk, offset = field
    if chunk == "XX":
        return None
    if "X" in chunk:
        raise DateError(f"{name} {chunk} mixes known and unknown digits", offset, hint)
    return int(chunk)


def _parse_month(text: str, month: _Field, year_chunk: str) -> int | None:
    """Return the month number, or None when it is XX."""
    number = _two_digits(text, month, "month", "write the month as two digits from 01 to 12, or XX if it is unknown")
    if number is None:
        return None
    chunk, offset = month
    if 21 <= number <= 24:
        raise DateError(f"seasons such as {year_chunk}-{chunk} are not supported", offset, _SUPPORTED_HINT)
    if not 1 <= number <= 12:
        raise DateError(f"month {chunk} does not exist", offset, "use a month from 01 to 12")
    return number


def _parse_day(text: str, day: _Field, year_chunk: str, month: int | None, body: str) -> int | None:
    """Return the day number, or None when it is XX."""
    number = _two_digits(text, day, "day", "write the day as two digits, or XX if it is unknown")
    if number is None:
        return None
    offset = day[1]
    if month is None:
        raise DateError(
            "the day is known but the month is not", offset,
            f"write {year_chunk}-XX-XX, or {year_chunk} alone",
        )
    return _check_day_exists(int(year_chunk), month, number, offset, body)


def _check_day_exists(year: int, month: int, day: int, offset: int, body: str) -> int:
    last_day = calendar.monthrange(year, month)[1]
    hint = f"use a day from 01 to {last_day}"
    if day == 0:
        raise DateError("day 00 does not exist", offset, hint)
    if day > last_day:
        month_name = MONTH_NAMES[month - 1]
        raise DateError(
            f"{body} is not a real day: {month_name} {year} has {last_day} days", offset, hint
        )
    return day


def _day_range(
    first_year: int, last_year: int, month: int | None, day: int | None
) -> tuple[datetime.date, datetime.date]:
    earliest = datetime.date(first_year, month or 1, day or 1)
    last_month = month or 12
    last_day = day or calendar.monthrange(last_year, last_month)[1]
    return earliest, datetime.date(last_year, last_month, last_day)


def _precision(unknown_year_digits: int, month: int | None, day: int | None) -> str:
    if day is not None:
        return "day"
    if month is not None:
        return "month"
    return ("year", "decade", "century")[unknown_year_digits]
