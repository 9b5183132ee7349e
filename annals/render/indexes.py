"""Section indexes and the chronology, split into group pages when they would grow too long."""

from __future__ import annotations

import posixpath
import unicodedata
from itertools import groupby

import jinja2

from annals.entry_types import ENTRY_TYPES
from annals.render.context import CHRONOLOGY, OutputFile, PageContext, event_date
from annals.render.entries import country_name
from annals.render.markup import tidy
from annals.render.paginate import paginate
from annals.render.timelines import facet_names, facets, timeline_row
from annals.render.visual import timeline_svg
from annals.site import Site
from annals.validate import Valid
from annals.values import GROUP_FOLDER, SECTION_INDEX

CHRONOLOGY_TITLE = "Chronology"


def index_pages(site: Site, environment: jinja2.Environment, page_limit: int,
                entry_types: list[str] | None = None) -> list[OutputFile]:
    """Each section's index (or those of ``entry_types``), split into pages of at most ``page_limit`` rows, by initial."""
    pages = []
    for entry_type in entry_types or list(ENTRY_TYPES):
        folder, title = ENTRY_TYPES[entry_type].section, ENTRY_TYPES[entry_type].title
        # By group ("#" first, then A to Z), keeping name order inside each group (the sort is stable).
        entries = sorted(site.of_type(entry_type), key=lambda v: (_initial(v) != "#", _initial(v)))
        groups = [(letter, list(items)) for letter, items in groupby(entries, key=_initial)]
        pages += _grouped(site, environment, folder, title, groups, _index_row, "index.md.j2", page_limit,
                          up_label=f"All {title.lower()}")
    return pages


def _initial(valid: Valid) -> str:
    """The index group of an entry: its first letter without accents (Ō is O), or "#"."""
    first = unicodedata.normalize("NFKD", valid.entry.label[:1])[:1].upper()
    return first if first.isalpha() and first.isascii() else "#"


def _index_row(context: PageContext, valid: Valid) -> dict:
    entry = valid.entry
    row: dict[str, object] = {"link": context.link(valid.key), "aliases": list(entry.aliases)}
    if valid.entry_type == "event":
        row["detail"] = event_date(entry)
    elif valid.entry_type == "source":
        row["detail"] = entry.publisher
    else:
        row["detail"] = country_name(getattr(entry, "country", None))
    return row


def chronology_pages(site: Site, environment: jinja2.Environment, page_limit: int) -> list[OutputFile]:
    """Every event in time order, split into pages of at most ``page_limit`` rows, by year."""
    events = site.events_in_order()
    groups = [(str(year), list(items)) for year, items in groupby(events, key=lambda v: v.entry.date.year)]
    return _grouped(site, environment, CHRONOLOGY, CHRONOLOGY_TITLE, groups, _chronology_row, "chronology.md.j2",
                    page_limit, up_label="All years")


def _chronology_row(context: PageContext, valid: Valid) -> dict:
    return timeline_row(context, valid) | {"facets": facets(valid)}


def _grouped(site: Site, environment: jinja2.Environment, folder: str, title: str,
             groups: list[tuple[str, list[Valid]]], make_row, template_name: str, page_limit: int,
             up_label: str) -> list[OutputFile]:
    """An index page, split into one page per group (and per chunk) when it would be too long."""
    template = environment.get_template(template_name)
    index_uri = f"{folder}/{SECTION_INDEX}.md"
    total = sum(len(items) for _, items in groups)
    if total <= page_limit:
        context = PageContext(site, index_uri)
        extras, visual = _chronology_extras(context, folder, [v for _, items in groups for v in items], title)
        data = {"title": title, "total": total, "split": False, **extras,
                "groups": [_group(name, [make_row(context, v) for v in items]) for name, items in groups]}
        return [OutputFile(index_uri, tidy(template.render(page=data)), nav_title=title, visual=visual)]
    pages, links = [], []
    for name, items in groups:
        for part in paginate(items, page_limit, f"{folder}/{GROUP_FOLDER}/{_group_slug(name)}.md"):
            chunk, number, uri = part.items, part.number, part.uri
            context = PageContext(site, uri)
            group_title = f"{title}: {name}" + (f" (part {number})" if number > 1 else "")
            extras, visual = _chronology_extras(context, folder, chunk, group_title)
            data = {"title": group_title, "total": len(chunk), "split": False, **extras,
                    "up": {"label": up_label, "url": context.url(index_uri)},
                    "groups": [_group(name, [make_row(context, v) for v in chunk])]}
            pages.append(OutputFile(uri, tidy(template.render(page=data)), visual=visual))
            links.append({"name": name + (f" (part {number})" if number > 1 else ""),
                          "url": posixpath.relpath(uri, folder), "count": len(chunk)})
    index = {"title": title, "total": total, "split": True, "parts": links, "groups": []}
    return [OutputFile(index_uri, tidy(template.render(page=index)), nav_title=title)] + pages


def _chronology_extras(context: PageContext, folder: str, events: list[Valid], title: str) -> tuple[dict, str | None]:
    """What a chronology page adds for the events it lists: the link to tags, the names its filters need
    and its visual timeline. Section indexes have none of them."""
    if folder != CHRONOLOGY:
        return {}, None
    extras = {"tags_url": context.url("tags/index.md"), "facet_names": facet_names(context.site, events)}
    return extras, timeline_svg(events, title.lower() if title == CHRONOLOGY_TITLE else title)


def _group(name: str, rows: list[dict]) -> dict:
    """A group's rows; a chronology year's events known only to the year apart, to go under their own heading."""
    return {"name": name, "rows": [r for r in rows if not r.get("year_only")],
            "year_only_rows": [r for r in rows if r.get("year_only")]}


def _group_slug(name: str) -> str:
    return "other" if name == "#" else name.lower()
