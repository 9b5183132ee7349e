"""What a page reads from the site is noted, whatever way it reads (``Site.recording``).

``mkdocs serve`` remakes only the units whose noted reads changed, so a read
that escapes the notes is a page left stale. These tests hold the site to
three promises: its data is reachable only through its noted mappings; every
way of reading a mapping notes the read (and writing while recording is
refused); and every question a ``Site`` method answers, found by looking at
the class (so a new method is covered without being listed), changes its
answer after an edit only when one of its reads is among the changed ones.
"""

import inspect
import itertools
import shutil
from collections import defaultdict
from pathlib import Path

import pytest
from test_rebuild import edit

from annals.entry_types import ENTRY_TYPES
from annals.pipeline import Generator
from annals.settings import Settings
from annals.reads import Whole
from annals.site import Site

HERE = Path(__file__).parent
CORPUS = HERE / "fixtures" / "corpus" / "entries"
TEMPLATES = HERE.parent / "templates"


@pytest.fixture(scope="module")
def site() -> Site:
    return Generator(Settings(entries=CORPUS, templates=TEMPLATES)).check()[0]


def test_the_site_holds_its_data_only_in_noted_mappings(site):
    assert set(vars(site)) == set(site.noted())
    for name, mapping in site.noted().items():
        with site.recording() as reads:
            list(mapping)
        assert reads == {(name, Whole.KEYS)}, name


KEY = ("person", "ann-example")

READS = {
    "m[k]": (lambda m: m[KEY], KEY),
    "m.get(k)": (lambda m: m.get(KEY), KEY),
    "m.values_of([k])": (lambda m: m.values_of([KEY]), KEY),
    "k in m": (lambda m: KEY in m, KEY),
    "iter(m)": (lambda m: list(m), Whole.KEYS),
    "len(m)": (lambda m: len(m), Whole.KEYS),
    "reversed(m)": (lambda m: list(reversed(m)), Whole.KEYS),
    "m.keys()": (lambda m: m.keys(), Whole.KEYS),
    "sorted(m)": (lambda m: sorted(m), Whole.KEYS),
    "m.values()": (lambda m: m.values(), Whole.EVERYTHING),
    "m.items()": (lambda m: m.items(), Whole.EVERYTHING),
    "m.copy()": (lambda m: m.copy(), Whole.EVERYTHING),
    "copy.copy(m)": (lambda m: __import__("copy").copy(m), Whole.EVERYTHING),
    "dict(m)": (lambda m: dict(m), Whole.KEYS),  # then m[k] for every key
    "{**m}": (lambda m: {**m}, Whole.KEYS),
    "m == {}": (lambda m: m == {}, Whole.EVERYTHING),
    "m != {}": (lambda m: m != {}, Whole.EVERYTHING),
    "m | {}": (lambda m: m | {}, Whole.EVERYTHING),
    "{} | m": (lambda m: {} | m, Whole.EVERYTHING),
    "repr(m)": (lambda m: repr(m), Whole.EVERYTHING),
}


@pytest.mark.parametrize("how", READS)
def test_every_way_of_reading_a_mapping_is_noted(site, how):
    read, key = READS[how]
    with site.recording() as reads:
        read(site.entries)
    assert ("entries", key) in reads


def test_every_method_of_a_mapping_is_noted_or_refused_while_recording(site):
    """A method dict or defaultdict gains in a new Python fails here until it is noted or refused."""
    not_reads = {"__new__", "__init__", "__getattribute__", "__class_getitem__", "__sizeof__", "fromkeys",
                 "__doc__", "__hash__", "__lt__", "__le__", "__gt__", "__ge__", "__init_subclass__",
                 "default_factory"}
    with site.recording():
        noting_class = type(site.entries)
        quiet_methods = set(vars(dict)) | set(vars(defaultdict))
        assert sorted(quiet_methods - not_reads - set(vars(noting_class))) == []


WRITES = {
    "m[k] = v": lambda m: m.__setitem__(KEY, None),
    "del m[k]": lambda m: m.__delitem__(KEY),
    "m.setdefault": lambda m: m.setdefault(KEY, None),
    "m.pop": lambda m: m.pop(KEY),
    "m.popitem": lambda m: m.popitem(),
    "m.clear": lambda m: m.clear(),
    "m.update": lambda m: m.update({}),
    "m |= {}": lambda m: m.__ior__({}),
}


@pytest.mark.parametrize("how", WRITES)
def test_writing_while_recording_is_refused(site, how):
    before = dict(site.entries)
    with site.recording(), pytest.raises(RuntimeError, match="read-only"):
        WRITES[how](site.entries)
    assert dict(site.entries) == before


def test_a_missing_key_reads_as_empty_and_stays_missing(site):
    key = ("person", "nobody-here")
    with site.recording() as reads:
        assert site.backlinks[key] == []
    assert ("backlinks", key) in reads
    assert key not in site.backlinks


def test_outside_a_recording_nothing_is_noted(site):
    with site.recording() as reads:
        pass
    site.entries.get(KEY)
    list(site.tagged)
    assert reads == set()


# --- Every question of Site, after every kind of edit ---

NOT_QUESTIONS = {"noted", "recording", "changed_reads", "order_events"}


def questions() -> dict[str, inspect.Signature]:
    """Site's public methods that answer a question, found by looking at the class."""
    return {name: inspect.signature(method) for name, method in inspect.getmembers(Site, inspect.isfunction)
            if not name.startswith("_") and name not in NOT_QUESTIONS}


def _ids(sites: list[Site], entry_type: str) -> list[str]:
    return sorted({key[1] for site in sites for key in site.entries if key[0] == entry_type})


def arguments(sites: list[Site]) -> dict[str, list]:
    """The values to ask with, by parameter name: every entry of the corpus before and after the edit."""
    keys = sorted({key for site in sites for key in site.entries})
    events = _ids(sites, "event")
    fields = sorted({b.key[0] for site in sites for found in site.backlinks.values() for b in found})
    return {
        "entry_type": list(ENTRY_TYPES), "origin_type": list(ENTRY_TYPES), "field_name": fields,
        "key": keys, "event_id": events, "ids": [None, events, events[::2]],
        "valid": [("valid", key) for key in keys if key[0] == "event"],
        "organization_id": _ids(sites, "organization"), "place_id": _ids(sites, "place"),
        "source_id": _ids(sites, "source"),
    }


def _resolve(site: Site, values: tuple) -> tuple | None:
    """The values for this site: an entry asked about by key is this site's; None if it has none."""
    resolved = []
    for value in values:
        if isinstance(value, tuple) and value[:1] == ("valid",):
            value = site.entries.get(value[1])
            if value is None:
                return None
        resolved.append(value)
    return tuple(resolved)


def _ask(site: Site, name: str, values: tuple):
    """The answer, or the error: a question about an entry the site lacks may raise, and must raise the same."""
    try:
        return getattr(site, name)(*values)
    except KeyError as error:
        return ("KeyError", error.args)


EDITS = [
    ("event/talks-2012", {"date": "2012-11-20"}),
    ("event/talks-2012", {"title": "Talks renamed", "status": "reported"}),
    ("event/talks-2012", {"place": "port-alder"}),
    ("event/talks-2012", {"tags": ["renamed-tag"]}),
    ("event/next-round", {"related": [{"event": "talks-2012", "relation": "response-to",
                                       "sources": ["gazette-talks"]}]}),
    ("source/gazette-talks", {"publisher": "The Renamed Gazette"}),
    ("source/weekly-review", {"cites": ["gazette-talks"]}),
    ("place/state-house", {"located_in": None}),
    ("organization/asia-bureau", {"parent": None}),
    ("person/ben-sample", {"roles": [{"title": "Envoy", "organization": "valley-forum"}]}),
    ("person/dae-new", {"id": "dae-new", "name": "Dae New"}),
]


@pytest.mark.parametrize("entry, changes", EDITS, ids=[f"{e}:{','.join(c)}" for e, c in EDITS])
def test_an_answer_changes_only_when_one_of_its_reads_did(tmp_path, entry, changes):
    entries = tmp_path / "entries"
    shutil.copytree(CORPUS, entries)
    generator = Generator(Settings(entries=entries, templates=TEMPLATES), incremental=True)
    old = generator.check()[0]
    path = entries / f"{entry}.yml"
    if path.exists():
        edit(path, **changes)
    else:
        path.write_text("".join(f"{k}: {v}\n" for k, v in changes.items()), encoding="utf-8")
    new = generator.check()[0]
    changed = new.changed_reads(old)
    values = arguments([old, new])
    asked = differed = 0
    for name, signature in questions().items():
        names = [p for p in signature.parameters if p != "self"]
        assert all(p in values for p in names), f"Site.{name}: give this test values for its parameters"
        for combination in itertools.product(*(values[p] for p in names)):
            with new.recording() as reads:  # an entry handed to a question is read from the site first
                new_values = _resolve(new, combination)
                after = _ask(new, name, new_values) if new_values is not None else None
            old_values = _resolve(old, combination)
            if old_values is None or new_values is None:
                continue
            before = _ask(old, name, old_values)
            asked += 1
            if before != after:
                differed += 1
                assert reads & changed, f"Site.{name}{combination} changed, but none of its reads did"
    print(f"{entry} {sorted(changes)}: {asked} questions asked, {differed} answers changed")
    assert asked > 1000 and differed > 0, (asked, differed)
