"""Regeneration after an edit: the same pages as a full generation, and exactly the changed ones reported.

Every test edits a copy of a corpus the way an editor would (one file at a
time, saved), asks an incremental :class:`Generator` (``mkdocs serve``'s) for
the pages, and compares them with what a new generator (a build's) makes from
scratch from the same files: the same engine, kept or not.
"""

import random
import shutil
from pathlib import Path

import pytest
import yaml
from test_bench import load_bench

from annals.pipeline import Generator, generate
from annals.problems import ProblemsFound
from annals.render.filters import FILTERS
from annals.settings import Settings

HERE = Path(__file__).parent
CORPUS = HERE / "fixtures" / "corpus" / "entries"
TEMPLATES = HERE.parent / "templates"


def read(path: Path) -> dict:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)  # every scalar stays text


def write(path: Path, data: dict) -> None:
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def edit(path: Path, **changes) -> None:
    data = read(path)
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    write(path, data)


class Editor:
    """A copy of a corpus, an incremental generator over it, and the full generation to compare with."""

    def __init__(self, source: Path, root: Path, **limits):
        self.root = root / "entries"
        shutil.copytree(source, self.root)
        self.limits = limits
        self.regeneration = Generator(Settings(entries=self.root, templates=TEMPLATES, **limits), incremental=True)
        pages, _, changed, *_ = self.regeneration.generate()
        self.before = {p.uri: p.content for p in pages}
        assert changed == set(self.before), "the first generation makes every page"

    def path(self, entry: str) -> Path:
        return self.root / f"{entry}.yml"

    def regenerate(self) -> set[str]:
        """Regenerate; check the pages against a full generation; return the changed addresses."""
        regenerated = self.regeneration.generate()
        pages, changed = regenerated.files, regenerated.changed
        full = generate(self.root, TEMPLATES, **self.limits)
        assert [(p.uri, p.content) for p in pages] == [(p.uri, p.content) for p in full.files]
        # The data files are made from the site as edited, as a full generation makes them (serve writes them
        # again after every rebuild: annals.beside).
        assert [(f.uri, f.content) for f in regenerated.exports.files()] == \
            [(f.uri, f.content) for f in full.exports.files()]
        after = {p.uri: p.content for p in pages}
        differing = {uri for uri in after if self.before.get(uri) != after[uri]}
        assert changed == differing, "exactly the pages that differ are reported as changed"
        self.before = after
        return changed


@pytest.fixture
def editor(tmp_path):
    return Editor(CORPUS, tmp_path)


def test_nothing_saved_nothing_made(editor):
    assert editor.regenerate() == set()
    assert editor.regeneration.rendered == 0


def test_a_file_saved_unchanged_changes_no_page(editor):
    path = editor.path("person/ann-example")
    path.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    assert editor.regenerate() == set()


def test_renaming_a_person_changes_every_page_that_lists_them_and_no_other(editor):
    # Her name shows wherever a page links to her: the pages that list her are those that hold her address.
    listing = {uri for uri, content in editor.before.items() if "ann-example" in content and uri.endswith(".md")}
    assert {"people/ann-example.md", "events/talks-2012.md", "people/index.md", "chronology/index.md",
            "sources/weekly-review.md"} <= listing  # her page, an event, two indexes, a source's citing events
    edit(editor.path("person/ann-example"), name="Ann Renamed")
    changed = editor.regenerate()
    assert {uri for uri in changed if uri.endswith(".md")} == listing
    # Every file reported changed is a page or a file of the filter index: the data files are not made by the
    # call (they are written after the rebuild, annals.beside), so they cannot delay the reload.
    assert all(uri.endswith(".md") or uri.startswith(f"{FILTERS}/") for uri in changed)
    # The filter index names her too: made with the chronology, it follows.
    assert "filters/person/ann-example.json" in changed
    # A unit is rendered again only for a page that shows her, or for the list of tags, which reads every entry.
    assert editor.regeneration.rendered <= len(listing) + 1


@pytest.mark.parametrize("entry, changes", [
    ("event/talks-2012", {"date": "2012-11-20"}),
    ("event/talks-2012", {"title": "Talks renamed", "status": "reported"}),
    ("event/talks-2012", {"place": "port-alder"}),
    ("event/next-round", {"related": [{"event": "talks-2012", "relation": "response-to", "sources": ["gazette-talks"]}]}),
    ("source/gazette-talks", {"publisher": "The Renamed Gazette"}),
    ("source/weekly-review", {"cites": ["gazette-talks"]}),
    ("place/state-house", {"located_in": None}),
    ("place/port-alder", {"name": "Port Renamed"}),
    ("organization/asia-bureau", {"parent": None}),
    ("person/ben-sample", {"roles": [{"title": "Envoy", "organization": "valley-forum"}]}),
])
def test_each_kind_of_edit_matches_a_full_generation(editor, entry, changes):
    edit(editor.path(entry), **changes)
    assert editor.regenerate()


def test_a_participant_added_and_removed(editor):
    path = editor.path("event/secret-meeting")
    original = path.read_text(encoding="utf-8")
    data = read(path)
    data["participants"] = data.get("participants", []) + [{"person": "cho-test", "role": "observer"}]
    write(path, data)
    assert "people/cho-test.md" in editor.regenerate()
    path.write_text(original, encoding="utf-8")
    assert "people/cho-test.md" in editor.regenerate()


def test_an_entry_added_then_deleted(editor):
    new = editor.path("person/dae-new")
    write(new, {"id": "dae-new", "name": "Dae New"})
    changed = editor.regenerate()
    assert {"people/dae-new.md", "people/index.md"} <= changed
    new.unlink()
    assert "people/index.md" in editor.regenerate()
    assert "people/dae-new.md" not in editor.before


def test_a_broken_file_stops_generation_and_its_fix_resumes_it(editor):
    path = editor.path("event/pledge")
    original = path.read_text(encoding="utf-8")
    path.write_text(original.replace("date:", "date: [", 1), encoding="utf-8")
    with pytest.raises(ProblemsFound) as raised:
        editor.regeneration.generate()
    assert any(p.path.endswith("event/pledge.yml") for p in raised.value.problems)
    path.write_text(original, encoding="utf-8")
    assert editor.regenerate() == set()


def test_random_edits_on_a_hub_shaped_corpus(tmp_path):
    """Dates, titles, places and participants of random events, one save at a time, timelines split."""
    corpus = tmp_path / "corpus"
    load_bench().make_corpus(300, corpus, hubs=True)
    editor = Editor(corpus, tmp_path / "copy", timeline_limit=10)
    rng = random.Random(300)
    events = sorted(editor.root.glob("event/*.yml"))
    places = sorted(p.stem for p in editor.root.glob("place/*.yml"))
    people = sorted(p.stem for p in editor.root.glob("person/*.yml"))
    for _ in range(12):
        path = rng.choice(events)
        data = read(path)
        what = rng.choice(["date", "title", "place", "participants"])
        if what == "date":
            data["date"] = f"{rng.randrange(1995, 2025)}-{rng.randint(1, 12):02d}"
        elif what == "title":
            data["title"] = data["title"] + " again"
        elif what == "place":
            data["place"] = rng.choice(places)
        else:
            data["participants"] = [{"person": p} for p in rng.sample(people, 2)]
        write(path, data)
        changed = editor.regenerate()
        assert f"events/{path.stem}.md" in changed
        assert editor.regeneration.rendered < 100, "an event edit renders its neighbourhood, not the site"
