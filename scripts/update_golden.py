"""Regenerate tests/golden/ from the fixture corpus, on purpose.

Run it after a deliberate change to templates or rendering, then read
`git diff tests/golden` before committing: the diff is the change readers see.
tests/test_render.py only compares; this is the one place that writes the files.
"""

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS_ENTRIES = REPO / "tests" / "fixtures" / "corpus" / "entries"
TEMPLATES = REPO / "templates"
GOLDEN = REPO / "tests" / "golden"


def write_golden() -> int:
    """Replace every golden page and data file with what the fixture corpus makes now; returns how many."""
    sys.path.insert(0, str(REPO))  # this checkout's engine, whichever one the interpreter has installed
    from annals.pipeline import generate

    made = generate(CORPUS_ENTRIES, TEMPLATES)
    pages = made.files + made.exports.files()  # with the entry reference and the data files
    for old in (p for p in GOLDEN.rglob("*") if p.is_file()):
        old.unlink()
    for page in pages:  # the data files too; bytes as made (the CSV and iCalendar files end lines with CRLF)
        (GOLDEN / page.uri).parent.mkdir(parents=True, exist_ok=True)
        (GOLDEN / page.uri).write_bytes(page.content.encode("utf-8"))
    return len(pages)


if __name__ == "__main__":
    count = write_golden()
    print(f"{count} golden pages written to {GOLDEN.relative_to(REPO)}/: review `git diff tests/golden`")
