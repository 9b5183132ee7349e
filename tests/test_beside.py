"""Files written beside MkDocs' work (annals.beside): the data files in a forked process in a build, in a thread
after the build under serve, and each file replaced only once it is whole (annals.export.Exports.write)."""

from __future__ import annotations

import functools
import json
import logging
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO

import annals.export
from annals.beside import Beside
from annals.export import EXPORTS
from annals.pipeline import generate

CORPUS = REPO / "tests" / "fixtures" / "corpus" / "entries"
TEMPLATES = REPO / "templates"


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


FORKED = """
import functools, json, sys
from pathlib import Path
sys.path.insert(0, {tests!r})
from test_beside import CORPUS, TEMPLATES, files_of
from annals.beside import Beside
from annals.pipeline import generate
exports = generate(CORPUS, TEMPLATES).exports
writing = Beside()
writing.begin("the data files", functools.partial(exports.write, {folder!r}), cores=2, jobs=10_000)
started = writing._process is not None
writing.finish()
whole = {{f.uri: f.content.encode("utf-8") for f in exports.files()}}
print(json.dumps([started, files_of(Path({folder!r})) == whole]))
"""


def test_the_data_files_written_in_a_forked_process_are_the_files_made_here(tmp_path):
    """In a process of its own: the test run's browser keeps a thread, and no process forks beside a thread."""
    script = FORKED.format(tests=str(Path(__file__).parent), folder=str(tmp_path / "site"))
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == [True, True], "no process was started, or it wrote other files"
    assert sorted(files_of(tmp_path / "site")) == sorted(EXPORTS)


FAILING = """
import functools, sys
sys.path.insert(0, {tests!r})
from mkdocs.exceptions import PluginError
from test_beside import CORPUS, TEMPLATES
from annals.beside import Beside
from annals.pipeline import generate
exports = generate(CORPUS, TEMPLATES).exports
writing = Beside()
writing.begin("the data files into {site}", functools.partial(exports.write, {site!r}), cores=2, jobs=10_000)
assert writing._process is not None, "no process was started"
try:
    writing.finish()
except PluginError as error:
    print(error)
"""


def test_a_failed_writing_process_is_reported_here_without_a_traceback(tmp_path):
    (tmp_path / "site").write_text("a file where the site folder should be", encoding="utf-8")
    script = FAILING.format(tests=str(Path(__file__).parent), site=str(tmp_path / "site"))
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)
    assert done.returncode == 0 and "could not write the data files into" in done.stdout, done.stdout + done.stderr
    assert "Traceback" not in done.stderr, done.stderr


def test_under_serve_the_files_are_written_after_the_build_and_a_failure_is_logged(tmp_path, caplog):
    exports = generate(CORPUS, TEMPLATES).exports
    writing = Beside()
    writing.begin("the data files", functools.partial(exports.write, tmp_path / "site"), cores=1, jobs=1)
    assert not (tmp_path / "site").exists(), "begun, not done: there is no spare process here"
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.annals"):
        writing.finish_later()
        writing.wait()
        assert sorted(files_of(tmp_path / "site")) == sorted(EXPORTS)
        assert "Annals wrote the data files" in caplog.text
        (tmp_path / "blocked").write_text("not a folder", encoding="utf-8")
        writing.begin("the data files", functools.partial(exports.write, tmp_path / "blocked"), cores=1, jobs=1)
        writing.finish_later()
        writing.wait()
    assert "Annals could not write the data files: NotADirectoryError" in caplog.text


def test_a_file_is_replaced_only_once_it_is_whole(tmp_path, monkeypatch):
    """Making a file that fails half-way leaves the one before as it was, and no partial file behind."""
    exports = generate(CORPUS, TEMPLATES).exports
    exports.write(tmp_path)
    before = files_of(tmp_path)

    def failing(site, publication):
        yield "id,title\r\n"
        raise RuntimeError("made half-way")

    monkeypatch.setattr(annals.export, "events_csv", failing)
    with pytest.raises(RuntimeError, match="made half-way"):
        exports.write(tmp_path)
    assert files_of(tmp_path) == before


def test_written_pieces_are_the_whole_files(tmp_path):
    """Streamed or joined, one text: CRLF line ends of CSV and iCalendar kept, the byte order mark first."""
    exports = generate(CORPUS, TEMPLATES).exports
    exports.write(tmp_path)
    whole = {f.uri: f.content.encode("utf-8") for f in exports.files()}
    assert files_of(tmp_path) == whole
    assert whole["data/events.csv"].startswith("\ufeffid,".encode()) and b"\r\n" in whole["data/events.ics"]
