"""Atom feeds (RFC 4287): ``feeds/events.atom``, the latest events by date, and ``feeds/changes.atom``,
the entries added or changed most recently, from git.

Each feed holds at most ``feed_limit`` entries (a plugin option), so a feed
does not grow with the site. Written with ElementTree, which escapes every
text and attribute; times come from the events' dates and from commits,
never from a clock, so two builds of one commit give the same bytes.
"""

from __future__ import annotations

import datetime
import re
import uuid
import xml.etree.ElementTree as ET

from annals.dates import format_date
from annals.export.dataset import entry_page_path
from annals.history import Change
from annals.publication import Publication
from annals.render.context import PageContext, entry_uri
from annals.render.structured import description
from annals.site import Site

EVENTS_FEED = "feeds/events.atom"
CHANGES_FEED = "feeds/changes.atom"
ATOM = "http://www.w3.org/2005/Atom"
_NO_TIME = "1970-01-01T00:00:00Z"


def events_feed(site: Site, publication: Publication, limit: int) -> str:
    """The ``limit`` latest events, newest date first."""
    events = site.events_in_order()[::-1][:limit]
    entries = []
    for valid in events:
        event = valid.entry
        day = event.date.last_day or event.date.first_day
        change = publication.last_change(valid.key)
        updated = _utc(change.revision.time) if change else f"{day.isoformat()}T00:00:00Z" if day else _NO_TIME
        context = PageContext(site, EVENTS_FEED)
        entries.append({"id": _id(publication, "event", event.id), "title": f"{format_date(event.date)}: {event.title}",
                        "updated": updated, "link": _link(publication, valid.key),
                        "summary": description(context, valid)})
    return _feed(publication, EVENTS_FEED, f"{publication.site_name}: events", entries)


def changes_feed(site: Site, publication: Publication, limit: int) -> str:
    """The ``limit`` latest changes to entries that still exist, newest first; none without git."""
    changes = [c for c in (publication.history.recent if publication.history else ()) if c.key in site.entries]
    entries = [_change_entry(site, publication, change) for change in changes[:limit]]
    return _feed(publication, CHANGES_FEED, f"{publication.site_name}: recent changes", entries)


def _change_entry(site: Site, publication: Publication, change: Change) -> dict:
    label = site.entries[change.key].entry.label
    what = "Added" if change.added else "Changed"
    summary = f"{what} in commit {change.revision.commit[:7]}: {change.revision.subject}"
    revision = publication.revision_url(change)
    return {"id": _id(publication, "change", change.revision.commit, change.path),
            "title": f"{what}: {label} ({change.key[0]})", "updated": _utc(change.revision.time),
            "link": _link(publication, change.key), "summary": summary + (f" ({revision})" if revision else "")}


def _feed(publication: Publication, path: str, title: str, entries: list[dict]) -> str:
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    _text(feed, "id", _id(publication, "feed", path))
    _text(feed, "title", title)
    _text(feed, "updated", max((e["updated"] for e in entries), default=_NO_TIME))
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", publication.site_name)
    ET.SubElement(feed, f"{{{ATOM}}}generator").text = "Annals"
    self_url = publication.page_url(path)
    if self_url:
        ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=self_url.rstrip("/"))
    for item in entries:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        for name in ("id", "title", "updated"):
            _text(entry, name, item[name])
        ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=item["link"])
        _text(entry, "summary", item["summary"])
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def _text(parent: ET.Element, name: str, value: str) -> None:
    ET.SubElement(parent, f"{{{ATOM}}}{name}").text = _NOT_XML_RE.sub("", value)


_NOT_XML_RE = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""Characters XML 1.0 cannot hold, even escaped (a commit subject may have any)."""


def _link(publication: Publication, key: tuple[str, str]) -> str:
    """The entry's page: absolute when the site's address is known, else relative to the feeds folder."""
    return publication.page_url(entry_uri(key)) or "../" + entry_page_path(key)


def _id(publication: Publication, *parts: str) -> str:
    """A stable IRI for a feed or an entry: the same for the same site name and parts in every build."""
    return uuid.uuid5(uuid.NAMESPACE_URL, "/".join(["annals", publication.site_name, *parts])).urn


def _utc(time: str) -> str:
    """An ISO 8601 time with offset, as Atom wants it, in UTC."""
    moment = datetime.datetime.fromisoformat(time).astimezone(datetime.UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
