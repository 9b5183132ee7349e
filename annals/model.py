"""The entry schema, defined once: the models of every entry type and of their parts.

Validation (``annals.validate``), editor hints, the JSON Schema (``annals.schema``)
and the entry reference page all come from here. The kinds of value the fields
hold, and their checks, are in ``annals.values``; the words fields may take (statuses, kinds,
relations) are in ``annals.vocabulary``; cross-references are only
checked for form here, and ``annals.link`` resolves them.
"""

from __future__ import annotations

from typing import Annotated, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator
from pydantic.config import JsonDict

from annals.dates import DateError, format_date, interval
from annals.entry_types import ENTRY_TYPES
from annals.markdown import MAX_QUOTE_WORDS
from annals.values import (SCRIPT_LANGUAGE_PATTERN, Country, Decimal, Edtf, EventRef, Language, Markdown,
                           OrganizationRef, PersonRef, PlaceRef, PlainText, QuoteText, SingleDate, Slug, SourceRef,
                           Url, empty_is_absent, value_error)
from annals.vocabulary import EVENT_KINDS, ISSUERS, PLACE_QUALIFIERS, RELATIONS, STATUSES

# --- Nested mappings --------------------------------------------------------

class Nested(BaseModel):
    """A nested mapping in an entry."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
    _absent = model_validator(mode="before")(empty_is_absent)


class Quote(Nested):
    """A short verbatim quote and the source it comes from."""

    text: QuoteText = Field(description=f"verbatim, {MAX_QUOTE_WORDS} words at most")
    source: SourceRef
    speaker: PersonRef | None = Field(None, description="who said the words; empty when they are the source's own")
    speaker_organization: OrganizationRef | None = Field(
        None, description="the organization whose words they are (a newspaper, a government office), "
                          "when no person is named")


class Participant(Nested):
    """Someone who took part in an event, and on whose behalf."""

    person: PersonRef | None = None
    organization: OrganizationRef | None = None
    side: PlainText | None = Field(None, description="the side they stood for, e.g. Japan")
    role: PlainText | None = Field(None, description="their role at this event, e.g. head of delegation")
    sources: list[SourceRef] = []

    @model_validator(mode="after")
    def _someone(self):
        if self.person is None and self.organization is None and self.side is None:
            raise value_error([(None, "a participant needs a person, an organization or a side",
                                  "add `person: <id>`, `organization: <id>` or `side: ...`")])
        return self


class Relation(Nested):
    """A link from this event to another one."""

    event: EventRef
    relation: Literal[tuple(RELATIONS)] = Field(description="how this event relates to the other")  # type: ignore[valid-type]
    sources: list[SourceRef] = Field([], description="the sources that make the link")
    note: PlainText | None = Field(None, description="without sources: why the editors link the two events")

    @model_validator(mode="after")
    def _sourced_or_explained(self):
        if not self.sources and not self.note:
            raise value_error([(None, "a relation needs the sources that make it, or a note",
                                  "add `sources: [<source-id>]`; if no source links the two events, say why "
                                  "the editors do in `note:` (readers see it marked as the editors' inference)")])
        return self


class NativeName(Nested):
    """A name in its own script."""

    text: PlainText
    lang: Annotated[str, Field(pattern=SCRIPT_LANGUAGE_PATTERN,
                               description="language and script, e.g. ko-Hang, ja-Jpan, mn-Cyrl")]
    family_name: PlainText | None = Field(None, description="the family name, where it starts the name (岸田 of 岸田文雄): the page shows it and the given name apart, and search finds each")

    @model_validator(mode="after")
    def _family_name_first(self):
        if self.family_name and not (self.text.startswith(self.family_name) and self.text[len(self.family_name):].strip()):
            raise value_error([(None, "the family name must start the name, with a given name after it",
                                  f"write the name's first characters, e.g. family_name: {self.text[:1]}")])
        return self


class Variant(Nested):
    """A spelling used by some sources."""

    text: PlainText
    sources: list[SourceRef] = []


class Role(Nested):
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
                interval(self.start, self.end)
            except DateError:
                raise value_error([(None, "the role ends before it starts",
                                      "'from' must not be after 'to'")]) from None
        return self


class Version(Nested):
    """One source's account of a disputed point, and the date it gives when the point is a date."""

    says: PlainText = Field(description="what these sources say, in your words")
    date: Edtf | None = Field(None, description="the date these sources give (EDTF), when the disputed point is "
                                                "a date; on an event, versions with different dates mark its "
                                                "date as disputed")
    sources: list[SourceRef] = Field(min_length=1)


class Disagreement(Nested):
    """A point on which sources disagree, with each version and who gives it."""

    about: PlainText = Field(description="what is disputed, e.g. first year of the conference")
    versions: list[Version] = Field(min_length=2)


class Coordinates(Nested):
    """Latitude and longitude in decimal degrees."""

    lat: Decimal = Field(ge=-90, le=90)
    lon: Decimal = Field(ge=-180, le=180)


# --- Entries ----------------------------------------------------------------

class Entry(BaseModel):
    """Fields every entry has."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
    _absent = model_validator(mode="before")(empty_is_absent)
    entry_type: ClassVar[str] = ""
    """The entry type a model is for (a name in ``annals.entry_types``); empty for shared bases."""

    id: Slug = Field(description="the file name without .yml")
    former_ids: list[Slug] = Field([], description="ids the entry had before `annals mv` renamed it; "
                                   "their old addresses redirect to its page")
    summary: Markdown = ""
    aliases: list[PlainText] = Field([], description="other names; the site search finds them")
    tags: list[Slug] = Field([], description="lowercase keywords, e.g. abductions")
    note: Markdown = Field("", description="editorial note: what is unverified, and why")
    disagreements: list[Disagreement] = Field([], description="points on which sources disagree")

    @property
    def label(self) -> str:
        """The entry's display name."""
        return getattr(self, "title", None) or self.name  # type: ignore[attr-defined]  # the other types have a name


class NamedEntry(Entry):
    """Fields of entries that have a name: people, organizations, places."""

    name: PlainText = Field(description="the name as the sources most often spell it")

    @property
    def label(self) -> str:
        """The name."""
        return self.name
    native_names: list[NativeName] = Field([], description="the name in its own script; only when certain")
    spellings: list[Variant] = Field([], description="spellings of the name used by sources, with those sources")
    country: Country | None = None


_CITES_SOMETHING: JsonDict = {"anyOf": [
    {"required": ["sources"], "properties": {"sources": {"minItems": 1}}},
    {"required": ["summary"], "properties": {"summary": {"pattern": r"\[@"}}},
    {"required": ["note"], "properties": {"note": {"pattern": r"\[@"}}},
    {"required": ["quote"]},
]}
"""An event must cite a source: the part of that rule a single-file JSON Schema can see."""


class Event(Entry):
    """Something that happened, or was planned to, such as one meeting of a conference series or negotiation forum."""

    entry_type = "event"

    model_config = ConfigDict(json_schema_extra=_CITES_SOMETHING)

    title: PlainText = Field(description="what happened, in a few words")
    date: Edtf
    date_text: PlainText | None = Field(None, description="the date in the reporters' words, e.g. mid-May 2024")
    date_note: PlainText | None = Field(None, description="how the date was worked out when no source states it "
                                                         "in full, e.g. the year taken from the article's date")
    place: PlaceRef | None = None
    place_qualifier: Literal[tuple(PLACE_QUALIFIERS)] = Field(  # type: ignore[valid-type]
        "in", description="where the event was with respect to the place, as the sources put it")
    kind: Literal[tuple(EVENT_KINDS)] = Field(description="what sort of event")  # type: ignore[valid-type]
    status: Literal[tuple(STATUSES)] = Field(description="how firmly it is known")  # type: ignore[valid-type]
    unnamed_sources: bool = Field(
        False, description="true when the reports rest the event on people they do not name (\"sources said\", "
                           "\"citing multiple sources\"): one outlet's such report is `unconfirmed`")
    status_reason: PlainText | None = Field(
        None, description="for denied, planned, postponed or cancelled (the statuses the editors choose): why, "
                          "in a sentence readers see on the page")
    participants: list[Participant] = Field([], description="who took part, for whom, in what role")
    related: list[Relation] = Field([], description="links to other events")
    sources: list[SourceRef] = Field([], description="the sources that report the event")
    quote: Quote | None = Field(None, description=f"a short verbatim quote, {MAX_QUOTE_WORDS} words at most")


class Person(NamedEntry):
    """A person."""

    entry_type = "person"

    roles: list[Role] = Field([], description="positions held, with the sources that say so")


class Organization(NamedEntry):
    """A government body, company, newspaper, or a conference series or negotiation forum that meets again and again."""

    entry_type = "organization"

    parent: OrganizationRef | None = Field(None, description="the organization this one is part of")


class Place(NamedEntry):
    """A city, building or region."""

    entry_type = "place"

    located_in: PlaceRef | None = Field(None, description="the place this one lies in")
    coordinates: Coordinates | None = None


UNVERIFIED_RULE = ("a field you cannot verify: list it under `unverified:` and say why in `note:`, whether you leave "
                   "it empty or keep a value you could not confirm; the page marks it unverified, and shows "
                   "a field left empty and not listed as not known")
"""The one wording of the rule, in the check, the scaffold comments, the schema and CONTRIBUTING.md."""

_FINDABLE: JsonDict = {"anyOf": [
    {"required": ["url"]},
    {"required": ["archive_url"]},
    {"required": ["unverified", "note"], "properties": {"unverified": {"contains": {"const": "url"}}}},
], "dependentRequired": {"unverified": ["note"]}}
"""A source has an address, or says why not, and unverified fields have a reason: the rules of
Source._findable and Source._unverified_says_why, for editors' tools."""


class Source(Entry):
    """An article or document that reports facts."""

    entry_type = "source"

    model_config = ConfigDict(json_schema_extra=_FINDABLE)

    title: PlainText | None = Field(None, description="leave empty if unknown; never reconstruct it from a URL")
    publisher: PlainText | None = Field(None, description="the outlet, e.g. The Japan Times")
    authors: list[PlainText] = Field([], description="bylines as printed")
    published: SingleDate | None = Field(None, description="publication date (EDTF)")
    issued_by: Literal[tuple(ISSUERS)] = Field("press", description="press, or party for a party's own "  # type: ignore[valid-type]
                                                                   "statement, release or web page")
    consulted: bool = Field(True, description="false when the editors have not read it: it is known only "
                                              "through the sources that cite it")
    url: Url | None = None
    archive_url: Url | None = Field(None, description="an archived copy")
    accessed: SingleDate | None = Field(None, description="when the address was last read (EDTF)")
    language: Language | None = None
    cites: list[SourceRef] = Field([], description="sources this one reports on")
    relays: list[OrganizationRef] = Field(
        [], description="outlets whose reports this one carries or retells, when those reports have no source entry "
                        "of their own: a news agency's story in a newspaper, or an account a blog attributes to it")
    unverified: list[Literal["title", "publisher", "authors", "published", "url", "language"]] = Field(
        [], description=UNVERIFIED_RULE)

    @field_validator("unverified")
    @classmethod
    def _unverified_says_why(cls, value: list[str], info: ValidationInfo) -> list[str]:
        # A note that failed its own checks is missing from info.data: its problem is reported already.
        if value and "note" in info.data and not info.data["note"]:
            raise value_error([(None, "the fields under `unverified:` need a reason in `note:`", UNVERIFIED_RULE)])
        return value

    @model_validator(mode="after")
    def _findable(self):
        """A reader must be able to find the source, or be told why they cannot."""
        if self.url or self.archive_url or ("url" in self.unverified and self.note):
            return self
        raise value_error([(None, "a source needs an address",
                              "give `url:` or `archive_url:`; if no address is known, list url under "
                              "`unverified:` and say why in `note:`")])

    @property
    def label(self) -> str:
        """The title, or for an untitled source its publisher and date."""
        if self.title:
            return self.title
        parts = [self.publisher or "Untitled source"]
        if self.published:
            parts.append(format_date(self.published))
        return ", ".join(parts)


def _entry_models() -> dict[str, type[Entry]]:
    """Every model that names its entry type, in the order of the table of entry types."""
    found, pending = {}, list(Entry.__subclasses__())
    while pending:
        model = pending.pop()
        pending += model.__subclasses__()
        if model.entry_type:
            found[model.entry_type] = model
    if set(found) != set(ENTRY_TYPES):
        raise RuntimeError(f"entry types without a model or models without a type: {set(found) ^ set(ENTRY_TYPES)}")
    return {name: found[name] for name in ENTRY_TYPES}


MODELS: dict[str, type[Entry]] = _entry_models()
"""The model of each entry type, by its name in ``annals.entry_types``."""
