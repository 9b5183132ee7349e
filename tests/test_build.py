"""``annals build`` (annals/build.py): a strict build swapped in on success, the old site kept on failure.

Real MkDocs builds of a copy of the fixture corpus in a temporary folder, over a copy of its built site.
"""

from __future__ import annotations

import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, fixture_project

from annals.build import build_site

pytestmark = pytest.mark.slow

EVENT = Path("entries") / "event" / "talks-2012.yml"
EVENT_PAGE = Path("events") / "talks-2012" / "index.html"


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def project(tmp_path, fixture_site) -> Path:
    """A copy of the fixture project with a copy of its built site in out/site; returns its mkdocs.yml.

    The site is the session's strict build of the same corpus (conftest.py), copied
    rather than built again. ``build_site`` into a folder that does not exist yet
    is what the editor walk (test_editor.py) runs with ``annals build``.
    """
    config = fixture_project(tmp_path / "project")
    shutil.copytree(fixture_site, tmp_path / "out" / "site")
    assert (tmp_path / "out" / "site" / EVENT_PAGE).is_file()
    return config


def edit(config: Path, path: Path, old: str, new: str) -> None:
    file = config.parent / path
    text = file.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {file}"
    file.write_text(text.replace(old, new), encoding="utf-8")


def test_a_successful_build_replaces_the_site_and_leaves_nothing_beside_it(project, tmp_path):
    site = tmp_path / "out" / "site"
    (site / "stale.html").write_text("from an older build")
    edit(project, EVENT, "Two-day talks in Port Alder", "Renamed talks in Port Alder")
    assert build_site(project, site) == 0
    assert "Renamed talks in Port Alder" in (site / EVENT_PAGE).read_text(encoding="utf-8")
    assert not (site / "stale.html").exists()
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["site"]
    reference = tmp_path / "made-by-mkdir"
    reference.mkdir()
    assert stat.S_IMODE(site.stat().st_mode) == stat.S_IMODE(reference.stat().st_mode), "not private like a temp folder"


@pytest.mark.parametrize(("path", "old", "new", "message"), [
    (EVENT, "status: confirmed", "status: rumoured", "'rumoured' is not an allowed status"),
    (Path("docs") / "index.md", "\n", "\n\nSee [a missing page](missing.md).\n", "missing.md"),
], ids=["bad-status", "strict-warning"])
def test_a_failed_build_leaves_the_previous_site_byte_identical(project, tmp_path, capfd, path, old, new, message):
    site = tmp_path / "out" / "site"
    before = files_of(site)
    edit(project, path, old, new)
    assert build_site(project, site) == 1
    assert files_of(site) == before
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["site"], "the temporary folder must be gone"
    output = capfd.readouterr()
    assert message in output.err
    assert f"{site} was left as it was" in output.err
    assert "Traceback" not in output.out + output.err


def test_annals_build_on_the_command_line_exits_1_and_keeps_the_site(project, tmp_path):
    site = tmp_path / "out" / "site"
    before = files_of(site)
    edit(project, EVENT, "status: confirmed", "status: rumoured")
    result = subprocess.run([sys.executable, "-m", "annals.cli", "build", "--config-file", str(project),
                             "--site-dir", str(site)], capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 1, result.stderr
    assert "entries/event/talks-2012.yml:" in result.stderr and "Traceback" not in result.stderr
    assert files_of(site) == before


def test_it_never_replaces_the_project_or_a_folder_that_is_not_a_site(tmp_path, capfd):
    config = fixture_project(tmp_path / "project")
    before = files_of(config.parent)
    assert build_site(config, config.parent) == 2
    assert build_site(config, tmp_path) == 2
    other = tmp_path / "notes"
    other.mkdir()
    (other / "todo.txt").write_text("keep me")
    assert build_site(config, other) == 2
    assert files_of(config.parent) == before and (other / "todo.txt").read_text() == "keep me"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes", "project"]
    err = capfd.readouterr().err
    assert "holds the project itself" in err and "not a built site" in err
