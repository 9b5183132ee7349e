"""Turn a linked site into Markdown pages through Jinja templates.

The engine hands templates plain data (text, links, numbers) and Markdown it
made itself; templates decide only how it looks. Every value a template prints
is escaped for Markdown unless the engine marked it as :class:`Md`, so an
entry's name can never become markup.
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path
from typing import Any, Callable

import jinja2
import markupsafe
import pycountry

from annals.dates import format_date, parse_edtf
from annals.link import EntryKey, Site
from annals.markdown import citations_and_mentions, substitute
from annals.model import MODELS, RELATIONS, STATUSES
from annals.validate import Valid
from annals.problems import Problem, ProblemsFound
from annals.scaffold import scaffold_text
from annals.fields import fields
from annals.schema import VALUE_MEANINGS

SECTIONS: dict[str, tuple[str, str]] = {
    "event": ("events", "Events"),
    "person": ("people", "People"),
    "organization": ("organizations", "Organizations"),
    "place": ("places", "Places"),
    "source": ("sources", "Sources"),
}
"""Entry type -> (folder on the site, section title)."""

CHRONOLOGY = "chronology"
PAGE_LIMIT = 400
"""Most rows on one index or chronology page; larger sections are split into group pages."""


class Md(markupsafe.Markup):
    """Markdown the engine made itself: printed as it is, not escaped.

    A ``Markup`` subclass so that Jinja's autoescaping, macros included,
    leaves it alone; every other value goes through :func:`escape_markdown`.
    """


_ESCAPES = {"\\": "\\\\", "`": "\\`", "*": "\\*", "_": "\\_", "[": "\\[", "]": "\\]", "#": "\\#",
            "<": "&lt;", ">": "&gt;", "&": "&amp;", "|": "&#124;", "\n": " ", "\r": " "}
_ESCAPE_RE = re.compile("|".join(re.escape(c) for c in _ESCAPES))
# What Python-Markdown reads as block markup at the start of a line: list items,
# setext underlines and admonitions ('#' is escaped everywhere: a heading drops
# trailing ones, so "C#" in a title would show as "C"). Escaped so that a value a
# template puts at a line start stays text ("1986. a year" is not a list).
_BLOCK_START_RE = re.compile(r"^(?:[+\-=!]|\d{1,9}(?=\.))")


def escape_markdown(value: Any) -> Md:
    """Plain text as Markdown that shows exactly that text (and never HTML or block markup)."""
    if value is None:
        return Md("")
    if isinstance(value, markupsafe.Markup):
        return Md(value)
    if not isinstance(value, str):
        return Md(str(value))  # numbers: nothing to escape
    text = _ESCAPE_RE.sub(lambda m: _ESCAPES[m.group()], value.lstrip(" \t\n\r"))
    return Md(_BLOCK_START_RE.sub(_escape_block_start, text, count=1))


def _escape_block_start(match: re.Match) -> str:
    found = match.group()
    if found.isdigit():
        return found + "\\"  # 1986. -> 1986\. : the dot is what makes a list
    return "&#61;" if found == "=" else "\\" + found


@dataclass(frozen=True)
class Page:
    """One generated Markdown page and the entry file it comes from, if any."""

    uri: str
    content: str
    entry_path: str | None = None


def entry_uri(key: EntryKey) -> str:
    """Where an entry's page lives: ``("person", "song-il-ho")`` -> ``people/song-il-ho.md``."""
    return f"{SECTIONS[key[0]][0]}/{key[1]}.md"


def make_environment(templates: Path) -> jinja2.Environment:
    """The Jinja environment for Annals templates: strict, Markdown-escaping."""
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        undefined=jinja2.StrictUndefined,
        finalize=escape_markdown,
        autoescape=True,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["code"] = code_span
    return environment


def code_span(value: Any) -> Md:
    """Text as an inline code span, whatever backticks it holds."""
    text = str(value).replace("\n", " ")
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    padding = " " if text.startswith("`") or text.endswith("`") else ""
    return Md(f"{fence}{padding}{text}{padding}{fence}")


def render(site: Site, templates: Path) -> list[Page]:
    """Every page of the site, in a stable order."""
    environment = make_environment(templates)
    pages, problems = [], []
    for entry_type in SECTIONS:
        template = environment.get_template(f"{entry_type}.md.j2")
        for valid in site.of_type(entry_type):
            try:
                pages.append(_entry_page(site, valid, template))
            except Exception as error:  # noqa: BLE001 - a bug must name the file that set it off, not crash
                problems.append(Problem(valid.document.path, 1, 1,
                                        f"Annals could not render this entry ({type(error).__name__}: {error})",
                                        "this is a bug in Annals or in a template: please report it with this file"))
    if problems:
        raise ProblemsFound(problems)
    pages += _index_pages(site, environment)
    pages += _chronology_pages(site, environment)
    pages.append(_reference_page(environment))
    _refuse_duplicates(pages)
    return sorted(pages, key=lambda p: p.uri)


def _refuse_duplicates(pages: list[Page]) -> None:
    """Two pages at one address would silently replace each other: stop loudly instead."""
    seen: dict[str, Page] = {}
    problems = []
    for page in pages:
        if page.uri in seen:
            problems.append(Problem(page.entry_path or page.uri, 1, 1,
                                    f"two generated pages have the address {page.uri}",
                                    "this is a bug in Annals: please report it"))
        seen[page.uri] = page
    if problems:
        raise ProblemsFound(problems)


REFERENCE = "reference/entries.md"


def _reference_page(environment: jinja2.Environment) -> Page:
    """Every field of every entry type, from the schema."""
    types = [{"name": name, "title": SECTIONS[name][1], "doc": model.__doc__.strip(),
              "fields": fields(model),
              "example": Md(scaffold_text(name, "new-id", "Name or title", f"../../schemas/{name}.schema.json").strip())}
             for name, model in MODELS.items()]
    values = [{"field": field, "rows": [{"value": v, "meaning": meaning} for v, meaning in table.items()]}
              for field, table in VALUE_MEANINGS.items()]
    content = environment.get_template("reference.md.j2").render(page={"types": types, "value_tables": values})
    return Page(REFERENCE, _tidy(content))


# --- One entry page ---------------------------------------------------------

_ASCII_SPACE = " \t\n\r"


def _strip_space_before(text: str, start: int) -> int:
    """Where the spaces before a citation begin: a footnote mark sits right after its word."""
    while start > 0 and text[start - 1] in " \t":
        start -= 1
    return start


class _PageContext:
    """Links and footnotes as seen from one page."""

    def __init__(self, site: Site, uri: str):
        self.site, self.uri = site, uri
        self.footnotes: list[dict] = []
        self._numbers: dict[tuple[str, str | None], int] = {}

    def url(self, target_uri: str) -> str:
        """A relative link from this page to another generated page."""
        return posixpath.relpath(target_uri, posixpath.dirname(self.uri) or ".")

    def link(self, key: EntryKey, label: str | None = None) -> dict:
        """Plain data for a link to an entry."""
        valid = self.site.entries[key]
        return {"label": label or valid.entry.label, "url": self.url(entry_uri(key)), "type": key[0]}

    def cite(self, source_id: str, quote: str | None = None) -> Md:
        """A footnote reference to a source (one number per source and quote)."""
        marker = (source_id, quote)
        if marker not in self._numbers:
            self._numbers[marker] = len(self._numbers) + 1
            self.footnotes.append({"number": self._numbers[marker], "text": self._footnote_text(source_id, quote)})
        return Md(f"[^{self._numbers[marker]}]")

    def cite_all(self, source_ids: list[str]) -> Md:
        """Footnote references for several sources, side by side."""
        return Md("".join(self.cite(s) for s in source_ids))

    def _footnote_text(self, source_id: str, quote: str | None) -> Md:
        source = self.site.entries[("source", source_id)].entry
        parts = [f"[{escape_markdown(source.label)}]({self.url(entry_uri(('source', source_id)))})"]
        parts += [escape_markdown(detail) for detail in _source_details(source) if detail]
        text = ", ".join(parts) + "."
        if quote:
            text += f" “{escape_markdown(quote)}”"
        return Md(text)

    def markdown(self, text: str) -> Md:
        """Entry Markdown with citations as footnotes and mentions as links (never inside code spans)."""
        cited, mentioned = citations_and_mentions(text)
        replacements = [(_strip_space_before(text, m.start()), m.end(), self.cite(m.group("id"), m.group("quote")))
                        for m in cited]
        replacements += [(m.start(), m.end(), self._mention(m)) for m in mentioned]
        # ASCII whitespace only: Markdown reads a line that starts with U+00A0 as text, so
        # stripping it away could turn "\u00a0[x]: javascript:..." into a link definition.
        return Md(substitute(text, replacements).strip(_ASCII_SPACE))

    def _mention(self, match: re.Match) -> str:
        key = (match.group("type"), match.group("id"))
        link = self.link(key, match.group("label"))
        return f"[{escape_markdown(link['label'])}]({link['url']})"


def _entry_page(site: Site, valid: Valid, template: jinja2.Template) -> Page:
    uri = entry_uri(valid.key)
    context = _PageContext(site, uri)
    builder = _BUILDERS[valid.entry_type]
    data = _common(context, valid) | builder(context, valid)
    data["footnotes"] = context.footnotes  # last: every builder above may have cited
    return Page(uri, _tidy(template.render(page=data)), valid.document.path)


def _tidy(markdown: str) -> str:
    """One blank line at most between blocks, one newline at the end."""
    return re.sub(r"\n{3,}", "\n\n", markdown).strip(_ASCII_SPACE) + "\n"


def _common(context: _PageContext, valid: Valid) -> dict:
    entry = valid.entry
    summary = context.markdown(entry.summary)  # first, so the summary's footnotes come first
    return {
        "id": entry.id,
        "type": valid.entry_type,
        "label": entry.label,
        "aliases": list(entry.aliases),
        "tags": list(entry.tags),
        "summary": summary,
        "native_names": [{"text": n.text, "lang": n.lang} for n in getattr(entry, "native_names", [])],
        "spellings": [_sourced(context, v.text, v.sources) for v in getattr(entry, "spellings", [])],
        "disagreements": [{"about": d.about, "versions": [_version(context, v) for v in d.versions]}
                          for d in entry.disagreements],
        "note": context.markdown(entry.note),
        "mentioned_in": [context.link(k) for k in sorted(context.site.mentions.get(valid.key, []),
                                                         key=lambda k: _sort_label(context.site, k))],
        "country": _country(getattr(entry, "country", None)),
        "section": {"title": SECTIONS[valid.entry_type][1], "url": context.url(f"{SECTIONS[valid.entry_type][0]}/index.md")},
    }


def _sourced(context: _PageContext, text: str, source_ids: list[str]) -> dict:
    """A statement with its footnotes and the outlets that printed it."""
    return {"text": text, "cites": context.cite_all(source_ids), "outlets": context.site.outlets(source_ids)}


def _version(context: _PageContext, version) -> dict:
    """One version of a disagreement: what it says, its footnotes, and the date it gives, formatted."""
    return _sourced(context, version.says, version.sources) | {
        "date": format_date(parse_edtf(version.date)) if version.date else None}


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


def _date_meaning(text: str) -> tuple:
    parsed = parse_edtf(text)
    return parsed.earliest, parsed.latest, format_date(parsed)


def _date_dispute(context: _PageContext, event) -> list[dict] | None:
    """The dates sources give for a disputed event date, each with its footnotes; None when undisputed."""
    if not date_disputed(event):
        return None
    return [{"date": format_date(parse_edtf(v.date)), "says": v.says, "cites": context.cite_all(v.sources)}
            for d in event.disagreements for v in d.versions if v.date]


def _sort_label(site: Site, key: EntryKey) -> tuple:
    return (key[0], site.entries[key].entry.label.casefold(), key[1])


def _country(code: str | None) -> str | None:
    if code is None:
        return None
    country = pycountry.countries.get(alpha_2=code)
    return getattr(country, "common_name", None) or country.name


def _event(context: _PageContext, valid: Valid) -> dict:
    site, event = context.site, valid.entry
    date = site.dates[event.id]
    return {
        "title": event.title,
        "date": event.date_text or format_date(date),
        "date_formal": format_date(date),
        "date_edtf": event.date,
        "date_dispute": _date_dispute(context, event),
        "kind": event.kind,
        "status": event.status,
        "status_meaning": STATUSES[event.status],
        "place": _place_chain(context, event.place),
        "participants": [_participant(context, p) for p in event.participants],
        "related": _related(context, valid),
        "quote": _quote(context, event.quote),
        # Every source the page cites, not only those in `sources:`: the list is what the event rests on.
        "sources": [_source_line(context, s) for s in _all_sources(site, valid)],
        "outlets": site.origins(site.cited[valid.key]),
        "relays": site.relays(site.cited[valid.key]),
    }


def _all_sources(site: Site, valid: Valid) -> list[str]:
    """The event's `sources:` in their order, then every other source it cites, in order of first citation."""
    listed = valid.entry.sources
    return listed + [s for s in site.cited[valid.key] if s not in listed]


def _participant(context: _PageContext, participant) -> dict:
    return {
        "person": context.link(("person", participant.person)) if participant.person else None,
        "organization": context.link(("organization", participant.organization)) if participant.organization else None,
        "side": participant.side,
        "role": participant.role,
        "cites": context.cite_all(participant.sources),
    }


def _related(context: _PageContext, valid: Valid) -> list[dict]:
    site = context.site
    rows = [(RELATIONS[r.relation][0], r.event) for r in valid.entry.related]
    for backlink in site.backlinks.get(valid.key, []):
        if backlink.origin[0] == "event" and backlink.key[0] == "related":
            relation = site.entries[backlink.origin].entry.related[backlink.key[1]].relation
            rows.append((RELATIONS[relation][1], backlink.origin[1]))
    ordered = sorted(set(rows), key=lambda r: site.event_order(site.entries[("event", r[1])]) + (r[0],))
    return [{"relation": label, "event": context.link(("event", event_id)),
             "date": _event_date(site, event_id)} for label, event_id in ordered]


def _quote(context: _PageContext, quote) -> dict | None:
    if quote is None:
        return None
    return {"text": quote.text, "source": context.link(("source", quote.source)), "cite": context.cite(quote.source)}


def _source_line(context: _PageContext, source_id: str) -> dict:
    publisher, published = _source_details(context.site.entries[("source", source_id)].entry)
    return {"link": context.link(("source", source_id)), "publisher": publisher, "published": published,
            "cite": context.cite(source_id)}


def _source_details(source) -> tuple[str | None, str | None]:
    """Publisher and date to show after a source's label; none when the label already is them."""
    if source.title is None:
        return None, None
    return source.publisher, format_date(parse_edtf(source.published)) if source.published else None


def _place_chain(context: _PageContext, place_id: str | None) -> list[dict]:
    """A place and the places it lies in, innermost first."""
    chain, seen = [], set()
    while place_id and place_id not in seen:
        seen.add(place_id)
        chain.append(context.link(("place", place_id)))
        place_id = context.site.entries[("place", place_id)].entry.located_in
    return chain


def _event_date(site: Site, event_id: str) -> str:
    event = site.entries[("event", event_id)].entry
    return event.date_text or format_date(site.dates[event_id])


def _person(context: _PageContext, valid: Valid) -> dict:
    person = valid.entry
    return {
        "name": person.name,
        "roles": [_role(context, r) for r in person.roles],
        "timeline": _timeline(context, valid.key, "participants", role_of=valid.key),
    }


def _role(context: _PageContext, role) -> dict:
    return {
        "title": role.title,
        "organization": context.link(("organization", role.organization)) if role.organization else None,
        "period": _period(role.start, role.end),
        "cites": context.cite_all(role.sources),
        "outlets": context.site.outlets(role.sources),
    }


def _period(start: str | None, end: str | None) -> str | None:
    """A role's period, formatted as the EDTF interval it is."""
    if not start and not end:
        return None
    return format_date(parse_edtf(f"{start or '..'}/{end or '..'}"))


def _organization(context: _PageContext, valid: Valid) -> dict:
    site, organization = context.site, valid.entry
    members = []
    for backlink in _backlinks(site, valid.key, "person", "roles"):
        person = site.entries[backlink.origin].entry
        role = person.roles[backlink.key[1]]
        members.append({"person": context.link(backlink.origin)} | _role(context, role))
    return {
        "name": organization.name,
        "parent": context.link(("organization", organization.parent)) if organization.parent else None,
        "children": _linked_backlinks(context, valid.key, "organization", "parent"),
        "people": members,
        "timeline": _timeline(context, valid.key, "participants"),
    }


def _place(context: _PageContext, valid: Valid) -> dict:
    place = valid.entry
    return {
        "name": place.name,
        "within": _place_chain(context, place.located_in),
        "contains": _linked_backlinks(context, valid.key, "place", "located_in"),
        "coordinates": {"lat": place.coordinates.lat, "lon": place.coordinates.lon} if place.coordinates else None,
        "timeline": _timeline(context, valid.key, "place"),
    }


def _source(context: _PageContext, valid: Valid) -> dict:
    site, source = context.site, valid.entry
    citing = site.cited_by.get(source.id, [])
    citing_events = site.events_in_order([k[1] for k in citing if k[0] == "event"])
    return {
        "title": source.label,
        "untitled": source.title is None,
        "publisher": source.publisher,
        "authors": list(source.authors),
        "published": format_date(parse_edtf(source.published)) if source.published else None,
        "accessed": format_date(parse_edtf(source.accessed)) if source.accessed else None,
        "url": _web_link(source.url),
        "archive_url": _web_link(source.archive_url),
        "language": source.language,
        "unverified": list(source.unverified),
        "cites": [context.link(("source", s)) for s in source.cites],
        "cited_by_sources": _linked_backlinks(context, valid.key, "source", "cites"),
        "cited_by_events": [_timeline_row(context, e) for e in citing_events],
        "cited_by_entries": [context.link(k) for k in sorted((k for k in citing if k[0] not in ("event", "source")),
                                                            key=lambda k: _sort_label(site, k))],
    }


def _web_link(url: str | None) -> dict | None:
    """An external address as link text and a link target safe inside Markdown."""
    if url is None:
        return None
    href = re.sub(r"[()<>\"'\\`|\s]", lambda m: "%{:02X}".format(ord(m.group())), url)
    return {"text": url, "href": Md(href)}


_BUILDERS: dict[str, Callable[[_PageContext, Valid], dict]] = {
    "event": _event, "person": _person, "organization": _organization, "place": _place, "source": _source,
}


def _backlinks(site: Site, key: EntryKey, origin_type: str, field_name: str):
    return sorted(b for b in site.backlinks.get(key, [])
                  if b.origin[0] == origin_type and b.key[0] == field_name)


def _linked_backlinks(context: _PageContext, key: EntryKey, origin_type: str, field_name: str) -> list[dict]:
    origins = {b.origin for b in _backlinks(context.site, key, origin_type, field_name)}
    return [context.link(k) for k in sorted(origins, key=lambda k: _sort_label(context.site, k))]


def _timeline(context: _PageContext, key: EntryKey, field_name: str, role_of: EntryKey | None = None) -> list[dict]:
    """Events that refer to ``key`` through ``field_name``, in time order."""
    site = context.site
    roles: dict[str, list[str]] = defaultdict(list)
    for backlink in _backlinks(site, key, "event", field_name):
        event_roles = roles[backlink.origin[1]]  # every event gets a row, with a role or without
        if role_of is not None:
            participant = site.entries[backlink.origin].entry.participants[backlink.key[1]]
            if participant.role and participant.role not in event_roles:
                event_roles.append(participant.role)
    return [_timeline_row(context, event) | {"role": "; ".join(roles[event.entry.id]) or None}
            for event in site.events_in_order(list(roles))]


def _timeline_row(context: _PageContext, valid: Valid) -> dict:
    """One event as a row of a chronology or timeline."""
    site, event = context.site, valid.entry
    people = []
    for participant in event.participants:
        if participant.person and participant.person not in people:
            people.append(participant.person)
    return {
        "date": event.date_text or format_date(site.dates[event.id]),
        # Where a reader finds each version of a disputed date, with its citations.
        "dispute_url": (Md(f"{context.url(entry_uri(valid.key))}#{DISAGREEMENTS_ANCHOR}")  # made of slugs
                        if date_disputed(event) else None),
        "event": context.link(valid.key),
        "place": context.link(("place", event.place)) if event.place else None,
        "status": event.status,
        "participants": [context.link(("person", p)) for p in people],
    }


# --- Index and chronology pages --------------------------------------------

def _index_pages(site: Site, environment: jinja2.Environment) -> list[Page]:
    pages = []
    for entry_type, (folder, title) in SECTIONS.items():
        # By group ("#" first, then A to Z), keeping name order inside each group (the sort is stable).
        entries = sorted(site.of_type(entry_type), key=lambda v: (_initial(v) != "#", _initial(v)))
        groups = [(letter, list(items)) for letter, items in groupby(entries, key=_initial)]
        pages += _grouped(site, environment, folder, title, groups,
                          lambda context, valid: _index_row(context, valid), "index.md.j2")
    return pages


def _initial(valid: Valid) -> str:
    """The index group of an entry: its first letter without accents (Ō is O), or "#"."""
    first = unicodedata.normalize("NFKD", valid.entry.label[:1])[:1].upper()
    return first if first.isalpha() and first.isascii() else "#"


def _index_row(context: _PageContext, valid: Valid) -> dict:
    entry = valid.entry
    row = {"link": context.link(valid.key), "aliases": list(entry.aliases)}
    if valid.entry_type == "event":
        row["detail"] = entry.date_text or format_date(context.site.dates[entry.id])
    elif valid.entry_type == "source":
        row["detail"] = entry.publisher
    else:
        row["detail"] = _country(getattr(entry, "country", None))
    return row


def _chronology_pages(site: Site, environment: jinja2.Environment) -> list[Page]:
    events = site.events_in_order()
    groups = [(str(year), list(items)) for year, items in groupby(events, key=lambda v: site.dates[v.entry.id].year)]
    return _grouped(site, environment, CHRONOLOGY, "Chronology", groups, _timeline_row, "chronology.md.j2")


def _grouped(site: Site, environment: jinja2.Environment, folder: str, title: str,
             groups: list[tuple[str, list[Valid]]], make_row, template_name: str) -> list[Page]:
    """An index page, split into one page per group (and per chunk) when it would be too long."""
    template = environment.get_template(template_name)
    index_uri = f"{folder}/index.md"
    total = sum(len(items) for _, items in groups)
    if total <= PAGE_LIMIT:
        context = _PageContext(site, index_uri)
        data = {"title": title, "total": total, "split": False,
                "groups": [{"name": name, "rows": [make_row(context, v) for v in items]} for name, items in groups]}
        return [Page(index_uri, _tidy(template.render(page=data)))]
    pages, links = [], []
    for name, items in groups:
        for number, start in enumerate(range(0, len(items), PAGE_LIMIT), start=1):
            chunk = items[start:start + PAGE_LIMIT]
            suffix = "" if number == 1 else f"-{number}"
            uri = f"{folder}/by/{_group_slug(name)}{suffix}.md"
            context = _PageContext(site, uri)
            group_title = f"{title}: {name}" + (f" (part {number})" if number > 1 else "")
            data = {"title": group_title, "total": len(chunk), "split": False, "up": context.url(index_uri),
                    "groups": [{"name": name, "rows": [make_row(context, v) for v in chunk]}]}
            pages.append(Page(uri, _tidy(template.render(page=data))))
            links.append({"name": name + (f" (part {number})" if number > 1 else ""),
                          "url": posixpath.relpath(uri, folder), "count": len(chunk)})
    index = {"title": title, "total": total, "split": True, "parts": links, "groups": []}
    return [Page(index_uri, _tidy(template.render(page=index)))] + pages


def _group_slug(name: str) -> str:
    return "other" if name == "#" else name.lower()
