"""A new editor's first entry, end to end: scaffold, fill in, check, build, see it on the site."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import fixture_project, mkdocs_build, visit
from playwright.sync_api import expect
from test_plugin import wait_for
from test_serve import TITLE, WAIT_MS, assert_accessible, serving, shot

REPO = Path(__file__).parents[1]
BIN = Path(sys.executable).parent
pytestmark = pytest.mark.slow


def run(project: Path, *command: str) -> subprocess.CompletedProcess:
    env = os.environ | {"NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(command, cwd=project, env=env, capture_output=True, text=True)


@pytest.fixture
def project(tmp_path) -> Path:
    """A copy of the project as an editor's clone would have it."""
    for name in ("mkdocs.yml", "docs", "templates", "entries", "schemas"):
        source = REPO / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, tmp_path / name)
    return tmp_path


def fill_in(path: Path, values: dict[str, str]) -> None:
    """Replace `field:` lines the way an editor types after the colon, keeping the comments."""
    lines = []
    for line in path.read_text().splitlines():
        field = line.split(":", 1)[0]
        if field in values and not line.startswith("#"):
            line = f"{field}: {values[field]}"
        lines.append(line)
    path.write_text("\n".join(lines) + "\n")


def test_a_new_event_goes_from_scaffold_to_the_chronology_and_the_participants_pages(project):
    created = run(project, str(BIN / "annals"), "new", "event", "Tamura meets a Mongolian official")
    assert created.returncode == 0, created.stderr
    entry = project / "entries" / "event" / "tamura-meets-a-mongolian-official.yml"

    fill_in(entry, {
        "date": "2019-06-05",
        "place": "ulaanbaatar",
        "kind": "meeting",
        "status": "reported",
        "participants": "\n  - person: masami-tamura\n    side: Japan\n  - person: damdin-tsogtbaatar\n    side: Mongolia",
        "sources": "[korea-herald-2019-06-06-ubd]",
        "summary": "A test entry written the way a new editor would [@korea-herald-2019-06-06-ubd].",
    })
    checked = run(project, str(BIN / "annals"), "check")
    assert checked.returncode == 0, checked.stdout
    assert checked.stdout.endswith("no problems found\n")

    mkdocs_build(project / "mkdocs.yml", project / "site", cwd=project)  # strict; fails the test on a warning
    link = "events/tamura-meets-a-mongolian-official/"
    chronology = (project / "site" / "chronology" / "index.html").read_text()
    assert f'href="../{link}"' in chronology and "Tamura meets a Mongolian official" in chronology
    for person in ("masami-tamura", "damdin-tsogtbaatar"):
        page = (project / "site" / "people" / person / "index.html").read_text()
        assert f'href="../../{link}"' in page, f"{person}'s timeline does not list the new event"
    event = (project / "site" / link / "index.html").read_text()
    assert "Tamura meets a Mongolian official" in event and "Single-outlet report" in event


# --- The walk from issue 8: a report the site has never seen, start to green ---------------

NEW_SOURCE = "walk-test-wire-2018-kitamura-report"
EVENT = "kitamura-ulaanbaatar-meeting-2018"
KNOWN_SOURCE = "japan-times-2018-10-19-kitamura"


@pytest.fixture
def clone(tmp_path) -> Path:
    """The repository's tracked files as they are on disk, with the research files beside it when we have them.

    Untracked files are left out: an editor's own new entries must not meet the walk's.
    """
    listed = subprocess.run(["git", "ls-files", "-z", "--cached"], cwd=REPO,
                            capture_output=True, text=True, check=True).stdout.split("\0")
    target = tmp_path / "main"
    for name in filter(None, listed):
        if (REPO / name).is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, target / name)
    if (REPO.parent / "shared").is_dir():
        (tmp_path / "shared").symlink_to(REPO.parent / "shared")
    return target


def add_after(path: Path, anchor: str, text: str) -> None:
    """Insert lines after the first line that is exactly ``anchor``, as an editor pastes them."""
    lines = path.read_text().splitlines(keepends=True)
    index = lines.index(anchor + "\n") + 1
    path.write_text("".join(lines[:index]) + text + "".join(lines[index:]))


def test_an_editors_first_pull_request_goes_green(clone):
    annals = str(BIN / "annals")
    # A source the research files have never heard of.
    created = run(clone, annals, "new", "source", "Walk Test Wire 2018 Kitamura report",
                  "--url", "https://wire.example.org/2018/10/kitamura", "--publisher", "Test Wire",
                  "--published", "2018-10-20")
    assert created.returncode == 0, created.stderr
    source = clone / "entries" / "source" / f"{NEW_SOURCE}.yml"
    assert "\ntitle:" in source.read_text() and "Kitamura report" not in source.read_text().split("title:")[1]

    # A new person, cited.
    assert run(clone, annals, "new", "person", "Walk Testperson").returncode == 0
    fill_in(clone / "entries" / "person" / "walk-testperson.yml",
            {"summary": f"An official named by one wire report [@{NEW_SOURCE}]."})

    # On an existing event: a participant, a citation and a dated disagreement.
    event = clone / "entries" / "event" / f"{EVENT}.yml"
    add_after(event, "participants:",
              f"  - person: walk-testperson\n    side: North Korea\n    sources: [{NEW_SOURCE}]\n")
    add_after(event, f"  report carried by The Japan Times [@{KNOWN_SOURCE}].",
              f"  A later wire report names [[person:walk-testperson]] among the officials [@{NEW_SOURCE}].\n")
    with event.open("a") as file:
        file.write("disagreements:\n"
                   "  - about: when the meeting took place\n"
                   "    versions:\n"
                   "      - says: early October 2018\n"
                   "        date: 2018-10-01/2018-10-10\n"
                   f"        sources: [{KNOWN_SOURCE}]\n"
                   "      - says: mid-October 2018\n"
                   "        date: 2018-10-15~\n"
                   f"        sources: [{NEW_SOURCE}]\n")

    # A second outlet: the editor takes it for confirmation; the check says what two outlets make, and the fix.
    event.write_text(event.read_text().replace("\nstatus: reported\n", "\nstatus: confirmed\n"))
    checked = run(clone, annals, "check", "--strict")
    assert checked.returncode == 1
    assert (f"entries/event/{EVENT}.yml:7:9: warning: status 'confirmed' does not follow from the sources: no party "
            "has confirmed it on the record, and the reports go back to 2 independent outlets (Test Wire, The Japan Times), and "
            "that is 'reported'") in checked.stdout, checked.stdout
    assert "(make it `reported`; to keep `confirmed`, cite a party's own statement" in checked.stdout
    event.write_text(event.read_text().replace("\nstatus: confirmed\n", "\nstatus: reported\n"))

    checked = run(clone, annals, "check", "--strict")
    assert checked.returncode == 0 and checked.stdout.endswith("no problems found\n"), checked.stdout

    # The content tests the pull request runs, with the research files present where we have them.
    env_seeds = {"ANNALS_REQUIRE_SEEDS": "1"} if (clone.parent / "shared" / "seeds").is_dir() else {}
    # -n 0: one process, as the few tests of one file need (pyproject.toml asks for a worker per core).
    content = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-n", "0",
                              "tests/test_content.py"],
                             cwd=clone, env=os.environ | env_seeds | {"NO_MKDOCS_2_WARNING": "1"},
                             capture_output=True, text=True)
    assert content.returncode == 0, content.stdout[-3000:]
    assert " passed" in content.stdout, content.stdout[-500:]
    if env_seeds:  # with the research files at hand, every content test runs
        assert "skipped" not in content.stdout, content.stdout[-500:]

    built = run(clone, annals, "build", "--site-dir", str(clone / "site"))
    assert built.returncode == 0, built.stdout + built.stderr

    # The chronology marks the date disputed and leads to both versions, each cited.
    rows = [page.read_text() for page in (clone / "site" / "chronology").rglob("index.html")]
    (chronology,) = [html for html in rows if f"events/{EVENT}/" in html]
    # The row gives the date in plain words (the event's date_text, "early October 2018", is on its page).
    assert re.search(rf'>October 2018 \(<em class="annals-notice"><a href="[./]*events/{EVENT}/#where-sources-disagree">'
                     r"date disputed</a></em>\)", chronology), "no disputed date in the chronology row"
    page = (clone / "site" / "events" / EVENT / "index.html").read_text()
    assert 'id="where-sources-disagree"' in page
    disputed = page.split("Date disputed:")[1].split("</p>")[0]
    assert "1–10 October 2018" in disputed and "15 October 2018 (approx.)" in disputed
    assert disputed.count('class="footnote-ref"') == 2
    footnotes = page.split('class="footnote"')[1]
    for cited in (KNOWN_SOURCE, NEW_SOURCE):
        assert f"sources/{cited}/" in footnotes, f"{cited} is not cited in the footnotes"
    assert "Walk Testperson" in page


def test_the_unverified_rule_reads_the_same_in_the_docs_the_scaffold_and_the_check(tmp_path):
    from annals.model import UNVERIFIED_RULE
    from annals.scaffold import scaffold_text

    contributing = " ".join((REPO / "CONTRIBUTING.md").read_text().split())
    assert UNVERIFIED_RULE in contributing
    assert f"# {UNVERIFIED_RULE};" in scaffold_text("source", "x", "X", "schemas/source.schema.json")
    source = tmp_path / "source"
    source.mkdir()
    (source / "paper.yml").write_text("id: paper\npublisher: P\nurl: https://p.example/a\nunverified: [title]\n")
    checked = run(tmp_path, str(BIN / "annals"), "check", "--entries", ".")
    assert checked.stdout.splitlines()[0] == (
        f"source/paper.yml:4:13: the fields under `unverified:` need a reason in `note:` ({UNVERIFIED_RULE})")


def git(folder: Path, *args: str) -> str:
    done = subprocess.run(["git", "-c", "user.name=Walk", "-c", "user.email=walk@example.org", *args], cwd=folder,
                          capture_output=True, text=True, check=True)
    return done.stdout


OLD_DATE_WARNING = re.compile(r"^(?P<path>[^:\n]+):(?P<line>\d+):(?P<column>\d+): warning: '(?P<phrase>[^'\n]+)' is "
                              r"the old date of event '[\w-]+', which is now (?P<now>.+?)(?: \(|$)", re.MULTILINE)


def fix_old_date(clone: Path, warning: re.Match) -> None:
    """Do what the warning asks, as an editor would: write the new date where the old one stands."""
    path = clone / warning["path"]
    lines = path.read_text().split("\n")
    index = sum(len(line) + 1 for line in lines[:int(warning["line"]) - 1]) + int(warning["column"]) - 1
    text = "\n".join(lines)
    spelled = re.compile(r"\s+".join(re.escape(word) for word in warning["phrase"].split()))
    found = spelled.match(text, index)
    assert found, f"{warning.group(0)}: the phrase is not where the warning says"
    path.write_text(text[:found.start()] + warning["now"] + text[found.end():])


def test_an_editor_renames_a_linked_event_then_corrects_its_date_until_the_check_is_clean(clone):
    annals = str(BIN / "annals")
    git(clone, "init", "-q", "-b", "main")
    git(clone, "add", ".")
    git(clone, "commit", "-q", "-m", "The site as the editor found it")
    git(clone, "checkout", "-q", "-b", "correct-the-talks")
    linking = sorted(p.relative_to(clone).as_posix() for p in (clone / "entries").rglob("*.yml")
                     if "talks-2012-ulaanbaatar" in p.read_text() and p.stem != "talks-2012-ulaanbaatar")
    assert len(linking) >= 10, linking

    # The rename, as CONTRIBUTING says: one command, every reference rewritten.
    renamed = run(clone, annals, "mv", "event/talks-2012-ulaanbaatar", "ulaanbaatar-talks-2012")
    assert renamed.returncode == 0, renamed.stderr
    assert [line.split(":")[0].strip() for line in renamed.stdout.splitlines()[1:-1]] == linking
    checked = run(clone, annals, "check", "--strict", "--since", "main")
    assert checked.returncode == 0, checked.stdout

    # A correction comes in: the talks were a day later. The check lists every text still giving the old days.
    event = clone / "entries" / "event" / "ulaanbaatar-talks-2012.yml"
    event.write_text(event.read_text().replace("date: 2012-11-15/2012-11-16\n", "date: 2012-11-16/2012-11-17\n"))
    fixed = []
    for _ in range(30):
        checked = run(clone, annals, "check", "--strict", "--since", "main")
        warnings = list(OLD_DATE_WARNING.finditer(checked.stdout))
        if not warnings:
            break
        fix_old_date(clone, warnings[0])  # one at a time: each fix moves the columns after it
        fixed.append(warnings[0]["path"])
    assert checked.returncode == 0 and checked.stdout.endswith("no problems found\n"), checked.stdout
    assert len(fixed) >= 3 and "entries/event/ulaanbaatar-talks-2012.yml" in fixed, fixed

    built = run(clone, annals, "build", "--site-dir", str(clone / "site"))
    assert built.returncode == 0, built.stdout + built.stderr
    old = (clone / "site" / "events" / "talks-2012-ulaanbaatar" / "index.html").read_text()
    assert 'url=../ulaanbaatar-talks-2012/"' in old
    page = (clone / "site" / "events" / "ulaanbaatar-talks-2012" / "index.html").read_text()
    assert "16–17 November 2012" in page


DRAFT = "entries/event/draft-meeting.yml"
FILLED_IN = """id: draft-meeting
title: Draft meeting
date: 2013-05-02
place: state-house
kind: talks
status: reported
sources: [gazette-talks]
summary: A test meeting in the fixture corpus [@gazette-talks].
"""


@pytest.mark.browser
def test_a_new_entry_is_a_draft_that_leaves_the_site_up(browser, tmp_path):
    """The editor starts an entry with `annals new` while `make serve` runs: every other page stays in Chromium,
    the banner names the draft's missing fields, and filling it in brings its page and removes the banner."""
    project = fixture_project(tmp_path).parent
    with serving(project) as (base, _), visit(browser) as page:
        assert wait_for(f"{base}events/talks-2012/", TITLE), "mkdocs serve did not come up"
        created = subprocess.run([sys.executable, "-m", "annals.cli", "new", "event", "Draft meeting"],
                                 cwd=project, capture_output=True, text=True)
        assert created.returncode == 0, created.stderr
        banner = page.locator("#annals-banner")
        page.goto(base)
        expect(banner).to_contain_text(f"{DRAFT}:6:1", timeout=WAIT_MS)
        expect(banner).to_contain_text("'date' is empty")
        expect(banner).to_contain_text("3 problems")
        expect(page.locator("h1")).to_contain_text("Fixture site")
        shot(page, "draft-home")
        assert_accessible(page)

        page.goto(f"{base}events/talks-2012/")
        expect(page.locator("h1")).to_contain_text(TITLE)
        expect(banner).to_contain_text("'status' is empty")
        shot(page, "draft-other-entry")

        page.goto(f"{base}events/draft-meeting/")
        expect(page.locator("article")).to_contain_text(f"{DRAFT} has problems")
        expect(page.locator("article")).to_contain_text("'kind' is empty")
        shot(page, "draft-page")
        banner.get_by_role("link", name="See the full list").click()
        expect(page).to_have_url(f"{base}_annals/problems/")
        expect(page.locator("article ol > li")).to_have_count(3)

        (project / DRAFT).write_text(FILLED_IN)
        page.goto(f"{base}events/draft-meeting/")
        expect(page.locator("h1")).to_contain_text("Draft meeting", timeout=WAIT_MS)
        expect(banner).to_have_count(0)
        shot(page, "draft-fixed")
