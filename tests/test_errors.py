"""Every bad input gets an exact `path:line:column: message (hint)` and nothing is written.

Each folder under tests/fixtures/bad/ is a small corpus with one kind of
mistake; its expected.txt is the exact output of `annals check`.
"""

import shutil
from pathlib import Path

import pytest
from conftest import FIXTURE_CONFIG, mkdocs_build

from annals.cli import main
from annals.pipeline import check

BAD = Path(__file__).parent / "fixtures" / "bad"
REPO = Path(__file__).parents[1]
CASES = sorted(p.name for p in BAD.iterdir() if p.is_dir())


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file below a folder and its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def case(request, tmp_path, monkeypatch) -> Path:
    """A copy of one bad corpus, as the current directory."""
    copy = tmp_path / request.param
    shutil.copytree(BAD / request.param, copy)
    monkeypatch.chdir(copy)
    return copy


@pytest.mark.parametrize("case", CASES, indirect=True)
def test_check_reports_exact_location_and_writes_nothing(case, capsys):
    before = snapshot(case)
    assert main(["check"]) == 1
    expected = (case / "expected.txt").read_text()
    assert capsys.readouterr().out == expected
    for line in expected.splitlines()[:-1]:
        location, _, rest = line.partition(": ")
        path, line_no, column = location.split(":")
        assert (case / path).is_file() and int(line_no) >= 1 and int(column) >= 1
        assert rest.endswith(")"), "every problem carries a hint"
    assert snapshot(case) == before


@pytest.mark.parametrize("case", CASES, indirect=True)
def test_render_refuses_bad_entries_and_writes_nothing(case, capsys):
    before = snapshot(case)
    assert main(["render", "--out", "out", "--templates", str(REPO / "templates")]) == 1
    assert not (case / "out").exists()
    assert snapshot(case) == before


def test_problems_in_many_files_are_all_reported_in_one_run(capsys, monkeypatch):
    monkeypatch.chdir(BAD / "many-problems")
    main(["check"])
    out = capsys.readouterr().out
    assert {line.split(":")[0] for line in out.splitlines()[:-1]} == {
        "entries/event/first.yml", "entries/event/second.yml", "entries/person/someone.yml"}
    assert out.endswith("5 problems found\n")


@pytest.mark.slow
@pytest.mark.parametrize("case", ["python-tag", "raw-html"], indirect=True)
def test_mkdocs_build_fails_with_the_problem_and_keeps_existing_files(case):
    site = case / "site"
    site.mkdir()
    (site / "keep.txt").write_text("not Annals' to delete")
    result = mkdocs_build(FIXTURE_CONFIG, site, env={"ANNALS_ENTRIES": str(case / "entries")}, cwd=case,
                          succeed=False)
    assert result.returncode == 1
    first_problem = (case / "expected.txt").read_text().splitlines()[0].split(": ", 1)[1]
    assert first_problem in result.stderr
    assert (site / "keep.txt").read_text() == "not Annals' to delete"
    assert [p.name for p in site.iterdir()] == ["keep.txt"]


def test_a_yes_or_no_field_says_to_write_true_or_false(tmp_path):
    """The fuzzer's find: a bool field given text had a message and no hint."""
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "paper.yml").write_text(
        "id: paper\ntitle: A paper\nurl: https://paper.example/a\nconsulted: maybe not\n", encoding="utf-8")
    _, problems, _ = check(tmp_path)
    errors = [p for p in problems if not p.is_warning]
    assert [(p.line, p.column, p.message, p.hint) for p in errors] == [
        (4, 12, "'consulted' must be true or false, not 'maybe not'", "write `true` or `false`")]
