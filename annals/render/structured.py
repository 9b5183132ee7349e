"""What a page says about itself to machines: a meta description written from the entry, and JSON-LD.

Both are plain data made from the linked entry; the plugin prints them into the
page's head, escaped there for their context (an attribute, a script element).
The JSON-LD uses schema.org: ``Event``, ``Person``, ``Organization``, ``Place``,
and ``NewsArticle`` (a source with a publisher) or ``CreativeWork``. The
sources an entry rests on are its ``subjectOf`` (schema.org's ``citation``
belongs to creative works: a source's own ``cites`` become its ``citation``).
"""

from __future__ import annotations

import datetime
import html
import json
import posixpath
import re

from annals.dates import EdtfDate, format_date
from annals.dates.value import DateSide
from annals.markdown import citations_and_mentions, substitute
from annals.publication import Publication, page_path
from annals.render.context import PageContext, entry_uri, place_words, start_with_space_before
from annals.validate import Valid

DESCRIPTION_CHARS = 200
"""Longest meta description: search engines show about this much."""

SUMMARY_CHARS = 1000
"""Longest description in the JSON-LD: the summary, cut if longer."""

SCHEMA_TYPES = {"event": "Event", "person": "Person", "organization": "Organization", "place": "Place"}
"""schema.org types by entry type; a source is a NewsArticle when its publisher is known, else a CreativeWork."""

EVENT_STATUS = {"cancelled": "https://schema.org/EventCancelled", "postponed": "https://schema.org/EventPostponed",
                "planned": "https://schema.org/EventScheduled"}
"""schema.org's eventStatus for the statuses it has a word for; the others have none."""

_LINK_RE = re.compile(r"\[([^\[\]\n]*)\]\([^()\n]*\)")  # no [ or ( inside: linear time
_EMPHASIS_RE = re.compile(r"[*`]+|(?<!\w)_+|_+(?!\w)")
_SPACE_RE = re.compile(r"\s+")


def plain_summary(context: PageContext, text: str) -> str:
    """Entry Markdown as one line of plain text: no citations, mentions as their labels, no markup."""
    cited, mentioned = citations_and_mentions(text)
    replacements = [(start_with_space_before(text, m.start()), m.end(), "") for m in cited]
    replacements += [(m.start(), m.end(), m.group("label") or context.site.entries[(m.group("type"), m.group("id"))]
                      .entry.label) for m in mentioned]
    text = _LINK_RE.sub(r"\1", substitute(text, replacements))
    return _SPACE_RE.sub(" ", _EMPHASIS_RE.sub("", text)).strip()


def shortened(text: str, limit: int = DESCRIPTION_CHARS) -> str:
    """``text`` cut at a word boundary to at most ``limit`` characters, with an ellipsis when cut."""
    if len(text) <= limit:
        return text
    cut = text[:limit - 1].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"


def description(context: PageContext, valid: Valid) -> str:
    """The page's meta description: what the entry is, then its summary."""
    entry = valid.entry
    summary = plain_summary(context, entry.summary)
    if valid.entry_type == "event":
        lead = f"{format_date(entry.date)}, {entry.status}."
    elif valid.entry_type == "source":
        lead = ", ".join(p for p in (entry.publisher, format_date(entry.published) if entry.published else None) if p)
        lead = f"Source: {lead}." if lead else "Source."
    else:
        lead = ""  # a person's, place's or organization's summary says what it is
    return shortened(" ".join(p for p in (lead, summary) if p) or entry.label)


def json_ld(context: PageContext, valid: Valid, publication: Publication) -> dict:
    """The entry as schema.org JSON-LD: its type, names, dates, links to the entries and sources it involves."""
    entry, site = valid.entry, context.site

    def ref(key: tuple[str, str]) -> dict:
        other = site.entries[key].entry
        node = {"@type": _schema_type(site.entries[key]), "name": other.label, "url": _url(context, publication, key)}
        return node

    data = {"@context": "https://schema.org", "@type": _schema_type(valid), "name": entry.label,
            "url": _url(context, publication, valid.key), "description": shortened(plain_summary(context, entry.summary), SUMMARY_CHARS) or None}
    if valid.entry_type == "event":
        data |= _event(entry, ref)
    elif valid.entry_type == "source":
        data |= _source(entry, ref)
    else:
        names = list(entry.aliases) + [v.text for v in entry.spellings] + [n.text for n in entry.native_names]
        data["alternateName"] = _unique(names) or None
        if valid.entry_type == "place" and entry.located_in:
            data["containedInPlace"] = ref(("place", entry.located_in))
        if valid.entry_type == "place" and entry.coordinates:
            data["geo"] = {"@type": "GeoCoordinates", "latitude": float(entry.coordinates.lat),
                           "longitude": float(entry.coordinates.lon)}
        if valid.entry_type == "organization" and entry.parent:
            data["parentOrganization"] = ref(("organization", entry.parent))
        if valid.entry_type == "person" and entry.roles:
            data["jobTitle"] = _unique([role.title for role in entry.roles])
    if valid.entry_type != "source":
        data["subjectOf"] = [ref(("source", s)) for s in site.cited[valid.key]] or None
    data["keywords"] = list(entry.tags) or None
    return {k: v for k, v in data.items() if v is not None}


def _event(event, ref) -> dict:
    """schema.org's Event: its dates at the precision known, its status, place and attendees (people and
    organizations, as schema.org's ``attendee`` takes both)."""
    start, end = _iso_range(event.date)
    attendees = [ref(("person", p.person)) if p.person else ref(("organization", p.organization))
                 for p in event.participants if p.person or p.organization]
    return {"startDate": start, "endDate": end, "eventStatus": EVENT_STATUS.get(event.status),
            "location": _location(event, ref) if event.place else None,
            "attendee": attendees or None}


def _location(event, ref) -> dict:
    """The event's place; "near" or "outside" it is a place of its own, named so (not the place, nor within it)."""
    place = ref(("place", event.place))
    if event.place_qualifier == "in":
        return place
    return {"@type": "Place", "name": place_words(event.place_qualifier, place["name"])}


def _source(source, ref) -> dict:
    return {"headline": source.title, "publisher": {"@type": "Organization", "name": source.publisher}
            if source.publisher else None,
            "author": [{"@type": "Person", "name": name} for name in source.authors] or None,
            "datePublished": _iso(source.published) if source.published else None,
            "sameAs": [u for u in (source.url, source.archive_url) if u] or None,
            "inLanguage": source.language, "citation": [ref(("source", s)) for s in source.cites] or None}


def _schema_type(valid: Valid) -> str:
    if valid.entry_type == "source":
        return "NewsArticle" if valid.entry.publisher else "CreativeWork"
    return SCHEMA_TYPES[valid.entry_type]


def _url(context: PageContext, publication: Publication, key: tuple[str, str]) -> str:
    """An absolute address when the site's is known, else one relative to this page's address (not to its
    Markdown file: MkDocs rewrites links in the page, never inside its JSON-LD)."""
    target = page_path(entry_uri(key))
    return publication.page_url(entry_uri(key)) or posixpath.relpath("/" + target, "/" + page_path(context.uri)) + "/"


def _iso(date: EdtfDate) -> str | None:
    """An unqualified single date as ISO 8601 (``2024``, ``2024-05``, ``2024-05-17``); None otherwise."""
    return date.text if not date.is_interval and not date.qualified and "X" not in date.text else None


def _iso_range(date: EdtfDate) -> tuple[str | None, str | None]:
    """startDate and endDate at the precision known: ``2024-05`` for May 2024 (``2024-05-XX`` too), a decade or
    a century as its first and last year, an interval's ends; a qualifier (``?``, ``~``) does not change them.
    Only an open start has no startDate."""
    if not date.is_interval:
        side = date.sides[0]
        assert side is not None, "a single date has its one side"
        if side.precision in ("decade", "century"):
            return str(side.earliest.year), str(side.latest.year)
        return _iso_side(side, side.earliest), None
    start, end = date.sides
    return (_iso_side(start, start.earliest) if start else None), (_iso_side(end, end.latest) if end else None)


def _iso_side(side: DateSide, day: datetime.date) -> str:
    """``day`` written to the side's precision: 2012-11-15, 2012-11 or 2012 (a decade's or century's year)."""
    return {"day": day.isoformat(), "month": day.strftime("%Y-%m")}.get(side.precision, f"{day.year:04d}")


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def web_page(page, config) -> dict:
    """JSON-LD for a page that is not an entry's (the home page, an index): a WebPage of the site."""
    site = {"@type": "WebSite", "name": config.site_name, **({"url": config.site_url} if config.site_url else {})}
    title = html.unescape(page.title or config.site_name)
    data = {"@context": "https://schema.org", "@type": "WebPage", "name": title, "isPartOf": site}
    if page.canonical_url:
        data["url"] = page.canonical_url
    return data


def script_json(data: dict) -> str:
    """JSON for a ``<script type="application/ld+json">`` element: ``<``, ``>`` and ``&`` as \\u escapes,
    so no text in it can close the element or open a comment."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
