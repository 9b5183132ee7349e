"""What git knows about the entries: each file's last change, and the files as they were earlier.

``entry_history`` reads the entries folder's whole log in one ``git log`` call:
the "Last changed" line, the citations of entry pages and the feed of recent
changes come from it, the same for a given commit (no clock is read).
``event_dates_at`` gives old event dates, which warnings about an edit compare
against; it asks only for the event files that changed, so its cost follows the
size of the edit. Old files are parsed by the same bounded loader as current ones.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from annals.load import DEFAULT_MAX_DEPTH, DEFAULT_MAX_FILE_BYTES, parse_document

GIT_TIMEOUT_SECONDS = 60
BASE_BRANCHES = ("origin/HEAD", "origin/main", "main")
"""Where ``annals check`` looks for the branch an edit started from, in this order."""


RECENT_CHANGES = 50
"""Most changes :func:`entry_history` keeps for the feed of recent changes."""


class HistoryError(Exception):
    """Git could not say what the entries looked like at a revision."""


@dataclass(frozen=True)
class OldDate:
    """An event's ``date`` and ``date_text`` at an earlier revision."""

    date: str
    date_text: str | None


@dataclass(frozen=True)
class Revision:
    """A commit: its hash, committer time (ISO 8601, as git gives it) and subject line."""

    commit: str
    time: str
    subject: str

    @property
    def date(self) -> str:
        """The committer's day, ``YYYY-MM-DD``."""
        return self.time[:10]


@dataclass(frozen=True)
class Change:
    """One entry file changed by one commit."""

    key: tuple[str, str]
    """The entry: (type folder, file stem)."""
    path: str
    """The file, relative to the repository's top folder."""
    revision: Revision
    added: bool


@dataclass(frozen=True)
class History:
    """The entries' history at one commit (see :func:`entry_history`)."""

    head: str
    """The commit checked out."""
    last: dict[tuple[str, str], Change]
    """Each entry's latest change, by (type folder, file stem)."""
    recent: tuple[Change, ...]
    """The latest changes to any entry, newest first, at most ``RECENT_CHANGES``."""


def entry_history(entries: Path, recent: int = RECENT_CHANGES) -> History | None:
    """Each entry file's last commit and the latest changes, from one ``git log`` of ``entries``.

    None when ``entries`` is not in a git repository or git is missing: pages then
    show no history rather than a wrong one. Uncommitted edits are not history:
    a file changed since its last commit still shows that commit.
    """
    try:
        head = _git(entries, "rev-parse", "HEAD").strip()
        log = _git(entries, "log", "-z", "--no-renames", "--name-status", "--format=%x1e%H%x1f%cI%x1f%s",
                   "HEAD", "--", ".")
        prefix = _git(entries, "rev-parse", "--show-prefix").strip()
    except HistoryError:
        return None
    changes = list(_changes(log, prefix))
    last: dict[tuple[str, str], Change] = {}
    for change in changes:  # newest first: the first change seen of a file is its last
        last.setdefault(change.key, change)
    return History(head, last, tuple(changes[:recent]))


def _changes(log: str, prefix: str) -> Iterator[Change]:
    """The entry files each commit of ``git log -z --name-status`` changed, newest commit first."""
    for record in log.split("\x1e")[1:]:
        header, _, files = record.partition("\0")  # -z ends the header with NUL, then a newline
        commit, time, subject = (header.split("\x1f") + ["", ""])[:3]
        revision = Revision(commit, time, subject)
        fields = files.strip("\0\n").split("\0")
        for status, path in zip(fields[::2], fields[1::2]):
            key = _entry_key(path, prefix)
            if key is not None and status != "D":
                yield Change(key, path, revision, added=status == "A")


def _entry_key(path: str, prefix: str) -> tuple[str, str] | None:
    """``entries/event/x.yml`` -> ("event", "x"): only files one folder below the entries folder."""
    if not path.startswith(prefix):
        return None
    parts = path[len(prefix):].split("/")
    if len(parts) != 2 or not parts[1].endswith((".yml", ".yaml")):
        return None
    return parts[0], parts[1].rsplit(".", 1)[0]


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
