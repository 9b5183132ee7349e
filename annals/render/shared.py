"""Shared events: who took part in events with a person or organization, how often, and where to read them.

A hub's page shows the :data:`SHOWN` most shared; the whole list goes on numbered pages of its own, so that
no page grows with an entity's fame.
"""

from __future__ import annotations

from dataclasses import dataclass

import jinja2

from annals.entry_types import ENTRY_TYPES
from annals.render.context import OutputFile, PageContext, entry_uri
from annals.render.markup import tidy
from annals.render.paginate import paginate, part_links
from annals.site import EntryKey
from annals.validate import Valid

SHOWN = 20
"""Most rows of shared events on an entry's own page; the rest are on its numbered pages of shared events."""
PAGE_NAME = "shared-events"
"""The numbered pages' file name: ``people/x/shared-events.md``, then ``people/x/shared-events/2.md``."""
TITLE = "Shared events"


@dataclass
class SharedEvents:
    """The people and organizations an entry took part in events with, each with the count, in the order shown."""

    counts: list[tuple[EntryKey, int]]


def shared_events_data(context: PageContext, valid: Valid, shared: SharedEvents, environment: jinja2.Environment,
                       limit: int) -> tuple[dict, list[OutputFile]]:
    """Rows for the entry's page (the :data:`SHOWN` most shared) and, past that, the whole list on numbered
    pages of at most ``limit`` rows each, which the entry's page links to."""
    counts = shared.counts
    data = {"name": valid.entry.label, "total": len(counts), "all_url": None,
            "rows": [_row(context, valid.key, other, count) for other, count in counts[:SHOWN]]}
    if len(counts) <= SHOWN:
        return data, []
    template = environment.get_template("shared.md.j2")
    pages = []
    parts = paginate(counts, limit, f"{ENTRY_TYPES[valid.entry_type].section}/{valid.entry.id}/{PAGE_NAME}.md")
    for part in parts:
        part_context = PageContext(context.site, part.uri)
        numbered = f" ({part.number} of {part.count})" if part.count > 1 else ""
        page = {"title": f"{valid.entry.label}: {TITLE}{numbered}", "name": valid.entry.label, "total": len(counts),
                "up": {"label": f"All of {valid.entry.label}", "url": part_context.url(entry_uri(valid.key))},
                "parts": part_links(parts, part.number, part_context.url),
                "rows": [_row(part_context, valid.key, other, count) for other, count in part.items]}
        pages.append(OutputFile(part.uri, tidy(template.render(page=page))))
    data["all_url"] = context.url(parts[0].uri)
    return data, pages


def _row(context: PageContext, key: EntryKey, other: EntryKey, count: int) -> dict:
    """One row: who, how many events, and the chronology filtered to the events both took part in."""
    return {"with": context.link(other), "count": count, "chronology": context.chronology([key, other])}
