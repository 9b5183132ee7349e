"""The chronology's filter index: every event, listed once per facet value, in small chunks a reader fetches
as needed, so a filtered view spans every year page and downloads a bounded amount however large the site.

Files (all JSON, under ``filters/``; the script is docs/javascripts/annals-filters.js, the format is
described in docs/about.md):

* ``filters/<facet>/<value>.json``, the *head* of one list: ``{"count": n, "years": {year: n},
  "chunks": [[first year, last year, rows], ...]}``; a list of at most :data:`CHUNK_ROWS` events also holds its one chunk (``rows``, ``names``),
  a longer one has its chunks at ``filters/<facet>/<value>/<n>.json`` (``n`` from 1). ``<facet>`` is the name
  the address uses (``person``, ``organization``, ``place``, ``tag``, ``status``, ``kind``).
* ``filters/all.json`` and ``filters/all/<n>.json``: every event, for a view chosen by years only.
* ``filters/names/<prefix>.json``: the names a reader can type, by the first letters of each word.
* ``filters/values.json``: what the form offers on any page (statuses, kinds, first and last year) and the
  folder of each kind of page a row links to (``{"person": "people/", ...}``).

A chunk is ``{"rows": [...], "names": {"person": {id: name}, "organization": {...}, "place": {...}}}`` with
the names of the ids its rows use. A row: ``y`` year, ``d`` date in words, ``e`` the event's title, ``u`` its
page from the site's root, ``s`` status, ``k`` kind, and when known ``l`` place id, ``q`` place qualifier
(other than ``in``), ``p`` people, ``o`` organizations, ``t`` tags, ``x`` 1 when sources disagree on the date.
Rows are in chronology order. Same events, same bytes: keys sorted, no clock.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass

from annals.entry_types import ENTRY_TYPES
from annals.render.context import OutputFile, entry_uri, event_date
from annals.render.timelines import date_disputed
from annals.site import Site
from annals.validate import Valid

FILTERS = "filters"
"""The folder of the filter index in the site."""
ALL = "all"
CHUNK_ROWS = 100
"""Most rows in one chunk: what one more step of a filtered view downloads (a few KB gzipped)."""
NAMED = {"p": "person", "o": "organization", "l": "place"}
"""The row fields that hold ids of entries, and the entry type (and facet) each names."""
FOUND_BY_NAME = ("person", "organization", "place", "tag")
"""The facets a reader can find by typing the start of a name (``filters/names/``)."""
PREFIX_CHARS = 3
NAMES_PER_PREFIX = 20
"""Most names in one ``filters/names/`` file: those in the most events, so that no file grows with the site."""


def filter_index(site: Site) -> list[OutputFile]:
    """Every file of the filter index, for the events of ``site``."""
    rows = [(valid, event_row(valid)) for valid in site.events_in_order()]
    labels: dict[tuple[str, str], str] = {}
    everything = [_Row(row, _json(row), _names(site, row, labels)) for _, row in rows]
    lists: dict[tuple[str, str], list[_Row]] = defaultdict(list)
    for (valid, _), row in zip(rows, everything, strict=True):
        for key in facet_keys(valid):
            lists[key].append(row)
    files = [OutputFile(f"{FILTERS}/values.json", _json(_vocabulary([row for _, row in rows])) + "\n")]
    files += _list_files(f"{FILTERS}/{ALL}", everything)
    for (facet, value), listed in sorted(lists.items()):
        files += _list_files(f"{FILTERS}/{facet}/{value}", listed)
    named = {key: (labels.get(key, key[1]), len(listed)) for key, listed in lists.items() if key[0] in FOUND_BY_NAME}
    return files + _name_files(named)


def facet_keys(valid: Valid) -> set[tuple[str, str]]:
    """The lists an event belongs to: ``("person", "ann")``, ``("status", "reported")``..."""
    event = valid.entry
    keys = {("status", event.status), ("kind", event.kind)}
    keys |= {("person", p.person) for p in event.participants if p.person}
    keys |= {("organization", p.organization) for p in event.participants if p.organization}
    keys |= {("tag", tag) for tag in event.tags}
    if event.place:
        keys.add(("place", event.place))
    return keys


def event_row(valid: Valid) -> dict:
    """One event as a row of the index (see the module's docstring); empty fields left out."""
    event = valid.entry
    page = entry_uri(valid.key).removesuffix(".md") + "/"
    row: dict[str, object] = {"y": event.date.year, "d": event_date(event), "e": event.label, "u": page,
                              "s": event.status, "k": event.kind,
                              "p": sorted({p.person for p in event.participants if p.person}),
                              "o": sorted({p.organization for p in event.participants if p.organization}),
                              "t": sorted(event.tags)}
    if event.place:
        row["l"] = event.place
        if event.place_qualifier != "in":
            row["q"] = event.place_qualifier
    if date_disputed(event):
        row["x"] = 1
    return {key: value for key, value in row.items() if value != []}


def _vocabulary(rows: list[dict]) -> dict:
    """What the form offers on every page, and where the pages of the entries a row names live."""
    return {"status": sorted({r["s"] for r in rows}), "kind": sorted({r["k"] for r in rows}),
            "years": [rows[0]["y"], rows[-1]["y"]] if rows else [],
            "pages": {facet: ENTRY_TYPES[facet].section + "/" for facet in NAMED.values()}}


@dataclass(frozen=True)
class _Row:
    """A row, its JSON and the names it uses, made once however many lists it is in."""

    data: dict
    text: str
    names: tuple[tuple[str, str, str], ...]
    """(facet, id, name) of each person, organization and place of the row."""


def _names(site: Site, row: dict, labels: dict[tuple[str, str], str]) -> tuple[tuple[str, str, str], ...]:
    """The names of the people, organizations and place ``row`` names, each looked up once into ``labels``."""
    found = []
    for field, facet in NAMED.items():
        ids = row.get(field, [])
        for entry_id in [ids] if isinstance(ids, str) else ids:
            if (facet, entry_id) not in labels:
                labels[facet, entry_id] = site.entries[(facet, entry_id)].entry.label
            found.append((facet, entry_id, labels[facet, entry_id]))
    return tuple(found)


def name_words(name: str) -> list[str]:
    """The words of a name as typing finds them: accents dropped, lower case, letters and digits only.
    The script folds what the reader types the same way (docs/javascripts/annals-filters.js, ``words``)."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c)).lower()
    return [word for word in re.split(r"[^a-z0-9]+", plain) if word]


def _name_files(named: dict[tuple[str, str], tuple[str, int]]) -> list[OutputFile]:
    """``filters/names/<prefix>.json``: for each start (up to :data:`PREFIX_CHARS` letters) of a word of a
    name, ``{"names": [[facet, id, name, events], ...]}``, the :data:`NAMES_PER_PREFIX` in most events."""
    found: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for key, (name, _) in named.items():
        for word in name_words(name):
            for length in range(1, min(len(word), PREFIX_CHARS) + 1):
                found[word[:length]].add(key)
    files = []
    for prefix, keys in sorted(found.items()):
        best = sorted(keys, key=lambda k: (-named[k][1], named[k][0], k))[:NAMES_PER_PREFIX]
        entries = [[facet, entry_id, *named[facet, entry_id]] for facet, entry_id in best]
        files.append(OutputFile(f"{FILTERS}/names/{prefix}.json", _json({"names": entries}) + "\n"))
    return files


def _list_files(path: str, rows: list[_Row]) -> list[OutputFile]:
    """One list's head and, past one chunk, its chunk files."""
    chunks = [rows[i:i + CHUNK_ROWS] for i in range(0, len(rows), CHUNK_ROWS)]
    years: dict[str, int] = {}
    for row in rows:
        years[str(row.data["y"])] = years.get(str(row.data["y"]), 0) + 1
    head = {"count": _json(len(rows)), "years": _json(years),
            "chunks": _json([[c[0].data["y"], c[-1].data["y"], len(c)] for c in chunks])}
    if len(chunks) <= 1:
        return [OutputFile(f"{path}.json", _object(head | _chunk(rows)))]
    return [OutputFile(f"{path}.json", _object(head))] + [
        OutputFile(f"{path}/{number}.json", _object(_chunk(chunk))) for number, chunk in enumerate(chunks, 1)]


def _chunk(rows: list[_Row]) -> dict[str, str]:
    """Rows and the names of the people, organizations and places they name, as encoded members."""
    used: dict[str, dict[str, str]] = {facet: {} for facet in NAMED.values()}
    for row in rows:
        for facet, entry_id, name in row.names:
            used[facet][entry_id] = name
    return {"names": _json(used), "rows": "[" + ",".join(row.text for row in rows) + "]"}


def _object(members: dict[str, str]) -> str:
    """A JSON object of members already encoded, keys sorted, as one line: what ``json.dumps`` would give."""
    return "{" + ",".join(f"{json.dumps(key)}:{members[key]}" for key in sorted(members)) + "}\n"


def _json(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
