"""Shared fixtures: the fixture corpus built by a real MkDocs run, and served over HTTP."""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

REPO = Path(__file__).parents[1]
FIXTURE_CONFIG = REPO / "tests" / "fixtures" / "corpus" / "mkdocs.yml"
"""The fixture corpus as a site: the real configuration by INHERIT, its own home page."""


def strict_build(config: Path, site: Path) -> Path:
    """A real ``mkdocs build --strict`` of ``config`` into ``site``; fails the test on any warning."""
    env = os.environ | {"NO_MKDOCS_2_WARNING": "1"}
    env.pop("ANNALS_ENTRIES", None)
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site), "--config-file", str(config)],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, (
        f"mkdocs build --strict failed with exit code {result.returncode}:\n"
        f"--- stderr ---\n{result.stderr}\n--- stdout ---\n{result.stdout}")
    assert "WARNING" not in result.stderr, result.stderr
    assert (site / "index.html").is_file(), f"mkdocs built no index.html in {site}"
    return site


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
        "plugins:\n  - search\n  - annals:\n      entries: entries\n"
        f"      templates: {json.dumps(str(templates))}\n", encoding="utf-8")
    return config


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory) -> Path:
    """The fixture corpus built with ``mkdocs build --strict``, as a folder of HTML."""
    return strict_build(FIXTURE_CONFIG, tmp_path_factory.mktemp("fixture-site"))


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
def real_site(tmp_path_factory) -> Path:
    """The real entries/ built with ``mkdocs build --strict``."""
    return strict_build(REPO / "mkdocs.yml", tmp_path_factory.mktemp("real-site"))


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
"""Material's search runs in a web worker that first loads search/search_index.json."""

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
def visit(browser):
    """A fresh page that records every request; on leaving, asserts none left 127.0.0.1."""
    if isinstance(browser, str):
        pytest.fail(browser)
    context = browser.new_context()
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
