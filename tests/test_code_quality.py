"""The code lints and type-checks clean (issue 22), so every ``# noqa`` and ``# type: ignore`` marker is
checked by the tool it speaks to.

Both tools come from the ``test`` extra, installed next to this Python, and read their settings from
``[tool.ruff]`` and ``[tool.mypy]`` in pyproject.toml; pre-commit runs the same two commands.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", *args], cwd=REPO, capture_output=True, text=True, check=False)


def test_ruff_finds_nothing():
    """``ruff check`` on the package, the tests and the scripts: no finding, and no ``# noqa`` it does not need."""
    result = _run("ruff", "check", "--no-cache", "annals", "tests", "scripts")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_finds_nothing():
    """``mypy`` on the package: no error, and no ``# type: ignore`` it does not need (warn_unused_ignores)."""
    result = _run("mypy", "annals")
    assert result.returncode == 0, result.stdout + result.stderr
