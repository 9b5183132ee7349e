"""The package installs (issue 22): a wheel holds every module, and the site builds from it.

The wheel is built as a user's ``pip install .`` would build it (``[build-system]``
of pyproject.toml), installed into a new virtual environment (not editable), and
the fixture site is built with the annals that environment imports. The new
environment reads the test environment's site-packages for the other
dependencies only; the project's own folder is not on its path.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
from conftest import BUILD_ENV, REPO, UNSET_FOR_BUILDS, fixture_project

MODULES = sorted(p.relative_to(REPO).as_posix() for p in (REPO / "annals").rglob("*.py"))


def run(*command: str | Path, cwd: Path = REPO, env: dict[str, str] | None = None) -> str:
    done = subprocess.run([str(part) for part in command], cwd=cwd, capture_output=True, text=True, timeout=600,
                          env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def source_copy(target: Path) -> Path:
    """The checkout's files (tracked or new, not ignored) copied to ``target``: no stale build/ to pick from."""
    listed = run("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard").split("\0")
    for name in filter(None, listed):
        if (REPO / name).is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, target / name)
    return target


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel of this checkout, built without network (setuptools is a pinned test dependency)."""
    source, out = source_copy(tmp_path_factory.mktemp("source")), tmp_path_factory.mktemp("wheel")
    run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "--wheel-dir", out,
        ".", cwd=source)
    (built,) = out.glob("annals-*.whl")
    return built


def test_the_wheel_holds_every_module(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert sorted(n for n in names if n.endswith(".py")) == MODULES
    assert any(n.endswith("entry_points.txt") for n in names)


@pytest.mark.slow
def test_the_fixture_site_builds_with_the_installed_wheel(wheel, tmp_path):
    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", "--without-pip", venv)
    python = venv / "bin" / "python"
    run(sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--no-deps", "--no-index", wheel)
    site_packages = Path(run(python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))").strip())
    # The dependencies, from the test environment, after the new one's own packages.
    (site_packages / "dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    config = fixture_project(tmp_path / "project")
    env = {k: v for k, v in os.environ.items() if k not in UNSET_FOR_BUILDS and k != "PYTHONPATH"} | BUILD_ENV
    imported = run(python, "-c", "import annals.plugin, annals.render; print(annals.plugin.__file__)",
                   cwd=tmp_path, env=env)
    assert imported.startswith(str(site_packages)), imported
    run(python, "-m", "mkdocs", "build", "--strict", "--config-file", config, "--site-dir", tmp_path / "site",
        cwd=tmp_path, env=env)
    assert (tmp_path / "site" / "events" / "secret-meeting" / "index.html").is_file()
