"""The last stage: the linked site as data files researchers take away, beside the rendered pages.

Every file is made from the linked site (not from HTML): ``data/`` holds the
dataset (JSON and its schema), the tables (CSV), the calendar (iCalendar) and
the bibliography (CSL-JSON, BibTeX); ``feeds/`` holds the Atom feeds. One module
per family of formats; each makes its file a piece at a time.

The files hold every entry, so none is ever held whole: :class:`Exports`
writes each into the site folder as it is made (``write``), beside MkDocs'
own work (``annals.plugin``). The Data page that lists them is a page like the
others (``annals.export.page``).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from annals.export.bibliography import SOURCES_BIB, SOURCES_CSL, sources_bib, sources_csl
from annals.export.calendar import EVENTS_ICS, events_ics
from annals.export.dataset import DATASET, DATASET_SCHEMA, all_citations, dataset_lines, dataset_schema_text
from annals.export.feeds import CHANGES_FEED, EVENTS_FEED, changes_feed, events_feed
from annals.export.page import DATA_PAGE, DATA_TITLE, FILES, data_page
from annals.export.tables import CITATIONS_CSV, EVENTS_CSV, citations_csv, events_csv
from annals.publication import Publication
from annals.render.context import OutputFile
from annals.settings import Settings
from annals.site import Site

__all__ = ["DATA_FILES", "DATA_PAGE", "DATA_TITLE", "EXPORTS", "Exports", "data_page"]

T = TypeVar("T")

EXPORTS = tuple(FILES)
"""Every file the export stage writes, by its path in the site."""
DATA_FILES = "the data files"
"""What the log calls them once written (``annals.beside.wrote``): serve's log, which ``make bench`` waits on."""


@dataclass(frozen=True)
class Exports:
    """Every data file and feed of one linked site, made only as it is written or read.

    ``instead``: a site to export if exporting ``site`` fails, under ``mkdocs serve`` while entries are left
    out (``annals.render.drafts``): the Data page's links must lead somewhere, and an editor previewing pages
    does not read the data files.
    """

    site: Site
    settings: Settings
    publication: Publication
    instead: Site | None = None

    def pieces(self, site: Site | None = None) -> dict[str, Iterator[str]]:
        """Each file's text as the pieces it is made of, by path; nothing is made until a piece is read."""
        site = site if site is not None else self.site
        publication, limit = self.publication, self.settings.feed_limit
        cited = all_citations(site)
        return {
            DATASET: dataset_lines(site, publication, cited),
            DATASET_SCHEMA: _lazily(dataset_schema_text),
            EVENTS_CSV: events_csv(site, publication),
            CITATIONS_CSV: citations_csv(site, cited),
            EVENTS_ICS: events_ics(site, publication),
            SOURCES_CSL: sources_csl(site),
            SOURCES_BIB: sources_bib(site),
            EVENTS_FEED: _lazily(events_feed, site, publication, limit),
            CHANGES_FEED: _lazily(changes_feed, site, publication, limit),
        }

    def files(self) -> list[OutputFile]:
        """Every file whole, in the order of :data:`EXPORTS`: for ``annals render`` and the tests."""
        return self._made(lambda files: [OutputFile(path, "".join(pieces)) for path, pieces in files.items()])

    def write(self, folder: str | Path) -> None:
        """Write every file into ``folder`` as it is made; each replaces the one before only once it is whole."""
        self._made(lambda files: _write_all(files, Path(folder)))

    def _made(self, make: Callable[[dict[str, Iterator[str]]], T]) -> T:
        """``make`` of this site's files, or of ``instead``'s if making them fails (not for want of disk)."""
        try:
            return make(self.pieces())
        except OSError:
            raise
        except Exception:
            if self.instead is None:
                raise
            return make(self.pieces(self.instead))


def _lazily(make: Callable[..., str], *arguments: object) -> Iterator[str]:
    """A file made whole (a small one: the schema, a feed of at most ``feed_limit`` entries), once it is read."""
    yield make(*arguments)


def _write_all(files: dict[str, Iterator[str]], folder: Path) -> None:
    for path, pieces in files.items():
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f".{target.name}.partial")
        try:
            with open(partial, "w", encoding="utf-8", newline="") as out:  # as made: CSV and iCalendar end in CRLF
                out.writelines(pieces)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        os.replace(partial, target)
