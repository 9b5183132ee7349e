"""Turn a linked site into Markdown pages through Jinja templates.

The engine hands templates plain data (text, links, numbers) and Markdown it
made itself; templates decide only how it looks (see ``annals.render.markup``
for escaping). One module per kind of page: ``entries`` (one page per entry)
and ``indexes`` (section indexes and the chronology); ``context`` is one
page's view of the site (links and footnotes).
"""

from __future__ import annotations

from pathlib import Path

import jinja2

from annals.entry_types import ENTRY_TYPES
from annals.site import Site
from annals.problems import Problem, ProblemsFound
from annals.publication import Publication
from annals.render.context import Page, entry_uri
from annals.render.entries import entry_page
from annals.render.timelines import DEFAULT_TIMELINE_LIMIT
from annals.render.indexes import DEFAULT_PAGE_LIMIT, chronology_pages, index_pages
from annals.render.markup import Md, code_span, escape_markdown, make_environment
from annals.render.parallel import can_fork, cpu_cores, render_forked
from annals.render.tags import tag_pages
from annals.values import SECTION_INDEX

__all__ = ["DEFAULT_PAGE_LIMIT", "DEFAULT_TIMELINE_LIMIT", "Md", "Page", "Part", "code_span", "entry_uri", "escape_markdown",
           "make_environment", "parts", "refuse_duplicates", "render", "render_part", "render_parts"]


Part = tuple[str, ...]
"""What one call makes: ``("entry", type, id)`` (an entry's page and its timeline's year pages),
``("index", type)`` (a section's index pages), ``("chronology",)``, ``("tags",)`` (the list of tags)
or ``("tag", tag)`` (one tag's pages)."""


def parts(site: Site) -> list[Part]:
    """Every part of the site to render, in a stable order: entries, section indexes, the chronology."""
    found: list[Part] = [("entry", *valid.key) for entry_type in ENTRY_TYPES for valid in site.of_type(entry_type)]
    tags = [("tag", tag) for tag in sorted(dict.keys(site.tagged))]
    return found + [("index", entry_type) for entry_type in ENTRY_TYPES] + [("chronology",), ("tags",)] + tags


def render_part(site: Site, environment: jinja2.Environment, part: Part, page_limit: int = DEFAULT_PAGE_LIMIT,
                timeline_limit: int = DEFAULT_TIMELINE_LIMIT, publication: Publication = Publication()) -> list[Page]:
    """The pages of one part (see :data:`Part`).

    A failure on an entry raises :class:`ProblemsFound` naming its file: a bug
    must point at the entry that set it off, not crash.
    """
    if part[0] == "index":
        return index_pages(site, environment, page_limit, entry_types=[part[1]])
    if part[0] == "chronology":
        return chronology_pages(site, environment, page_limit)
    if part[0] in ("tags", "tag"):
        return tag_pages(site, environment, page_limit, tag=part[1] if part[0] == "tag" else None)
    valid = site.entries[part[1:]]
    try:
        return entry_page(site, valid, environment.get_template(ENTRY_TYPES[valid.entry_type].template),
                          environment, timeline_limit, publication)
    except Exception as error:  # noqa: BLE001
        raise ProblemsFound([Problem(valid.document.path, 1, 1,
                                     f"Annals could not render this entry ({type(error).__name__}: {error})",
                                     "this is a bug in Annals or in a template: please report it with this file")])


def render(site: Site, templates: Path, page_limit: int = DEFAULT_PAGE_LIMIT,
           timeline_limit: int = DEFAULT_TIMELINE_LIMIT, workers: int = 1,
           publication: Publication = Publication()) -> list[Page]:
    """Every page made from the entries, sorted by address: entry pages, section indexes, the chronology.

    ``page_limit`` is the most rows an index or chronology page holds before it is split;
    ``timeline_limit`` the most events an entry's timeline shows before it is split by year.
    ``workers`` above 1 renders in that many forked processes (see ``annals.render.parallel``),
    0 in one per core: the same pages, sooner. ``publication`` gives entry pages their
    citation and history (see ``annals.publication``).
    """
    todo = parts(site)
    workers = workers or cpu_cores()
    if workers > 1 and can_fork(len(todo)):
        pages, problems = render_forked(site, templates, todo, page_limit, timeline_limit, workers, publication)
    else:
        pages, problems = render_parts(site, templates, todo, page_limit, timeline_limit, publication)
    if problems:
        raise ProblemsFound(problems)
    return sorted(pages, key=lambda p: p.uri)


def render_parts(site: Site, templates: Path, todo: list[Part], page_limit: int, timeline_limit: int,
                 publication: Publication = Publication()) -> tuple[list[Page], list[Problem]]:
    """The pages of ``todo``, in this process, and the problems of the parts that failed."""
    environment = make_environment(templates)
    pages, problems = [], []
    for part in todo:
        try:
            pages += render_part(site, environment, part, page_limit, timeline_limit, publication)
        except ProblemsFound as error:
            problems += error.problems
    return pages, problems


def built_address(uri: str) -> str:
    """Where a generated page lands in the built site: ``a/b.md`` and ``a/b/index.md`` both at ``a/b/``.

    MkDocs' directory URLs write both to ``a/b/index.html``; files other than Markdown stay where they are.
    """
    if not uri.endswith(".md"):
        return uri
    stem = uri.removesuffix(".md")
    if stem == SECTION_INDEX or stem.endswith("/" + SECTION_INDEX):
        return stem.removesuffix(SECTION_INDEX)
    return stem + "/"


def refuse_duplicates(pages: list[Page]) -> None:
    """Two pages at one address in the built site would silently replace each other: stop loudly instead."""
    seen: dict[str, Page] = {}
    problems = []
    for page in pages:
        address = built_address(page.uri)
        other = seen.setdefault(address, page)
        if other is not page:
            both = "" if other.uri == page.uri else f" and {page.uri}: both are {address} once built"
            problems.append(Problem(page.entry_path or other.entry_path or page.uri, 1, 1,
                                    f"two generated pages have the address {other.uri}{both}",
                                    "rename the entry or tag that makes one of them; if neither comes from an "
                                    "entry, this is a bug in Annals: please report it"))
    if problems:
        raise ProblemsFound(problems)
