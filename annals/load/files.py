"""Entry files on disk: which files are entries, read within bounds, every one claiming its id."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from annals.entry_types import ENTRY_TYPE_NAMES
from annals.load.document import Document, line_column
from annals.load.parse import parse_document
from annals.problems import Problem
from annals.settings import DEFAULT_MAX_DEPTH, DEFAULT_MAX_FILE_BYTES

_BACKUP_SUFFIXES = (".swp", ".swo", ".swx")


@dataclass(frozen=True)
class LoadedFile:
    """One entry file as read: its signature on disk, its document (None if it did not load), its problems."""

    signature: tuple | None
    document: Document | None
    problems: list[Problem]


@dataclass
class Loaded:
    """What loading an entries folder gives: documents, problems, and every id a file claims."""

    documents: list[Document] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    claimed: set[tuple[str, str]] = field(default_factory=set)
    """``(type, id)`` of every entry file found, parsed or not: a broken file still holds its id,
    so references to it are not reported as unknown on top of its own problem."""
    files: dict[Path, LoadedFile] = field(default_factory=dict)
    """Each file as read, for the next :func:`load_folder` given this one as ``previous``."""


def load_entries(root: Path, display_root: Path | None = None, *,
                 max_file_bytes: int = DEFAULT_MAX_FILE_BYTES,
                 max_depth: int = DEFAULT_MAX_DEPTH) -> tuple[list[Document], list[Problem]]:
    """Load every entry file under ``root`` (``root/<type>/<id>.yml``): the documents that parsed and every problem.

    See :func:`load_folder`, which also says which ids the files claim.
    """
    loaded = load_folder(root, display_root, max_file_bytes=max_file_bytes, max_depth=max_depth)
    return loaded.documents, loaded.problems


def load_folder(root: Path, display_root: Path | None = None, *,
                max_file_bytes: int = DEFAULT_MAX_FILE_BYTES, max_depth: int = DEFAULT_MAX_DEPTH,
                previous: Loaded | None = None) -> Loaded:
    """Load every entry file under ``root`` (``root/<type>/<id>.yml``).

    Returns the documents that parsed, every problem found (so that one run
    reports all of them) and the ids every file claims. Paths in problems are
    relative to ``display_root`` (default: the current directory when ``root``
    is inside it). Files larger than ``max_file_bytes`` and nesting deeper than
    ``max_depth`` are refused.

    With ``previous`` (the last load of the same folder, under ``serve``), a file whose size
    and times are unchanged is not read again, and one read again with the same text keeps
    its document object: what was made from it can be kept too.
    """
    loaded = Loaded()
    for path, shown in entry_files(root, loaded.problems, display_root):
        loaded.claimed.add((path.parent.name, path.stem))
        known = previous.files.get(path) if previous is not None else None
        read = loaded.files[path] = _load_file(path, shown, known, max_file_bytes, max_depth)
        loaded.problems += read.problems
        if read.document is not None:
            loaded.documents.append(read.document)
    return loaded


def _load_file(path: Path, shown: str, known: LoadedFile | None, max_file_bytes: int,
               max_depth: int) -> LoadedFile:
    """One file, read again only when its signature changed; its old document kept when its text did not."""
    try:
        status = os.stat(path, follow_symlinks=False)
        signature: tuple | None = (shown, status.st_mtime_ns, status.st_size, status.st_ino, status.st_ctime_ns)
    except OSError:
        signature = None
    if known is not None and signature is not None and known.signature == signature:
        return known
    problems: list[Problem] = []
    document = load_document(path, shown, problems, max_file_bytes=max_file_bytes, max_depth=max_depth)
    if document is not None and known is not None and known.document is not None \
            and known.document.source == document.source and known.document.path == document.path:
        document = known.document  # saved, not changed
    return LoadedFile(signature, document, problems)


def entry_files(root: Path, problems: list[Problem], display_root: Path | None) -> list[tuple[Path, str]]:
    """Every entry file under ``root`` with its displayed path; a problem for every other file (or a missing root).

    The folder is walked without following links: the folder itself, a file or a folder
    that is a link is refused, so no file outside ``root`` is ever read, and no path needs
    resolving (the root is resolved once, for display).
    """
    if root.is_symlink():  # what it points to lies outside the folder the site owner named
        problems.append(Problem(root.as_posix(), 1, 1, "the entries folder is a symbolic link",
                                "replace the link with the folder itself: entries are read only from real files"))
        return []
    if not root.is_dir():
        problems.append(Problem(str(root), 1, 1, "the entries folder does not exist",
                                "create it, or point Annals at the right folder"))
        return []
    prefix = _display_prefix(root, display_root)
    files = []
    for parts, entry in sorted(_walk(root), key=lambda found: found[0]):
        shown = "/".join((prefix, *parts)) if prefix != "." else "/".join(parts)
        problem = _file_problem(parts, entry, shown)
        if problem is not None:
            problems.append(problem)
        elif not is_editor_file(entry.name):
            files.append((root.joinpath(*parts), shown))
    return files


def _walk(root: Path) -> Iterator[tuple[tuple[str, ...], os.DirEntry]]:
    """Everything below ``root`` that is not a real folder, as (path parts, entry); links not followed."""
    pending: list[tuple[str, ...]] = [()]
    while pending:
        parts = pending.pop()
        with os.scandir(root.joinpath(*parts)) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    pending.append(parts + (entry.name,))
                else:
                    yield parts + (entry.name,), entry


def is_editor_file(name: str) -> bool:
    """Hidden files and editors' backup, lock and swap files (``x.yml~``, ``.#x.yml``, ``#x.yml#``,
    ``*.swp``, Vim's ``4913``): skipped without a word, and no reason for ``serve`` to rebuild."""
    return name.startswith(".") or name.endswith("~") or name.endswith(_BACKUP_SUFFIXES) \
        or (len(name) > 1 and name.startswith("#") and name.endswith("#")) or name == "4913"


def _file_problem(parts: tuple[str, ...], entry: os.DirEntry, shown: str) -> Problem | None:
    """Why a file found under the entries folder is not an entry file, or ``None``."""
    if is_editor_file(entry.name):
        return None
    if entry.is_symlink():
        what = "folder" if entry.is_dir() else "entry file"
        return Problem(shown, 1, 1, f"the {what} is a symbolic link",
                       f"replace the link with the {what} itself: entries are read only from real files "
                       "inside the entries folder")
    if not entry.is_file(follow_symlinks=False):
        return Problem(shown, 1, 1, "not a regular file", "entries are ordinary text files")
    if len(parts) != 2 or parts[0] not in ENTRY_TYPE_NAMES:
        return Problem(shown, 1, 1, "not in a folder for an entry type",
                       f"move it to entries/<type>/ with type one of: {', '.join(ENTRY_TYPE_NAMES)}")
    suffix = Path(entry.name).suffix
    if suffix != ".yml":
        return Problem(shown, 1, 1, f"entry files end in .yml, not {suffix or 'nothing'}",
                       f"rename it to {Path(entry.name).stem}.yml")
    return None


def _display_prefix(root: Path, display_root: Path | None) -> str:
    """How ``root`` is shown in problems: relative to ``display_root`` (or the current directory)."""
    base = display_root if display_root is not None else Path.cwd()
    try:
        return root.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return root.as_posix()


def load_document(path: Path, shown: str, problems: list[Problem], *,
                  max_file_bytes: int = DEFAULT_MAX_FILE_BYTES,
                  max_depth: int = DEFAULT_MAX_DEPTH) -> Document | None:
    """Load one entry file; on failure add problems and return ``None``.

    The size is checked before anything is read, and never more than
    ``max_file_bytes`` (plus one) bytes are read, even if the file grows.
    """
    data, problem = _read_bounded(path, shown, max_file_bytes)
    if problem is not None:
        problems.append(problem)
        return None
    try:
        source = data.decode("utf-8-sig")  # a byte order mark is not text: positions start after it
    except UnicodeDecodeError as error:
        readable = error.object[:error.start].decode("utf-8")  # after the byte order mark, if any
        problems.append(Problem(shown, *line_column(readable, len(readable)),
                                "the file is not UTF-8 text", "save it with UTF-8 encoding"))
        return None
    return parse_document(source, shown, path.parent.name, path.stem, problems, max_depth=max_depth)


def _read_bounded(path: Path, shown: str, max_file_bytes: int) -> tuple[bytes, Problem | None]:
    """The bytes of a regular file of at most ``max_file_bytes``, or the problem that stops reading it."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as error:
        return b"", Problem(shown, 1, 1, f"the file cannot be opened ({error.strerror})",
                            "entries are ordinary text files, not links")
    with os.fdopen(descriptor, "rb") as file:
        status = os.fstat(file.fileno())
        if not stat.S_ISREG(status.st_mode):
            return b"", Problem(shown, 1, 1, "not a regular file", "entries are ordinary text files")
        if status.st_size > max_file_bytes:
            return b"", _too_large(shown, f"{status.st_size:,} bytes", max_file_bytes)
        data = file.read(max_file_bytes + 1)
    if len(data) > max_file_bytes:  # it grew after fstat
        return b"", _too_large(shown, f"more than {max_file_bytes:,} bytes", max_file_bytes)
    return data, None


def _too_large(shown: str, size: str, max_file_bytes: int) -> Problem:
    return Problem(shown, 1, 1, f"the file has {size}; an entry file may have at most {max_file_bytes:,}",
                   "an entry holds a summary and references, not whole documents: shorten it")
