"""The `annals` command as an editor and a maintainer use it."""

import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from annals.cli import MANIFEST, main
from annals.load import load_entries

HERE = Path(__file__).parent
CORPUS = HERE / "fixtures" / "corpus" / "entries"
TEMPLATES = HERE.parent / "templates"
GOLDEN = HERE / "golden"


GOLDEN_CONFIG = f"""\
site_name: Annals
plugins:
  - annals:
      entries: {json.dumps(str(CORPUS))}
      templates: {json.dumps(str(TEMPLATES))}
      history: false
"""
"""The golden files' settings: the plugin's defaults, without git history (which changes with every commit)."""


def render_to(out: Path) -> int:
    """``annals render`` of the fixture corpus with the golden files' settings."""
    config = out.parent / "golden-mkdocs.yml"
    config.write_text(GOLDEN_CONFIG, encoding="utf-8")
    (out.parent / "docs").mkdir(exist_ok=True)  # MkDocs' own option: the folder must exist
    return main(["render", "--out", str(out), "--config-file", str(config)])


def test_check_counts_entries_when_all_is_well(capsys):
    assert main(["check", "--entries", str(CORPUS)]) == 0
    assert capsys.readouterr().out == "27 entries checked, no problems found\n"


def test_check_is_a_console_command():
    result = subprocess.run([sys.executable, "-m", "annals.cli", "check", "--entries", str(CORPUS)],
                            capture_output=True, text=True)
    assert result.returncode == 0 and "no problems found" in result.stdout


def test_render_writes_the_markdown_pages(tmp_path, capsys):
    assert render_to(tmp_path / "out") == 0
    written = sorted(p.relative_to(tmp_path / "out").as_posix() for p in (tmp_path / "out").rglob("*.md"))
    assert written == sorted(p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*.md"))
    assert (tmp_path / "out" / "events" / "talks-2012.md").read_text() == \
        (GOLDEN / "events" / "talks-2012.md").read_text()
    data = sorted(p.relative_to(tmp_path / "out").as_posix() for p in (tmp_path / "out").rglob("*")
                  if p.is_file() and p.suffix != ".md" and not p.name.startswith("."))
    assert data == sorted(p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*") if p.is_file() and p.suffix != ".md")
    assert capsys.readouterr().out == f"{len(written)} pages and {len(data)} data files written to {tmp_path / 'out'}\n"


def test_render_refuses_a_folder_it_did_not_make(tmp_path, capsys):
    out = tmp_path / "docs"
    out.mkdir()
    (out / "index.md").write_text("# Hand-written\n")
    assert render_to(out) == 2
    assert "holds files that annals render did not write" in capsys.readouterr().err
    assert [p.name for p in out.iterdir()] == ["index.md"]
    assert (out / "index.md").read_text() == "# Hand-written\n"


def test_render_again_replaces_only_its_own_files(tmp_path):
    out = tmp_path / "out"
    assert render_to(out) == 0
    (out / "events" / "stale.md").write_text("left by hand\n")
    manifest = out / MANIFEST
    manifest.write_text(manifest.read_text() + "events/old-page.md\n")
    (out / "events" / "old-page.md").write_text("from an older render\n")
    assert render_to(out) == 0
    assert not (out / "events" / "old-page.md").exists()
    assert (out / "events" / "stale.md").read_text() == "left by hand\n"


def test_render_refuses_a_file_as_output(tmp_path, capsys):
    target = tmp_path / "file.txt"
    target.write_text("x")
    assert render_to(target) == 2
    assert target.read_text() == "x"


BROKEN = Path(__file__).parent / "fixtures" / "bad" / "many-problems"


def test_new_writes_a_scaffold_with_a_derived_id_and_the_schema_line(tmp_path, capsys):
    entries = tmp_path / "entries"
    assert main(["new", "event", "Talks in Ulaanbaatar: day two", "--entries", str(entries),
                 "--schemas", str(tmp_path / "schemas")]) == 0
    path = entries / "event" / "talks-in-ulaanbaatar-day-two.yml"
    text = path.read_text()
    assert text.startswith("# yaml-language-server: $schema=../../schemas/event.schema.json\n")
    assert 'title: "Talks in Ulaanbaatar: day two"' in text
    for field in ["id", "date", "date_text", "place", "kind", "status", "participants", "related", "sources",
                  "quote", "summary", "aliases", "tags", "note", "disagreements"]:
        assert re.search(rf"^{field}:.* # \S", text, re.MULTILINE), f"{field} is missing or has no comment"
    assert capsys.readouterr().out == f"created {path.as_posix()}: fill it in, then run `annals check`\n"


STRAY_PUNCTUATION = re.compile(r",\s*\.|\s,|\.\.|\(\s*\)|\s\.$")
"""What a sentence made from a docstring must not show: ", .", " ,", "..", "()", or a full stop after a space."""


@pytest.mark.parametrize("entry_type", ["event", "person", "organization", "place", "source"])
def test_every_scaffold_header_reads_as_a_sentence(entry_type, tmp_path, capsys):
    assert main(["new", entry_type, "X", "--id", "x", "--entries", str(tmp_path)]) == 0
    lines = (tmp_path / entry_type / "x.yml").read_text().splitlines()
    header = [line for line in lines[1:] if line.startswith("# ")][:2]
    assert header[0].startswith(f"# {entry_type.capitalize()}: ") and header[0].endswith(".")
    for line in header:
        assert not STRAY_PUNCTUATION.search(line), line


@pytest.mark.parametrize("doc, sentence", [
    ("A government body, company, newspaper, conference series, ...", "A government body, company, newspaper, conference series."),
    ("A city, building or region.", "A city, building or region."),
    ("Something (or nothing) that happened ().\n\n    More text.", "Something (or nothing) that happened."),
    ("", ""),
])
def test_a_docstring_becomes_one_sentence(doc, sentence):
    from annals.scaffold import one_sentence

    assert one_sentence(doc) == sentence


def test_new_never_overwrites(tmp_path, capsys):
    args = ["new", "person", "Song Il Ho", "--entries", str(tmp_path)]
    assert main(args) == 0
    (tmp_path / "person" / "song-il-ho.yml").write_text("id: song-il-ho\nname: Song Il Ho\n")
    assert main(args) == 2
    assert "already exists" in capsys.readouterr().err
    assert (tmp_path / "person" / "song-il-ho.yml").read_text() == "id: song-il-ho\nname: Song Il Ho\n"


def test_a_fresh_scaffold_names_each_empty_required_field(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    main(["new", "event", "A meeting"])
    capsys.readouterr()
    assert main(["check"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[:3] == [
        "entries/event/a-meeting.yml:6:1: 'date' is empty (write a value after `date:`)",
        "entries/event/a-meeting.yml:11:1: 'kind' is empty (write a value after `kind:`)",
        "entries/event/a-meeting.yml:12:1: 'status' is empty (write a value after `status:`)",
    ]


def test_check_speaks_json_for_tools(capsys, monkeypatch):
    monkeypatch.chdir(BROKEN)
    assert main(["check", "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["entries"] == 4
    assert report["problems"][0] == {"path": "entries/event/first.yml", "line": 3, "column": 12,
                                     "severity": "error", "message": "month 13 does not exist",
                                     "hint": "use a month from 01 to 12"}


def test_check_on_github_actions_annotates_the_pull_request(capsys, monkeypatch):
    monkeypatch.chdir(BROKEN)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert main(["check"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "entries/event/first.yml:3:12: month 13 does not exist (use a month from 01 to 12)"
    assert "::error file=entries/event/first.yml,line=3,col=12,title=annals check::" \
           "month 13 does not exist (use a month from 01 to 12)" in lines
    assert sum(line.startswith("::error ") for line in lines) == 5


def test_schema_command_writes_every_type(tmp_path, capsys):
    assert main(["schema", "--out", str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "event.schema.json", "organization.schema.json", "person.schema.json", "place.schema.json",
        "source.schema.json", "tag.schema.json"]


def test_new_accepts_only_a_slug_as_id(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["new", "person", "X", "--id", "../../x"]) == 2
    assert '"../../x" is not a valid id' in capsys.readouterr().err
    assert list(tmp_path.rglob("*")) == []


def test_new_refuses_an_id_the_check_would_refuse(tmp_path, capsys, monkeypatch):
    """Issue 21: ``--id $'nl\\n'`` made a file whose name held a line break (the slug test let a final one by)."""
    monkeypatch.chdir(tmp_path)
    assert main(["new", "person", "X", "--id", "nl\n"]) == 2
    assert capsys.readouterr().err == ('annals new: "nl\\n" is not a valid id: use lowercase letters, digits and '
                                       "single hyphens, e.g. 'nl'\n")
    assert list(tmp_path.rglob("*")) == []


def test_new_bounds_an_id_made_from_a_long_label(tmp_path, capsys, monkeypatch):
    """Issue 21: a 300-character label gave a file name too long for the disk, and a traceback."""
    monkeypatch.chdir(tmp_path)
    assert main(["new", "event", "word " * 60]) == 0
    path, = (tmp_path / "entries" / "event").iterdir()
    assert path.name == "-".join(["word"] * 16) + ".yml"
    assert main(["new", "event", "a" * 300]) == 0
    assert (tmp_path / "entries" / "event" / f"{'a' * 80}.yml").is_file()
    capsys.readouterr()


def test_new_reports_a_file_it_cannot_write_without_a_traceback(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = subprocess.run([sys.executable, "-m", "annals.cli", "new", "event", "X", "--id", "a" * 300],
                            capture_output=True, text=True)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith("annals new: cannot write entries/event/aaa") and "File name too long" in result.stderr


@pytest.mark.parametrize("label", ["null", "~", "yes", "No", "1e3", "0x10", "2024-06-13", " padded ", "a: b", "# x"])
def test_new_writes_every_value_so_it_loads_back_as_written(tmp_path, capsys, monkeypatch, label):
    """Issue 21: ``--title null`` was written unquoted and loaded as no title."""
    monkeypatch.chdir(tmp_path)
    assert main(["new", "source", "s", "--title", label, "--publisher", label]) == 0
    document, = load_entries(tmp_path / "entries")[0]
    assert document.data["title"] == label and document.data["publisher"] == label
    capsys.readouterr()


def test_new_quotes_a_label_that_would_add_fields(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["new", "person", "Eve\nurl: javascript:alert(1)"]) == 0
    capsys.readouterr()
    text = next(tmp_path.rglob("*.yml")).read_text()
    assert 'name: "Eve\\nurl: javascript:alert(1)"' in text
    assert main(["check"]) == 1  # a one-line field with a line break, not a new field
    assert "expected one line of text" in capsys.readouterr().out


def test_entry_text_cannot_forge_workflow_commands(tmp_path, capsys, monkeypatch):
    """A YAML key with a line break would otherwise print a line that GitHub runs as a command."""
    (tmp_path / "entries" / "person").mkdir(parents=True)
    (tmp_path / "entries" / "person" / "a.yml").write_text(
        'id: a\nname: A\n"x\\n::add-mask::secret\\r\\n::stop-commands::t": 1\n')
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert main(["check"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3 and not any(line.startswith("::") and not line.startswith("::error ") for line in lines)
    assert not any("::add-mask::" in line or "::stop-commands::" in line for line in lines)
    assert lines[0].startswith("entries/person/a.yml:3:1: unknown field 'x\\n:%3Aadd-mask:%3Asecret\\r\\n")


def test_new_source_takes_verified_fields_and_leaves_the_title_empty(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["new", "source", "Head Post 2024 meeting", "--url", "https://head-post.com/a",
                 "--publisher", "Head Post", "--published", "2024-06-13"]) == 0
    text = (tmp_path / "entries" / "source" / "head-post-2024-meeting.yml").read_text()
    assert re.search(r"^title: +#", text, re.MULTILINE), "the label must not become the title"
    assert re.search(r'^url: "https://head-post.com/a" +#', text, re.MULTILINE)
    assert re.search(r'^publisher: "Head Post" +#', text, re.MULTILINE)
    assert re.search(r'^published: "2024-06-13" +#', text, re.MULTILINE)
    capsys.readouterr()
    assert main(["check"]) == 0


def test_source_fields_are_refused_for_other_types(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["new", "person", "X", "--url", "https://x.org"]) == 2
    assert "are for `annals new source`" in capsys.readouterr().err


@pytest.mark.parametrize("entry_type", ["event", "person", "organization", "place", "source"])
def test_new_type_help_shows_that_types_fields_and_an_example(entry_type, tmp_path):
    from annals.fields import fields
    from annals.model import MODELS
    from annals.scaffold import NOT_SCAFFOLDED

    result = subprocess.run([sys.executable, "-m", "annals.cli", "new", entry_type, "--help"],
                            capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert result.returncode == 0 and result.stderr == ""
    help_text = result.stdout
    assert help_text.startswith(f"usage: annals new {entry_type} ")
    for info in fields(MODELS[entry_type]):
        shown = re.search(rf"^  {info.name} ", help_text, re.MULTILINE) is not None
        assert shown == (info.name not in NOT_SCAFFOLDED), f"{info.name} is wrongly shown or missing in\n{help_text}"
    example = help_text.split("Example:\n", 1)[1].strip().replace("\\\n", " ")
    assert example.startswith(f"annals new {entry_type} ")
    assert ("--title" in help_text) == (entry_type == "source"), "only a source takes --title, --url, ..."
    assert main([*shlex.split(example)[1:], "--entries", str(tmp_path / "entries")]) == 0, "the example must work"
