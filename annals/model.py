"""The entry schema, defined once: validation, editor hints and JSON Schema come from here.

Each entry type is a pydantic model. Values arrive as text (see ``load``), so
every rule that turns text into meaning lives in this module: ids, EDTF dates,
URLs, country codes, language tags, and what entry Markdown may contain.
Cross-references are only checked for form here; ``link`` resolves them.
"""

from __future__ import annotations

import difflib
import re
import types
import typing
from dataclasses import dataclass
from typing import Annotated, Any, Literal, Union

import pycountry
from pydantic import (AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, ValidationError,
                      ValidationInfo, field_validator, model_validator)
from pydantic_core import PydanticCustomError

from annals.dates import EDTF_PATTERN, DateError, format_date, parse_edtf
from annals.load import Document, Key
from annals.markdown import MAX_QUOTE_WORDS, SLUG_PATTERN, is_web_url, markdown_issues, slugify, too_long
from annals.problems import Problem

LANGUAGE_PATTERN = r"^[a-z]{2,3}(?:-[A-Z][a-z]{3})?(?:-[A-Z]{2})?$"
SCRIPT_LANGUAGE_PATTERN = r"^[a-z]{2,3}-[A-Z][a-z]{3}$"
MAX_LINE_CHARS = 1_000
"""Longest one-line text (names, titles, roles); real ones stay under 200."""
MAX_URL_CHARS = 2_000

STATUSES: dict[str, str] = {
    "confirmed": "confirmed by the parties or by several independent outlets",
    "reported": "reported by the press, not confirmed by the parties",
    "unconfirmed": "claimed by a single source and not corroborated",
    "denied": "reported, and denied by at least one party",
    "planned": "announced or agreed, not yet held",
    "postponed": "planned, then put off",
    "cancelled": "planned, then called off",
}
"""Event statuses and what each one promises the reader."""

EVENT_KINDS: dict[str, str] = {
    "talks": "negotiations between delegations",
    "meeting": "a meeting that is not formal talks",
    "contact": "a brief or informal contact, such as a chat on the sidelines",
    "conference": "a multilateral conference or forum",
    "summit": "a meeting of heads of state or government",
    "statement": "a public statement or announcement",
    "policy": "a change of policy or position",
    "agreement": "a signed or announced agreement",
    "reception": "a reception or ceremony",
    "rally": "a rally or public gathering",
    "visit": "a visit",
    "report": "a press report that is itself news",
    "other": "anything else",
}
"""Kinds of event."""

RELATIONS: dict[str, tuple[str, str]] = {
    "follow-up-of": ("follow-up of", "followed up by"),
    "part-of": ("part of", "includes"),
    "response-to": ("response to", "prompted"),
    "postponement-of": ("postponement of", "postponed by"),
    "cancellation-of": ("cancellation of", "cancelled by"),
    "related-to": ("related to", "related to"),
}
"""Relations between events: label seen from this event, label seen from the other."""

LATER_RELATIONS = frozenset({"follow-up-of", "part-of", "response-to", "postponement-of", "cancellation-of"})
"""Relations that put this event after the other one when both have the same dates."""


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


# --- Entry Markdown (the rules live in annals.markdown) ----------------------

def _annals_error(issues: list[tuple[int | None, str, str]]) -> PydanticCustomError:
    offset, message, hint = issues[0]
    return PydanticCustomError("annals", "{message}",
                               {"message": message, "hint": hint, "offset": offset, "issues": issues})


def _check_markdown(text: str) -> str:
    issues = markdown_issues(text)
    if issues:
        raise _annals_error(issues)
    return text


def _check_edtf(text: str) -> str:
    try:
        parse_edtf(text)
    except DateError as error:
        raise _annals_error([(error.offset, f"{error.message}", error.hint)]) from None
    return text


def _check_single_date(text: str) -> str:
    _check_edtf(text)
    if "/" in text:
        raise _annals_error([(text.index("/"), "expected one date, not an interval",
                              "write a single date such as 2012 or 2012-11-15; "
                              "a role's period is its `from` and `to`")])
    return text


def _check_url(text: str) -> str:
    if len(text) > MAX_URL_CHARS:
        raise _annals_error([(MAX_URL_CHARS, f"the address is longer than {MAX_URL_CHARS:,} characters",
                              "use the article's short address, or its archived copy")])
    if not is_web_url(text):
        raise _annals_error([(0, f"'{text}' is not an http or https URL",
                              "give the full address, starting with https:// or http://")])
    return text


def _check_country(code: str) -> str:
    if pycountry.countries.get(alpha_2=code) is None:
        raise _annals_error([(0, f"'{code}' is not an ISO 3166 country code",
                              "use the two capital letters of the country, e.g. JP, KP, KR, MN")])
    return code


def _check_quote(text: str) -> str:
    if too_long(text):
        raise _annals_error([(0, f"the quote has more than {MAX_QUOTE_WORDS} words",
                              "shorten it: quote only the words that matter")])
    return text


def _check_plain(text: str) -> str:
    bad = next((i for i, c in enumerate(text) if (ord(c) < 32 and c != "\t") or "\ud800" <= c <= "\udfff"), None)
    if bad is not None or text != text.strip() or not text:
        raise _annals_error([(bad or 0, "expected one line of text",
                              "remove line breaks and surrounding spaces")])
    if len(text) > MAX_LINE_CHARS:
        raise _annals_error([(MAX_LINE_CHARS, f"the text is longer than {MAX_LINE_CHARS:,} characters",
                              "shorten it: a name, title or role is a line, not a paragraph")])
    return text


# Patterns that only the generated JSON Schema uses: editors' tools get an early
# warning from them, while the validators above give the exact message and column.
MARKDOWN_REFUSED_PATTERN = (r"(?<!`)<\S|!\[|\]\(\s*<?(?!https?://)|\[\^|&(#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);"
                            r"|(^|\n)[ \t>*+\-\d.]*(\[[^\[\]\n]*\]:|#|[=-]+[ \t]*(\n|$))")
PLAIN_TEXT_PATTERN = r"^\S(?:[^\x00-\x08\x0a-\x1f]*\S)?$"
URL_PATTERN = r"^https?://[^\s/?#]+[^\s]*$"
QUOTE_PATTERN = rf"^\s*\S+(?:\s+\S+){{0,{MAX_QUOTE_WORDS - 1}}}\s*$"

Markdown = Annotated[str, AfterValidator(_check_markdown),
                     Field(description="Markdown text; cite with [@source-id], mention with [[type:id]]",
                           json_schema_extra={"not": {"pattern": MARKDOWN_REFUSED_PATTERN}})]
PlainText = Annotated[str, AfterValidator(_check_plain),
                      Field(min_length=1, json_schema_extra={"pattern": PLAIN_TEXT_PATTERN})]
Slug = Annotated[str, Field(pattern=SLUG_PATTERN)]
Edtf = Annotated[str, AfterValidator(_check_edtf),
                 Field(description="EDTF date: 2012-11-15, 2012-11, 2012, 2024-05-XX, 2024-05~, "
                                   "2012-11-15/2012-11-16",
                       json_schema_extra=lambda schema: _year_or_edtf(schema))]
SingleDate = Annotated[str, AfterValidator(_check_single_date),
                       Field(description="one EDTF date (not an interval): 2012-11-15, 2012-11, 2012, 2012?",
                             json_schema_extra=lambda schema: _year_or_edtf(schema, single=True))]
Url = Annotated[str, AfterValidator(_check_url),
                Field(description="http or https URL", json_schema_extra={"pattern": URL_PATTERN})]
Country = Annotated[str, Field(pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2 country code",
                               json_schema_extra={"enum": sorted(c.alpha_2 for c in pycountry.countries)}),
                    AfterValidator(_check_country)]
Language = Annotated[str, Field(pattern=LANGUAGE_PATTERN, description="BCP 47 language tag, e.g. en, ko, ja")]
QuoteText = Annotated[str, AfterValidator(_check_quote),
                      Field(min_length=1, json_schema_extra={"pattern": QUOTE_PATTERN})]


def _strict_decimal(value: Any) -> Any:
    """Only plain decimals: Python's float() would read `1_0` as 10 and `nan` or `1e3` as numbers."""
    if isinstance(value, str) and not re.fullmatch(r"[+-]?\d{1,3}(?:\.\d+)?", value):
        raise _annals_error([(0, f"'{value}' is not a decimal number", "write degrees as a decimal number such as 47.92")])
    return value


Decimal = Annotated[float, BeforeValidator(_strict_decimal)]


def _year_or_edtf(schema: dict, single: bool = False) -> None:
    """In YAML an unquoted year (`published: 2019`) is a number to other tools; Annals reads it as text."""
    schema.pop("type", None)
    text = {"type": "string", "pattern": EDTF_PATTERN}
    if single:
        text["not"] = {"pattern": "/"}
    schema["anyOf"] = [text, {"type": "integer", "minimum": 1, "maximum": 9999}]


def _empty_is_absent(data: Any) -> Any:
    """An empty value means "not given": `place:` with nothing after it is no place."""
    if isinstance(data, dict):
        return {key: value for key, value in data.items() if value is not None}
    return data


# --- Parts ------------------------------------------------------------------

class Part(BaseModel):
    """A nested mapping in an entry."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
    _absent = model_validator(mode="before")(_empty_is_absent)


class Quote(Part):
    """A short verbatim quote and the source it comes from."""

    text: QuoteText = Field(description=f"verbatim, {MAX_QUOTE_WORDS} words at most")
    source: SourceRef


class Participant(Part):
    """Someone who took part in an event, and on whose behalf."""

    person: PersonRef | None = None
    organization: OrganizationRef | None = None
    side: PlainText | None = Field(None, description="the side they stood for, e.g. Japan")
    role: PlainText | None = Field(None, description="their role at this event, e.g. head of delegation")
    sources: list[SourceRef] = []

    @model_validator(mode="after")
    def _someone(self):
        if self.person is None and self.organization is None and self.side is None:
            raise _annals_error([(None, "a participant needs a person, an organization or a side",
                                  "add `person: <id>`, `organization: <id>` or `side: ...`")])
        return self


class Relation(Part):
    """A link from this event to another one."""

    event: EventRef
    relation: Literal[tuple(RELATIONS)] = Field(description="how this event relates to the other")  # type: ignore[valid-type]


class NativeName(Part):
    """A name in its own script."""

    text: PlainText
    lang: Annotated[str, Field(pattern=SCRIPT_LANGUAGE_PATTERN,
                               description="language and script, e.g. ko-Hang, ja-Jpan, mn-Cyrl")]


class Variant(Part):
    """A spelling used by some sources."""

    text: PlainText
    sources: list[SourceRef] = []


class Role(Part):
    """A position held, at a time, with the sources that say so."""

    title: PlainText
    organization: OrganizationRef | None = None
    start: SingleDate | None = Field(None, alias="from")
    end: SingleDate | None = Field(None, alias="to")
    sources: list[SourceRef] = []

    @model_validator(mode="after")
    def _in_order(self):
        if self.start and self.end:
            try:
                parse_edtf(f"{self.start}/{self.end}")
            except DateError:
                raise _annals_error([(None, "the role ends before it starts",
                                      "'from' must not be after 'to'")]) from None
        return self


class Version(Part):
    """One source's account of a disputed point, and the date it gives when the point is a date."""

    says: PlainText = Field(description="what these sources say, in your words")
    date: Edtf | None = Field(None, description="the date these sources give (EDTF), when the disputed point is "
                                                "a date; on an event, versions with different dates mark its "
                                                "date as disputed")
    sources: list[SourceRef] = Field(min_length=1)


class Disagreement(Part):
    """A point on which sources disagree, with each version and who gives it."""

    about: PlainText = Field(description="what is disputed, e.g. first year of the conference")
    versions: list[Version] = Field(min_length=2)


class Coordinates(Part):
    """Latitude and longitude in decimal degrees."""

    lat: Decimal = Field(ge=-90, le=90)
    lon: Decimal = Field(ge=-180, le=180)


# --- Entries ----------------------------------------------------------------

class Entry(BaseModel):
    """Fields every entry has."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
    _absent = model_validator(mode="before")(_empty_is_absent)

    id: Slug = Field(description="the file name without .yml")
    summary: Markdown = ""
    aliases: list[PlainText] = Field([], description="other names; the site search finds them")
    tags: list[Slug] = Field([], description="lowercase keywords, e.g. abductions")
    note: Markdown = Field("", description="editorial note: what is unverified, and why")
    disagreements: list[Disagreement] = Field([], description="points on which sources disagree")

    @property
    def label(self) -> str:
        """The entry's display name."""
        return getattr(self, "title", None) or self.name


class NamedEntry(Entry):
    """Fields of entries that have a name: people, organizations, places."""

    name: PlainText = Field(description="the name as the sources most often spell it")
    native_names: list[NativeName] = Field([], description="the name in its own script; only when certain")
    spellings: list[Variant] = Field([], description="spellings of the name used by sources, with those sources")
    country: Country | None = None


_CITES_SOMETHING = {"anyOf": [
    {"required": ["sources"], "properties": {"sources": {"minItems": 1}}},
    {"required": ["summary"], "properties": {"summary": {"pattern": r"\[@"}}},
    {"required": ["note"], "properties": {"note": {"pattern": r"\[@"}}},
    {"required": ["quote"]},
]}
"""An event must cite a source: the part of that rule a single-file JSON Schema can see."""


class Event(Entry):
    """Something that happened, or was planned to."""

    model_config = ConfigDict(json_schema_extra=_CITES_SOMETHING)

    title: PlainText = Field(description="what happened, in a few words")
    date: Edtf
    date_text: PlainText | None = Field(None, description="the date in the reporters' words, e.g. mid-May 2024")
    place: PlaceRef | None = None
    kind: Literal[tuple(EVENT_KINDS)] = Field(description="what sort of event")  # type: ignore[valid-type]
    status: Literal[tuple(STATUSES)] = Field(description="how firmly it is known")  # type: ignore[valid-type]
    participants: list[Participant] = Field([], description="who took part, for whom, in what role")
    related: list[Relation] = Field([], description="links to other events")
    sources: list[SourceRef] = Field([], description="the sources that report the event")
    quote: Quote | None = Field(None, description=f"a short verbatim quote, {MAX_QUOTE_WORDS} words at most")


class Person(NamedEntry):
    """A person."""

    roles: list[Role] = Field([], description="positions held, with the sources that say so")


class Organization(NamedEntry):
    """A government body, company, newspaper, conference series, ..."""

    parent: OrganizationRef | None = Field(None, description="the organization this one is part of")


class Place(NamedEntry):
    """A city, building or region."""

    located_in: PlaceRef | None = Field(None, description="the place this one lies in")
    coordinates: Coordinates | None = None


UNVERIFIED_RULE = ("a field you cannot verify: leave it empty, or keep the value, list the field under "
                   "`unverified:` and say why in `note:`")
"""The one wording of the rule, in the check, the scaffold comments, the schema and CONTRIBUTING.md."""

_FINDABLE = {"anyOf": [
    {"required": ["url"]},
    {"required": ["archive_url"]},
    {"required": ["unverified", "note"], "properties": {"unverified": {"contains": {"const": "url"}}}},
], "dependentRequired": {"unverified": ["note"]}}
"""A source has an address, or says why not, and unverified fields have a reason: the rules of
Source._findable and Source._unverified_says_why, for editors' tools."""


class Source(Entry):
    """An article or document that reports facts."""

    model_config = ConfigDict(json_schema_extra=_FINDABLE)

    title: PlainText | None = Field(None, description="leave empty if unknown; never reconstruct it from a URL")
    publisher: PlainText | None = Field(None, description="the outlet, e.g. The Japan Times")
    authors: list[PlainText] = Field([], description="bylines as printed")
    published: SingleDate | None = Field(None, description="publication date (EDTF)")
    url: Url | None = None
    archive_url: Url | None = Field(None, description="an archived copy")
    accessed: SingleDate | None = Field(None, description="when the address was last read (EDTF)")
    language: Language | None = None
    cites: list[SourceRef] = Field([], description="sources this one reports on")
    unverified: list[Literal["title", "publisher", "authors", "published", "url", "language"]] = Field(
        [], description=UNVERIFIED_RULE)

    @field_validator("unverified")
    @classmethod
    def _unverified_says_why(cls, value: list[str], info: ValidationInfo) -> list[str]:
        # A note that failed its own checks is missing from info.data: its problem is reported already.
        if value and "note" in info.data and not info.data["note"]:
            raise _annals_error([(None, "the fields under `unverified:` need a reason in `note:`", UNVERIFIED_RULE)])
        return value

    @model_validator(mode="after")
    def _findable(self):
        """A reader must be able to find the source, or be told why they cannot."""
        if self.url or self.archive_url or ("url" in self.unverified and self.note):
            return self
        raise _annals_error([(None, "a source needs an address",
                              "give `url:` or `archive_url:`; if no address is known, list url under "
                              "`unverified:` and say why in `note:`")])

    @property
    def label(self) -> str:
        """The title, or for an untitled source its publisher and date."""
        if self.title:
            return self.title
        parts = [self.publisher or "Untitled source"]
        if self.published:
            parts.append(format_date(parse_edtf(self.published)))
        return ", ".join(parts)


MODELS: dict[str, type[Entry]] = {
    "event": Event, "person": Person, "organization": Organization, "place": Place, "source": Source,
}
"""The model of each entry type, by its folder name."""


# --- Validation -------------------------------------------------------------

@dataclass(frozen=True)
class Valid:
    """A validated entry and the document it came from."""

    entry_type: str
    entry: Entry
    document: Document

    @property
    def key(self) -> tuple[str, str]:
        """``(type, id)``: unique across the site."""
        return self.entry_type, self.entry.id


def validate(documents: list[Document]) -> tuple[list[Valid], list[Problem]]:
    """Validate documents against their type's model; return entries and every problem."""
    entries, problems = [], []
    for document in documents:
        model = MODELS[document.entry_type]
        found = _id_problems(document)
        try:
            entry = model.model_validate(document.data)
        except ValidationError as error:
            found += _problems_from(error, model, document)
        else:
            if not found and not document.refused:
                entries.append(Valid(document.entry_type, entry, document))
        problems += found
    return entries, problems


def _id_problems(document: Document) -> list[Problem]:
    given = document.data.get("id")
    if isinstance(given, str) and given != document.stem:
        return [document.problem(("id",), f"the id '{given}' does not match the file name",
                                 f"write `id: {document.stem}`, or rename the file to {given}.yml")]
    return []


def _problems_from(error: ValidationError, model: type[BaseModel], document: Document) -> list[Problem]:
    problems = []
    for detail in error.errors(include_url=False):
        loc = tuple(detail["loc"])
        if any(loc[:i] in document.refused for i in range(len(loc) + 1)):
            continue
        problems += _translate(detail, loc, model, document)
    return problems


def _translate(detail: dict, loc: Key, model: type[BaseModel], document: Document) -> list[Problem]:
    kind, ctx, given = detail["type"], detail.get("ctx", {}), detail.get("input")
    name = next((str(part) for part in reversed(loc) if isinstance(part, str)), "entry")  # a field, not a list index
    if kind == "annals":
        return [document.problem(loc, message, hint, offset=offset) for offset, message, hint in ctx["issues"]]
    if kind == "missing":
        if loc in document.keys:
            return [document.problem(loc, f"'{name}' is empty", f"write a value after `{name}:`", at_key=True)]
        return [document.problem(loc[:-1], f"missing field '{name}'", f"add `{name}: ...`")]
    if kind == "extra_forbidden":
        allowed = _field_names(_model_at(model, loc[:-1]))
        return [document.problem(loc, f"unknown field '{name}'", _did_you_mean(name, allowed, "fields"),
                                 at_key=True)]
    if kind == "literal_error":
        allowed = re.findall(r"'([^']*)'", ctx.get("expected", ""))
        return [document.problem(loc, f"'{given}' is not an allowed {name}",
                                 _did_you_mean(str(given), allowed, "values"))]
    if kind == "string_pattern_mismatch":
        return [document.problem(loc, *_pattern_message(given, ctx["pattern"], name))]
    return [document.problem(loc, *_generic_message(kind, given, detail["msg"], name))]


def _pattern_message(given: Any, pattern: str, name: str) -> tuple[str, str]:
    if pattern == SLUG_PATTERN:
        suggestion = slugify(str(given))
        return f"'{given}' is not a valid id", \
            f"ids use lowercase letters, digits and single hyphens, e.g. '{suggestion}'"
    if pattern in (LANGUAGE_PATTERN, SCRIPT_LANGUAGE_PATTERN):
        return f"'{given}' is not a language tag of the expected form", \
            "write language and script, e.g. ko-Hang, ja-Jpan, mn-Cyrl" if pattern == SCRIPT_LANGUAGE_PATTERN \
            else "write a BCP 47 tag, e.g. en, ko, ja, mn"
    return f"'{given}' is not a valid {name}", f"it must match {pattern}"


def _generic_message(kind: str, given: Any, message: str, name: str) -> tuple[str, str]:
    shown = {dict: "a mapping", list: "a list", type(None): "nothing"}.get(type(given), "text")
    if kind == "list_type":
        return f"'{name}' must be a list, not {shown}", "write each item on its own line, starting with '- '"
    if kind in ("string_type", "string_too_short"):
        return f"'{name}' must be text, not {shown}", "write a value after the colon"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"'{name}' must be a mapping of fields, not {shown}", "write `field: value` pairs, indented"
    if kind in ("float_parsing", "float_type"):
        return f"'{given}' is not a number", "write a decimal number such as 47.92"
    if kind == "too_short":
        return f"'{name}' needs at least {_min_items(message)} items", "add the missing items"
    if kind in ("greater_than_equal", "less_than_equal"):
        return f"{given} is out of range for '{name}'", message
    return message, ""


def _min_items(message: str) -> str:
    """The minimum length named in pydantic's too_short message."""
    found = re.search(r"at least (\d+)", message)
    return found.group(1) if found else "more"


def _did_you_mean(given: str, allowed: list[str], what: str) -> str:
    close = difflib.get_close_matches(given, allowed, n=1)
    if close:
        return f"did you mean '{close[0]}'?"
    return f"allowed {what}: {', '.join(allowed)}"


def _field_names(model: type[BaseModel] | None) -> list[str]:
    if model is None:
        return []
    return [info.alias or name for name, info in model.model_fields.items()]


def _model_at(model: type[BaseModel], loc: Key) -> type[BaseModel] | None:
    """The model class that describes the mapping at ``loc``."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        fields = {info.alias or name: info for name, info in current.model_fields.items()}
        if part not in fields:
            return None
        current = part_model(fields[part].annotation)
        if current is None:
            return None
    return current


def part_model(annotation: Any) -> type[BaseModel] | None:
    """The model inside a field's type (``Quote | None``, ``list[Role]``), if there is one."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = part_model(arg)
        if found is not None:
            return found
    return None


# --- Walking references -----------------------------------------------------

def references(entry: BaseModel) -> list[tuple[Key, str, str]]:
    """Every typed reference in an entry as ``(key, target type, id)``, in field order."""
    found: list[tuple[Key, str, str]] = []
    for name, info in type(entry).model_fields.items():
        value = getattr(entry, name)
        key_name = info.alias or name
        _collect(value, info.annotation, info.metadata, (key_name,), found)
    return found


def _collect(value: Any, annotation: Any, metadata: list, key: Key, found: list) -> None:
    if value is None:
        return
    target = _ref_target(annotation, metadata)
    if target is not None:
        found.append((key, target, value))
    elif isinstance(value, BaseModel):
        for name, info in type(value).model_fields.items():
            _collect(getattr(value, name), info.annotation, info.metadata, key + (info.alias or name,), found)
    elif isinstance(value, list):
        item_annotation = _list_item(annotation)
        for index, item in enumerate(value):
            _collect(item, item_annotation, [], key + (index,), found)


def _ref_target(annotation: Any, metadata: list) -> str | None:
    for marker in list(metadata) + _annotated_metadata(annotation):
        if isinstance(marker, RefTo):
            return marker.entry_type
    return None


def _annotated_metadata(annotation: Any) -> list:
    if typing.get_origin(annotation) is Annotated:
        return list(annotation.__metadata__)
    if typing.get_origin(annotation) in (Union, types.UnionType):
        return [m for arg in typing.get_args(annotation) for m in _annotated_metadata(arg)]
    return []


def _list_item(annotation: Any) -> Any:
    if typing.get_origin(annotation) in (Union, types.UnionType):
        for arg in typing.get_args(annotation):
            if typing.get_origin(arg) is list:
                return typing.get_args(arg)[0]
    if typing.get_origin(annotation) is list:
        return typing.get_args(annotation)[0]
    return annotation


def raw_references(entry_type: str, data: Any) -> list[tuple[Key, str, str]]:
    """The references in an entry's raw data, as :func:`references` finds them in a valid entry.

    For an entry that failed validation: its other problems must not hide an
    unknown person or source in the same file. Values of the wrong shape are skipped.
    """
    found: list[tuple[Key, str, str]] = []
    _collect_raw(data, MODELS[entry_type], (), found)
    return found


def _collect_raw(data: Any, model: type[BaseModel], key: Key, found: list) -> None:
    if not isinstance(data, dict):
        return
    for name, info in model.model_fields.items():
        field_name = info.alias or name
        if field_name in data:
            _collect_raw_value(data[field_name], info.annotation, info.metadata, key + (field_name,), found)


def _collect_raw_value(value: Any, annotation: Any, metadata: list, key: Key, found: list) -> None:
    target = _ref_target(annotation, metadata)
    if target is not None:
        if isinstance(value, str) and re.fullmatch(SLUG_PATTERN, value):
            found.append((key, target, value))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _collect_raw_value(item, _list_item(annotation), [], key + (index,), found)
    elif isinstance(value, dict) and part_model(annotation) is not None:
        _collect_raw(value, part_model(annotation), key, found)


def raw_markdown(entry_type: str, data: Any) -> list[tuple[Key, str]]:
    """Every Markdown text in an entry's raw data, as ``(key, text)``."""
    if not isinstance(data, dict):
        return []
    model = MODELS[entry_type]
    return [((name,), data[name]) for name, info in model.model_fields.items()
            if info.annotation is str and _is_markdown(info) and isinstance(data.get(name), str)]


def markdown_fields(entry: BaseModel) -> list[tuple[Key, str]]:
    """Every Markdown text in an entry as ``(key, text)``."""
    return [((name,), getattr(entry, name)) for name, info in type(entry).model_fields.items()
            if info.annotation is str and _is_markdown(info) and getattr(entry, name)]


def _is_markdown(info) -> bool:
    return any(getattr(m, "func", None) is _check_markdown for m in info.metadata)
