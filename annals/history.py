"""What git knows about the entries: each file's last change, and the files as they were earlier.

``entry_history`` reads the entries folder's whole log in one ``git log`` call:
the "Last changed" line, the citations of entry pages and the feed of recent
changes come from it, the same for a given commit (no clock is read).

History is data a contributor writes (a commit message, a committer date), so
it is read as data: the log holds only fields no commit can shape (ids, dates,
status letters and paths, NUL-separated), messages come from ``git cat-file
--batch``, which gives each object's size, and a commit is kept only when its id
is one git knows and its date a real one within bounds. Any other commit is
left out with an INFO message naming it, never shown and never a crash.
``event_dates_at`` gives old event dates, which warnings about an edit compare
against; it asks only for the event files that changed, so its cost follows the
size of the edit. Old files are parsed by the same bounded loader as current ones.
"""

from __future__ import annotations

import datetime
import logging
import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from annals.load import DEFAULT_MAX_DEPTH, DEFAULT_MAX_FILE_BYTES, parse_document
from annals.problems import printable

log = logging.getLogger("mkdocs.plugins.annals")

GIT_TIMEOUT_SECONDS = 60
BASE_BRANCHES = ("origin/HEAD", "origin/main", "main")
"""Where ``annals check`` looks for the branch an edit started from, in this order."""


RECENT_CHANGES = 50
"""Most changes :func:`entry_history` keeps for the feed of recent changes."""

COMMIT_ID = re.compile(r"[0-9a-f]{40}(?:[0-9a-f]{24})?")
"""A full commit id as git prints it: SHA-1 (40 hex digits), or SHA-256 (64)."""
_COMMIT_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}")
EARLIEST = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
LATEST = datetime.datetime(9999, 12, 31, tzinfo=datetime.UTC)
"""The commit times history accepts: git's own epoch to the last day every writer of dates can still handle
(a committer day is shown, and converted to UTC for the feeds and the calendar)."""
_STATUS = re.compile(r"[A-Z]")


class HistoryError(Exception):
    """Git could not say what the entries looked like at a revision."""


@dataclass(frozen=True)
class OldDate:
    """An event's ``date`` and ``date_text`` at an earlier revision."""

    date: str
    date_text: str | None


@dataclass(frozen=True)
class Revision:
    """A commit: its hash, committer time (ISO 8601, as git gives it) and subject line.

    Only a full commit id and a real time within ``EARLIEST``..``LATEST`` make a
    revision (ValueError otherwise): links and dates are built from nothing else.
    The subject is plain text, non-printable characters written as escapes.
    """

    commit: str
    time: str
    subject: str

    def __post_init__(self) -> None:
        if not COMMIT_ID.fullmatch(self.commit):
            raise ValueError("its id is not a full commit id")
        try:
            moment = datetime.datetime.fromisoformat(self.time).astimezone(datetime.UTC)
        except (ValueError, OverflowError):
            moment = None
        if not _COMMIT_TIME.fullmatch(self.time) or moment is None or not EARLIEST <= moment <= LATEST:
            raise ValueError(f"its date {printable(self.time[:40])!r} is not a real one "
                             f"between {EARLIEST:%Y} and {LATEST:%Y}")
        object.__setattr__(self, "subject", printable(self.subject))

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
    a file changed since its last commit still shows that commit. Commits that
    are not sound (see :class:`Revision`) are left out, each named in an INFO
    message: not a warning, which would fail every strict build once such a
    commit is merged, until history is rewritten.
    """
    try:
        head = _git(entries, "rev-parse", "--verify", "HEAD^{commit}").strip()
        log = _git(entries, "log", "-z", "--no-renames", "--name-status", "--format=%H%x00%cI", "HEAD", "--", ".")
        prefix = _git(entries, "rev-parse", "--show-prefix").strip()
    except HistoryError:
        return None
    if not COMMIT_ID.fullmatch(head):
        return None
    commits = list(_log_records(log))
    subjects = _subjects(entries, [commit for commit, _, _ in commits])
    changes = [change for record in commits for change in _changes(record, subjects, prefix)]
    last: dict[tuple[str, str], Change] = {}
    for change in changes:  # newest first: the first change seen of a file is its last
        last.setdefault(change.key, change)
    return History(head, last, tuple(changes[:recent]))


def _log_records(log: str) -> Iterator[tuple[str, str, list[tuple[str, str]]]]:
    """``(commit, time, [(status, path), ...])`` from ``git log -z --name-status --format=%H%x00%cI``.

    Every field is NUL-terminated and none holds text a commit author chose: a
    status is one capital letter, a path follows its status, anything else
    starts the next commit. Paths may hold any character but NUL, so they are
    only ever read in the place after a status.
    """
    fields = iter(log.split("\0"))
    record: tuple[str, str, list[tuple[str, str]]] | None = None
    for field in fields:
        field = field.lstrip("\n")  # git ends a commit's header with a line break before its files
        if record is not None and _STATUS.fullmatch(field):
            record[2].append((field, next(fields, "")))
        elif field:
            if record is not None:
                yield record
            record = (field, next(fields, ""), [])
    if record is not None:
        yield record


def _changes(record: tuple[str, str, list[tuple[str, str]]], subjects: dict[str, str],
             prefix: str) -> Iterator[Change]:
    """The entry files one commit changed, or none when the commit is not sound (logged, by id)."""
    commit, time, files = record
    if commit not in subjects:
        log.info("Annals leaves commit %s out of the entries' history: git does not know it", printable(commit[:80]))
        return
    try:
        revision = Revision(commit, time, subjects[commit])
    except ValueError as error:
        log.info("Annals leaves commit %s out of the entries' history: %s", commit, error)
        return
    for status, path in files:
        key = entry_key(path, prefix)
        if key is not None and status != "D":
            yield Change(key, path, revision, added=status == "A")


def _subjects(where: Path, commits: list[str]) -> dict[str, str]:
    """The subject line of each of ``commits`` that is a full id of a commit git has, by id."""
    return {commit: _subject(body) for commit, (kind, body) in git_objects(where, commits).items() if kind == "commit"}


def git_objects(where: Path, ids: list[str]) -> dict[str, tuple[str, bytes]]:
    """The type (``commit``, ``blob``...) and contents of each of ``ids`` that is a full id of an object git has.

    Read with ``git cat-file --batch``, which states each object's size in bytes:
    no message or file can move the boundary between two objects.
    """
    wanted = sorted({i for i in ids if COMMIT_ID.fullmatch(i)})
    if not wanted:
        return {}
    try:
        out = git_bytes(where, "cat-file", "--batch", stdin="".join(i + "\n" for i in wanted).encode("ascii"))
    except HistoryError:
        return {}
    found, at = {}, 0
    for object_id in wanted:
        end = out.find(b"\n", at)
        if end < 0:
            break
        header = out[at:end].split(b" ")  # "<id> <type> <size>", then the contents; or "<id> missing"
        size = int(header[2]) if len(header) == 3 and header[2].isdigit() else -1
        if size >= 0 and header[0] == object_id.encode("ascii"):
            found[object_id] = (header[1].decode("ascii", "replace"), out[end + 1:end + 1 + size])
        at = end + 1 + (size + 1 if size >= 0 else 0)
    return found


def _subject(raw: bytes) -> str:
    """A commit object's subject as ``git log --format=%s`` gives it: its message's first paragraph on one line."""
    _, _, message = raw.decode("utf-8", "replace").partition("\n\n")
    paragraph = message.strip("\n").split("\n\n")[0]
    return " ".join(line.strip() for line in paragraph.split("\n") if line.strip())  # not splitlines: \x1e is text


def entry_key(path: str, prefix: str) -> tuple[str, str] | None:
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


def commit_id(where: Path, revision: str) -> str:
    """The full id of the commit ``revision`` names (a branch, a tag, an id); HistoryError when there is none."""
    try:
        found = _git(where, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}").strip()
    except HistoryError:
        found = ""
    if not COMMIT_ID.fullmatch(found):
        raise HistoryError(f"git knows no commit {printable(revision[:200])!r}")
    return found


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
    return git_bytes(where, *args, limit=limit).decode("utf-8", "replace")


def git_bytes(where: Path, *args: str, limit: int | None = None, stdin: bytes | None = None) -> bytes:
    """What ``git -C where args`` prints; HistoryError when git is missing, fails, or prints more than ``limit``."""
    try:
        done = subprocess.run(["git", "-C", str(where), *args], input=stdin, capture_output=True,
                              timeout=GIT_TIMEOUT_SECONDS)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise HistoryError(f"git did not answer: {error}") from None
    if done.returncode != 0:
        raise HistoryError(done.stderr.decode("utf-8", "replace").strip() or f"git {args[0]} failed")
    if limit is not None and len(done.stdout) > limit:
        raise HistoryError(f"{args[-1]} is larger than {limit} bytes")
    return done.stdout
