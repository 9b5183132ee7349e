"""The last stage: the linked site as data files researchers take away, beside the rendered pages.

Every file is made from the linked site (not from HTML) and handed to MkDocs
in memory like the pages: ``data/`` holds the dataset (JSON and its schema),
the tables (CSV), the calendar (iCalendar) and the bibliography (CSL-JSON,
BibTeX); ``feeds/`` holds the Atom feeds. One module per family of formats.
"""

from __future__ import annotations

import jinja2

from annals.export.bibliography import SOURCES_BIB, SOURCES_CSL, sources_bib, sources_csl
from annals.export.calendar import EVENTS_ICS, events_ics
from annals.export.dataset import DATASET, DATASET_SCHEMA, all_citations, dataset_schema_text, dataset_text
from annals.export.feeds import CHANGES_FEED, EVENTS_FEED, changes_feed, events_feed
from annals.export.page import DATA_PAGE, DATA_TITLE, FILES, data_page
from annals.export.tables import CITATIONS_CSV, EVENTS_CSV, citations_csv, events_csv
from annals.publication import Publication
from annals.render.context import OutputFile
from annals.settings import Settings
from annals.site import Site

__all__ = ["DATA_PAGE", "DATA_TITLE", "EXPORTS", "export"]

EXPORTS = tuple(FILES)
"""Every file the export stage writes, by its path in the site."""


def export(site: Site, environment: jinja2.Environment, settings: Settings, publication: Publication) -> list[OutputFile]:
    """Every data file and feed, as pages of the site that are not Markdown (MkDocs copies them as they are),
    and the Data page that lists them."""
    feed_limit = settings.feed_limit
    cited = all_citations(site)
    files = {
        DATASET: dataset_text(site, publication, cited),
        DATASET_SCHEMA: dataset_schema_text(),
        EVENTS_CSV: events_csv(site, publication),
        CITATIONS_CSV: citations_csv(site, cited),
        EVENTS_ICS: events_ics(site, publication),
        SOURCES_CSL: sources_csl(site),
        SOURCES_BIB: sources_bib(site),
        EVENTS_FEED: events_feed(site, publication, feed_limit),
        CHANGES_FEED: changes_feed(site, publication, feed_limit),
    }
    return [OutputFile(path, files[path]) for path in EXPORTS] + [data_page(environment, publication.licence, feed_limit)]
