"""``annals diff``: what an edit changes for readers, as Markdown a reviewer reads beside the YAML diff.

The entries at a base revision (by default where the branch left main, as
``annals check`` finds it) are written out of git to a temporary folder
(``tree``), and both sides go through the one engine (``annals.pipeline``)
with the same settings: checked, linked and generated. Then ``compare`` matches
their entries and words each change as the site shows it (``changes``), lists
the problems the edit brings and the pages whose content differs, and ``report``
writes it all as Markdown in which entry text is inert (``text``).
"""

from __future__ import annotations

import dataclasses
import tempfile
from pathlib import Path

from annals.history import HistoryError, base_revision, commit_id, event_dates_at
from annals.pipeline import Before, Generator
from annals.publication import Publication, read_publication
from annals.settings import Settings
from annals.diff.compare import Side, changed_files, compare, introduced
from annals.diff.report import markdown_report
from annals.diff.tree import Checkout, git_renames, write_entries


def semantic_diff(settings: Settings, base: str | None = None) -> str:
    """The Markdown summary of what the working tree's entries change since ``base`` (default: where HEAD
    left main). Raises :class:`HistoryError` when git cannot say what the entries were there."""
    entries = settings.entries.resolve()
    checkout = Checkout.of(entries)
    commit, name = base_commit(checkout, base)
    publication = read_publication(dataclasses.replace(settings, history=False))  # no "last changed" lines
    with tempfile.TemporaryDirectory(prefix="annals-diff-") as folder:
        root = write_entries(checkout, commit, Path(folder), settings.max_file_bytes)
        before = read_side(dataclasses.replace(settings, entries=root, display_root=Path(folder)), publication)
    old_dates = event_dates_at(entries, commit, max_file_bytes=settings.max_file_bytes, max_depth=settings.max_depth)
    after = read_side(dataclasses.replace(settings, entries=entries, display_root=checkout.top), publication,
                      Before(name, old_dates))
    compared = compare(before, after, git_renames(checkout, commit))
    problems = introduced(before, after, [renamed for renamed, _ in compared.renamed])
    return markdown_report(name, compared, problems, changed_files(before, after))


def base_commit(checkout: Checkout, base: str | None) -> tuple[str, str]:
    """The commit to compare with and how to name it: ``base``, or where HEAD left main."""
    if base is not None:
        commit = commit_id(checkout.top, base)
        return commit, f"{commit[:7]} ({base})"
    found = base_revision(checkout.top)
    if found is None:
        raise HistoryError("cannot find where this branch left main (no merge base of HEAD with origin/HEAD, "
                           "origin/main or main): name the revision to compare with, e.g. annals diff origin/main")
    return found


def read_side(settings: Settings, publication: Publication, before: Before | None = None) -> Side:
    """One side through the engine: checked (with ``before``, warnings about changed event dates too), then,
    when no entry has an error, generated."""
    generator = Generator(settings, publication)
    site, problems, _ = generator.check(before)
    if any(not p.is_warning for p in problems):
        return Side(site, problems, None)
    made = generator.generate()
    files = made.files + made.exports.files()
    return Side(site, problems, {f.uri: (f.content, f.visual, f.description, f.structured) for f in files})
