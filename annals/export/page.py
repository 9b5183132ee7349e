"""The Data page (``data/index.md``): every file the export stage writes, its columns and its licence.

Made from the same tables the files are written from, so it cannot drift from them.
"""

from __future__ import annotations

import jinja2

from annals.export.bibliography import SOURCES_BIB, SOURCES_CSL
from annals.export.calendar import EVENTS_ICS
from annals.export.dataset import DATASET, DATASET_SCHEMA
from annals.export.feeds import CHANGES_FEED, EVENTS_FEED
from annals.export.tables import CITATION_COLUMNS, CITATIONS_CSV, EVENT_COLUMNS, EVENTS_CSV, LIST_SEPARATOR
from annals.render.context import OutputFile
from annals.render.markup import tidy

DATA_PAGE = "data/index.md"
DATA_TITLE = "Data"

FILES: dict[str, tuple[str, str]] = {
    DATASET: ("Every entry (JSON)", "every entry after checking and linking: its fields as written, its page, "
              "its parsed date, the entries it refers to and those that refer to it, every citation by field, "
              "the outlets behind it and its last change in git; its build field names the commit it was built from"),
    DATASET_SCHEMA: ("JSON Schema of entries.json", "JSON Schema (2020-12) that every line of entries.json "
                     "follows, generated from the same code as the file"),
    EVENTS_CSV: ("Events (CSV)", "one row per event, in chronology order; columns below"),
    CITATIONS_CSV: ("Citations (CSV)", "one row per citation: which entry cites which source, from which field, "
                    "with which quote; columns below"),
    EVENTS_ICS: ("Calendar (iCalendar)", "the events a calendar can place: all-day events for dates known to "
                 "the day, spans for intervals with both ends known; a date known only to its month or year is "
                 "left out, an uncertain or approximate one says so in its title"),
    SOURCES_CSL: ("Sources (CSL-JSON)", "every source for Zotero, Pandoc and other CSL processors"),
    SOURCES_BIB: ("Sources (BibTeX)", "every source for LaTeX and reference managers: an article entry with the "
                  "outlet as journal, a misc entry when the outlet is not known"),
    EVENTS_FEED: ("Events (Atom feed)", "the latest events by date, newest first"),
    CHANGES_FEED: ("Recent changes (Atom feed)", "the entries added or changed most recently, from git history"),
}
"""What each exported file is, for the Data page; the keys are every file the export stage writes."""


def data_page(environment: jinja2.Environment, licence: str = "", feed_limit: int = 0) -> OutputFile:
    """The Data page: each file with a link and what it holds, the CSV columns, the licence."""
    files = [{"label": label, "url": path.removeprefix("data/") if path.startswith("data/") else "../" + path,
              "about": about} for path, (label, about) in FILES.items()]
    data = {"title": DATA_TITLE, "files": files, "licence": licence, "feed_limit": feed_limit,
            "separator": LIST_SEPARATOR,
            "tables": [{"name": EVENTS_CSV.removeprefix("data/"), "columns": _rows(EVENT_COLUMNS)},
                       {"name": CITATIONS_CSV.removeprefix("data/"), "columns": _rows(CITATION_COLUMNS)}]}
    content = environment.get_template("data.md.j2").render(page=data)
    return OutputFile(DATA_PAGE, tidy(content), nav_title=DATA_TITLE)


def _rows(columns: dict[str, str]) -> list[dict]:
    return [{"name": name, "about": about} for name, about in columns.items()]
