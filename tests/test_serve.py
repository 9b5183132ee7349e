"""`mkdocs serve` and `make serve`: problems shown in the browser, editor files ignored, a clean stop."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urljoin

import pytest
from conftest import fixture_project, indexed_pages, mkdocs_build, visit
from playwright.sync_api import expect
from test_accessibility import AXE, RUN_AXE, THEME_ONLY_SELECTORS
from test_plugin import free_port, wait_for

from annals.devserver import error_page, is_editor_file
from annals.problems import Problem

REPO = Path(__file__).parents[1]
ENTRY = Path("entries") / "event" / "talks-2012.yml"
TITLE = "Two-day talks in Port Alder"
WAIT_MS = 45_000
pytestmark = pytest.mark.slow


@contextlib.contextmanager
def serving(project: Path, dirty: bool = True):
    """``mkdocs serve`` of ``project`` on a free port, ``--dirty`` as ``make serve`` runs it unless told
    otherwise; yields (base URL, log file); always stopped. Its site folder is made under ``project/tmp``."""
    port = free_port()
    log = project / "serve.log"
    (project / "tmp").mkdir(exist_ok=True)
    env = os.environ | {"NO_MKDOCS_2_WARNING": "1", "TMPDIR": str(project / "tmp")}
    # The configuration named as the Makefile names it: MkDocs gives the first build that relative path.
    command = [sys.executable, "-m", "mkdocs", "serve", "--config-file", "mkdocs.yml", "--dev-addr", f"127.0.0.1:{port}"]
    with log.open("w") as out:
        server = subprocess.Popen(command + (["--dirty"] if dirty else []),
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


def shot(page, name: str) -> None:
    """A screenshot of the whole page, to look at after a run: /tmp/serve-<name>.png."""
    page.screenshot(path=f"/tmp/serve-{name}.png", full_page=True)


@pytest.mark.browser
@pytest.mark.parametrize("dirty", [True, False], ids=["make-serve", "plain-mkdocs-serve"])
def test_a_broken_entry_shows_its_problems_at_its_page_until_it_is_fixed(browser, tmp_path, dirty):
    project = fixture_project(tmp_path)
    with serving(project.parent, dirty) as (base, _), visit(browser) as page:
        assert wait_for(f"{base}events/talks-2012/", TITLE), "mkdocs serve did not come up"
        loads = []
        page.on("load", lambda: loads.append(page.url))
        page.goto(f"{base}events/talks-2012/")
        expect(page.locator("h1")).to_contain_text(TITLE)

        edit(project.parent, "status: confirmed", "status: bogus")
        article = page.locator("article")
        expect(article).to_contain_text("entries/event/talks-2012.yml:6:9", timeout=WAIT_MS)
        expect(article).to_contain_text("'bogus' is not an allowed status")
        expect(article).to_contain_text("allowed values: confirmed")
        expect(page.locator("#annals-banner")).to_contain_text("entries/event/talks-2012.yml:6:9")
        expect(page.locator("#annals-problems")).to_have_count(0)  # the site, not the error page

        edit(project.parent, "status: bogus", "status: confirmed")
        expect(page.locator("h1")).to_contain_text(TITLE, timeout=WAIT_MS)
        expect(page.locator("#annals-banner")).to_have_count(0)
        # The heading shows before the reloaded page's load event fires: wait for it, or a busy machine
        # finds two loads where there were three.
        page.wait_for_load_state("load")
        assert len(loads) >= 3, f"the page was not reloaded by the server: {loads}"


@pytest.mark.browser
def test_warnings_and_hostile_messages_show_in_the_banner_as_text(browser, tmp_path):
    project = fixture_project(tmp_path).parent
    hostile = "<img src=x onerror=alert(1)>"
    with serving(project) as (base, _), visit(browser) as page:
        assert wait_for(f"{base}events/talks-2012/", TITLE), "mkdocs serve did not come up"
        dialogs = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(f"{base}events/talks-2012/")
        banner = page.locator("#annals-banner")
        expect(page.locator("h1")).to_contain_text(TITLE)
        expect(banner).to_have_count(0)

        edit(project, "status: confirmed", "status: reported")  # the check --strict refuses it
        expect(banner).to_contain_text("warning: status 'reported' does not follow from the sources",
                                       timeout=WAIT_MS)
        expect(banner).to_contain_text("entries/event/talks-2012.yml:6:9")
        expect(page.locator("h1")).to_contain_text(TITLE)  # a warning leaves the page as it is
        shot(page, "warning")
        assert_accessible(page)

        edit(project, "status: reported", f'status: confirmed\n"{hostile}": 1')
        expect(banner).to_contain_text(f"unknown field '{hostile}'", timeout=WAIT_MS)
        expect(page.locator("article")).to_contain_text(f"unknown field '{hostile}'")
        expect(page.locator("img[src=x]")).to_have_count(0)
        shot(page, "hostile")
        page.wait_for_timeout(1000)
        assert dialogs == []


@pytest.mark.browser
def test_serve_starting_on_a_broken_entry_shows_the_site_and_the_entrys_problems(browser, tmp_path):
    project = fixture_project(tmp_path)
    edit(project.parent, "status: confirmed", "status: bogus")
    with serving(project.parent) as (base, _), visit(browser) as page:
        assert wait_for(base, "Fixture site"), "mkdocs serve did not come up"
        response = page.goto(f"{base}events/talks-2012/")
        assert response.status == 200
        expect(page.locator("article")).to_contain_text("talks-2012.yml:6:9")
        expect(page.locator("#annals-banner")).to_contain_text("talks-2012.yml:6:9")
        edit(project.parent, "status: bogus", "status: confirmed")
        expect(page.locator("h1")).to_contain_text(TITLE, timeout=WAIT_MS)


def test_a_build_has_no_trace_of_the_preview_banner(fixture_site):
    assert not (fixture_site / "_annals").exists()
    for html in fixture_site.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        assert "problems.js" not in text and "annals-banner" not in text, html


def assert_accessible(page) -> None:
    """No axe violation on the page with its banner, light and dark, but those only the theme can fix."""
    page.add_script_tag(path=str(AXE))
    for scheme in ("default", "slate"):
        page.evaluate("scheme => document.body.setAttribute('data-md-color-scheme', scheme)", scheme)
        page.wait_for_timeout(400)
        assert page.evaluate(RUN_AXE, [None, THEME_ONLY_SELECTORS]) == [], scheme


def built(log: Path) -> int:
    """How many builds ``mkdocs serve`` has finished so far."""
    return log.read_text().count("Documentation built in")


def fetch(url: str) -> str:
    """A page as served, without the live reload script (it names the build, so it changes every time)."""
    with urllib.request.urlopen(url, timeout=10) as response:
        html = response.read().decode("utf-8")
    return re.sub(r"livereload\(\d+, \d+\);", "", html)


def test_an_edit_rebuilds_exactly_the_pages_that_show_it(tmp_path):
    """make serve: rename a person, and exactly the pages that link to her are built again, and changed."""
    project = fixture_project(tmp_path).parent
    with serving(project) as (base, log):
        assert wait_for(f"{base}events/talks-2012/", TITLE), "mkdocs serve did not come up"
        (site,) = (project / "tmp").glob("mkdocs_*")  # serve's own temporary site folder
        urls = re.findall(r"<loc>([^<]+)</loc>", fetch(f"{base}sitemap.xml"))
        assert len(urls) > 30
        before = {url: fetch(url) for url in urls}
        her_page = f"{base}people/ann-example/"
        listing = {url for url, html in before.items()  # her page and every page with a link to it
                   if url == her_page or any(urljoin(url, href) == her_page for href in re.findall(r'href="([^"#]*)', html))}
        assert {f"{base}people/ann-example/", f"{base}events/talks-2012/", f"{base}chronology/",
                f"{base}sources/weekly-review/"} <= listing
        html_files = {path: path.stat().st_mtime_ns for path in site.rglob("*.html")}
        fragments = len(list((site / "search" / "p").iterdir()))
        count, written_beside = built(log), log.read_text().count("Annals wrote")

        path = project / "entries" / "person" / "ann-example.yml"
        path.write_text(path.read_text().replace("name: Ann Example", "name: Ann Renamed"))
        deadline = time.monotonic() + 60
        while built(log) == count and time.monotonic() < deadline:
            time.sleep(0.2)
        assert built(log) > count, log.read_text()

        after = {url: fetch(url) for url in urls}
        changed = {url for url in urls if after[url] != before[url]}
        assert changed == listing
        assert all("Ann Renamed" in after[url] for url in listing)
        written = {p for p, mtime in html_files.items() if p.stat().st_mtime_ns != mtime}
        always_built = {site / "index.html", site / "about" / "index.html", site / "404.html"}  # few, cheap
        assert {p.parent.relative_to(site).as_posix() for p in written - always_built} == \
            {url.removeprefix(base).rstrip("/") for url in listing}, "only those pages were built again"
        # Once written after the build (annals.beside), the search index is current: every indexed page once (no
        # chunk of the last build left), the renamed one under its new title; so are the data files.
        while log.read_text().count("Annals wrote") < written_beside + 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        titles = [page["title"] for page in indexed_pages(site)]
        assert len(titles) == fragments and "Ann Renamed" in titles and "Ann Example" not in titles
        for data in ("data/entries.json", "data/events.csv"):  # her name as a field and as the label of a row
            assert "Ann Renamed" in (site / data).read_text(encoding="utf-8"), data


def test_a_template_edit_rebuilds_every_page(tmp_path):
    """make serve: a change outside the entries (here a template) builds every page again, not only some."""
    templates = tmp_path / "templates"
    shutil.copytree(REPO / "templates", templates)
    project = fixture_project(tmp_path / "project", templates).parent
    with serving(project) as (base, log):
        assert wait_for(f"{base}people/ben-sample/", "Ben Sample"), "mkdocs serve did not come up"
        count = built(log)
        person = templates / "person.md.j2"
        person.write_text(person.read_text().replace("# {{ page.name }}\n", "# {{ page.name }}\n\nEdited template.\n", 1))
        deadline = time.monotonic() + 60
        while built(log) == count and time.monotonic() < deadline:
            time.sleep(0.2)
        for person_id in ("ann-example", "ben-sample", "cho-test"):
            assert "Edited template." in fetch(f"{base}people/{person_id}/")


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
