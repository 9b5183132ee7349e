"""Under serve the engine leaves out entries with errors and builds the rest (issue 23); builds still fail."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from annals.banner import SHOWN, banner_data, write_banner
from annals.pipeline import Generator
from annals.problems import Problem, ProblemsFound
from annals.render.drafts import PROBLEM_LIST
from annals.scaffold import new_entry
from annals.settings import Settings

REPO = Path(__file__).parents[1]
CORPUS = REPO / "tests" / "fixtures" / "corpus" / "entries"
TEMPLATES = REPO / "templates"


@pytest.fixture
def entries(tmp_path) -> Path:
    shutil.copytree(CORPUS, tmp_path / "entries")
    return tmp_path / "entries"


def generator(entries: Path, tolerant: bool = True) -> Generator:
    return Generator(Settings(entries=entries, templates=TEMPLATES, display_root=entries.parent),
                     incremental=True, tolerant=tolerant)


def pages(made) -> dict[str, str]:
    return {page.uri: page.content for page in made.files}


def test_a_scaffold_is_a_draft_and_every_other_page_is_as_without_it(entries):
    without = pages(generator(entries).generate())
    new_entry("event", "Draft meeting", entries, REPO / "schemas")
    made = generator(entries).generate()
    found = pages(made)
    assert {p.path for p in made.errors} == {"entries/event/draft-meeting.yml"}
    assert "'date' is empty" in found["events/draft-meeting.md"]
    assert "entries/event/draft-meeting.yml has problems" in found["events/draft-meeting.md"]
    assert {uri: text for uri, text in found.items() if uri not in ("events/draft-meeting.md", PROBLEM_LIST)} \
        == {uri: text for uri, text in without.items() if uri != PROBLEM_LIST}
    assert "'status' is empty" in found[PROBLEM_LIST]


def test_builds_still_fail_on_a_draft(entries):
    new_entry("event", "Draft meeting", entries, REPO / "schemas")
    with pytest.raises(ProblemsFound):
        generator(entries, tolerant=False).generate()
    with pytest.raises(ProblemsFound):
        Generator(Settings(entries=entries, templates=TEMPLATES)).generate()


def test_pages_that_read_a_broken_entry_show_its_problems_and_come_back(entries):
    engine = generator(entries)
    before = pages(engine.generate())
    person = entries / "person" / "ann-example.yml"
    good = person.read_text()
    person.write_text(good + '"<script>": 1\n')
    found = pages(engine.generate())
    assert "unknown field '&lt;script&gt;'" in found["people/ann-example.md"]  # escaped for Markdown
    assert "<script>" not in found["people/ann-example.md"]
    talks = found["events/talks-2012.md"]
    assert "This page reads entries that have problems" in talks and "entries/person/ann-example.yml" in talks
    assert found["events/pledge.md"] == before["events/pledge.md"]  # does not read her
    person.write_text(good)
    assert pages(engine.generate()) == before


def test_an_entry_that_refers_to_an_unknown_one_is_left_out_too(entries):
    event = entries / "event" / "talks-2012.yml"
    event.write_text(event.read_text().replace("met\n", "met [[event:evil-id]]\n", 1))
    made = generator(entries).generate()
    assert [p.message for p in made.errors] == ["unknown event 'evil-id'"]
    assert "unknown event 'evil-id'" in pages(made)["events/talks-2012.md"]


def test_a_file_named_like_markup_has_no_page_but_is_listed(entries):
    (entries / "event" / "<img src=x onerror=alert(1)>.yml").write_text("id: x\n")
    found = pages(generator(entries).generate())
    assert not any("<img" in uri for uri in found)
    assert "`entries/event/<img src=x onerror=alert(1)>.yml:1:5`" in found[PROBLEM_LIST]  # a code span: text


def test_the_banner_names_the_first_few_errors_first_and_counts_the_rest(entries):
    for number in range(3):
        new_entry("event", f"Draft {number}", entries, REPO / "schemas")
    event = entries / "event" / "talks-2012.yml"
    event.write_text(event.read_text().replace("status: confirmed", "status: reported"))
    made = generator(entries).generate()
    data = banner_data([*made.errors, *made.warnings], "_annals/problems/")
    assert data["errors"] == len(made.errors) > SHOWN and data["more"] == data["errors"] + data["warnings"] - SHOWN
    assert [p["warning"] for p in data["shown"]] == [False] * SHOWN
    assert data["shown"][0]["where"] == "entries/event/draft-0.yml:6:1"


def test_the_banner_script_writes_text_only_and_loads_nothing_from_another_host(tmp_path):
    write_banner(str(tmp_path), [Problem("entries/<b>.yml", 1, 2, "unknown field '<script>'\x1b")], False)
    script = (tmp_path / "_annals" / "problems.js").read_text()
    assert "innerHTML" not in script and "insertAdjacentHTML" not in script and "document.write" not in script
    assert not re.search(r"https?:|//[a-z]", script.replace("http-equiv", ""))
    data = json.loads((tmp_path / "_annals" / "problems.json").read_text())
    assert data["list"] == "_annals/problems.html" and data["errors"] == 1 and data["more"] == 0
    assert data["shown"] == [{"where": "entries/<b>.yml:1:2", "message": "unknown field '<script>'\\x1b",
                              "warning": False}]
