"""The MkDocs plugin, tested with real `mkdocs build` and `mkdocs serve` runs."""

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import PUBLISHED_REPO_URL as REPO_URL
from conftest import REAL_REPO_URL, digests, indexed_pages, mkdocs_build, serve_folder, visit
from playwright.sync_api import expect

from annals.pipeline import check

REPO = Path(__file__).parents[1]
CORPUS = REPO / "tests" / "fixtures" / "corpus" / "entries"
pytestmark = pytest.mark.slow


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def copy_project(target: Path) -> Path:
    """A throwaway project: the real configuration and templates, the fixture site's docs and entries."""
    shutil.copy(REPO / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(REPO / "templates", target / "templates")
    shutil.copytree(CORPUS.parent / "docs", target / "docs")  # symlinks are copied as files
    shutil.copytree(CORPUS, target / "entries")
    return target


def test_strict_build_has_a_page_for_every_entry_and_no_warning(fixture_build):
    # mkdocs_build has failed the session build on a non-zero exit or any WARNING; checked again here.
    assert "WARNING" not in fixture_build.stderr
    site, _, _ = check(CORPUS)
    sections = {"event": "events", "person": "people", "organization": "organizations", "place": "places",
                "source": "sources", "tag": "tags"}  # a tag's entry is its tag's page
    for entry_type, entry_id in site.entries:
        assert (fixture_build.site / sections[entry_type] / entry_id / "index.html").is_file()


def test_same_input_gives_the_same_bytes(fixture_site, tmp_path):
    """A second build of the fixture corpus, in another process and folder, gives the session build's bytes."""
    again = mkdocs_build(CORPUS.parent / "mkdocs.yml", tmp_path / "again").site
    assert files_of(again) == files_of(fixture_site)


def test_the_build_never_writes_into_docs(fixture_build):
    assert fixture_build.docs_before, "docs/ was not recorded before the build"
    assert digests(CORPUS.parent / "docs") == fixture_build.docs_before


def test_a_hand_written_page_is_never_replaced(tmp_path):
    project = copy_project(tmp_path)
    (project / "docs" / "events").mkdir()
    (project / "docs" / "events" / "index.md").write_text("# My own events page\n")
    result = mkdocs_build(project / "mkdocs.yml", project / "site", cwd=project, succeed=False)
    assert result.returncode == 1
    assert "docs/ has hand-written files at the same paths: events/index.md" in result.stderr
    assert (project / "docs" / "events" / "index.md").read_text() == "# My own events page\n"


def test_the_loader_limits_are_plugin_options(tmp_path):
    project = copy_project(tmp_path)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("      templates: templates\n",
                                                 "      templates: templates\n      max_file_bytes: 200\n"))
    result = mkdocs_build(config, project / "site", cwd=project, succeed=False)
    assert result.returncode == 1
    assert re.search(r"entries/\S+\.yml:1:1: the file has [\d,]+ bytes; an entry file may have at most 200 ",
                     result.stderr), result.stderr
    assert "Traceback" not in result.stderr


def test_a_strict_build_fails_on_a_warning_as_a_strict_check_does(tmp_path):
    project = copy_project(tmp_path)
    talks = project / "entries" / "event" / "talks-2012.yml"
    talks.write_text(talks.read_text().replace("for two days", "for two days (www.gazette.example)"))
    result = mkdocs_build(project / "mkdocs.yml", project / "site", cwd=project, succeed=False)
    assert result.returncode == 1
    assert ("entries/event/talks-2012.yml:19:17: warning: 'www.gazette.example' is a bare web address"
            in result.stderr), result.stderr
    assert "Traceback" not in result.stderr


def nav_targets(html: str) -> set[str]:
    """Where the site navigation (tabs and nav links, not the page's own table of contents) points."""
    anchors = re.findall(r"<a\b[^>]*>", html)
    return {re.search(r'href="([^"]*)"', a).group(1) for a in anchors
            if re.search(r'class="md-(nav|tabs)__link', a) and 'href="#' not in a}


def test_the_nav_lists_section_indexes_never_entries(fixture_site):
    html = (fixture_site / "events" / "talks-2012" / "index.html").read_text()
    sidebar = html.split('class="annals-sidebar__list"', 1)[1].split("</ul>", 1)[0]  # the entry's own few links
    assert nav_targets(sidebar) == {"../", "../../chronology/?from=2012&amp;to=2012", "../early-contact/",
                                    "../month-span/"}
    entry_page = nav_targets(html.replace(sidebar, ""))
    assert entry_page == {"../..", "../../about/", "../../reference/entries/", "../../chronology/", "../",
                          "../../people/", "../../organizations/", "../../places/", "../../sources/", "../../data/"}
    home = nav_targets((fixture_site / "index.html").read_text())
    assert len(home) == len(entry_page)


def test_no_page_loads_anything_from_another_host(fixture_site):
    for page in fixture_site.rglob("*.html"):
        html = page.read_text()
        assert not re.search(r'<(script|img|iframe)[^>]+src="(https?:)?//', html), page
        assert not re.search(r'<link[^>]+href="(https?:)?//', html), page


def test_search_index_holds_aliases(fixture_site):
    (port_alder,) = [page for page in indexed_pages(fixture_site) if page["url"] == "/places/port-alder/"]
    assert "Alderport" in port_alder["text"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode()
    except OSError:
        return ""


def wait_for(url: str, text: str, seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if text in fetch(url):
            return True
        time.sleep(0.1)
    return False


def test_serve_regenerates_when_an_entry_or_a_template_changes(tmp_path):
    project = copy_project(tmp_path)
    port = free_port()
    env = os.environ | {"NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
                              cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}/events/talks-2012/"
    try:
        assert wait_for(url, "Two-day talks in Port Alder"), "mkdocs serve did not come up"
        entry = project / "entries" / "event" / "talks-2012.yml"
        entry.write_text(entry.read_text().replace("Two-day talks in Port Alder", "Renamed talks in Port Alder"))
        assert wait_for(url, "Renamed talks in Port Alder"), "an edited entry was not rebuilt"
        template = project / "templates" / "event.md.j2"
        template.write_text(template.read_text().replace("## Participants", "## People who took part"))
        assert wait_for(url, "People who took part"), "an edited template was not rebuilt"
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_edit_buttons_open_the_yaml_a_page_comes_from(real_site):
    edit = f'href="{REAL_REPO_URL}/edit/main/'
    assert edit + 'entries/event/ubd-2019.yml"' in (real_site / "events" / "ubd-2019" / "index.html").read_text()
    assert edit + 'entries/person/song-il-ho.yml"' in (real_site / "people" / "song-il-ho" / "index.html").read_text()
    assert edit + 'docs/about.md"' in (real_site / "about" / "index.html").read_text()
    assert "/edit/" not in (real_site / "chronology" / "index.html").read_text(), "an index page has no YAML"


def test_without_a_repository_there_are_no_edit_buttons(fixture_site):
    assert "/edit/" not in (fixture_site / "events" / "talks-2012" / "index.html").read_text()


# --- what a published page asks of other hosts, and how it prints titles ------------------------

def test_the_repository_link_stays_without_material_asking_github_for_facts(published_site):
    html = (published_site / "events" / "talks-2012" / "index.html").read_text()
    assert f'<a href="{REPO_URL}" title="Go to repository" class="md-source">' in html
    for page in published_site.rglob("*.html"):
        assert 'data-md-component="source"' not in page.read_text(), page


@pytest.mark.browser
def test_with_a_repository_no_request_leaves_the_site(browser, published_site):
    with serve_folder(published_site) as base, visit(browser) as page:
        for path in ("", "events/talks-2012/", "about/"):
            page.goto(f"{base}{path}", wait_until="networkidle")
            expect(page.locator("a.md-source").first).to_have_attribute("href", REPO_URL)
            expect(page.locator(".md-source__repository").first).to_contain_text("GitHub")
    # visit() has failed the test if any request went to a host other than 127.0.0.1


def test_titles_are_printed_as_text_in_title_and_header(fixture_site):
    html = (fixture_site / "organizations" / "odd-name" / "index.html").read_text()
    assert ("<title>Odd &lt;script&gt;alert(&#34;name&#34;)&lt;/script&gt; &amp; Co - Annals fixture site</title>"
            in html)
    header = re.search(r'<span class="md-ellipsis">\s*(Odd.*?)\s*</span>', html).group(1)
    assert header == "Odd &lt;script&gt;alert(&quot;name&quot;)&lt;/script&gt; &amp; Co"
    assert "<script>alert" not in html
