"""The `annals` command as an editor and a maintainer use it."""

import subprocess
import sys
from pathlib import Path

from annals.cli import MANIFEST, main

HERE = Path(__file__).parent
CORPUS = HERE / "fixtures" / "corpus" / "entries"
TEMPLATES = HERE.parent / "templates"
GOLDEN = HERE / "golden"


def render_to(out: Path) -> int:
    return main(["render", "--out", str(out), "--entries", str(CORPUS), "--templates", str(TEMPLATES)])


def test_check_counts_entries_when_all_is_well(capsys):
    assert main(["check", "--entries", str(CORPUS)]) == 0
    assert capsys.readouterr().out == "26 entries checked, no problems found\n"


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
    assert capsys.readouterr().out == f"{len(written)} pages written to {tmp_path / 'out'}\n"


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
