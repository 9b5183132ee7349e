"""Rendering in forked processes: every unit is independent once the site is linked.

A forked worker starts with the linked site already in its memory (nothing is
pickled on the way in but the list of units), renders its share and sends back
plain page text. Pages are sorted by address afterwards, so the output does not
depend on the number of workers or on which finished first.

Only where ``fork`` is safe and cheap: on Linux, and in a process with no other
thread (``mkdocs serve`` runs threads; it renders incrementally in one process).
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading

from annals.problems import Problem

MIN_JOBS = 500
"""Below this many pieces of work (units to render, pages to sanitize), starting processes costs more than it saves (at 1,000 entries forking saves a seventh)."""

_JOB: tuple | None = None
"""What the workers render from, set just before they are forked."""


def cpu_cores() -> int:
    """The cores this process may run on (a container's limit, not the machine's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def can_fork(jobs: int, minimum: int = MIN_JOBS) -> bool:
    """Whether handing ``jobs`` pieces of work to forked processes is safe here and worth it."""
    return sys.platform == "linux" and threading.active_count() == 1 and jobs >= minimum


def render_forked(site, settings, todo: list, workers: int, publication) -> tuple[list, list[Problem]]:
    """The pages of ``todo`` rendered by ``workers`` forked processes, and the problems."""
    global _JOB
    from annals.render import OutputFile  # the package imports this module

    _JOB = (site, settings, publication)
    shares = [todo[i::workers] for i in range(workers)]  # interleaved: hubs and indexes spread out
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            results = pool.map(_render_share, shares)
    finally:
        _JOB = None
    pages = [OutputFile(*fields) for rows, _ in results for fields in rows]
    return pages, [problem for _, problems in results for problem in problems]


def _render_share(share: list) -> tuple[list[tuple], list[Problem]]:
    from annals.render import render_units

    assert _JOB is not None, "set before the fork"
    site, settings, publication = _JOB
    pages, problems = render_units(site, settings, share, publication)
    return [tuple(vars(p).values()) for p in pages], problems
