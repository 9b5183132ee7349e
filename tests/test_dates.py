import pickle
from datetime import date

import pytest

from annals.dates import DateError, EdtfDate, format_date, is_valid_edtf, parse_edtf

# text, earliest, latest, display
ACCEPTED = [
    ("2012-11-15", date(2012, 11, 15), date(2012, 11, 15), "15 November 2012"),
    ("2012-11", date(2012, 11, 1), date(2012, 11, 30), "November 2012"),
    ("2012", date(2012, 1, 1), date(2012, 12, 31), "2012"),
    ("1000", date(1000, 1, 1), date(1000, 12, 31), "1000"),
    ("29XX", date(2900, 1, 1), date(2999, 12, 31), "2900–2999"),
    ("2999-12-31", date(2999, 12, 31), date(2999, 12, 31), "31 December 2999"),
    ("2024-02-29", date(2024, 2, 29), date(2024, 2, 29), "29 February 2024"),
    ("2024-05~", date(2024, 5, 1), date(2024, 5, 31), "May 2024 (approx.)"),
    ("2012?", date(2012, 1, 1), date(2012, 12, 31), "2012 (uncertain)"),
    ("2019-06-06%", date(2019, 6, 6), date(2019, 6, 6), "6 June 2019 (approx., uncertain)"),
    ("2024-05-XX", date(2024, 5, 1), date(2024, 5, 31), "May 2024"),
    ("2024-XX", date(2024, 1, 1), date(2024, 12, 31), "2024"),
    ("2024-XX-XX", date(2024, 1, 1), date(2024, 12, 31), "2024"),
    ("201X", date(2010, 1, 1), date(2019, 12, 31), "2010s"),
    ("20XX", date(2000, 1, 1), date(2099, 12, 31), "2000–2099"),
    ("2012-11-15/2012-11-16", date(2012, 11, 15), date(2012, 11, 16), "15–16 November 2012"),
    ("2012-11-30/2012-12-02", date(2012, 11, 30), date(2012, 12, 2), "30 November – 2 December 2012"),
    ("2012-12-30/2013-01-02", date(2012, 12, 30), date(2013, 1, 2), "30 December 2012 – 2 January 2013"),
    ("2012-11/2012-12", date(2012, 11, 1), date(2012, 12, 31), "November–December 2012"),
    ("2012-12/2013-01", date(2012, 12, 1), date(2013, 1, 31), "December 2012 – January 2013"),
    ("2012/2014", date(2012, 1, 1), date(2014, 12, 31), "2012–2014"),
    ("2012/2012", date(2012, 1, 1), date(2012, 12, 31), "2012"),
    ("2014/..", date(2014, 1, 1), date.max, "from 2014"),
    ("../2012", date.min, date(2012, 12, 31), "until 2012"),
    ("2012-11~/2013", date(2012, 11, 1), date(2013, 12, 31), "November 2012 (approx.) – 2013"),
    ("2012-11/2012-11-15", date(2012, 11, 1), date(2012, 11, 15), "November 2012 – 15 November 2012"),
]


@pytest.mark.parametrize("text, earliest, latest, display", ACCEPTED)
def test_accepted_dates(text, earliest, latest, display):
    value = parse_edtf(text)
    assert (value.text, value.earliest, value.latest) == (text, earliest, latest)
    assert format_date(value) == display
    assert is_valid_edtf(text)


SUPPORTED_FORMS = "Annals supports YYYY, YYYY-MM and YYYY-MM-DD"
NOT_EDTF = "write YYYY, YYYY-MM or YYYY-MM-DD, for example 2012-11-15; an interval as START/END"

# text, message, offset, part of the hint
REJECTED = [
    ("", "the date is empty", 0, "write a date such as 2012-11-15, 2012-11 or 2012"),
    (" 2012", "there is a space before the date", 0, "remove the spaces"),
    ("2012-11 ", "there is a space after the date", 7, "remove the spaces"),
    ("2024-02-30", "2024-02-30 is not a real day: February 2024 has 29 days", 8, "use a day from 01 to 29"),
    ("2023-02-29", "2023-02-29 is not a real day: February 2023 has 28 days", 8, "use a day from 01 to 28"),
    ("2023-04-00", "day 00 does not exist", 8, "use a day from 01 to 30"),
    ("2023-13-01", "month 13 does not exist", 5, "use a month from 01 to 12"),
    ("15 November 2012", "'15 November 2012' is not an EDTF date", 0, NOT_EDTF),
    ("2012/11/15", "'2012/11/15' is not an EDTF date", 7, NOT_EDTF),
    ("2012-1-5", "'2012-1-5' is not an EDTF date", 5, NOT_EDTF),
    ("2012-11-15 10:00", "'2012-11-15 10:00' is not an EDTF date", 10, NOT_EDTF),
    ("800", "the year 800 needs 4 digits", 0, "from 1000 to 2999 with all 4 digits"),
    ("0000", "year 0000 is outside the years Annals can place, 1000 to 2999", 0, "from 1000 to 2999"),
    # Years the visual timeline (a year past the last) or the calendar (a day before the first) cannot place.
    ("0001-01-01", "year 0001 is outside the years Annals can place, 1000 to 2999", 0, "from 1000 to 2999"),
    ("0999", "year 0999 is outside the years Annals can place, 1000 to 2999", 0, "from 1000 to 2999"),
    ("09XX", "year 09XX is outside the years Annals can place, 1000 to 2999", 0, "from 1000 to 2999"),
    ("9999", "year 9999 is outside the years Annals can place, 1000 to 2999", 0, "from 1000 to 2999"),
    ("9999-12", "year 9999 is outside the years Annals can place, 1000 to 2999", 0, "from 1000 to 2999"),
    ("9999?", "year 9999 is outside the years Annals can place, 1000 to 2999", 0, "from 1000 to 2999"),
    ("../9999", "year 9999 is outside the years Annals can place, 1000 to 2999", 3, "from 1000 to 2999"),
    ("2012/3000", "year 3000 is outside the years Annals can place, 1000 to 2999", 5, "from 1000 to 2999"),
    ("30XX", "year 30XX is outside the years Annals can place, 1000 to 2999", 0, "from 1000 to 2999"),
    ("2012-11-16/2012-11-15", "the interval ends before it starts", 11, "put the earlier date first"),
    ("2013/2012-06", "the interval ends before it starts", 5, "put the earlier date first"),
    ("../..", "an interval needs at least one known end", 0, "2014/.. or ../2012"),
    ("..", "'..' on its own is not a date", 0, "one end of an interval"),
    ("2012/", "the interval has no end", 5, "2012/.."),
    ("/2012", "the interval has no start", 0, "../2012"),
    ("2024-X5", "month X5 mixes known and unknown digits", 5, "or XX if it is unknown"),
    ("2024-05-1X", "day 1X mixes known and unknown digits", 8, "or XX if it is unknown"),
    ("2024-XX-15", "the day is known but the month is not", 8, "write 2024-XX-XX, or 2024 alone"),
    ("201X-05", "201X cannot have a month: its year is not known", 5, "write 201X alone"),
    ("2X12", "year 2X12 has an unknown digit before known ones", 1, "201X for a decade"),
    ("2XXX", "year 2XXX is too vague: only a decade or a century can be unknown", 1, "20XX for a century"),
    ("2024-05-xx", "unknown digits are written with a capital X", 8, "write 2024-05-XX"),
    ("2012?~", "a date can have only one qualifier", 5, "% for both"),
    ("2004-06?-11", "?, ~ and % can only come at the end of a date", 7, "after the whole date"),
    ("2024-21", "seasons such as 2024-21 are not supported", 5, SUPPORTED_FORMS),
    ("2012-11-15T10:00", "times of day are not supported", 10, SUPPORTED_FORMS),
    ("-0500", "negative years are not supported", 0, SUPPORTED_FORMS),
    ("Y170000002", "years written with Y, such as Y12345, are not supported", 0, SUPPORTED_FORMS),
    ("[1667,1668]", "sets of dates ([...] or {...}) are not supported", 0, SUPPORTED_FORMS),
    (2012, "the date must be text, not int", 0, "put the date in quotes"),
]


@pytest.mark.parametrize("text, message, offset, hint", REJECTED)
def test_rejected_dates(text, message, offset, hint):
    with pytest.raises(DateError) as caught:
        parse_edtf(text)
    assert (str(caught.value), caught.value.message, caught.value.offset) == (message, message, offset)
    assert hint in caught.value.hint
    assert not is_valid_edtf(text)


def test_date_error_is_a_value_error_that_survives_pickling():
    error = pickle.loads(pickle.dumps(DateError("month 13 does not exist", 5, "use a month from 01 to 12")))
    assert isinstance(error, ValueError)
    assert (error.message, error.offset, error.hint) == ("month 13 does not exist", 5, "use a month from 01 to 12")


def test_sort_key_puts_dates_known_to_the_day_first_then_the_month_then_the_year():
    texts = ["2013", "2012-11-16", "2012-11-15/2012-11-16", "2012-11-15", "2012", "../2012", "2012-11", "201X",
             "2012-11-XX", "2012-11?", "2012-12-01", "2012-11-30"]
    ordered = sorted(texts, key=lambda text: parse_edtf(text).sort_key)
    # A month follows its month's days (however written); a year follows all its months;
    # an open start ("by 2012") sorts with the year it is grouped under.
    assert ordered == [
        "201X", "2012-11-15", "2012-11-15/2012-11-16", "2012-11-16", "2012-11-30", "2012-11", "2012-11-XX",
        "2012-11?", "2012-12-01", "2012", "../2012", "2013",
    ]
    assert [parse_edtf(t).known_to_month for t in ("2012-11-XX", "2012-11-15/2012-12", "2012", "../2012-05")] == [
        True, True, False, False]


@pytest.mark.parametrize(
    "text, year",
    [("2012-11-15", 2012), ("201X", 2010), ("2014/..", 2014), ("../2012", 2012)],
)
def test_year_groups_by_earliest_or_by_latest_when_start_is_open(text, year):
    assert parse_edtf(text).year == year


@pytest.mark.parametrize(
    "text, is_interval", [("2012", False), ("2024-05-XX~", False), ("2012/2014", True), ("../2012", True)]
)
def test_is_interval(text, is_interval):
    assert parse_edtf(text).is_interval is is_interval


def test_parsed_dates_are_frozen_values():
    value = parse_edtf("2012-11")
    assert isinstance(value, EdtfDate)
    assert value == parse_edtf("2012-11")
    with pytest.raises(AttributeError):
        value.text = "2013"



def date_values(value) -> list[str]:
    """The text of every parsed date in an entry, however deep."""
    from pydantic import BaseModel

    if isinstance(value, EdtfDate):
        return [value.text]
    if isinstance(value, BaseModel):
        return [text for name in type(value).model_fields for text in date_values(getattr(value, name))]
    if isinstance(value, (list, tuple)):
        return [text for item in value for text in date_values(item)]
    return []


def test_each_date_of_a_build_is_parsed_exactly_once(monkeypatch):
    """Dates are parsed where they are read (validation) and carried parsed from then on."""
    import sys
    from pathlib import Path

    from annals import dates
    from annals.pipeline import check, generate

    corpus = Path(__file__).parent / "fixtures" / "corpus" / "entries"
    calls: list[str] = []
    original = dates.parse_edtf
    for module in [m for name, m in sys.modules.items() if name.startswith("annals")]:
        if getattr(module, "parse_edtf", None) is original:
            monkeypatch.setattr(module, "parse_edtf", lambda text: calls.append(text) or original(text))

    generate(corpus, Path(__file__).parents[1] / "templates")
    in_build = sorted(calls)
    site, _, _ = check(corpus)
    values = sorted(text for valid in site.entries.values() for text in date_values(valid.entry))
    assert len(values) > 15
    assert in_build == values, "a date was parsed twice during the build, or not at all"
