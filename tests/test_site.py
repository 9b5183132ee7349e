"""The real site: every entry in entries/ checks clean and the strict build passes."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from annals.pipeline import check

REPO = Path(__file__).parents[1]


def test_real_entries_have_no_problems():
    _, problems, _ = check(REPO / "entries", display_root=REPO)
    assert [str(p) for p in problems] == []


@pytest.mark.slow
def test_real_site_builds_strictly(tmp_path):
    env = os.environ | {"NO_MKDOCS_2_WARNING": "1"}
    env.pop("ANNALS_ENTRIES", None)
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path)],
                            cwd=REPO, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    assert (tmp_path / "chronology" / "index.html").is_file()
