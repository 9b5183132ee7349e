"""Footnote back-links that say where they return to: the footnote, the section, and which mention.

Python-Markdown ends each footnote with one "↩" link per mark in the text, all
with the same title (mkdocs.yml sets it: "Back to footnote N in the text") and
"↩" as their only text, so a screen reader says "leftwards arrow with hook"
fourteen times over for a source cited fourteen times. :func:`name_backlinks`
runs on a page's finished HTML (after sanitizing, so the attribute it adds
passes no allowlist) and gives each back-link a title and an accessible name
(``aria-label``) built from the heading the mark sits under, and its place
among the marks of that footnote: "Back to footnote 1 in “Participants”,
mention 3 of 14". Only engine-made text and the page's own heading text (its
HTML escaped anew for an attribute) go into them.
"""

from __future__ import annotations

import html
import re

# A tag's attributes stop at the next '<' and a heading's text at the next heading: each search ends at the next
# tag, so no input (however many unclosed tags it holds) costs more than linear time. Sanitized HTML has every
# '<' of its text escaped, so on it these match what the plain [^>]* and .*? would.
_HEADING_RE = re.compile(r'<h([2-6])\b[^<>]*>((?:[^<]|<(?!h[2-6]\b))*?)</h\1>')
_HEADERLINK_RE = re.compile(r'<a class="headerlink"[^<>]*>[^<]*</a>')
_TAG_RE = re.compile(r"<[^<>]*>")
_MARK_RE = re.compile(r'<sup id="fnref(\d*):([\w.:-]+)">')
_BACKLINK_RE = re.compile(r'<a (?=[^<>]*class="footnote-backref")[^<>]*href="#fnref(\d*):([\w.:-]+)"[^<>]*>')

OPENING = "at the start of the page"
"""Where a mark above the page's first section heading is."""


def name_backlinks(page_html: str) -> str:
    """The page with every footnote back-link titled and named after the place its mark is in."""
    places = _mark_places(page_html)
    counts: dict[str, int] = {}
    for _, footnote in places:
        counts[footnote] = counts.get(footnote, 0) + 1

    def named(match: re.Match) -> str:
        repeat, footnote = match.group(1), match.group(2)
        section, mention = places.get((repeat, footnote), (None, 1))
        name = backlink_name(footnote, section, mention, counts.get(footnote, 1))
        label = html.escape(name)
        return (f'<a class="footnote-backref" href="#fnref{repeat}:{footnote}" '
                f'title="{label}" aria-label="{label}">')

    return _BACKLINK_RE.sub(named, page_html)


def backlink_name(footnote: str, section: str | None, mention: int, mentions: int) -> str:
    """A back-link's name: "Back to footnote 2 in “Sources”", with ", mention 1 of 3" when there are several."""
    where = f"in \u201c{section}\u201d" if section else OPENING
    name = f"Back to footnote {footnote} {where}"
    return f"{name}, mention {mention} of {mentions}" if mentions > 1 else name


def _mark_places(page_html: str) -> dict[tuple[str, str], tuple[str | None, int]]:
    """Each footnote mark (its repeat number and footnote): the section heading above it, and which mention of
    its footnote it is in reading order (Markdown numbers repeats in the order it parses, not as the page reads)."""
    headings = [(m.start(), _heading_text(m.group(2))) for m in _HEADING_RE.finditer(page_html)]
    places: dict[tuple[str, str], tuple[str | None, int]] = {}
    seen: dict[str, int] = {}
    for mark in _MARK_RE.finditer(page_html):
        above = [text for start, text in headings if start < mark.start()]
        seen[mark.group(2)] = seen.get(mark.group(2), 0) + 1
        places[(mark.group(1), mark.group(2))] = (above[-1] if above else None, seen[mark.group(2)])
    return places


def _heading_text(heading_html: str) -> str:
    """A heading's text, without its permalink: tags dropped, entities read."""
    return html.unescape(_TAG_RE.sub("", _HEADERLINK_RE.sub("", heading_html))).strip()
