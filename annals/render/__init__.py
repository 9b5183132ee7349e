"""Turn a linked site into Markdown pages through Jinja templates.

The engine hands templates plain data (text, links, numbers) and Markdown it
made itself; templates decide only how it looks (see ``annals.render.markup``
for escaping). One module per kind of page: ``entries`` (one page per entry)
and ``indexes`` (section indexes and the chronology); ``context`` is one
page's view of the site (links and footnotes).
"""

from __future__ import annotations

import jinja2

from annals.entry_types import ENTRY_TYPES
from annals.problems import Problem, ProblemsFound
from annals.publication import Publication
from annals.render.context import OutputFile, built_address, entry_uri
from annals.render.entries import entry_page
from annals.render.filters import filter_index
from annals.render.indexes import chronology_pages, index_pages
from annals.render.markup import Md, code_span, escape_markdown, make_environment
from annals.render.parallel import can_fork, cpu_cores, render_forked
from annals.render.tags import tag_pages
from annals.settings import Settings
from annals.site import Site

__all__ = ["Md", "OutputFile", "Unit", "code_span", "entry_uri", "escape_markdown",
           "make_environment", "redirects", "refuse_duplicates", "render", "render_unit", "render_units", "units"]


Unit = tuple[str, ...]
"""A unit of rendering, what one call makes: ``("entry", type, id)`` (an entry's page and its timeline's year pages),
``("index", type)`` (a section's index pages), ``("chronology",)``, ``("tags",)`` (the list of tags)
or ``("tag", tag)`` (one tag's pages)."""


def units(site: Site) -> list[Unit]:
    """Every unit of the site to render, in a stable order: entries, section indexes, the chronology."""
    paged = [entry_type for entry_type, kind in ENTRY_TYPES.items() if kind.own_pages]  # a tag's: on its tag's page
    found: list[Unit] = [("entry", *valid.key) for entry_type in paged for valid in site.of_type(entry_type)]
    # A described tag has its page even while no entry carries it (an edit under serve can leave out its last
    # entry): the sources its description cites and the entries it mentions link there.
    described = {key[1] for key in site.of_each_type.get("tag", [])}
    tags = [("tag", tag) for tag in sorted(described.union(site.tags()))]
    return found + [("index", entry_type) for entry_type in paged] + [("chronology",), ("tags",)] + tags


def redirects(site: Site) -> dict[str, str]:
    """The page address of each former id (``former_ids``) and the address of its entry's page now."""
    return {entry_uri(old): entry_uri((old[0], now)) for old, now in sorted(site.renamed.items())}


def render_unit(site: Site, environment: jinja2.Environment, unit: Unit, settings: Settings,
                publication: Publication) -> list[OutputFile]:
    """The pages of one unit (see :data:`Unit`).

    A failure on an entry raises :class:`ProblemsFound` naming its file: a bug
    must point at the entry that set it off, not crash.
    """
    if unit[0] == "index":
        return index_pages(site, environment, settings.page_limit, entry_types=[unit[1]])
    if unit[0] == "chronology":
        return chronology_pages(site, environment, settings.page_limit) + filter_index(site)
    if unit[0] in ("tags", "tag"):
        return tag_pages(site, environment, settings.page_limit, tag=unit[1] if unit[0] == "tag" else None)
    valid = site.entries[unit[1], unit[2]]
    try:
        return entry_page(site, valid, environment.get_template(ENTRY_TYPES[valid.entry_type].template),
                          environment, settings.timeline_limit, publication)
    except Exception as error:
        problem = Problem(valid.document.path, 1, 1,
                          f"Annals could not render this entry ({type(error).__name__}: {error})",
                          "this is a bug in Annals or in a template: please report it with this file")
        raise ProblemsFound([problem]) from error


def render(site: Site, settings: Settings, publication: Publication) -> list[OutputFile]:
    """Every page made from the entries, sorted by address: entry pages, section indexes, the chronology.

    With ``settings.workers`` above 1 it renders in that many forked processes (see
    ``annals.render.parallel``), with 0 in one per core: the same pages, sooner.
    ``publication`` gives entry pages their citation and history (see ``annals.publication``).
    """
    todo = units(site)
    workers = settings.workers or cpu_cores()
    if workers > 1 and can_fork(len(todo)):
        pages, problems = render_forked(site, settings, todo, workers, publication)
    else:
        pages, problems = render_units(site, settings, todo, publication)
    if problems:
        raise ProblemsFound(problems)
    return sorted(pages, key=lambda p: p.uri)


def render_units(site: Site, settings: Settings, todo: list[Unit],
                 publication: Publication) -> tuple[list[OutputFile], list[Problem]]:
    """The pages of ``todo``, in this process, and the problems of the units that failed."""
    environment = make_environment(settings.templates)
    pages, problems = [], []
    for unit in todo:
        try:
            pages += render_unit(site, environment, unit, settings, publication)
        except ProblemsFound as error:
            problems += error.problems
    return pages, problems


def refuse_duplicates(pages: list[OutputFile]) -> None:
    """Two pages at one address in the built site would silently replace each other: stop loudly instead."""
    seen: dict[str, OutputFile] = {}
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
