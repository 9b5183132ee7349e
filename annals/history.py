"""Entries as they were at an earlier git revision: what warnings about an edit compare against.

Only ``git`` is asked, and only for the event files that changed, so the cost
follows the size of the edit, not of the site. Old files are parsed by the same
bounded loader as current ones.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from annals.load import DEFAULT_MAX_DEPTH, DEFAULT_MAX_FILE_BYTES, parse_document

GIT_TIMEOUT_SECONDS = 60
BASE_BRANCHES = ("origin/HEAD", "origin/main", "main")
"""Where ``annals check`` looks for the branch an edit started from, in this order."""


class HistoryError(Exception):
    """Git could not say what the entries looked like at a revision."""


@dataclass(frozen=True)
class OldDate:
    """An event's ``date`` and ``date_text`` at an earlier revision."""

    date: str
    date_text: str | None


def base_revision(entries: Path) -> tuple[str, str] | None:
    """Where the current edit started, and how to name it to an editor: the merge base of
    HEAD with the main branch, e.g. ``("2811efb…", "2811efb, where this branch left origin/main")``.

    None without git or without a main branch.
    """
    for branch in BASE_BRANCHES:
        try:
            commit = _git(entries, "merge-base", "HEAD", branch).strip()
        except HistoryError:
            continue
        if commit:
            return commit, f"{commit[:7]}, where this branch left {branch}"
    return None


def event_dates_at(entries: Path, revision: str, *, max_file_bytes: int = DEFAULT_MAX_FILE_BYTES,
                   max_depth: int = DEFAULT_MAX_DEPTH) -> dict[str, OldDate]:
    """The dates of the events whose files changed since ``revision``, as they were then.

    Raises :class:`HistoryError` when ``entries`` is not in a git repository or
    the revision is unknown.
    """
    top = Path(_git(entries, "rev-parse", "--show-toplevel").strip())
    try:
        folder = (entries.resolve() / "event").relative_to(top.resolve()).as_posix()
    except ValueError:
        raise HistoryError(f"{entries} is outside the git repository at {top}") from None
    changed = _git(top, "diff", "--name-only", "--no-renames", "-z", revision, "--", folder).split("\0")
    dates = {}
    for path in sorted(p for p in changed if p.endswith((".yml", ".yaml"))):
        old = _old_date(top, revision, path, max_file_bytes, max_depth)
        if old is not None:
            dates[Path(path).stem] = old
    return dates


def _old_date(top: Path, revision: str, path: str, max_file_bytes: int, max_depth: int) -> OldDate | None:
    try:
        source = _git(top, "show", f"{revision}:{path}", limit=max_file_bytes)
    except HistoryError:
        return None  # the file is new since then
    document = parse_document(source, path, "event", Path(path).stem, [], max_depth=max_depth)
    data = document.data if document is not None else {}
    date, date_text = data.get("date"), data.get("date_text")
    if not isinstance(date, str):
        return None
    return OldDate(date, date_text if isinstance(date_text, str) else None)


def _git(where: Path, *args: str, limit: int | None = None) -> str:
    try:
        done = subprocess.run(["git", "-C", str(where), *args], capture_output=True, timeout=GIT_TIMEOUT_SECONDS)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise HistoryError(f"git did not answer: {error}") from None
    if done.returncode != 0:
        raise HistoryError(done.stderr.decode("utf-8", "replace").strip() or f"git {args[0]} failed")
    if limit is not None and len(done.stdout) > limit:
        raise HistoryError(f"{args[-1]} is larger than {limit} bytes")
    return done.stdout.decode("utf-8", "replace")
