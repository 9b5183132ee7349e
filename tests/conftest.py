"""Shared fixtures: the fixture corpus built by a real MkDocs run, and served over HTTP."""

from __future__ import annotations

import functools
import http.server
import os
import subprocess
import sys
import threading
from pathlib import Path

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


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory) -> Path:
    """The fixture corpus built with ``mkdocs build --strict``, as a folder of HTML."""
    return strict_build(FIXTURE_CONFIG, tmp_path_factory.mktemp("fixture-site"))


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


@pytest.fixture(scope="session")
def served_site(fixture_site):
    """The built fixture site on a local HTTP server; yields its base URL ending in ``/``."""
    handler = functools.partial(_QuietHandler, directory=str(fixture_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="fixture-site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> Path:
    """The real entries/ built with ``mkdocs build --strict``."""
    return strict_build(REPO / "mkdocs.yml", tmp_path_factory.mktemp("real-site"))
