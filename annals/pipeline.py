"""The whole flow, load -> validate -> link -> render, for the CLI and the MkDocs plugin."""

from __future__ import annotations

from pathlib import Path

from annals.link import Site, link
from annals.load import DEFAULT_MAX_DEPTH, DEFAULT_MAX_FILE_BYTES, load_folder
from annals.model import validate
from annals.problems import Problem, ProblemsFound
from annals.render import Page, render


def check(entries: Path, display_root: Path | None = None, *,
          max_file_bytes: int = DEFAULT_MAX_FILE_BYTES,
          max_depth: int = DEFAULT_MAX_DEPTH) -> tuple[Site, list[Problem], int]:
    """Load, validate and link every entry; return the site, every problem and the file count.

    ``max_file_bytes`` and ``max_depth`` bound what the loader reads (see ``annals.load``).
    """
    loaded = load_folder(entries, display_root, max_file_bytes=max_file_bytes, max_depth=max_depth)
    valid, found = validate(loaded.documents)
    problems = loaded.problems + found
    valid_keys = {v.key for v in valid}
    invalid = loaded.claimed - valid_keys  # their own problems are reported; references to them are not
    site, found = link(valid, unchecked=invalid,
                       invalid=[d for d in loaded.documents if (d.entry_type, d.stem) not in valid_keys])
    problems += found
    return site, sorted(problems), len(loaded.claimed)


def generate(entries: Path, templates: Path, display_root: Path | None = None, *,
             max_file_bytes: int = DEFAULT_MAX_FILE_BYTES, max_depth: int = DEFAULT_MAX_DEPTH) -> list[Page]:
    """Every generated page; raises :class:`ProblemsFound` if any entry has a problem."""
    site, problems, _ = check(entries, display_root, max_file_bytes=max_file_bytes, max_depth=max_depth)
    if problems:
        raise ProblemsFound(problems)
    return render(site, templates)
