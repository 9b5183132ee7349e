"""Sanitizing generated pages beside MkDocs: in a forked process while MkDocs converts the next pages.

MkDocs turns Markdown into HTML one page at a time in one process; the
sanitizer (``annals.sanitize``) then takes about a fifth as long again per
page. On a machine with a second core, a forked process sanitizes batches of
pages while MkDocs goes on converting, and every page gets its sanitized HTML
back before anything is written: MkDocs calls ``on_env`` after it has
converted every page and before it renders the first template.

The cleaner in the child is the very same object (forked, not rebuilt), so a
page's HTML is exactly what sanitizing it in this process would give. Where
forking is unsafe or not worth it (another thread is running, as under
``mkdocs serve``; few pages; one core) pages are sanitized at once, in this
process.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.pool
from collections.abc import Callable

import nh3

from annals.render.parallel import MIN_JOBS, can_fork

BATCH = 64
"""Pages sent to the child at a time: large enough that the pipe costs little per page."""

_CLEANER: nh3.Cleaner | None = None
"""The cleaner the child uses, set just before it is forked."""


class Sanitizing:
    """Sanitize each generated page's HTML, in a forked process when ``pages`` is large and there is a spare core.

    Call :meth:`clean` from ``on_page_content`` and :meth:`finish` before any
    page is written (``on_env``); :meth:`stop` on a failed build.
    """

    def __init__(self, cleaner: nh3.Cleaner, pages: int, cores: int, min_pages: int = MIN_JOBS):
        self._cleaner = cleaner
        self._forked = cores > 1 and can_fork(pages, min_pages)
        self._pool: multiprocessing.pool.Pool | None = None
        self._batch: list = []
        self._sent: list[tuple[list, multiprocessing.pool.AsyncResult]] = []

    def sanitize(self, page, html: str, after: Callable[[str], str] | None = None) -> str:
        """The page's sanitized HTML (through ``after`` if given), or ``""`` until :meth:`finish` sets ``page.content``."""
        after = after or _unchanged
        if not self._forked:
            return after(self._cleaner.clean(html))
        self._batch.append((page, html, after))
        if len(self._batch) >= BATCH:
            self._send()
        return ""

    def finish(self) -> None:
        """Wait for the child and give every page sent to it its sanitized HTML."""
        if self._batch:
            self._send()
        for batch, result in self._sent:
            try:
                cleaned = result.get()
            except Exception:  # noqa: BLE001 - a child that died: sanitize here instead
                cleaned = [self._cleaner.clean(html) for _, html, _ in batch]
            for (page, _, after), html in zip(batch, cleaned, strict=True):
                page.content = after(html)
        self._sent = []
        self.stop()

    def stop(self) -> None:
        """End the child, if any (done by :meth:`finish`; call it when the build fails)."""
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None

    def _send(self) -> None:
        global _CLEANER
        if self._pool is None:
            _CLEANER = self._cleaner
            self._pool = multiprocessing.get_context("fork").Pool(1)
        batch, self._batch = self._batch, []
        self._sent.append((batch, self._pool.apply_async(_clean_batch, ([html for _, html, _ in batch],))))


def _unchanged(html: str) -> str:
    return html


def _clean_batch(htmls: list[str]) -> list[str]:
    assert _CLEANER is not None, "set before the fork"
    return [_CLEANER.clean(html) for html in htmls]
