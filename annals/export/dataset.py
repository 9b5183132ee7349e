"""``data/entries.json``: every entry after validation and linking, and the JSON Schema it follows.

Each record holds the entry's fields as the editor wrote them (dates as EDTF
text), and what Annals worked out: its page, its parsed date, the entries it
refers to and those that refer to it, every citation by field, the outlets
behind it and its last change in git. The schema is made from the pydantic
models below and the entry models, so it cannot drift from the records; the
tests validate the file against it with an independent validator.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterable, Iterator
from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, create_model

from annals.dates import EdtfDate, format_date
from annals.entry_types import ENTRY_TYPES
from annals.evidence import accounts
from annals.fields import markdown_fields, references
from annals.load import Key
from annals.markdown import citations
from annals.model import MODELS
from annals.publication import Publication, page_path
from annals.render.context import entry_uri, event_place
from annals.site import EntryKey, Site
from annals.validate import Valid

DATASET = "data/entries.json"
DATASET_SCHEMA = "data/entries.schema.json"
SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DateRecord(_Record):
    """A parsed EDTF date."""

    edtf: str = Field(description="the date as written, EDTF")
    text: str = Field(description="the date in words, as the site shows it")
    first_day: datetime.date | None = Field(description="the earliest day it may mean; null for an open start")
    last_day: datetime.date | None = Field(description="the latest day it may mean; null for an open end")
    known_to_day: bool = Field(description="whether every end is a day, not only a month or a year")
    qualified: bool = Field(description="whether it is marked uncertain (?) or approximate (~)")


class Reference(_Record):
    """A link between two entries, and the field that makes it."""

    type: str
    id: str
    field: str = Field(description="the field of the referring entry, e.g. participants[0].person")


class Citation(_Record):
    """One citation of a source by an entry."""

    field: str = Field(description="the field that cites, e.g. summary or participants[1].sources[0]")
    source: str = Field(description="id of the source entry")
    quote: str | None = Field(description="the quoted words, for a citation with a quote")


class LastChange(_Record):
    """The commit that last changed the entry's file."""

    commit: str
    date: datetime.date


class _EntryRecord(_Record):
    id: str
    label: str = Field(description="the name or title the site shows")
    page: str = Field(description="the entry's page, relative to the site's address")
    url: str | None = Field(description="the page's full address; null when the site's address (site_url) "
                                        "is not set")
    date: DateRecord | None = Field(description="events: the parsed date")
    place_text: str | None = Field(description="events: where it was, as the site says it: the place's name, after "
                                          "'near' or 'outside' when the sources put it so; null without a place")
    references: list[Reference] = Field(description="entries this one refers to, in field order")
    backlinks: list[Reference] = Field(description="entries that refer to this one, and from which field")
    citations: list[Citation]
    outlets: list[str] = Field(description="the independent outlets behind the entry's press sources (reports that "
                                           "go back to the same original report count as one)")
    single_outlet: str | None = Field(description="the one outlet every press source goes back to, if there is one")
    on_record: list[str] | None = Field(description="events: the parties on the record (a statement a party issued, "
                                                    "or a participant's own words quoted); null for other entries")
    last_changed: LastChange | None = Field(description="from git; null when the site was built without it")


# type= is a Literal of a name known only at run time, which mypy cannot check.
_RECORDS = [create_model(f"{model.__name__}Record", __base__=_EntryRecord,
                         type=(Literal[name], ...),  # type: ignore[arg-type]
                         fields=(model, Field(description="the entry as written")))
            for name, model in MODELS.items()]


class Dataset(_Record):
    """Every entry of the site after validation and linking."""

    name: str = Field(description="the site's name")
    generator: str
    build: str | None = Field(description="the git commit the data was built from; null without git")
    licence: str = Field(description="the terms the data may be reused on; empty when the site states none")
    schema_: str = Field(alias="schema", description="this file's JSON Schema, beside it")
    # A union built from a tuple at run time: Union[...] has no X | Y spelling for that.
    entries: list[Annotated[Union[tuple(_RECORDS)], Field(discriminator="type")]]  # type: ignore[valid-type]  # noqa: UP007


def dataset_schema() -> dict:
    """The JSON Schema of ``entries.json``, made from the models.

    Without the ``not`` patterns of the editors' schema: they approximate, for a
    single file, rules that ``annals check`` applies exactly (a code span may hold
    what the pattern refuses), and the dataset holds what the check accepted.
    """
    schema = Dataset.model_json_schema(mode="serialization", by_alias=True)
    return {"$schema": SCHEMA_DIALECT, "$id": "entries.schema.json", **_without_not(schema)}


def _without_not(node):
    if isinstance(node, dict):
        return {k: _without_not(v) for k, v in node.items() if k != "not"}
    if isinstance(node, list):
        return [_without_not(v) for v in node]
    return node


def dataset_head(publication: Publication) -> dict:
    """What ``entries.json`` says of itself, before its entries."""
    return {"name": publication.site_name, "generator": "Annals", "build": publication.build,
            "licence": publication.licence, "schema": "entries.schema.json"}


def entry_records(site: Site, publication: Publication, cited: dict | None = None) -> Iterator[dict]:
    """Every entry's record, in section order, then by id, made one at a time.

    ``cited``: each entry's :func:`entry_citations`, when already worked out.
    """
    cited = cited if cited is not None else all_citations(site)
    for entry_type in ENTRY_TYPES:
        for valid in sorted(site.of_type(entry_type), key=lambda v: v.key):
            yield entry_record(site, valid, publication, cited[valid.key])


def entry_record(site: Site, valid: Valid, publication: Publication, cited: list[dict]) -> dict:
    """One entry as a record of ``entries.json``."""
    entry, key = valid.entry, valid.key
    change = publication.last_change(key)
    return {
        "type": valid.entry_type, "id": entry.id, "label": entry.label, "page": entry_page_path(key),
        "url": publication.page_url(entry_uri(key)),
        "fields": entry.model_dump(mode="json", by_alias=True, exclude_defaults=True),
        "date": date_record(entry.date) if valid.entry_type == "event" else None,
        "place_text": event_place(site, entry) if valid.entry_type == "event" else None,
        "references": [{"type": t, "id": i, "field": field_path(k)} for k, t, i in references(entry)],
        "backlinks": [{"type": b.origin[0], "id": b.origin[1], "field": field_path(b.key)}
                      for b in sorted(site.backlinks.get(key, []))],
        "citations": cited,
        **_outlets(site, key),
        "last_changed": {"commit": change.revision.commit, "date": change.revision.date} if change else None,
    }


def _outlets(site: Site, key: EntryKey) -> dict:
    """The outlets behind an entry's sources; for an event, from its evidence, with the parties on the record."""
    evidence = site.evidence.get(key)
    if evidence is None:
        found = [a.outlet for a in accounts(site, site.cited[key])]
        return {"outlets": found, "single_outlet": found[0] if len(found) == 1 else None, "on_record": None}
    return {"outlets": evidence.outlets, "single_outlet": evidence.single_outlet,
            "on_record": [r.name for r in evidence.on_record]}


def entry_page_path(key: tuple[str, str]) -> str:
    """The entry's page, relative to the site's address: ``people/song-il-ho/``."""
    return page_path(entry_uri(key))


def date_record(date: EdtfDate) -> dict:
    """A parsed date as plain data."""
    first, last = date.first_day, date.last_day
    return {"edtf": date.text, "text": format_date(date), "first_day": first.isoformat() if first else None,
            "last_day": last.isoformat() if last else None, "known_to_day": date.known_to_day,
            "qualified": date.qualified}


def entry_citations(entry) -> list[dict]:
    """Every citation of an entry: sources named in fields, then citations in its Markdown, in field order."""
    found = [{"field": field_path(k), "source": i, "quote": None} for k, t, i in references(entry) if t == "source"]
    for key, text in markdown_fields(entry):
        found += [{"field": field_path(key), "source": m.group("id"), "quote": m.group("quote") or None}
                  for m in citations(text)]
    return found


def all_citations(site: Site) -> dict[tuple[str, str], list[dict]]:
    """:func:`entry_citations` of every entry, by key."""
    return {key: entry_citations(valid.entry) for key, valid in site.entries.items()}


def field_path(key: Key) -> str:
    """``("participants", 0, "person")`` -> ``participants[0].person``."""
    text = ""
    for part in key:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def dataset_lines(site: Site, publication: Publication, cited: dict | None = None) -> Iterator[str]:
    """``entries.json`` as written, a line at a time: one entry per line (a diff shows which changed), keys in a
    fixed order."""
    return json_lines(dataset_head(publication), "entries", entry_records(site, publication, cited))


def json_lines(head: dict, listed: str, items: Iterable[dict]) -> Iterator[str]:
    """``head`` with the list ``listed`` of ``items`` added, as JSON with each item on a line of its own.

    Compact JSON is written by the C encoder; an indented one is written in Python, ten times slower.
    """
    yield json.dumps(head, ensure_ascii=False)[:-1] + f', "{listed}": ['
    items = iter(items)
    first = next(items, None)
    if first is None:
        yield "]}\n"
        return
    yield "\n" + json.dumps(first, ensure_ascii=False)
    for item in items:
        yield ",\n" + json.dumps(item, ensure_ascii=False)
    yield "\n]}\n"


def dataset_schema_text() -> str:
    """``entries.schema.json`` as written."""
    return json.dumps(dataset_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
