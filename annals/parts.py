"""The parts of entries: the nested mappings their fields hold (a participant, a role, a quote, ...).

Defined once, here; ``annals.model`` builds the entry types from them, and everything
said there of the schema holds for these too.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from annals.dates import DateError, interval
from annals.markdown import MAX_QUOTE_WORDS
from annals.values import (SCRIPT_LANGUAGE_PATTERN, Decimal, Edtf, EventRef, OrganizationRef, PersonRef, PlainText,
                           QuoteText, SingleDate, SourceRef, empty_is_absent, value_error)
from annals.vocabulary import RELATIONS

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
