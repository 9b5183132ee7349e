"""Two sides of an edit compared: which entries came, went, were renamed or changed, the problems it brings,
the pages it changes."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from annals.problems import Problem
from annals.site import EntryKey, Site
from annals.validate import Valid
from annals.diff.changes import Sides, entry_changes
from annals.render import redirects
from annals.render.markup import Md


@dataclass(frozen=True)
class Side:
    """One side of the edit: its linked site, every problem, and each generated file's content by address
    (None when the entries have errors, which no page is generated with)."""

    site: Site
    problems: list[Problem]
    files: dict[str, tuple] | None


@dataclass(frozen=True)
class EntryRename:
    """An entry that has a new id: the old and the new version, and whether its ``former_ids`` say so."""

    old: Valid
    new: Valid
    recorded: bool


@dataclass(frozen=True)
class Compared:
    """What the edit does to the entries, by kind of change, each sorted by entry."""

    added: list[Valid]
    removed: list[Valid]
    broken: list[Valid]
    """Entries whose file is still there but now has errors: they leave the site until it is fixed."""
    renamed: list[tuple[EntryRename, list[Md]]]
    changed: list[tuple[Valid, list[Md]]]


def compare(before: Side, after: Side, git_renamed: dict[EntryKey, EntryKey]) -> Compared:
    """Match the two sides' entries (by key; renames by ``former_ids``, else by git) and word their changes."""
    old, new = before.site.entries, after.site.entries
    gone, came = sorted(set(old) - set(new)), sorted(set(new) - set(old))
    renames = _renames(before.site, after.site, (gone, came), git_renamed)
    sides = Sides(before.site, after.site)
    renamed_from = {r.old.key for r in renames}
    erring = {p.path for p in after.problems if not p.is_warning}
    removed = [old[k] for k in gone if k not in renamed_from]
    changed = [(new[k], entry_changes(old[k], new[k], sides)) for k in sorted(set(old) & set(new))
               if old[k].entry != new[k].entry]
    return Compared(added=[new[k] for k in came if k not in {r.new.key for r in renames}],
                    removed=[v for v in removed if v.document.path not in erring],
                    broken=[v for v in removed if v.document.path in erring],
                    renamed=[(r, entry_changes(r.old, r.new, sides)) for r in renames],
                    changed=[(valid, lines) for valid, lines in changed if lines])


def _renames(before: Site, after: Site, gone_and_came: tuple[list[EntryKey], list[EntryKey]],
             git_renamed: dict[EntryKey, EntryKey]) -> list[EntryRename]:
    """New entries that were old ones: those whose ``former_ids`` name a removed entry, then git's renames."""
    gone, came = gone_and_came
    before_keys: set[EntryKey] = set(gone)
    found: dict[EntryKey, tuple[EntryKey, bool]] = {}
    for key in came:
        for former in getattr(after.entries[key].entry, "former_ids", ()) or ():
            if (key[0], former) in before_keys and key not in found:
                found[key] = ((key[0], former), True)
                before_keys.discard((key[0], former))
    for old_key, new_key in sorted(git_renamed.items()):
        if old_key in before_keys and new_key in came and new_key not in found:
            found[new_key] = (old_key, False)
            before_keys.discard(old_key)
    return [EntryRename(before.entries[old_key], after.entries[new_key], recorded)
            for new_key, (old_key, recorded) in sorted(found.items())]


def introduced(before: Side, after: Side, renamed: list[EntryRename]) -> list[Problem]:
    """The problems after the edit that were not there before, wherever in its file each one is (an edit moves
    lines); a renamed entry's problems before count as its new file's."""
    moved = {r.old.document.path: r.new.document.path for r in renamed}
    known = Counter(_gist(p, moved) for p in before.problems)
    found = []
    for problem in after.problems:
        gist = _gist(problem, {})
        if known[gist]:
            known[gist] -= 1
        else:
            found.append(problem)
    return found


def _gist(problem: Problem, moved: dict[str, str]) -> tuple[str, str, str, str]:
    return moved.get(problem.path, problem.path), problem.severity, problem.message, problem.hint


def changed_files(before: Side, after: Side) -> list[tuple[str, str]] | None:
    """The generated files that differ, by address, each with ``"new"``, ``"gone"``, ``"redirects"`` (a renamed
    entry's old page) or ``""`` (changed);
    None when a side has errors (no page is generated then)."""
    if before.files is None or after.files is None:
        return None
    old, new = before.files, after.files
    differ = [uri for uri in old.keys() | new.keys() if old.get(uri) != new.get(uri)]
    moved = redirects(after.site)  # a renamed entry's old page: its address leads to the new one
    return [(uri, ("redirects" if uri in moved else "gone") if uri not in new else "new" if uri not in old else "")
            for uri in sorted(differ)]
