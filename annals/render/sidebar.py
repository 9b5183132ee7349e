"""The left sidebar of an entry's page: the few links a reader needs there, never more.

Entry pages are not in the site's nav (it would grow with the site), so Material's
sidebar would show nothing there. The engine hands the theme these links
(``OutputFile.sidebar``, put in the page's meta by the plugin) and
``templates/theme/main.html`` shows them: at most four, whatever the size of the site.
"""

from __future__ import annotations

from annals.entry_types import ENTRY_TYPES
from annals.render.context import CHRONOLOGY_PAGE, PageContext, built_address, chronology_query, entry_uri
from annals.validate import Valid
from annals.values import SECTION_INDEX

_THEIR_EVENTS = {"person": "Their events in the chronology", "organization": "Its events in the chronology",
                 "place": "Events here in the chronology"}
"""The link to the chronology filtered to an entry, by type (the filter's key is the type's name)."""


def sidebar(context: PageContext, valid: Valid) -> tuple[dict, ...]:
    """The sidebar's links, each ``{"label", "url"}`` with the address from the site's root (the theme's ``url``
    filter makes it relative): the section's index; for an event its year in the chronology and the events just
    before and after it; for a person, organization or place its events in the chronology."""
    kind = ENTRY_TYPES[valid.entry_type]
    links = [{"label": f"All {kind.title.lower()}", "url": built_address(f"{kind.section}/{SECTION_INDEX}.md")}]
    if valid.entry_type == "event":
        year = str(valid.entry.date.year)
        links.append({"label": f"{year} in the chronology",
                      "url": built_address(CHRONOLOGY_PAGE) + chronology_query([("from", year), ("to", year)])})
        for word, event_id in zip(("Earlier", "Later"), context.site.neighbors(valid.entry.id)):
            if event_id:
                title = context.site.entries[("event", event_id)].entry.label
                links.append({"label": f"{word}: {title}", "url": built_address(entry_uri(("event", event_id)))})
    elif valid.entry_type in _THEIR_EVENTS:
        links.append({"label": _THEIR_EVENTS[valid.entry_type],
                      "url": built_address(CHRONOLOGY_PAGE) + chronology_query([(valid.entry_type, valid.entry.id)])})
    return tuple(links)
