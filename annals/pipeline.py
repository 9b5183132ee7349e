"""The whole flow, load -> validate -> link -> lint -> render (and the entry reference), for the CLI and the plugin."""

from __future__ import annotations

import gc
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, NamedTuple

from annals.export import DEFAULT_FEED_LIMIT, export
from annals.history import OldDate
from annals.link import link
from annals.site import Site
from annals.lint import lint, stale_dates
from annals.load import DEFAULT_MAX_DEPTH, DEFAULT_MAX_FILE_BYTES, Loaded, load_folder
from annals.validate import Valid, validate
from annals.problems import Problem, ProblemsFound
from annals.publication import Publication
from annals.reference import reference_page
from annals.render import (DEFAULT_PAGE_LIMIT, DEFAULT_TIMELINE_LIMIT, Page, make_environment, refuse_duplicates,
                           render)


class Before(NamedTuple):
    """What changed events looked like at an earlier revision (see ``annals.history``)."""

    revision: str
    dates: dict[str, OldDate]


@contextmanager
def without_cycle_collection() -> Iterator[None]:
    """Python's cycle collector paused for the block, as it was after.

    It runs every few hundred allocations and walks the ever larger site each
    time: a fifth of generation at 10,000 entries. Generation makes almost no
    cyclic garbage (peak memory at 10,000 entries was the same with and without
    it), and everything it builds lives until the pages are made anyway.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def check(entries: Path, display_root: Path | None = None, *,
          max_file_bytes: int = DEFAULT_MAX_FILE_BYTES,
          max_depth: int = DEFAULT_MAX_DEPTH, before: Before | None = None) -> tuple[Site, list[Problem], int]:
    """Load, validate, link and lint every entry; return the site, every problem and the file count.

    Problems include warnings (``Problem.is_warning``). ``max_file_bytes`` and
    ``max_depth`` bound what the loader reads (see ``annals.load``); with
    ``before``, text that still gives the old date of a changed event is a warning.
    """
    with without_cycle_collection():
        loaded = load_folder(entries, display_root, max_file_bytes=max_file_bytes, max_depth=max_depth)
        valid, found = validate(loaded.documents)
        return link_checked(loaded, valid, found, before)


def link_checked(loaded: Loaded, valid: list[Valid], found: list[Problem],
                 before: Before | None = None) -> tuple[Site, list[Problem], int]:
    """:func:`check` after validation: link and lint the valid entries; every problem, sorted."""
    problems = loaded.problems + found
    valid_keys = {v.key for v in valid}
    invalid = loaded.claimed - valid_keys  # their own problems are reported; references to them are not
    site, found = link(valid, unchecked=invalid,
                       invalid=[d for d in loaded.documents if (d.entry_type, d.stem) not in valid_keys])
    problems += found
    problems += lint(site, without_errors=not problems)
    if before is not None:
        problems += stale_dates(site, before.dates, before.revision)
    return site, sorted(problems), len(loaded.claimed)


def generate(entries: Path, templates: Path, display_root: Path | None = None, *,
             max_file_bytes: int = DEFAULT_MAX_FILE_BYTES, max_depth: int = DEFAULT_MAX_DEPTH,
             page_limit: int = DEFAULT_PAGE_LIMIT, timeline_limit: int = DEFAULT_TIMELINE_LIMIT,
             workers: int = 0, publication: Publication = Publication(),
             feed_limit: int = DEFAULT_FEED_LIMIT) -> tuple[list[Page], list[Problem]]:
    """Every generated page (the entries' pages and the entry reference), the data files, and the warnings.

    ``workers``: processes that render (0: one per core; see ``annals.render.render``);
    ``publication``: where the site is published and the entries' history (see ``annals.publication``).

    Raises :class:`ProblemsFound` with every problem, warnings too, if any entry has an error.
    """
    with without_cycle_collection():
        site, problems, _ = check(entries, display_root, max_file_bytes=max_file_bytes, max_depth=max_depth)
        if any(not p.is_warning for p in problems):
            raise ProblemsFound(problems)  # the warnings too: every problem in one run
        pages = render(site, templates, page_limit, timeline_limit, workers, publication)
        environment = make_environment(templates)
        pages += [reference_page(environment)] + export(site, environment, publication, feed_limit)
        refuse_duplicates(pages)
        return sorted(pages, key=lambda p: p.uri), problems
