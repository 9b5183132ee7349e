"""The search index: small static files a reader's browser fetches only for the words typed.

Nothing a first search downloads grows with the site. There is no list of all pages or all
words to fetch first: the file of a word's postings is found from the word itself.

``search/t/`` is a trie of words, one file per node, each at most :data:`NODE_CHARACTERS` long:

* ``_<n>.json`` (:data:`BUCKETS` of them, always all written) holds the words whose first character's
  code point is ``n`` modulo :data:`BUCKETS`; ``<hex>.json`` holds the words that start with the
  prefix whose UTF-8 is ``<hex>``;
* a node that fits is a leaf: ``{"pages": N, "terms": {word: posting}}``;
* a node that does not is split by the next character: ``{"pages": N, "next": [what each child's words
  start with after this node's prefix], "exact": posting of the prefix itself or null, "prefix": posting of
  every word that starts with it}``. A child's key is all its words share (``delegation`` below ``d``),
  so a long shared start costs one file, not one per letter.

A posting is ``[pages holding the word, [page, score, page, score, ...]]``: the page numbers go up
and each but the first is the difference from the one before. It keeps the :data:`POSTINGS` pages
that score highest (a hub's name is on every page; its own page, where the name is the title,
scores highest), so a file stays small however famous a word is.

``search/p/<page>.json`` is one page's address, title and indexed text, fetched only for a result
shown: the excerpt and the words marked in it come from this text, in the browser.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from annals.search.words import terms, title_pairs

FOLDER = "search"
"""Where the index goes inside the site; ``docs/javascripts/annals-index.js`` reads it from there."""

BUCKETS = 64
"""Files at the top of the trie, by a word's first character: all are written, so none is ever missing."""

NODE_CHARACTERS = 12_000
"""The longest a node's file may be (a split node's list of next characters aside), about 4 KB gzipped."""

POSTINGS = 100
"""The most pages a word's posting keeps: those it scores highest on."""

PAGE_CHARACTERS = 12_000
"""The most text of a page that is indexed and fetched with a result; the rest is left out."""

TITLE_SCORE = 25
"""Added to a word's score on a page whose title holds it: more than the text alone can give (at most 22),
so the page named by a word (a person's own page for her name) ranks above every page that only mentions it.
As much again, divided by the number of words in the title, goes to short titles: the page called
"Ulaanbaatar" before "Ulaanbaatar Dialogue on Northeast Asian Security"."""

BM25_K1, BM25_B = 1.2, 0.75
"""Okapi BM25's usual constants: how fast repeats stop counting, how much a long page is discounted."""


@dataclass(frozen=True)
class SearchedPage:
    """A page search finds: its address from the site's root (``people/kim-jong-un/``), title and text."""

    url: str
    title: str
    text: str


Posting = list  # [pages holding the word, [page, score, ...]]


def write_index(pages: Iterable[SearchedPage], site_dir: str | Path) -> None:
    """Write the index of ``pages`` into ``site_dir/search/``, replacing any index before it."""
    IndexWriter().write(pages, site_dir)


class IndexWriter:
    """Writes the index; kept across ``make serve``'s rebuilds, it counts the words of a page again only when
    its text changed, and writes only the files whose text changed (and removes those no longer made)."""

    def __init__(self) -> None:
        self._words: dict[str, tuple[str, str, PageWords]] = {}
        self._written: dict[str, int] = {}  # each file's path in the folder, and the hash of its text
        self._folder: Path | None = None

    def write(self, pages: Iterable[SearchedPage], site_dir: str | Path) -> None:
        """Write the index of ``pages`` into ``site_dir/search/``: only what changed, if this writer wrote the
        folder last and it is still there; else the whole index, replacing any before it."""
        folder = Path(site_dir) / FOLDER
        files = index_files(sorted(pages, key=lambda page: page.url), self._page_words)
        if folder != self._folder or not (folder / "t" / "_0.json").is_file():
            shutil.rmtree(folder, ignore_errors=True)
            self._written = {}
        for name in self._written.keys() - files.keys():
            (folder / name).unlink(missing_ok=True)
        (folder / "t").mkdir(parents=True, exist_ok=True)
        (folder / "p").mkdir(exist_ok=True)
        written = {name: hash(text) for name, text in files.items()}
        for name, text in files.items():
            if self._written.get(name) != written[name]:
                (folder / name).write_text(text, encoding="utf-8")
        self._written, self._folder = written, folder

    def _page_words(self, url: str, title: str, text: str) -> PageWords:
        known = self._words.get(url)
        if known is None or known[0] != title or known[1] != text:
            known = self._words[url] = (title, text, page_words(title, text))
        return known[2]


def index_files(ordered: list[SearchedPage],
                words_of: Callable[[str, str, str], PageWords] | None = None) -> dict[str, str]:
    """Every file of the index of ``ordered`` (pages sorted by address), by its path in the folder, as text;
    ``words_of(url, title, text)`` gives a page's words (by default counted afresh)."""
    words_of = words_of or (lambda url, title, text: page_words(title, text))
    texts = [indexed_text(page.text) for page in ordered]
    postings = word_postings([words_of(page.url, page.title, text) for page, text in zip(ordered, texts, strict=True)])
    files = {f"t/{name}.json": _json(node) for name, node in trie_nodes(postings, len(ordered))}
    for number, (page, text) in enumerate(zip(ordered, texts, strict=True)):
        files[f"p/{number}.json"] = _json({"url": page.url, "title": page.title, "text": text})
    return files


def indexed_text(text: str) -> str:
    """A page's text as indexed: its words separated by single spaces, at most :data:`PAGE_CHARACTERS` long."""
    text = " ".join(text.split())
    if len(text) <= PAGE_CHARACTERS:
        return text
    return text[:PAGE_CHARACTERS].rsplit(" ", 1)[0]


@dataclass(frozen=True)
class PageWords:
    """A page's words, counted once: each of its text with how often, the title's, and the title's pairs."""

    counts: Counter[str]
    length: int
    titled: frozenset[str]
    title_bonus: int
    pairs: frozenset[str]


def page_words(title: str, text: str) -> PageWords:
    """The words of a page with this title and indexed text (see :func:`word_postings` for the bonus)."""
    counts = Counter(terms(text))
    title_terms = terms(title)
    return PageWords(counts, sum(counts.values()), frozenset(title_terms),
                     TITLE_SCORE + round(TITLE_SCORE / max(1, len(title_terms))), frozenset(title_pairs(title)))


def word_postings(pages: list[PageWords]) -> dict[str, Posting]:
    """Every word of the pages with its posting, pages numbered in the order given.

    A page's score for a word is Okapi BM25's weight of the word in its text (without the inverse
    document frequency, which the browser applies from the posting's count), times 10 and rounded,
    plus a bonus if the title holds the word (see :data:`TITLE_SCORE`). A pair of the title's words
    (:func:`~annals.search.words.title_pairs`) scores :data:`TITLE_SCORE`.
    """
    average = (sum(page.length for page in pages) / len(pages) if pages else 1.0) or 1.0
    scored: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for number, page in enumerate(pages):
        discount = BM25_K1 * (1 - BM25_B + BM25_B * page.length / average)
        for word in page.titled - page.counts.keys():
            scored[word].append((number, page.title_bonus))
        for word, count in page.counts.items():
            score = round(10 * count * (BM25_K1 + 1) / (count + discount))
            score += page.title_bonus if word in page.titled else 0
            scored[word].append((number, score if score > 0 else 1))
        for pair in page.pairs:
            scored[pair].append((number, TITLE_SCORE))
    return {word: posting(found) for word, found in sorted(scored.items())}  # each found in the order of pages


def posting(found: list[tuple[int, int]]) -> Posting:
    """``(page, score)`` pairs, in the order of their pages, as a posting: the :data:`POSTINGS` that score
    highest (the first page of equal ones), pages delta-coded."""
    kept = found if len(found) <= POSTINGS else _best(found)
    flat: list[int] = []
    previous = 0
    for page, score in kept:
        flat += [page - previous, score]
        previous = page
    return [len(found), flat]


def _best(found: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The :data:`POSTINGS` pairs that score highest, the first pages of equal ones, in the order of pages.

    By counting scores (small integers), not by sorting: a hub's name is on most pages of the site.
    """
    counts = Counter(score for _, score in found)
    room, cutoff = POSTINGS, 0
    for score in sorted(counts, reverse=True):
        if counts[score] >= room:
            cutoff = score
            break
        room -= counts[score]
    kept = []
    for page, score in found:
        if score > cutoff or (score == cutoff and room > 0):
            kept.append((page, score))
            room -= score == cutoff
    return kept


def trie_nodes(postings: dict[str, Posting], pages: int) -> Iterable[tuple[str, dict]]:
    """(file name, node) for every node of the trie of ``postings``' words (see the module's docstring)."""
    buckets: dict[int, dict[str, Posting]] = {number: {} for number in range(BUCKETS)}
    for word, found in postings.items():
        buckets[ord(word[0]) % BUCKETS][word] = found
    for number, words in buckets.items():
        yield from _nodes(f"_{number}", "", words, pages)


def _nodes(name: str, prefix: str, words: dict[str, Posting], pages: int) -> Iterable[tuple[str, dict]]:
    leaf = {"pages": pages, "terms": words}
    if len(_json(leaf)) <= NODE_CHARACTERS or all(word == prefix for word in words):
        yield name, leaf
        return
    by_next: dict[str, dict[str, Posting]] = defaultdict(dict)
    for word, found in words.items():
        if word != prefix:
            by_next[word[len(prefix)]][word] = found
    # A child is keyed by what all its words start with, so a long shared start is one step, not one per letter.
    children = {_shared_start(list(below)): below for _, below in sorted(by_next.items())}
    yield name, {"pages": pages, "next": [key[len(prefix):] for key in children], "exact": words.get(prefix),
                 "prefix": merged(words.values()) if prefix else None}
    for key, below in children.items():
        yield from _nodes(key.encode("utf-8").hex(), key, below, pages)


def _shared_start(words: list[str]) -> str:
    """What every one of ``words`` starts with (character by character, as wanted here)."""
    first, last = min(words), max(words)
    for index, (one, other) in enumerate(zip(first, last)):
        if one != other:
            return first[:index]
    return first


def merged(found: Iterable[Posting]) -> Posting:
    """One posting for several words (those sharing a prefix): each page with its best score.

    Its count is the most pages any one word is on, plus those of the others' kept pages, at most:
    an estimate for weighing a prefix, as only the kept pages are known.
    """
    best: dict[int, int] = {}
    most = 0
    for count, flat in found:
        most = max(most, count)
        page = 0
        for index in range(0, len(flat), 2):
            page += flat[index]
            best[page] = max(best.get(page, 0), flat[index + 1])
    result = posting(sorted(best.items()))
    result[0] = max(most, len(best))
    return result


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
