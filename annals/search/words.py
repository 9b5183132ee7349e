"""Words as the site's search knows them: the terms a page is indexed under and a query asks for.

The reader's browser splits a query with the same rules (``docs/javascripts/annals-index.js``,
whose agreement with this module ``tests/test_search_words.py`` checks in Chromium):

* letters are lower-cased, compatibility forms folded (``ｶ`` -> ``カ``, ``ﬁ`` -> ``fi``) and the accents
  on Latin letters dropped (``Ulánbátor`` -> ``ulanbator``), never the marks of other scripts
  (Japanese ``が`` stays ``が``);
* a word is a run of letters, digits and ``_``; ``Yo-jong`` is two words;
* Korean, Japanese and Chinese are written without spaces between the parts of a name, so each run of
  their characters gives every character and every pair of neighbours: ``김정은`` gives ``김 정 은 김정 정은``,
  and a query for ``정은`` (two characters: one pair) finds it;
* a title also gives each pair of neighbouring words of other scripts, as one term that starts with a
  space (`` kim jong``, `` jong un``), which no word can: a query of several words finds the pages titled
  by them, even where each word alone is on more pages than the index keeps (a hub's name).
"""

from __future__ import annotations

import itertools
import re
import unicodedata

WORD = re.compile(r"\w+")
"""A word: letters, digits and ``_`` (JavaScript: ``[\\p{L}\\p{N}_]+``)."""

SEGMENTED = re.compile(
    "[\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\ua960-\ua97f"
    "\uac00-\ud7af\ud7b0-\ud7ff\uf900-\ufaff\U00020000-\U0003134f]+")
"""Runs of Hangul, kana and Han characters: scripts written without spaces inside a name."""

LATIN_ACCENTS = re.compile("(?<=[\u0000-\u024f\u1e00-\u1eff])[\u0300-\u036f]+")
"""Combining accents right after a Latin letter, once the text is decomposed."""


def normalized(text: str) -> str:
    """Text as search compares it: lower case, compatibility forms folded, no accents on Latin letters."""
    lowered = text.lower()
    if lowered.isascii():
        return lowered
    return unicodedata.normalize("NFC", LATIN_ACCENTS.sub("", unicodedata.normalize("NFKD", lowered)))


def terms(text: str) -> list[str]:
    """The terms of ``text``, in order: its words, and for a run of Korean, Japanese or Chinese its
    characters and pairs of neighbouring characters."""
    found: list[str] = []
    for word in WORD.findall(normalized(text)):
        if word.isascii() or not SEGMENTED.search(word):
            found.append(word)
            continue
        at = 0
        for run in SEGMENTED.finditer(word):
            if run.start() > at:
                found.append(word[at:run.start()])
            found += segment_terms(run.group())
            at = run.end()
        if at < len(word):
            found.append(word[at:])
    return found


def segment_terms(run: str) -> list[str]:
    """The characters of a run of Korean, Japanese or Chinese, then its pairs of neighbours."""
    return list(run) + [run[index:index + 2] for index in range(len(run) - 1)]


def title_pairs(title: str) -> list[str]:
    """Each pair of neighbouring words of a title that are not Korean, Japanese or Chinese, as `` first second``."""
    words = [term for term in terms(title) if not SEGMENTED.search(term)]
    return [f" {first} {second}" for first, second in itertools.pairwise(words)]
