"""The kinds of value an entry field holds, each with its check and its JSON Schema.

Values arrive as text (see ``annals.load``); every rule that turns text into
meaning lives here: ids and references, EDTF dates, URLs, country codes,
language tags, one-line text, and what entry Markdown may contain (the rules
themselves are in ``annals.markdown``). Each kind carries a :class:`Kind`
marker, which ``annals.fields`` reads to describe fields to people.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, Any

import pycountry
from pydantic import AfterValidator, BeforeValidator, Field, PlainSerializer, PlainValidator
from pydantic_core import PydanticCustomError

from annals.dates import EDTF_PATTERN, FIRST_YEAR, LAST_YEAR, DateError, EdtfDate, parse_edtf
from annals.markdown import MAX_QUOTE_WORDS, SLUG_PATTERN, is_web_url, markdown_issues, too_long

LANGUAGE_PATTERN = r"^[a-z]{2,3}(?:-[A-Z][a-z]{3})?(?:-[A-Z]{2})?$"
SCRIPT_LANGUAGE_PATTERN = r"^[a-z]{2,3}-[A-Z][a-z]{3}$"
MAX_LINE_CHARS = 1_000
"""Longest one-line text (names, titles, roles); real ones stay under 200."""
MAX_URL_CHARS = 2_000


@dataclass(frozen=True)
class Kind:
    """Names a kind of value for people: ``Markdown``, ``EDTF date``, ``URL``..."""

    name: str


# --- References -------------------------------------------------------------

@dataclass(frozen=True)
class RefTo:
    """Marks a text field as the id of another entry of ``entry_type``."""

    entry_type: str


def _ref(entry_type: str, description: str):
    return Annotated[str, RefTo(entry_type),
                     Field(pattern=SLUG_PATTERN, description=description)]


EventRef = _ref("event", "id of an event entry (entries/event/<id>.yml)")
PersonRef = _ref("person", "id of a person entry (entries/person/<id>.yml)")
OrganizationRef = _ref("organization", "id of an organization entry (entries/organization/<id>.yml)")
PlaceRef = _ref("place", "id of a place entry (entries/place/<id>.yml)")
SourceRef = _ref("source", "id of a source entry (entries/source/<id>.yml)")


# --- Addresses the site makes --------------------------------------------------
# Entry pages are <section>/<id>.md and tag pages tags/<tag>/index.md; these are the generated pages beside
# them. annals.render builds its paths from these names, and no id or tag may take one of them.

SECTION_INDEX = "index"
"""A section's index page, ``events/index.md``, beside the entries' pages."""
GROUP_FOLDER = "by"
"""The folder of a split index's group pages, ``events/by/a.md``, beside the entries' pages."""
_RESERVED = {SECTION_INDEX: "a section's index page", GROUP_FOLDER: "the folder of a split index's pages"}


RESERVED_PATTERN = f"^(?:{'|'.join(_RESERVED)})$"
"""The names no id or tag may take, for JSON Schema: ``index`` and ``by``. The parts of a split list lie inside
its first page's address (``annals.render.paginate``), so they reserve no name of their own."""


def reserved_name(name: str) -> str | None:
    """What generated page ``name`` would collide with as an id or a tag, or None when it is free."""
    return _RESERVED.get(name)


def _check_unreserved(name: str) -> str:
    what = reserved_name(name)
    if what is not None:
        raise value_error([(0, f"'{name}' is a name Annals keeps for {what}",
                            f"choose another name: {', '.join(_RESERVED)} are kept for pages Annals makes")])
    return name


# --- Checks -----------------------------------------------------------------

def value_error(issues: Sequence[tuple[int | None, str, str]]) -> PydanticCustomError:
    offset, message, hint = issues[0]
    return PydanticCustomError("annals", "{message}",
                               {"message": message, "hint": hint, "offset": offset, "issues": issues})


def _check_markdown(text: str) -> str:
    issues = markdown_issues(text)
    if issues:
        raise value_error(issues)
    return text


def _parse_date(value: Any) -> EdtfDate:
    """Text from the file to a parsed date, once: every later stage reads the parsed value."""
    if isinstance(value, EdtfDate):
        return value
    try:
        return parse_edtf(value)
    except DateError as error:
        raise value_error([(error.offset, f"{error.message}", error.hint)]) from None


def _parse_single_date(value: Any) -> EdtfDate:
    date = _parse_date(value)
    if date.is_interval:
        raise value_error([(date.text.index("/"), "expected one date, not an interval",
                            "write a single date such as 2012 or 2012-11-15; "
                            "a role's period is its `from` and `to`")])
    return date


def _check_url(text: str) -> str:
    if len(text) > MAX_URL_CHARS:
        raise value_error([(MAX_URL_CHARS, f"the address is longer than {MAX_URL_CHARS:,} characters",
                              "use the article's short address, or its archived copy")])
    if not is_web_url(text):
        raise value_error([(0, f"'{text}' is not an http or https URL",
                              "give the full address, starting with https:// or http://")])
    return text


def _check_country(code: str) -> str:
    if pycountry.countries.get(alpha_2=code) is None:
        raise value_error([(0, f"'{code}' is not an ISO 3166 country code",
                              "use the two capital letters of the country, e.g. JP, KP, KR, MN")])
    return code


def _check_quote(text: str) -> str:
    if too_long(text):
        raise value_error([(0, f"the quote has more than {MAX_QUOTE_WORDS} words",
                              "shorten it: quote only the words that matter")])
    return text


def _check_plain(text: str) -> str:
    bad = next((i for i, c in enumerate(text) if (ord(c) < 32 and c != "\t") or "\ud800" <= c <= "\udfff"), None)
    if bad is not None or text != text.strip() or not text:
        raise value_error([(bad or 0, "expected one line of text",
                              "remove line breaks and surrounding spaces")])
    if len(text) > MAX_LINE_CHARS:
        raise value_error([(MAX_LINE_CHARS, f"the text is longer than {MAX_LINE_CHARS:,} characters",
                              "shorten it: a name, title or role is a line, not a paragraph")])
    return text


# Patterns that only the generated JSON Schema uses: editors' tools get an early
# warning from them, while the validators above give the exact message and column.
MARKDOWN_REFUSED_PATTERN = (r"(?<!`)<\S|!\[|\]\(\s*<?(?!https?://)|\[\^|&(#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);"
                            r"|(^|\n)[ \t>*+\-\d.]*(\[[^\[\]\n]*\]:|#|[=-]+[ \t]*(\n|$))")
PLAIN_TEXT_PATTERN = r"^\S(?:[^\x00-\x08\x0a-\x1f]*\S)?$"
URL_PATTERN = r"^https?://[^\s/?#]+[^\s]*$"
QUOTE_PATTERN = rf"^\s*\S+(?:\s+\S+){{0,{MAX_QUOTE_WORDS - 1}}}\s*$"

Markdown = Annotated[str, Kind("Markdown"), AfterValidator(_check_markdown),
                     Field(description="Markdown text; cite with [@source-id], mention with [[type:id]]",
                           json_schema_extra={"not": {"pattern": MARKDOWN_REFUSED_PATTERN}})]
PlainText = Annotated[str, Kind("text"), AfterValidator(_check_plain),
                      Field(min_length=1, json_schema_extra={"pattern": PLAIN_TEXT_PATTERN})]
Slug = Annotated[str, Field(pattern=SLUG_PATTERN), AfterValidator(_check_unreserved),
                 Field(json_schema_extra={"not": {"pattern": RESERVED_PATTERN}})]
# Parsed when validated: the field holds an EdtfDate (its text is .text); JSON Schema sees text.
# Written back as its EDTF text (exports): the text is what was validated.
_AS_TEXT = PlainSerializer(lambda date: date.text, return_type=str, when_used="json")
Edtf = Annotated[EdtfDate, Kind("EDTF date"), PlainValidator(_parse_date, json_schema_input_type=str), _AS_TEXT,
                 Field(description="EDTF date: 2012-11-15, 2012-11, 2012, 2024-05-XX, 2024-05~, "
                                   "2012-11-15/2012-11-16",
                       json_schema_extra=lambda schema: _year_or_edtf(schema))]
SingleDate = Annotated[EdtfDate, Kind("EDTF date"), PlainValidator(_parse_single_date, json_schema_input_type=str), _AS_TEXT,
                       Field(description="one EDTF date (not an interval): 2012-11-15, 2012-11, 2012, 2012?",
                             json_schema_extra=lambda schema: _year_or_edtf(schema, single=True))]
Url = Annotated[str, Kind("URL"), AfterValidator(_check_url),
                Field(description="http or https URL", json_schema_extra={"pattern": URL_PATTERN})]
Country = Annotated[str, Kind("country code"), Field(pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2 country code",
                               json_schema_extra={"enum": sorted(c.alpha_2 for c in pycountry.countries)}),
                    AfterValidator(_check_country)]
Language = Annotated[str, Field(pattern=LANGUAGE_PATTERN, description="BCP 47 language tag, e.g. en, ko, ja")]
QuoteText = Annotated[str, Kind("text"), AfterValidator(_check_quote),
                      Field(min_length=1, json_schema_extra={"pattern": QUOTE_PATTERN})]


def _strict_decimal(value: Any) -> Any:
    """Only plain decimals: Python's float() would read `1_0` as 10 and `nan` or `1e3` as numbers."""
    if isinstance(value, str) and not re.fullmatch(r"[+-]?\d{1,3}(?:\.\d+)?", value):
        raise value_error([(0, f"'{value}' is not a decimal number", "write degrees as a decimal number such as 47.92")])
    return value


Decimal = Annotated[float, BeforeValidator(_strict_decimal)]


def _year_or_edtf(schema: dict, single: bool = False) -> None:
    """In YAML an unquoted year (`published: 2019`) is a number to other tools; Annals reads it as text."""
    schema.pop("type", None)
    text: dict[str, object] = {"type": "string", "pattern": EDTF_PATTERN}
    if single:
        text["not"] = {"pattern": "/"}
    schema["anyOf"] = [text, {"type": "integer", "minimum": FIRST_YEAR, "maximum": LAST_YEAR}]


def empty_is_absent(data: Any) -> Any:
    """An empty value means "not given": `place:` with nothing after it is no place."""
    if isinstance(data, dict):
        return {key: value for key, value in data.items() if value is not None}
    return data
