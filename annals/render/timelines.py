"""Timelines and listings: events as table rows, entries as links; a hub's split into pages so none grows without end."""

from __future__ import annotations

import json
from dataclasses import dataclass
from itertools import groupby

import jinja2

from annals.dates import EdtfDate, format_date
from annals.entry_types import ENTRY_TYPES
from annals.render.context import OutputFile, PageContext, entry_uri, event_date
from annals.render.markup import Md, tidy
from annals.render.paginate import paginate
from annals.render.visual import timeline_svg
from annals.site import EntryKey
from annals.validate import Valid


@dataclass
class Timeline:
    """Events an entry's page lists, each with the roles the entry had there; turned into rows by entry_page."""

    events: list[tuple[Valid, list[str]]]
    with_role: bool = False



def timeline_data(context: PageContext, valid: Valid, timeline: Timeline, environment: jinja2.Environment,
                   limit: int) -> tuple[dict, list[OutputFile]]:
    """Rows for the entry's page; past ``limit`` events, the latest ones there and the rest by year.

    Each year's page holds at most ``limit`` rows (a year with more gets numbered parts), so no
    page grows with an entity's fame.
    """
    events = timeline.events
    label = valid.entry.label
    if len(events) <= limit:
        return {"rows": _rows(context, events, timeline.with_role), "parts": [], "total": len(events),
                "svg": timeline_svg([e for e, _ in events], label)}, []
    section = ENTRY_TYPES[valid.entry_type].section
    template = environment.get_template("timeline.md.j2")
    pages, parts = [], []
    for year, items in groupby(events, key=lambda e: e[0].entry.date.year):
        for part in paginate(list(items), limit, f"{section}/{valid.entry.id}/{year}.md"):
            chunk, number, uri = part.items, part.number, part.uri
            name = f"{year}" + (f" (part {number})" if number > 1 else "")
            part_context = PageContext(context.site, uri)
            title = f"{valid.entry.label}: {name}"
            data = {"title": title, "with_role": timeline.with_role,
                    "up": {"label": f"All of {valid.entry.label}", "url": part_context.url(entry_uri(valid.key))},
                    "rows": _rows(part_context, chunk, timeline.with_role)}
            pages.append(OutputFile(uri, tidy(template.render(page=data)),
                              visual=timeline_svg([e for e, _ in chunk], title)))
            parts.append({"name": name, "url": context.url(uri), "count": len(chunk)})
    latest = events[-min(limit, _LATEST):]
    return {"rows": _rows(context, latest, timeline.with_role), "parts": parts, "total": len(events),
            "svg": timeline_svg([e for e, _ in latest], label)}, pages


_LATEST = 10
"""Events a hub's page lists itself, the latest ones."""


@dataclass
class Listing:
    """Entries a page lists by name (mentions, parts, relays); split into numbered pages past the limit."""

    name: str
    """The part pages' file name: ``mentioned-in`` gives ``people/x/mentioned-in.md``, then ``.../mentioned-in/2.md``."""
    title: str
    keys: list[EntryKey]
    """In the order shown."""


def listing_data(context: PageContext, valid: Valid, listing: Listing, environment: jinja2.Environment,
                 limit: int) -> tuple[dict, list[OutputFile]]:
    """Links for the entry's page; past ``limit`` entries, links to numbered pages of at most ``limit`` each."""
    keys = listing.keys
    if len(keys) <= limit:
        return {"links": [context.link(k) for k in keys], "parts": [], "total": len(keys)}, []
    section = ENTRY_TYPES[valid.entry_type].section
    template = environment.get_template("listing.md.j2")
    pages, parts = [], []
    for part in paginate(keys, limit, f"{section}/{valid.entry.id}/{listing.name}.md"):
        part_context = PageContext(context.site, part.uri)
        data = {"title": f"{valid.entry.label}: {listing.title} ({part.number} of {part.count})",
                "up": {"label": f"All of {valid.entry.label}", "url": part_context.url(entry_uri(valid.key))},
                "links": [part_context.link(k) for k in part.items]}
        pages.append(OutputFile(part.uri, tidy(template.render(page=data))))
        parts.append({"name": f"{part.number}", "url": context.url(part.uri), "count": len(part.items)})
    return {"links": [], "parts": parts, "total": len(keys)}, pages


def _rows(context: PageContext, events: list[tuple[Valid, list[str]]], with_role: bool) -> list[dict]:
    # A timeline with roles has no participants column: not reading them keeps an edit to a
    # co-participant from remaking this page (see Site.changed_reads).
    return [timeline_row(context, event, participants=not with_role) | {"role": "; ".join(roles) or None}
            for event, roles in events]





DISAGREEMENTS_ANCHOR = "where-sources-disagree"
"""The id MkDocs gives the heading *Where sources disagree* on entry pages."""


def date_disputed(event) -> bool:
    """Whether sources disagree on an event's date.

    True when the dated versions of its disagreements give dates that differ
    from each other or from the event's own ``date``. Two dates differ when
    they mean different days or read differently (``2019-10`` and
    ``2019-10-XX`` are the same; ``2019-10`` and ``2019-10~`` are not).
    """
    meanings = {_date_meaning(version.date) for d in event.disagreements for version in d.versions if version.date}
    return bool(meanings) and meanings != {_date_meaning(event.date)}


def _date_meaning(date: EdtfDate) -> tuple:
    return date.earliest, date.latest, format_date(date)


FACETS_CLASS = "annals-facets"
"""The empty span whose ``data-facets`` the chronology's filter script reads (docs/javascripts/)."""
NAMES_CLASS = "annals-facet-names"
"""The one span per page whose ``data-names`` gives the filter script the names behind the ids."""

# Characters that would end the attribute, or that Markdown reads before it sees raw HTML
# (a table cell's '|', escapes, code spans), written as character references.
_ATTRIBUTE_SAFE = str.maketrans({c: f"&#{ord(c)};" for c in "&<>\"'|`\\*_[]"})


def facets(valid: Valid) -> Md:
    """What the chronology's filters match an event on, as an empty span: ids and words only, a few bytes a row.

    ``p:`` people, ``o:`` organizations, ``l:`` the place, ``s:`` status, ``k:`` kind,
    ``t:`` tags, ``y:`` year; lists comma-separated (ids, statuses, kinds and tags are slugs).
    """
    event = valid.entry
    people = sorted({p.person for p in event.participants if p.person})
    organizations = sorted({p.organization for p in event.participants if p.organization})
    fields = [("p", people), ("o", organizations), ("l", [event.place] if event.place else []),
              ("s", [event.status]), ("k", [event.kind]), ("t", sorted(event.tags)), ("y", [str(event.date.year)])]
    text = " ".join(f"{key}:{','.join(values)}" for key, values in fields if values)
    return Md(f'<span class="{FACETS_CLASS}" data-facets="{text}"></span>')


def facet_names(site, events: list[Valid]) -> Md:
    """The names of the organizations the events of one page name, once each, as JSON.

    People and places need none: their names are the links in the rows, which the script reads.
    """
    names: dict[str, str] = {}
    for valid in events:
        for participant in valid.entry.participants:
            if participant.organization:
                names[participant.organization] = site.entries[("organization", participant.organization)].entry.label
    text = json.dumps(names, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return Md(f'<span class="{NAMES_CLASS}" data-names="{text.translate(_ATTRIBUTE_SAFE)}"></span>')


def timeline_row(context: PageContext, valid: Valid, participants: bool = True) -> dict:
    """One event as a row of a chronology or timeline (``participants`` False: without its people)."""
    event = valid.entry
    people = []
    for participant in event.participants if participants else ():
        if participant.person and participant.person not in people:
            people.append(participant.person)
    return {
        "facets": None,  # set on chronology rows only
        "date": event_date(event),
        # Placed after the year's months (see Site.event_order): the chronology lists these under a heading.
        "year_only": context.site.event_order(valid)[0][1] == 13,
        # Where a reader finds each version of a disputed date, with its citations.
        "dispute_url": (Md(f"{context.url(entry_uri(valid.key))}#{DISAGREEMENTS_ANCHOR}")  # made of slugs
                        if date_disputed(event) else None),
        "event": context.link(valid.key),
        "place": context.place(event.place_qualifier, [context.link(("place", event.place))] if event.place else []),
        "status": event.status,
        "participants": [context.link(("person", p)) for p in people],
    }
