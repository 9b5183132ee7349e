"""The site's search: which pages it finds, and the text of each (the index: ``annals.search.index``).

Material's own search sends every reader one ``search_index.json`` that grows
with the whole site. Annals writes a static index split by words instead
(``annals.search.index``), of which a reader's browser fetches only the files of
the words typed (``docs/javascripts/annals-index.js``, loaded by
``annals-search.js`` when the search box is first used). The plugin collects
each searched page's text as it makes the page and writes the index after
MkDocs has written every page, so ``mkdocs build``, ``annals build``, the Pages
workflow and ``make serve`` (after each rebuild) all have it.

Only entry pages and prose pages are searched (see :func:`is_searched`), never a
generated listing (the chronology, section indexes, tag pages, a hub's year
pages). Inside a page, what only leads elsewhere or repeats what is there is
left out (:func:`searched_text`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from html import unescape
from typing import TYPE_CHECKING

from annals.beside import Beside
from annals.entry_types import ENTRY_TYPES
from annals.export import DATA_PAGE
from annals.reference import REFERENCE
from annals.render.context import OutputFile
from annals.sanitize import text_of
from annals.search.index import IndexWriter, SearchedPage, write_index

if TYPE_CHECKING:
    from mkdocs.structure.pages import Page

__all__ = ["SEARCH_INDEX", "SearchTexts", "SearchedPage", "is_searched", "searched_text", "with_unsearched", "write_index"]

PROSE_PAGES = frozenset({DATA_PAGE, REFERENCE})
"""Generated pages that are prose, not lists of entries: found by search like the hand-written ones."""

SEARCH_INDEX = "the search index"
"""What the log calls it once written (``annals.beside.wrote``): serve's log, which ``make bench`` waits on."""
UNSEARCHED = ('<div class="annals-unsearched"></div>', '<div class="annals-unsearched-end"></div>')
"""What the templates put before and after a part search leaves out (raw HTML: entry text can hold none,
``annals.markdown.rules``, so only a template can mark a part)."""

_ENTRY_SECTIONS = frozenset(kind.section for kind in ENTRY_TYPES.values() if kind.own_pages)


def with_unsearched(html: str) -> str:
    """A page's sanitized HTML with each part the templates marked for search to leave out in one element."""
    return _replace_unsearched(html, lambda part: f'<div class="annals-unsearched">{part}</div>')


def _replace_unsearched(html: str, replace: Callable[[str], str]) -> str:
    """``html`` with each part from a start mark to the first end mark after it replaced by ``replace(part)``.

    What ``re.sub`` of ``start(.*?)end`` does, in linear time: once a start mark has no end after it, no later
    one has, where the regular expression would scan to the end of the page again from each.
    """
    start, end = UNSEARCHED
    pieces, position = [], 0
    while (opening := html.find(start, position)) >= 0:
        closing = html.find(end, opening + len(start))
        if closing < 0:
            break
        pieces += [html[position:opening], replace(html[opening + len(start):closing])]
        position = closing + len(end)
    pieces.append(html[position:])
    return "".join(pieces)


def is_searched(page: OutputFile) -> bool:
    """Whether a generated page's text is found by search: an entry's own page or a prose page, not a listing
    (a tag's entry is shown on its tag's page, which is a listing)."""
    section, _, name = page.uri.partition("/")
    return (page.entry_path is not None and section in _ENTRY_SECTIONS and "/" not in name) or page.uri in PROSE_PAGES


def searched_text(html: str) -> str:
    """The text search indexes of a page's HTML (sanitized, before :func:`with_unsearched`): without the parts
    the templates marked, the ¶ after each heading (else every title ends in it), a footnote's way back (↩)
    and the visual timeline (its table says the same in words)."""
    html = _replace_unsearched(html, lambda part: " ")
    html = _LEFT_OUT_RE.sub(" ", html)
    return " ".join(text_of(_BLOCK_END_RE.sub(r"\g<0> ", html)).split())


_LEFT_OUT_RE = re.compile(
    r'<a (?=[^<>]*class="(?:headerlink|footnote-backref)")[^<>]*>[^<]*</a>'
    r'|<div class="annals-visual">[^<]*(?:<(?!/div>|div class="annals-visual">)[^<]*)*</div>')
"""A permalink, a footnote's way back, the visual timeline. Each search ends at the next tag or the next timeline,
so that no page, however many unclosed ones it holds, costs more than linear time."""
_BLOCK_END_RE = re.compile(r"</(?:p|li|h[1-6]|td|th|dt|dd|div|blockquote|pre|tr|summary|figcaption)>|<br\s*/?>")


class SearchTexts:
    """The text of each page search finds, noted as the plugin makes the page, and the index written from them.

    Kept across ``make serve``'s rebuilds: with ``--dirty`` MkDocs makes only the pages an edit changed
    again, and the others keep the text of the build that made them.

    In a build, every text is known once MkDocs has converted every page (``on_env``), and MkDocs then spends
    most of its time writing pages: :meth:`begin` has the index written meanwhile (``annals.beside``), and
    :meth:`finish` waits for it; under serve :meth:`finish_later` writes it after the build.
    """

    def __init__(self) -> None:
        self._texts: dict[str, tuple[Page, str]] = {}
        self._searched: frozenset[str] = frozenset()
        self._index = IndexWriter()  # under serve: counts the words of changed pages only, writes changed files
        self.writing = Beside()

    def start(self, sources: Iterable[str]) -> None:
        """Begin a build whose pages search finds are these (their source paths, as in ``docs/``)."""
        self._searched = frozenset(sources)

    def keep(self, page: Page, html: str) -> None:
        """Note a page's text from its final HTML before :func:`with_unsearched`, if search finds the page."""
        if page.file.src_uri in self._searched:
            self._texts[page.file.src_uri] = (page, searched_text(html))

    def begin(self, site_dir: str, cores: int) -> None:
        """Begin writing the index into ``site_dir``: in a forked process if there is a spare core and it is safe."""
        pages = self._pages()
        self.writing.begin(f"{SEARCH_INDEX} into {site_dir}", functools.partial(self._index.write, pages, site_dir),
                           cores=cores, jobs=len(pages))

    def _pages(self) -> list[SearchedPage]:
        found = [self._texts[source] for source in sorted(self._searched) if source in self._texts]
        return [SearchedPage(page.url, unescape(page.title or ""), text) for page, text in found]
