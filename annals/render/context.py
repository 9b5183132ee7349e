"""One page's view of the site: relative links, footnotes, and entry Markdown made into page Markdown."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlencode

import pycountry

from annals.dates import format_date
from annals.entry_types import ENTRY_TYPES
from annals.markdown import citations_and_mentions, substitute
from annals.render.markup import ASCII_SPACE, Md, engine_notice, escape_markdown, markdown_links, web_link
from annals.site import EntryKey, Site
from annals.values import SECTION_INDEX


@dataclass(frozen=True)
class OutputFile:
    """One file the engine makes: a Markdown page or a data file (``data/entries.json``), its address
    inside the docs, its content and the entry file it comes from, if any.

    Not MkDocs' ``Page``: the plugin hands each to MkDocs as a generated ``File`` (``annals.preview``).
    """

    uri: str
    content: str
    entry_path: str | None = None
    nav_title: str | None = None
    """Set on a section's index (``Events``, ``Chronology``): the pages the site's nav lists."""
    visual: str | None = None
    """The page's visual timeline (SVG, see ``annals.render.visual``), put in after sanitizing."""
    description: str | None = None
    """The page's meta description, plain text (see ``annals.render.structured``)."""
    structured: str | None = None
    """The page's JSON-LD, ready for a script element (see ``annals.render.structured``)."""
    sidebar: tuple[dict, ...] = ()
    """An entry page's left sidebar: a few links a reader needs there (see ``annals.render.sidebar``)."""


def entry_uri(key: EntryKey) -> str:
    """Where an entry's page lives: ``("person", "song-il-ho")`` -> ``people/song-il-ho.md``,
    ``("tag", "abductions")`` -> ``tags/abductions/index.md`` (a type without pages of its own: ``EntryType.own_pages``)."""
    entry_type = ENTRY_TYPES[key[0]]
    return f"{entry_type.section}/{key[1]}.md" if entry_type.own_pages else f"{entry_type.section}/{key[1]}/{SECTION_INDEX}.md"


def built_address(uri: str) -> str:
    """Where a generated page lands in the built site: ``a/b.md`` and ``a/b/index.md`` both at ``a/b/``.

    MkDocs' directory URLs write both to ``a/b/index.html``; files other than Markdown stay where they are.
    """
    if not uri.endswith(".md"):
        return uri
    stem = uri.removesuffix(".md")
    if stem == SECTION_INDEX or stem.endswith("/" + SECTION_INDEX):
        return stem.removesuffix(SECTION_INDEX)
    return stem + "/"


def relative_uri(target: str, page: str) -> str:
    """``target`` as a link from ``page`` (both paths inside the site, e.g. ``people/x.md``).

    What ``posixpath.relpath(target, dirname(page))`` gives, with strings only:
    relpath asks the operating system for the working directory on every call,
    which was a quarter of rendering time at 10,000 entries.
    """
    base = page.split("/")[:-1]
    parts = target.split("/")
    common = 0
    while common < len(base) and common < len(parts) - 1 and base[common] == parts[common]:
        common += 1
    return "/".join([".."] * (len(base) - common) + parts[common:])


def start_with_space_before(text: str, start: int) -> int:
    """Where the spaces before a citation begin: a footnote mark sits right after its word."""
    while start > 0 and text[start - 1] in " \t":
        start -= 1
    return start


CHRONOLOGY = "chronology"
"""The chronology's folder: its first page, ``chronology/index.md``, is where its filters start."""
CHRONOLOGY_PAGE = f"{CHRONOLOGY}/{SECTION_INDEX}.md"


def chronology_query(filters: list[tuple[str, str]]) -> str:
    """The chronology's filters as its address holds them: ``[("person", "a"), ("person", "b")]`` gives
    ``?person=a&person=b``, the events where both took part (a key given twice means both)."""
    if all(_QUERY_SAFE_RE.match(key) and _QUERY_SAFE_RE.match(value) for key, value in filters):
        return "?" + "&".join(f"{key}={value}" for key, value in filters)  # what urlencode gives, without its cost
    return f"?{urlencode(filters)}"


_QUERY_SAFE_RE = re.compile(r"[A-Za-z0-9_.~-]*\Z")
"""What urlencode leaves as it is: ids and keys always are."""

ABOUT_PAGE = "about.md"
NATIVE_NAMES_ANCHOR = "names-in-their-own-script"
"""The About page's section that explains names in their own script (its heading's anchor)."""
NATIVE_NAMES_NOTE = "own script; general knowledge, not from the sources cited here"

FOOTNOTE_SEPARATOR = "<sup>,</sup>"
"""Between two footnote marks side by side: "¹,²" reads as two notes, "¹²" as note twelve."""

_ADJACENT_FOOTNOTES_RE = re.compile(r"(\[\^\d+\])(?=\[\^\d+\])")


class PageContext:
    """Links and footnotes as seen from one page."""

    def __init__(self, site: Site, uri: str):
        self.site, self.uri = site, uri
        self.footnotes: list[dict] = []
        self._numbers: dict[tuple[str, str | None], int] = {}
        self._prefixes: dict[str, str] = {}

    def url(self, target_uri: str) -> str:
        """A relative link from this page to another generated page."""
        folder, _, name = target_uri.rpartition("/")
        prefix = self._prefixes.get(folder)
        if prefix is None:  # once per folder linked to: a page links to few folders, many times
            prefix = self._prefixes[folder] = relative_uri(f"{folder}/." if folder else ".", self.uri)[:-1]
        return prefix + name

    def link(self, key: EntryKey, label: str | None = None) -> dict:
        """Plain data for a link to an entry."""
        valid = self.site.entries[key]
        return {"label": label or valid.entry.label, "url": self.url(entry_uri(key)), "type": key[0]}

    def chronology(self, filters: list[tuple[str, str]]) -> Md:
        """A link to the chronology filtered (see :func:`chronology_query`)."""
        return Md(self.url(CHRONOLOGY_PAGE) + chronology_query(filters))

    def cite(self, source_id: str, quote: str | None = None) -> Md:
        """A footnote reference to a source (one number per source and quote)."""
        marker = (source_id, quote)
        if marker not in self._numbers:
            self._numbers[marker] = len(self._numbers) + 1
            self.footnotes.append({"number": self._numbers[marker], "text": self._footnote_text(source_id, quote)})
        return Md(f"[^{self._numbers[marker]}]")

    def cite_all(self, source_ids: list[str]) -> Md:
        """Footnote references for several sources, a raised comma between them ("May¹,²", not "May¹²")."""
        return Md(FOOTNOTE_SEPARATOR.join(self.cite(s) for s in source_ids))

    def cite_in_order(self, source_ids: list[str]) -> Md:
        """Like :meth:`cite_all`, with the footnote numbers rising whatever order the sources come in."""
        for source_id in source_ids:
            self.cite(source_id)
        return self.cite_all(sorted(source_ids, key=lambda s: self._numbers[(s, None)]))

    def native_names_note(self) -> dict:
        """The one phrase beside names in their own script, linking to the About page's explanation."""
        return {"label": NATIVE_NAMES_NOTE, "url": Md(f"{self.url(ABOUT_PAGE)}#{NATIVE_NAMES_ANCHOR}")}

    def place(self, qualifier: str, chain: list[dict]) -> Md | None:
        """An event's place as links (the place, then what it lies in) with its qualifier: ``near [Ulaanbaatar](…)``."""
        return Md(place_words(qualifier, markdown_links(chain))) if chain else None

    def _footnote_text(self, source_id: str, quote: str | None) -> Md:
        source = self.site.entries[("source", source_id)].entry
        parts = [self._source_link(source_id)]
        parts += [escape_markdown(detail) for detail in source_details(source) if detail]
        if not source.consulted:
            through = [self._source_link(s) for s in self.site.relayed_by(source_id)]
            known = f": known through {', '.join(through)}" if through else ""
            parts.append(f"{engine_notice('not consulted by the editors')}{known}")
        for original in self.site.unconsulted_originals(source_id):
            parts.append(f"citing {self._source_link(original)} ({engine_notice('not consulted')})")
        if source.accessed:
            parts.append(f"accessed {escape_markdown(format_date(source.accessed))}")
        if source.archive_url:
            parts.append(f"[archived copy]({web_link(source.archive_url)['href']})")
        text = ", ".join(parts) + "."
        if quote:
            text += f" “{escape_markdown(quote)}”"
        return Md(text)

    def _source_link(self, source_id: str) -> str:
        source = self.site.entries[("source", source_id)].entry
        return f"[{escape_markdown(source.label)}]({self.url(entry_uri(('source', source_id)))})"

    def markdown(self, text: str) -> Md:
        """Entry Markdown with citations as footnotes and mentions as links (never inside code spans)."""
        cited, mentioned = citations_and_mentions(text)
        replacements: list[tuple[int, int, str]] = [
            (start_with_space_before(text, m.start()), m.end(), self.cite(m.group("id"), m.group("quote"))) for m in cited]
        replacements += [(m.start(), m.end(), self._mention(m)) for m in mentioned]
        # ASCII whitespace only: Markdown reads a line that starts with U+00A0 as text, so
        # stripping it away could turn "\u00a0[x]: javascript:..." into a link definition.
        text = substitute(text, replacements).strip(ASCII_SPACE)
        return Md(_ADJACENT_FOOTNOTES_RE.sub(lambda m: m.group(1) + FOOTNOTE_SEPARATOR, text))

    def _mention(self, match: re.Match) -> str:
        key = (match.group("type"), match.group("id"))
        link = self.link(key, match.group("label"))
        return f"[{escape_markdown(link['label'])}]({link['url']})"


def source_details(source) -> tuple[str | None, str | None]:
    """Publisher and date to show after a source's label; none when the label already is them."""
    if source.title is None:
        return None, None
    return source.publisher, format_date(source.published) if source.published else None


def place_words(qualifier: str, place: str) -> str:
    """Where an event was, as every page and data file says it: ``near Ulaanbaatar``, ``outside Ulaanbaatar``.

    ``in`` (the place itself) adds no word. ``place`` is the place's name, or its link on a page.
    """
    return place if qualifier == "in" else f"{qualifier} {place}"


def event_place(site: Site, event) -> str | None:
    """An event's place in plain words with its qualifier (``near Ulaanbaatar``), for data files; None without one."""
    return place_words(event.place_qualifier, site.entries[("place", event.place)].entry.label) if event.place else None


def language_name(tag: str) -> str:
    """A language tag's English name, as readers see it: ``ko-Kore`` -> ``Korean``; the tag when unknown."""
    primary = tag.partition("-")[0].lower()
    language = pycountry.languages.get(alpha_2=primary) or pycountry.languages.get(alpha_3=primary)
    return getattr(language, "name", None) or tag


def event_date(event) -> str:
    """An event's date in plain words, from its EDTF date: the same on every page and in every table.

    The reporters' own wording (``date_text``) means little out of context; only the event's page shows it.
    """
    return format_date(event.date)
