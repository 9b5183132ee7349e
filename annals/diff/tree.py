"""The entries folder as it was at a commit, written out to a folder, and the entry files git saw renamed.

Read the way ``annals.history`` reads git: NUL-separated listings, object ids
checked, contents through ``git cat-file --batch`` (each object's size given).
A path from the tree is written only when every part of it is a plain name
inside the entries folder, each file is created new (never through a link),
and a file larger than the loader reads is made at its size without being
read, so the check refuses it with the same problem it gives in the working tree.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from annals.history import COMMIT_ID, HistoryError, entry_key, git_bytes, git_objects
from annals.site import EntryKey

_LINK = "120000"
"""The tree mode of a symbolic link."""


@dataclass(frozen=True)
class Checkout:
    """Where a git repository's entries folder is: the repository's top folder and the folder inside it."""

    top: Path
    folder: str
    """The entries folder, relative to ``top`` (``entries``; ``.`` when it is the top)."""

    @classmethod
    def of(cls, entries: Path) -> Checkout:
        """The repository holding ``entries``; HistoryError when there is none."""
        top = Path(git_bytes(entries, "rev-parse", "--show-toplevel").decode("utf-8", "replace").strip()).resolve()
        try:
            folder = entries.resolve().relative_to(top).as_posix()
        except ValueError:
            raise HistoryError(f"{entries} is outside the git repository at {top}") from None
        return cls(top, folder)

    @property
    def prefix(self) -> str:
        """What every entry file's repository path starts with (``entries/``)."""
        return "" if self.folder == "." else self.folder + "/"


def write_entries(checkout: Checkout, commit: str, into: Path, max_file_bytes: int) -> Path:
    """Write the entries folder as ``commit`` had it below ``into`` (at the same path as in the repository);
    return the folder written."""
    root = into / checkout.folder
    root.mkdir(parents=True, exist_ok=True)
    files, links = _listing(checkout, commit)
    read = [object_id for _, object_id, size in files if size <= max_file_bytes]
    contents = {i: body for i, (kind, body) in git_objects(checkout.top, read).items() if kind == "blob"}
    for path, object_id, size in files:
        if object_id in contents or size > max_file_bytes:
            _create(into / path, contents.get(object_id), size)
    for path in links:  # last, so that no file is written through one; the check refuses it as a link
        target = into / path
        if not target.parent.is_symlink() and not os.path.lexists(target):
            target.parent.mkdir(parents=True, exist_ok=True)
            target.symlink_to("symbolic-link")
    return root


def _listing(checkout: Checkout, commit: str) -> tuple[list[tuple[str, str, int]], list[str]]:
    """The entries folder's files at ``commit`` as ``(path, object id, size)``, and its symbolic links."""
    listed = git_bytes(checkout.top, "ls-tree", "-r", "-z", "-l", "--full-tree", commit, "--", checkout.folder)
    files, links = [], []
    for record in listed.decode("utf-8", "surrogateescape").split("\0"):
        header, _, path = record.partition("\t")
        fields = header.split()  # mode, type, object id, size (right-aligned)
        if len(fields) != 4 or not _inside(path, checkout.prefix):
            continue
        mode, kind, object_id, size = fields
        if mode == _LINK:
            links.append(path)
        elif kind == "blob" and COMMIT_ID.fullmatch(object_id) and size.isdigit():
            files.append((path, object_id, int(size)))
    return files, links


def _inside(path: str, prefix: str) -> bool:
    """Whether a path from the tree lies below the entries folder and every part of it is a plain name."""
    parts = path.split("/")
    return path.startswith(prefix) and all(part not in ("", ".", "..") for part in parts) and "\\" not in path


def _create(path: Path, body: bytes | None, size: int) -> None:
    """Create ``path`` as a new file (never through a link, never over a file) holding ``body``; without it
    (a file too large to read) ``size`` bytes of zeros, which the loader refuses as it does the real file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
    except OSError:
        return  # a second object of the same name (a crafted tree): the first one stands
    with os.fdopen(handle, "wb") as file:
        if body is not None:
            file.write(body)
        else:
            file.truncate(size)


def git_renames(checkout: Checkout, commit: str) -> dict[EntryKey, EntryKey]:
    """The entry files git sees renamed between ``commit`` and the working tree: old entry -> new entry."""
    out = git_bytes(checkout.top, "diff", "-M", "--name-status", "-z", "--no-relative", "--no-ext-diff",
                    commit, "--", checkout.folder).decode("utf-8", "surrogateescape")
    fields, renames = iter(out.split("\0")), {}
    for status in fields:
        if status[:1] in ("R", "C"):
            old, new = next(fields, ""), next(fields, "")
            old_key, new_key = entry_key(old, checkout.prefix), entry_key(new, checkout.prefix)
            if status[0] == "R" and old_key and new_key:
                renames[old_key] = new_key
        elif status:
            next(fields, "")
    return renames
