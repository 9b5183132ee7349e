"""Tag pages: every tag's entries, its events as a timeline; the list of tags. Split past the page limit."""

from __future__ import annotations

import jinja2

from annals.render.context import Page, PageContext
from annals.render.markup import tidy
from annals.render.timelines import timeline_row
from annals.site import Site
from annals.validate import Valid
from annals.values import SECTION_INDEX, TAG_LIST_PART

TAGS = "tags"
TAGS_TITLE = "Tags"


def tag_uri(tag: str, number: int = 1) -> str:
    """A tag's page (``tags/abductions/index.md``), or its ``number``-th part: a folder per tag, so no tag clashes."""
    return f"{TAGS}/{tag}/{SECTION_INDEX}.md" if number == 1 else f"{TAGS}/{tag}/{number}.md"


def tag_pages(site: Site, environment: jinja2.Environment, page_limit: int, tag: str | None = None) -> list[Page]:
    """One tag's pages (events in time order, then other entries by name), or with no ``tag`` the list of tags.

    Each reads only its own tag's entries, so an edit remakes only the tags it touches.
    """
    template = environment.get_template("tag.md.j2")
    if tag is None:
        return _tag_list(site, template, {t: len(site.tagged[t]) for t in site.tags()}, page_limit)
    keys = site.tagged[tag]
    events = site.events_in_order([key[1] for key in keys if key[0] == "event"])
    others = sorted((site.entries[key] for key in keys if key[0] != "event"),
                    key=lambda v: (v.entry.label.casefold(), v.key))
    return _one_tag(site, template, tag, events, others, page_limit)


def _one_tag(site: Site, template: jinja2.Template, tag: str, events: list[Valid], others: list[Valid],
             page_limit: int) -> list[Page]:
    items = [("event", v) for v in events] + [("other", v) for v in others]
    chunks = [items[start:start + page_limit] for start in range(0, len(items), page_limit)] or [[]]
    pages = []
    for number, chunk in enumerate(chunks, start=1):
        context = PageContext(site, tag_uri(tag, number))
        data = {"title": f"Tag: {tag}" + (f" (part {number} of {len(chunks)})" if len(chunks) > 1 else ""),
                "up": {"label": "All tags", "url": context.url(f"{TAGS}/{SECTION_INDEX}.md")},
                "parts": _parts(context, [tag_uri(tag, n) for n in range(1, len(chunks) + 1)], number),
                "rows": [timeline_row(context, v) for kind, v in chunk if kind == "event"],
                "others": [context.link(v.key) for kind, v in chunk if kind == "other"]}
        pages.append(Page(tag_uri(tag, number), tidy(template.render(page=data))))
    return pages


def _tag_list(site: Site, template: jinja2.Template, counts: dict[str, int], page_limit: int) -> list[Page]:
    tags = sorted(counts)
    chunks = [tags[start:start + page_limit] for start in range(0, len(tags), page_limit)] or [[]]
    uris = [f"{TAGS}/{SECTION_INDEX}.md"] + [f"{TAGS}/{TAG_LIST_PART.format(number=n)}.md"
                                             for n in range(2, len(chunks) + 1)]
    pages = []
    for number, (uri, chunk) in enumerate(zip(uris, chunks), start=1):
        context = PageContext(site, uri)
        data = {"title": TAGS_TITLE, "up": None, "parts": _parts(context, uris, number), "rows": [], "others": [],
                "tags": [{"label": tag, "url": context.url(tag_uri(tag)), "count": counts[tag]} for tag in chunk]}
        pages.append(Page(uri, tidy(template.render(page=data))))
    return pages


def _parts(context: PageContext, uris: list[str], current: int) -> list[dict]:
    """Links to every part of a split page (none when there is one part); the current one unlinked."""
    if len(uris) == 1:
        return []
    return [{"name": str(n), "url": None if n == current else context.url(uri)} for n, uri in enumerate(uris, start=1)]
