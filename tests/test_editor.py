"""A new editor's first entry, end to end: scaffold, fill in, check, build, see it on the site."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

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

    built = run(project, str(BIN / "mkdocs"), "build", "--strict", "--site-dir", str(project / "site"))
    assert built.returncode == 0, built.stderr
    link = "events/tamura-meets-a-mongolian-official/"
    chronology = (project / "site" / "chronology" / "index.html").read_text()
    assert f'href="../{link}"' in chronology and "Tamura meets a Mongolian official" in chronology
    for person in ("masami-tamura", "damdin-tsogtbaatar"):
        page = (project / "site" / "people" / person / "index.html").read_text()
        assert f'href="../../{link}"' in page, f"{person}'s timeline does not list the new event"
    event = (project / "site" / link / "index.html").read_text()
    assert "Tamura meets a Mongolian official" in event and "Single-outlet report" in event
