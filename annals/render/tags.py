"""Tag pages: every tag's entries, its events as a timeline; the list of tags. Split past the page limit."""

from __future__ import annotations

import jinja2

from annals.entry_types import ENTRY_TYPES
from annals.model import Tag
from annals.render.context import OutputFile, PageContext, entry_uri
from annals.render.markup import tidy
from annals.render.paginate import paginate, part_links
from annals.render.timelines import timeline_row
from annals.site import Site
from annals.validate import Valid
from annals.values import SECTION_INDEX

TAGS = ENTRY_TYPES["tag"].section
TAGS_TITLE = ENTRY_TYPES["tag"].title


TAG_LIST = f"{TAGS}/{SECTION_INDEX}.md"
"""The list of tags (its further parts inside it: see ``annals.render.paginate``)."""


def tag_uri(tag: str) -> str:
    """A tag's page (``tags/abductions/index.md``): a folder per tag, so no tag clashes with another's parts.

    The page of the tag's entry, if it has one (its description, ``entries/tag/<tag>.yml``).
    """
    return entry_uri(("tag", tag))


def tag_pages(site: Site, environment: jinja2.Environment, page_limit: int, tag: str | None = None) -> list[OutputFile]:
    """One tag's pages (events in time order, then other entries by name), or with no ``tag`` the list of tags.

    Each reads only its own tag's entries, so an edit remakes only the tags it touches.
    """
    template = environment.get_template("tag.md.j2")
    if tag is None:
        return _tag_list(site, template, {t: len(site.tagged[t]) for t in site.tags()}, page_limit)
    keys = site.tagged.get(tag, [])  # none for a described tag no entry carries
    events = site.events_in_order([key[1] for key in keys if key[0] == "event"])
    others = sorted((site.entries[key] for key in keys if key[0] != "event"),
                    key=lambda v: (v.entry.label.casefold(), v.key))
    return _one_tag(site, template, tag, site.entries.get(("tag", tag)), events, others, page_limit)


def _one_tag(site: Site, template: jinja2.Template, tag: str, described: Valid | None, events: list[Valid],
             others: list[Valid], page_limit: int) -> list[OutputFile]:
    """A tag's pages: on each, what the tag means (``described``, its entry, if it has one), the link to its
    events in the chronology, and its part of the events and other entries."""
    items = [("event", v) for v in events] + [("other", v) for v in others]
    parts = paginate(items, page_limit, tag_uri(tag))
    pages = []
    for part in parts:
        context = PageContext(site, part.uri)
        data = {"title": f"Tag: {tag}" + (f" (part {part.number} of {part.count})" if part.count > 1 else ""),
                "up": {"label": "All tags", "url": context.url(TAG_LIST)},
                "description": context.markdown(described.entry.description)
                if described and isinstance(described.entry, Tag) else None,
                "chronology": context.chronology([("tag", tag)]) if events else None,
                "parts": part_links(parts, part.number, context.url),
                "rows": [timeline_row(context, v) for kind, v in part.items if kind == "event"],
                "others": [context.link(v.key) for kind, v in part.items if kind == "other"]}
        data["footnotes"] = context.footnotes  # last: the description may cite
        pages.append(OutputFile(part.uri, tidy(template.render(page=data)), described.document.path if described else None))
    return pages


def _tag_list(site: Site, template: jinja2.Template, counts: dict[str, int], page_limit: int) -> list[OutputFile]:
    parts = paginate(sorted(counts), page_limit, TAG_LIST)
    pages = []
    for part in parts:
        context = PageContext(site, part.uri)
        data = {"title": TAGS_TITLE, "up": None, "parts": part_links(parts, part.number, context.url), "rows": [], "others": [],
                "description": None, "chronology": None, "footnotes": [],
                "tags": [{"label": tag, "url": context.url(tag_uri(tag)), "count": counts[tag]} for tag in part.items]}
        pages.append(OutputFile(part.uri, tidy(template.render(page=data))))
    return pages

