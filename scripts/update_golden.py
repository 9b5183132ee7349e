"""Regenerate tests/golden/ from the fixture corpus, on purpose.

Run it after a deliberate change to templates or rendering, then read
`git diff tests/golden` before committing: the diff is the change readers see.
"""

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

if __name__ == "__main__":
    env = os.environ | {"ANNALS_UPDATE_GOLDEN": "1"}
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "tests/test_render.py::test_golden_pages"],
                            cwd=REPO, env=env)
    sys.exit(result.returncode)
