"""``annals mv``: rename an entry, and rewrite every reference, mention and citation of it.

Edits are made at the exact places the loader found each value (no YAML is
written back, so formatting and comments stay as the editor left them). The
renamed entry records its old id under ``former_ids``, so the build writes a
page at the old address that sends readers on (see ``annals.plugin``), and a
reference still using the old id is reported with the new one as the fix.

Everything is worked out before anything is written: a rename that cannot be
done completely (a file that does not load, a mention the loader cannot place)
changes nothing and says where to look.
"""

from __future__ import annotations

import itertools
import os
import stat
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from annals.entry_types import ENTRY_TYPES
from annals.fields import raw_markdown, raw_references
from annals.load import Document, Key, load_folder
from annals.markdown import CITATION_RE, citations_and_mentions
from annals.scaffold import MAX_DERIVED_ID, is_id
from annals.settings import Settings

__all__ = ["RenameError", "Renamed", "rename_entry"]


class RenameError(Exception):
    """The rename cannot be done; nothing was changed. The message says why and what to do."""


Edit = tuple[int, int, str]
"""Replace ``source[start:end]`` with the text."""


@dataclass
class Renamed:
    """What a rename did: the entry's old and new file, and how many references it rewrote in which files."""

    old_path: Path
    new_path: Path
    rewritten: dict[Path, int] = field(default_factory=dict)


def rename_entry(settings: Settings, entry_type: str, old: str, new: str) -> Renamed:
    """Rename entry ``entry_type/old`` to ``new`` everywhere (see the module); raise :class:`RenameError`."""
    _check_names(entry_type, old, new)
    loaded = load_folder(settings.entries, settings.display_root, max_file_bytes=settings.max_file_bytes,
                         max_depth=settings.max_depth)
    unreadable = sorted({p.path for p in loaded.problems})
    if unreadable:
        raise RenameError(f"{', '.join(unreadable[:5])} did not load, so references in them cannot be found: "
                          "fix what `annals check` reports there first")
    entry = _the_entry(loaded.documents, entry_type, old, new)
    paths = {id(read.document): path for path, read in loaded.files.items() if read.document is not None}
    new_path = settings.entries / entry_type / f"{new}.yml"
    renamed = Renamed(paths[id(entry)], new_path)
    edits: dict[Path, tuple[str, list[Edit]]] = {}
    for document in loaded.documents:
        found = _reference_edits(document, (entry_type, old), new)
        if found:
            renamed.rewritten[new_path if document is entry else paths[id(document)]] = len(found)
        if document is entry:
            found += _own_edits(document, old, new)
        if found:
            edits[new_path if document is entry else paths[id(document)]] = (document.source, found)
    _write(edits, renamed)
    return renamed


def _check_names(entry_type: str, old: str, new: str) -> None:
    if entry_type not in ENTRY_TYPES:
        raise RenameError(f"unknown entry type '{entry_type}' (use one of: {', '.join(ENTRY_TYPES)})")
    if not ENTRY_TYPES[entry_type].own_pages:  # a tag: its entries name it in `tags:`, which are not references
        raise RenameError(f"`annals mv` renames references, and a {entry_type} is named in entries' `tags:` instead: "
                          f"rename {entry_type}/{old}.yml and its id, and change `{old}` in those `tags:` lists")
    for name in (old, new):
        if not is_id(name) or len(name) > MAX_DERIVED_ID:
            raise RenameError(f"'{name}' is not an id: use lowercase letters, digits and single hyphens, "
                              f"at most {MAX_DERIVED_ID} characters")
    if old == new:
        raise RenameError(f"'{old}' is already the entry's id")


def _the_entry(documents: list[Document], entry_type: str, old: str, new: str) -> Document:
    """The entry to rename: the file named ``old``, or a file already named ``new`` that still holds ``old``."""
    of_type = [d for d in documents if d.entry_type == entry_type]
    named = {d.stem: d for d in of_type}
    if old in named:
        if new in named:
            raise RenameError(f"{named[new].path} already exists: choose another id, or remove that entry first")
        return named[old]
    if new in named and named[new].data.get("id") == old:
        return named[new]  # renamed by hand: finish it
    raise RenameError(f"there is no {entry_type} '{old}' (no file {entry_type}/{old}.yml): "
                      f"`ls {entry_type}/` in the entries folder lists the ids there")


def _reference_edits(document: Document, target: tuple[str, str], new: str) -> list[Edit]:
    """Where ``document`` refers to, mentions or cites ``target``, each with its new text."""
    edits = []
    for key, target_type, target_id in raw_references(document.entry_type, document.data):
        if (target_type, target_id) == target:
            edits.append(_value_edit(document, key, target[1], new))
    for key, text in raw_markdown(document.entry_type, document.data):
        for match in itertools.chain(*citations_and_mentions(text)):
            found = ("source", match.group("id")) if match.re is CITATION_RE else (match.group("type"),
                                                                                    match.group("id"))
            if found == target:
                edits.append(_text_edit(document, key, match.start("id"), target[1], new))
    return edits


def _value_edit(document: Document, key: Key, old: str, new: str) -> Edit:
    where = document.values[key]
    raw = document.source[where.start_index:where.end_index]
    if raw.count(old) != 1:
        raise _unplaceable(document, key)
    start = where.start_index + raw.index(old)
    return start, start + len(old), new


def _text_edit(document: Document, key: Key, offset: int, old: str, new: str) -> Edit:
    start, end = document.file_index(key, offset), document.file_index(key, offset + len(old))
    if start is None or end is None or document.source[start:end] != old:
        raise _unplaceable(document, key, offset)
    return start, end, new


def _unplaceable(document: Document, key: Key, offset: int | None = None) -> RenameError:
    line, column = document.locate(key, offset=offset)
    return RenameError(f"{document.path}:{line}:{column}: cannot rewrite this reference in place (it is split or "
                       "escaped in the file): write it on one line, then run `annals mv` again")


def _own_edits(document: Document, old: str, new: str) -> list[Edit]:
    """The renamed file's ``id`` set to ``new``, and ``old`` added to its ``former_ids`` (``new`` taken out)."""
    edits = [_value_edit(document, ("id",), document.data.get("id", old), new)]
    formers = document.data.get("former_ids") or []
    formers = [f for f in formers if f != new] + ([old] if old not in formers else [])
    text = f"[{', '.join(formers)}]"
    if ("former_ids",) in document.values:
        where = document.values[("former_ids",)]
        edits.append((where.start_index, where.end_index, text))
    else:  # a new line after the id's
        end_of_line = document.source.find("\n", document.values[("id",)].end_index)
        at = len(document.source) if end_of_line < 0 else end_of_line + 1
        edits.append((at, at, f"former_ids: {text}\n" if end_of_line >= 0 else f"\nformer_ids: {text}\n"))
    return edits


def _write(edits: dict[Path, tuple[str, list[Edit]]], renamed: Renamed) -> None:
    """Every edited file written whole beside itself, then moved in; the entry's old file removed last."""
    staged = []
    try:
        for target, (source, made) in edits.items():
            text = source
            for start, end, replacement in sorted(made, reverse=True):
                text = text[:start] + replacement + text[end:]
            handle, name = tempfile.mkstemp(dir=target.parent, prefix=".annals-mv-", suffix=".tmp")
            with os.fdopen(handle, "w", encoding="utf-8", newline="") as file:
                file.write(text)
            os.chmod(name, stat.S_IMODE((target if target.exists() else renamed.old_path).stat().st_mode))
            staged.append((Path(name), target))
    except OSError as error:
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)
        raise RenameError(f"cannot write beside {error.filename}: {error.strerror}; nothing was changed") from None
    for temporary, target in staged:
        os.replace(temporary, target)
    if renamed.old_path != renamed.new_path:
        renamed.old_path.unlink()
