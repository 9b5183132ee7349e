"""Shared fixtures: the one build helper, every site a test reads (each built once per run), HTTP, Chromium.

Every test that builds a site goes through :func:`mkdocs_build`. The sites
several tests read are session fixtures built through :func:`session_site`:
once per run, also under pytest-xdist, where the workers share them.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import hashlib
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

REPO = Path(__file__).parents[1]
FIXTURE_CONFIG = REPO / "tests" / "fixtures" / "corpus" / "mkdocs.yml"
"""The fixture corpus as a site: the real configuration by INHERIT, its own home page."""


BUILD_ENV = {"NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", "1700000000")}
"""Every build: no MkDocs 2 notice, and one sitemap date (same input, same bytes, across midnight too)."""
UNSET_FOR_BUILDS = ("ANNALS_ENTRIES", "ANNALS_REPO_URL")
"""Variables the configurations read: a build sees them only when a test passes them in ``env``."""


@dataclass(frozen=True)
class Build:
    """What one ``mkdocs build`` did."""

    site: Path
    returncode: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def mkdocs_build(config: Path, site: Path, *, env: dict[str, str] | None = None, strict: bool = True,
                 succeed: bool = True, cwd: Path = REPO, timeout: float = 600) -> Build:
    """The one way the tests build a site: a real ``python -m mkdocs build [--strict]`` in a child process.

    With ``succeed`` (the default) the test fails unless the build exits 0 with
    no WARNING and writes an index.html; otherwise the caller judges the result.
    """
    environment = {k: v for k, v in os.environ.items() if k not in UNSET_FOR_BUILDS} | BUILD_ENV | (env or {})
    command = [sys.executable, "-m", "mkdocs", "build", *(["--strict"] if strict else []),
               "--config-file", str(config), "--site-dir", str(site)]
    result = subprocess.run(command, cwd=cwd, env=environment, capture_output=True, text=True, timeout=timeout)
    build = Build(site, result.returncode, result.stdout, result.stderr)
    if succeed:
        assert build.returncode == 0, (
            f"mkdocs build {config} failed with exit code {build.returncode}:\n"
            f"--- stderr ---\n{build.stderr}\n--- stdout ---\n{build.stdout}")
        assert "WARNING" not in build.stderr, build.stderr
        assert (site / "index.html").is_file(), f"mkdocs built no index.html in {site}"
    return build


def digests(folder: Path) -> dict[str, str]:
    """Every file below ``folder`` (by relative path) and the SHA-256 of its bytes."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@dataclass(frozen=True)
class SessionSite:
    """A site built once for the whole test session, and the project's docs/ as they were before."""

    site: Path
    stderr: str
    docs_before: dict[str, str]


def _shared_root(request) -> Path:
    """A folder every process of this run sees: under pytest-xdist, the parent of the workers' own."""
    base = request.getfixturevalue("tmp_path_factory").getbasetemp()
    return base.parent if hasattr(request.config, "workerinput") else base


@contextlib.contextmanager
def _locked(path: Path):
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def session_site(request, name: str, project: Callable[[Path], Path],
                 env: dict[str, str] | None = None) -> SessionSite:
    """The site ``name`` built once per test run, whichever test (or xdist worker) asks first.

    ``project(folder)`` returns the mkdocs.yml to build (it may set up a project
    in ``folder``); the first caller builds it with :func:`mkdocs_build` under a
    lock, later callers (in any process of the run) get the same folder.
    """
    root = _shared_root(request) / f"session-site-{name}"
    root.mkdir(exist_ok=True)
    record = root / "build.json"
    with _locked(root / "lock"):
        if not record.is_file():
            config = project(root / "project")
            docs = config.parent / "docs"
            before = digests(docs)
            build = mkdocs_build(config, root / "site", env=env)
            record.write_text(json.dumps({"stderr": build.stderr, "docs_before": before}), encoding="utf-8")
    facts = json.loads(record.read_text(encoding="utf-8"))
    return SessionSite(root / "site", facts["stderr"], facts["docs_before"])


def fixture_project(target: Path, templates: Path = REPO / "templates") -> Path:
    """The fixture corpus copied into ``target`` as a project of its own; returns its mkdocs.yml.

    Entries and docs are copies (symlinks become files), so a test may add or
    break entries. The configuration INHERITs the real one and uses
    ``templates`` (a copy a test may edit, or the real ones) and their
    ``theme/`` overrides.
    """
    target.mkdir(parents=True, exist_ok=True)
    shutil.copytree(FIXTURE_CONFIG.parent / "entries", target / "entries")
    shutil.copytree(FIXTURE_CONFIG.parent / "docs", target / "docs")
    config = target / "mkdocs.yml"
    config.write_text(  # JSON strings are YAML strings: any path is quoted safely
        f"INHERIT: {json.dumps(str(REPO / 'mkdocs.yml'))}\n"
        "site_name: Annals fixture site\n"
        "docs_dir: docs\n"
        f"theme:\n  custom_dir: {json.dumps(str(templates / 'theme'))}\n"
        "plugins:\n  - annals:\n      entries: entries\n"
        f"      templates: {json.dumps(str(templates))}\n", encoding="utf-8")
    return config


PUBLISHED_REPO_URL = "https://github.com/example/annals"
"""The repository the published fixture site links to."""
REAL_REPO_URL = "https://github.com/example/channel"
"""The repository the real site is built with, as the Pages workflow does."""
REAL_SITE_URL = "https://example.org/channel/"
"""Where the real site is published in the tests, as the Pages workflow sets it from GitHub."""
HOSTILE_CONFIG = REPO / "tests" / "hostile" / "site" / "mkdocs.yml"
"""The hostile corpus (issue 7) as a site of its own: every entry is an attack that must build."""


@pytest.fixture(scope="session")
def fixture_build(request) -> SessionSite:
    """The fixture corpus built with ``mkdocs build --strict``, once per run."""
    return session_site(request, "fixture", lambda _: FIXTURE_CONFIG)


@pytest.fixture(scope="session")
def fixture_site(fixture_build) -> Path:
    """The fixture corpus built with ``mkdocs build --strict``, as a folder of HTML."""
    return fixture_build.site


@pytest.fixture(scope="session")
def published_site(request) -> Path:
    """The fixture site as the Pages workflow builds it: with a repository (ANNALS_REPO_URL)."""
    return session_site(request, "published", lambda _: FIXTURE_CONFIG,
                        env={"ANNALS_REPO_URL": PUBLISHED_REPO_URL}).site


@pytest.fixture(scope="session")
def real_site(request) -> Path:
    """The real entries/ built with ``mkdocs build --strict`` as the Pages workflow builds them: with a repository."""
    return session_site(request, "real", lambda _: REPO / "mkdocs.yml",
                        env={"ANNALS_REPO_URL": REAL_REPO_URL, "ANNALS_SITE_URL": REAL_SITE_URL}).site


@pytest.fixture(scope="session")
def hostile_site(request) -> Path:
    """The hostile site (tests/hostile/site) built with ``mkdocs build --strict``."""
    return session_site(request, "hostile", lambda _: HOSTILE_CONFIG).site


def indexed_pages(site: Path) -> list[dict]:
    """Each page of the site's search index (annals/search/index.py): its address from the root (``/people/x/``),
    title and indexed text."""
    pages = [json.loads(path.read_text(encoding="utf-8")) for path in sorted((site / "search" / "p").iterdir())]
    return [{**page, "url": "/" + page["url"]} for page in pages]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


@contextlib.contextmanager
def serve_folder(folder: Path):
    """A built site on a local HTTP server for the duration; yields its base URL ending in ``/``."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer((LOCAL_HOST, 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name=f"serve-{folder.name}", daemon=True)
    thread.start()
    try:
        yield f"http://{LOCAL_HOST}:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def served_site(fixture_site):
    """The built fixture site on a local HTTP server; yields its base URL ending in ``/``."""
    with serve_folder(fixture_site) as base:
        yield base


@pytest.fixture(scope="session")
def real_served(real_site):
    """The built real site on a local HTTP server; yields its base URL ending in ``/``."""
    with serve_folder(real_site) as base:
        yield base


@pytest.fixture(scope="session")
def hostile_served(hostile_site):
    """The built hostile site on a local HTTP server; yields its base URL ending in ``/``."""
    with serve_folder(hostile_site) as base:
        yield base


# --- The browser: Debian's headless Chromium driven by Playwright ------------

try:
    from playwright.sync_api import sync_playwright
except ImportError as error:  # pragma: no cover - depends on the environment
    PLAYWRIGHT_ERROR: str | None = f"playwright cannot be imported ({error})"
else:
    PLAYWRIGHT_ERROR = None

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
LOCAL_HOST = "127.0.0.1"
SEARCH_TIMEOUT_MS = 10_000
"""The first search loads the index's reader (annals-index.js) and the files of the words typed."""

_SEARCH_SETTLED = """() => {
  const meta = document.querySelector('.md-search-result__meta');
  const list = document.querySelector('.md-search-result__list');
  const now = (meta ? meta.textContent : '') + '|' + (list ? list.innerHTML : '');
  // "Type to start searching" comes before any result, and the list is busy until the results of what was
  // typed are in: only a count over a list no longer busy is an answer.
  const settled = window.annalsTestSearchSeen === now && /matching document/i.test(meta ? meta.textContent : '')
    && !list.hasAttribute('aria-busy');
  window.annalsTestSearchSeen = now;
  return settled;
}"""
"""True once the site's search (docs/javascripts/annals-search.js) has answered a query (its count of matching
documents) and the results read the same on two polls in a row."""


def settled_search(page, term: str) -> None:
    """Search ``term`` as a reader does and wait for what the reader waits for: results that stop changing.

    The whole term is entered at once (as an input method commits it), so no search for a prefix of it
    can re-render the list after the check; the results are read only once two polls agree.
    """
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(term)
    page.wait_for_function(_SEARCH_SETTLED, polling=300, timeout=SEARCH_TIMEOUT_MS)

class _PlainConfigLoader(yaml.SafeLoader):
    """mkdocs.yml read for its plain keys: its own tags (``!ENV``) read as nothing."""


_PlainConfigLoader.add_multi_constructor("!", lambda loader, suffix, node: None)

OUR_SCRIPTS = tuple(yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), _PlainConfigLoader)["extra_javascript"])
"""Annals' own scripts (docs/javascripts/), relative to the site's root, read from mkdocs.yml's extra_javascript so
a new script needs no second list: beside Material's, the only scripts a page may load."""

IN_CI = os.environ.get("CI") == "true"


def _browser_problem() -> str | None:
    """Why no browser can run here, or None."""
    if PLAYWRIGHT_ERROR:
        return PLAYWRIGHT_ERROR
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        return f"no Chromium at {CHROMIUM}"
    return None


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the module; a message instead of it when CI has none."""
    problem = _browser_problem()
    if problem:
        message = (f"Browser tests need Chromium and Playwright: {problem}. "
                   "Install them with `apt-get install chromium` and "
                   "`pip install -e '.[test]'` (Playwright's own browser download is not used).")
        if not IN_CI:
            pytest.skip(message)
        yield message  # under CI each test fails with it (see visit), rather than erroring
        return
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


@contextlib.contextmanager
def visit(browser, **context_options):
    """A fresh page that records every request; on leaving, asserts none left 127.0.0.1.

    ``context_options`` go to Playwright's ``new_context`` (a phone: ``has_touch``, ``is_mobile``, ``viewport``).
    """
    if isinstance(browser, str):
        pytest.fail(browser)
    context = browser.new_context(**context_options)
    requests: list[str] = []
    errors: list[str] = []
    try:
        page = context.new_page()
        page.on("request", lambda request: requests.append(request.url))
        # Requests made outside the page itself (other tabs, service workers) count too.
        context.on("request", lambda request: requests.append(request.url))
        page.on("response", lambda response: response.status >= 400 and errors.append(
            f"{response.status} {response.url}"))
        yield page
    finally:
        context.close()
    assert requests, "the browser recorded no request at all"
    foreign = sorted({url for url in requests if not _is_local(url)})
    assert not foreign, f"the site loaded something from another host: {foreign}"
    assert not errors, f"the local server answered with an error: {sorted(set(errors))}"


def _is_local(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return True  # no host: content the page already holds
    return parts.scheme in ("http", "https", "ws", "wss") and parts.hostname == LOCAL_HOST


# --- Order and grouping, for pytest-xdist (-n auto in pyproject.toml) ------------

LONGEST_FIRST = ("hostile_served",)
"""Fixtures of the longest tests (Chromium through the whole hostile site): they start the run, so that
with --dist loadgroup each worker is handed one of them first instead of one worker getting both."""


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the xdist_group marks
def pytest_collection_modifyitems(config, items):
    items.sort(key=lambda item: not any(name in getattr(item, "fixturenames", ()) for name in LONGEST_FIRST))
    if not config.pluginmanager.hasplugin("xdist"):
        return
    # Tests that share a module-scoped fixture stay on one worker, which sets it up once; the others
    # are scheduled one by one (--dist loadgroup), and session sites are shared (session_site).
    for item in items:
        info = getattr(item, "_fixtureinfo", None)
        definitions = info.name2fixturedefs.values() if info is not None else ()
        if any(d.scope == "module" for defs in definitions for d in defs):
            item.add_marker(pytest.mark.xdist_group(item.module.__name__))
