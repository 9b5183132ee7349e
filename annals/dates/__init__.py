"""Parse, order and display the EDTF dates that editors write in entries.

Annals accepts a subset of EDTF (ISO 8601-2): level 0 dates and intervals,
plus three level 1 features: the qualifiers ?, ~ and %, unknown digits
written with X, and open interval ends written as "..". Every date knows its
earliest and latest possible day, which is all the site needs to order it.
"""

from annals.dates.display import MONTH_NAMES, format_date
from annals.dates.parse import EDTF_PATTERN, is_valid_edtf, parse_edtf
from annals.dates.value import FIRST_YEAR, LAST_YEAR, DateError, EdtfDate, interval
from annals.dates.writing import still_true, ways_of_writing

__all__ = ["EDTF_PATTERN", "FIRST_YEAR", "LAST_YEAR", "MONTH_NAMES", "DateError", "EdtfDate", "format_date", "interval", "is_valid_edtf",
           "parse_edtf", "still_true", "ways_of_writing"]
