"""Turn a linked site into Markdown pages through Jinja templates.

The engine hands templates plain data (text, links, numbers) and Markdown it
made itself; templates decide only how it looks (see ``annals.render.markup``
for escaping). One module per kind of page: ``entries`` (one page per entry)
and ``indexes`` (section indexes and the chronology); ``context`` is one
page's view of the site (links and footnotes).
"""

from __future__ import annotations

from pathlib import Path

from annals.entry_types import ENTRY_TYPES
from annals.site import Site
from annals.problems import Problem, ProblemsFound
from annals.render.context import Page, entry_uri
from annals.render.entries import entry_page
from annals.render.timelines import DEFAULT_TIMELINE_LIMIT
from annals.render.indexes import DEFAULT_PAGE_LIMIT, chronology_pages, index_pages
from annals.render.markup import Md, code_span, escape_markdown, make_environment

__all__ = ["DEFAULT_PAGE_LIMIT", "DEFAULT_TIMELINE_LIMIT", "Md", "Page", "code_span", "entry_uri", "escape_markdown", "make_environment",
           "refuse_duplicates", "render"]


def render(site: Site, templates: Path, page_limit: int = DEFAULT_PAGE_LIMIT,
           timeline_limit: int = DEFAULT_TIMELINE_LIMIT) -> list[Page]:
    """Every page made from the entries, in a stable order: entry pages, section indexes, the chronology.

    ``page_limit`` is the most rows an index or chronology page holds before it is split;
    ``timeline_limit`` the most events an entry's timeline shows before it is split by year.
    """
    environment = make_environment(templates)
    pages, problems = [], []
    for entry_type, kind in ENTRY_TYPES.items():
        template = environment.get_template(kind.template)
        for valid in site.of_type(entry_type):
            try:
                pages += entry_page(site, valid, template, environment, timeline_limit)
            except Exception as error:  # noqa: BLE001 - a bug must name the file that set it off, not crash
                problems.append(Problem(valid.document.path, 1, 1,
                                        f"Annals could not render this entry ({type(error).__name__}: {error})",
                                        "this is a bug in Annals or in a template: please report it with this file"))
    if problems:
        raise ProblemsFound(problems)
    pages += index_pages(site, environment, page_limit)
    pages += chronology_pages(site, environment, page_limit)
    return sorted(pages, key=lambda p: p.uri)


def refuse_duplicates(pages: list[Page]) -> None:
    """Two pages at one address would silently replace each other: stop loudly instead."""
    seen: dict[str, Page] = {}
    problems = []
    for page in pages:
        if page.uri in seen:
            problems.append(Problem(page.entry_path or page.uri, 1, 1,
                                    f"two generated pages have the address {page.uri}",
                                    "this is a bug in Annals: please report it"))
        seen[page.uri] = page
    if problems:
        raise ProblemsFound(problems)
