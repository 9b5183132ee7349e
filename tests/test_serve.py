"""`mkdocs serve` and `make serve`: problems shown in the browser, editor files ignored, a clean stop."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from annals.devserver import error_page, is_editor_file
from annals.problems import Problem
from conftest import fixture_project, mkdocs_build, visit
from test_plugin import free_port, wait_for

REPO = Path(__file__).parents[1]
ENTRY = Path("entries") / "event" / "talks-2012.yml"
TITLE = "Two-day talks in Port Alder"
WAIT_MS = 45_000
pytestmark = pytest.mark.slow


@contextlib.contextmanager
def serving(project: Path):
    """``mkdocs serve`` of ``project`` on a free port; yields (base URL, log file); always stopped."""
    port = free_port()
    log = project / "serve.log"
    env = os.environ | {"NO_MKDOCS_2_WARNING": "1"}
    with log.open("w") as out:
        server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
                                  cwd=project, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        yield f"http://127.0.0.1:{port}/", log
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=20)


def edit(project: Path, old: str, new: str) -> None:
    """Replace ``old`` by ``new`` in the test entry, as an editor saving it would."""
    path = project / ENTRY
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def builds(log: Path) -> int:
    """How many builds ``mkdocs serve`` has started so far."""
    return log.read_text().count("Building documentation")


@pytest.mark.browser
def test_a_broken_entry_shows_its_problems_in_the_browser_until_it_is_fixed(browser, tmp_path):
    project = fixture_project(tmp_path)
    with serving(project.parent) as (base, _), visit(browser) as page:
        assert wait_for(f"{base}events/talks-2012/", TITLE), "mkdocs serve did not come up"
        loads = []
        page.on("load", lambda: loads.append(page.url))
        page.goto(f"{base}events/talks-2012/")
        expect(page.locator("h1")).to_contain_text(TITLE)

        edit(project.parent, "status: confirmed", "status: bogus")
        problems = page.locator("#annals-problems")
        expect(problems).to_contain_text("entries/event/talks-2012.yml:6:9", timeout=WAIT_MS)
        expect(problems).to_contain_text("'bogus' is not an allowed status")
        expect(problems.locator(".hint")).to_contain_text("allowed values: confirmed")

        edit(project.parent, "status: bogus", "status: confirmed")
        expect(page.locator("h1")).to_contain_text(TITLE, timeout=WAIT_MS)
        expect(problems).to_have_count(0)
        assert len(loads) >= 3, f"the page was not reloaded by the server: {loads}"


@pytest.mark.browser
def test_a_hostile_problem_message_shows_as_text_and_runs_nothing(browser, tmp_path):
    project = fixture_project(tmp_path)
    hostile = "<img src=x onerror=alert(1)>"
    with serving(project.parent) as (base, _), visit(browser) as page:
        assert wait_for(f"{base}events/talks-2012/", TITLE), "mkdocs serve did not come up"
        dialogs = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(f"{base}events/talks-2012/")

        edit(project.parent, "status: confirmed", f'status: confirmed\n"{hostile}": 1')
        problems = page.locator("#annals-problems")
        expect(problems).to_contain_text(hostile, timeout=WAIT_MS)
        expect(problems.locator("img")).to_have_count(0)
        page.wait_for_timeout(1000)
        assert dialogs == []


@pytest.mark.browser
def test_serve_starting_on_a_broken_entry_shows_the_problems_on_every_url(browser, tmp_path):
    project = fixture_project(tmp_path)
    edit(project.parent, "status: confirmed", "status: bogus")
    with serving(project.parent) as (base, _):
        assert wait_for(base, "annals-problems"), "mkdocs serve did not come up with the problems"
        context = browser.new_context()
        try:
            page = context.new_page()
            # No good build yet: an entry's page is unknown and MkDocs answers 404 with the error page.
            response = page.goto(f"{base}events/talks-2012/")
            assert response.status == 404
            expect(page.locator("#annals-problems")).to_contain_text("talks-2012.yml:6:9")
            edit(project.parent, "status: bogus", "status: confirmed")
            expect(page.locator("h1")).to_contain_text(TITLE, timeout=WAIT_MS)
        finally:
            context.close()


def test_saving_editor_files_rebuilds_nothing(tmp_path):
    project = fixture_project(tmp_path).parent
    with serving(project) as (base, log):
        assert wait_for(f"{base}events/talks-2012/", TITLE), "mkdocs serve did not come up"
        before = builds(log)
        for name in ("talks-2012.yml~", ".#talks-2012.yml", "#talks-2012.yml#", ".talks-2012.yml.swp",
                     "talks-2012.yml.swo", "talks-2012.yml.swx", "4913"):
            (project / "entries" / "event" / name).write_text("status: [broken\n")
        time.sleep(3)  # the watcher polls every 0.5 s
        assert builds(log) == before, log.read_text()
        edit(project, TITLE, "Renamed talks")
        assert wait_for(f"{base}events/talks-2012/", "Renamed talks"), "a real edit was not rebuilt"
        assert "problem" not in log.read_text()


def test_mkdocs_build_still_fails_on_a_broken_entry(tmp_path):
    config = fixture_project(tmp_path)
    edit(tmp_path, "status: confirmed", "status: bogus")
    result = mkdocs_build(config, tmp_path / "site", strict=False, succeed=False, cwd=tmp_path, timeout=300)
    assert result.returncode == 1
    assert "entries/event/talks-2012.yml:6:9: 'bogus' is not an allowed status (allowed values:" in result.stderr
    assert config.is_file() and not (tmp_path / "site" / "index.html").exists()


def test_stopping_make_serve_stops_mkdocs(tmp_path):
    recipe = re.search(r"^serve:.*\n\t(.*)", (REPO / "Makefile").read_text(), re.MULTILINE).group(1)
    assert recipe.startswith("exec "), recipe
    config = fixture_project(tmp_path)
    port = free_port()
    make = subprocess.Popen(["make", "--no-print-directory", "serve", f"CONFIG={config}",
                             f"DEV_ADDR=127.0.0.1:{port}"], cwd=REPO, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert wait_for(f"http://127.0.0.1:{port}/", "Annals fixture site"), "make serve did not come up"
        children = Path(f"/proc/{make.pid}/task/{make.pid}/children").read_text().split()
        assert len(children) == 1, children
        make.send_signal(signal.SIGTERM)  # make alone, as a process manager or an IDE stops it
        make.wait(timeout=20)
        assert _gone(int(children[0]), seconds=20), "mkdocs kept running after make was stopped"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(make.pid, signal.SIGKILL)  # the group this test started, if anything is left


def _gone(pid: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not Path(f"/proc/{pid}").exists() or " Z " in Path(f"/proc/{pid}/stat").read_text():
            return True
        time.sleep(0.2)
    return False


def test_the_error_page_escapes_everything_and_loads_nothing():
    problem = Problem("entries/<b>.yml", 2, 3, 'unknown field "<script>alert(1)</script>"', "hint <i>&</i>\x1b")
    html = error_page([problem], poll=True)
    assert "<script>alert" not in html and "<b>" not in html and "<i>" not in html
    assert "entries/&lt;b&gt;.yml:2:3" in html and "hint &lt;i&gt;&amp;&lt;/i&gt;\\x1b" in html
    assert not re.search(r"(src|href)=", html)


@pytest.mark.parametrize("name", ["x.yml~", ".#x.yml", "#x.yml#", "x.yml.swp", "x.swo", "x.swx", "4913"])
def test_editor_files_are_recognized(name):
    assert is_editor_file(name)


@pytest.mark.parametrize("name", ["x.yml", "#x.yml", "4913.yml"])
def test_entry_files_are_not_editor_files(name):
    assert not is_editor_file(name)
