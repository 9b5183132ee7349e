"""What entry Markdown may not contain (errors) and likely slips (warnings), each with an offset.

Every pattern here runs in linear time: no pattern can scan past the next
bracket, quote or line end, so 1 MB of hostile text is checked in well under
a second.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterator

from annals.entry_types import ENTRY_TYPE_NAMES
from annals.markdown.syntax import (CITATION_RE, MAX_QUOTE_WORDS, MENTION_RE, is_slug, is_web_url,
                                    mask_code, slugify, too_long, unclosed_backticks)

MAX_MARKDOWN_CHARS = 20_000
"""Longest Markdown text: Python-Markdown's time grows faster than the text on hostile input."""
MAX_PARAGRAPH_CHARS = 4_000
"""Longest paragraph: Python-Markdown's inline patterns are quadratic within one paragraph."""
MAX_NESTING = 8
"""Deepest nesting of block quotes, lists and indentation (Python-Markdown recurses on lists)."""
MAX_BRACKET_DEPTH = 3
"""Deepest nesting of square brackets: a mention inside a link inside a paragraph is three."""

# Python-Markdown reads these at the start of a line, after any container prefix:
# block quote markers, list markers and indentation (admonition bodies, nested lists).
_CONTAINER_PREFIX = r"^(?P<prefix>(?:[ \t]*(?:>|[-+*](?=[ \t])|\d{1,9}\.(?=[ \t])))*[ \t]*)"
_DEFINITION_RE = re.compile(_CONTAINER_PREFIX + r"\[(?!\^)[^\[\]\n]*\]:", re.MULTILINE)
_HEADING_RE = re.compile(_CONTAINER_PREFIX + r"(?:(?P<hash>#)|[=-]+[ \t]*$)", re.MULTILINE)
_HTML_RE = re.compile(r"<(?=\S)")
_IMAGE_RE = re.compile(r"!\[")
# Numeric references are refused with or without the ';' (browsers read "&#60" in an attribute too).
_ENTITY_RE = re.compile(r"&(?:#|[A-Za-z][A-Za-z0-9]{0,31};)")
# A link's target, then (when well formed) its end: pairs of parentheses inside the address (Wikipedia's
# Foo_(bar)), a title in quotes, its ')'. One pattern, so that a search only starts at a '](' and ends at the
# next bracket: linear time on any paragraph. The end is optional, so the target is always the whole run.
_LINK_RE = re.compile(r"\]\([ \t\n]*<?(?P<target>[^()\[\]<>\s]*)"
                      r"(?P<end>(?:\([^()\[\]<>\s\"']*\)[^()\[\]<>\s\"']*)*"
                      r"[ \t]*(?:(?:\"[^\"()\[\]\n]*\"|'[^'()\[\]\n]*')[ \t]*)?\))?")
_LINK_QUOTE_RE = re.compile("[\"']")
_FOOTNOTE_RE = re.compile(r"\[\^")
_CITATION_START_RE = re.compile(r"\[@")
_PREFIX_RE = re.compile(_CONTAINER_PREFIX, re.MULTILINE)
_BRACKET_RE = re.compile(r"\\.|[\[\]]|\n[ \t]*\n")
_PARAGRAPH_BREAK_RE = re.compile(r"\n[ \t]*\n")
_MARKER_RE = re.compile(r">|[-+*](?=[ \t])|\d{1,9}\.(?=[ \t])")
MAX_ISSUES_OF_A_KIND = 10
"""An editor needs the first few places of a mistake, not a million of them."""
_MENTION_START_RE = re.compile(r"\[\[")
_NAMED_MENTION_RE = re.compile(r"\[\[(?P<type>[a-z]+):(?P<name>[^\[\]|\n]{1,200})(?:\|[^\[\]\n]*)?\]\]")

MENTION_HINT = ("write a mention as [[type:id]] or [[type:id|label]], with type one of: "
                + ", ".join(ENTRY_TYPE_NAMES))

Issue = tuple[int, str, str]
"""``(offset in the text, message, hint)``."""


def rule_issues(text: str) -> list[Issue]:
    """Everything that entry Markdown may not contain, as ``(offset, message, hint)``, in text order.

    At most :data:`MAX_ISSUES_OF_A_KIND` places are reported for each kind of mistake.
    """
    text = text.replace("\r", "\n")  # Python-Markdown reads a carriage return as a line break too
    masked = mask_code(text)
    kinds = [
        ((offset, "this '`' starts a code span that is never closed on its line",
          "close it with as many backticks on the same line, or write '\\`' to show a backtick")
         for offset in unclosed_backticks(text)),
        ((m.start(), "raw HTML is not allowed in entry text",
          "write Markdown instead; to show a '<' put a space after it") for m in _HTML_RE.finditer(masked)),
        ((m.start(), "HTML character references are not allowed in entry text",
          "write the character itself; for '&lt;' write '< ' with a space") for m in _ENTITY_RE.finditer(masked)),
        ((m.start(), "images are not allowed in entry text",
          "entries hold text only; describe the image and cite its source") for m in _IMAGE_RE.finditer(masked)),
        ((m.start("target"), f"link target '{m.group('target')}' is not allowed",
          "links must start with https:// or http://; link entries with [[type:id]]")
         for m in _LINK_RE.finditer(masked) if not is_web_url(m.group("target"))),
        ((m.end("prefix"), "reference-style link definitions are not allowed",
          "write the link inline: [text](https://...); a line may not start with [label]:")
         for m in _DEFINITION_RE.finditer(masked)),
        ((m.end("prefix"), "headings are not allowed in entry text", _heading_hint(m))
         for m in _HEADING_RE.finditer(masked)),
        ((m.start(), "footnotes are made from citations, not written by hand", "cite a source with [@source-id]")
         for m in _FOOTNOTE_RE.finditer(masked)),
        _citation_issues(masked),
        _mention_issues(masked),
        _open_link_issues(masked),
    ]
    issues = [issue for kind in kinds for issue in itertools.islice(kind, MAX_ISSUES_OF_A_KIND)]
    return sorted(issues + _shape_issues(masked))


# Trailing punctuation ends the sentence, not the address.
_WEB_ADDRESS_RE = re.compile(r"(?i)\b(?:https?://|www\.)[^\s()<>\[\]]*[^\s()<>\[\].,;:!?'\"]")
_LINK_TEXT_RE = re.compile(r"\[[^\[\]\n]*\]\(")


def markdown_warnings(text: str) -> list[Issue]:
    """Likely slips in entry Markdown that still render: bare web addresses and http:// links.

    A bare address is not a link on the page (entries may not use autolinks),
    so readers cannot follow it; an ``http://`` link sends readers to an
    unencrypted page. At most :data:`MAX_ISSUES_OF_A_KIND` of each, in text order.
    """
    masked = mask_code(text.replace("\r", "\n"))
    linked = [(m.start("target"), m.end("target")) for m in _LINK_RE.finditer(masked)]
    linked += [m.span() for m in _LINK_TEXT_RE.finditer(masked)]
    bare = ((m.start(), f"'{_shortened(m.group())}' is a bare web address: readers see it as text, not as a link",
             "cite the article as a source with [@source-id], or write a link: [what it is](https://...)")
            for m in _WEB_ADDRESS_RE.finditer(masked)
            if not any(start <= m.start() < end for start, end in linked))
    insecure = ((m.start("target"), f"link to '{_shortened(m.group('target'))}' uses http://",
                 "link the https:// address; if the site has none, link an archived copy on "
                 "https://web.archive.org")
                for m in _LINK_RE.finditer(masked) if m.group("target").lower().startswith("http://"))
    return sorted(issue for kind in (bare, insecure) for issue in itertools.islice(kind, MAX_ISSUES_OF_A_KIND))


def _shortened(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _shape_issues(text: str) -> list[Issue]:
    """Limits that keep Python-Markdown fast on any input: length, nesting, brackets, open links."""
    issues: list[Issue] = []
    if len(text) > MAX_MARKDOWN_CHARS:
        issues.append((MAX_MARKDOWN_CHARS, f"the text is longer than {MAX_MARKDOWN_CHARS:,} characters",
                       "shorten it; put details in the entries it mentions"))
    issues += _paragraph_issues(text)
    issues += _nesting_issues(text)
    issues += _bracket_issues(text)
    return issues


def _paragraph_issues(text: str) -> list[Issue]:
    start = 0
    for end in [m.start() for m in _PARAGRAPH_BREAK_RE.finditer(text)] + [len(text)]:
        if end - start > MAX_PARAGRAPH_CHARS:
            return [(start + MAX_PARAGRAPH_CHARS, f"this paragraph is longer than {MAX_PARAGRAPH_CHARS:,} characters",
                     "split it with a blank line")]
        start = end
    return []


def _nesting_issues(text: str) -> list[Issue]:
    for match in _PREFIX_RE.finditer(text):
        prefix = match.group("prefix")
        markers = len(_MARKER_RE.findall(prefix))
        indent = len(prefix) - len(prefix.lstrip(" \t"))
        depth = markers + len(prefix[:indent].expandtabs(4)) // 4
        if depth > MAX_NESTING:
            return [(match.start(), f"lists and quotes are nested more than {MAX_NESTING} deep",
                     "flatten the list or quote")]
    return []


def _bracket_issues(text: str) -> list[Issue]:
    """Every '[' closed by a ']' in the same paragraph, at most three deep."""
    opened: list[int] = []
    for match in _BRACKET_RE.finditer(text):
        found = match.group()
        if found == "[":
            opened.append(match.start())
            if len(opened) > MAX_BRACKET_DEPTH:
                return [(match.start(), f"square brackets are nested more than {MAX_BRACKET_DEPTH} deep",
                         "take the inner brackets out")]
        elif found == "]" and opened:
            opened.pop()
        elif found.startswith("\n") and opened:
            break
    if opened:
        return [(opened[0], "this '[' is never closed",
                 "close it with ']' in the same paragraph, or write '\\[' to show a bracket")]
    return []


def _open_link_issues(text: str) -> Iterator[Issue]:
    """A link's parentheses hold its address alone, closed with ')' on its line.

    An open link makes Markdown search the whole text; a quote in the address,
    or anything after it but a title in quotes, makes it read on past the ')',
    swallowing the rest of the paragraph (citations too) into the link.
    """
    closing = [m.start() for m in re.finditer(r"[)\n]", text)]
    for match in _LINK_RE.finditer(text):
        after = bisect.bisect_left(closing, match.end("target"))
        quote = _LINK_QUOTE_RE.search(match.group("target"))
        if after == len(closing) or text[closing[after]] != ")":
            yield match.start(), "this link is not closed", "end the address with ')' on the same line"
        elif quote:
            yield (match.start("target") + quote.start(), "a link address may not hold a quote",
                   "write \" as %22 and ' as %27 in the address")
        elif match["end"] is None:
            yield (match.end("target"), "a link's parentheses may hold only its address and a title",
                   "end the address with ')', a space in it written %20; a title goes in quotes, "
                   "without brackets or line breaks: [text](https://... \"title\")")


def _heading_hint(match: re.Match) -> str:
    if match.group("hash"):
        return "the page makes its own headings; to start a line with '#', write '\\#'"
    return "a line of only '=' or '-' makes the line above a heading; remove it or add words to it"


def _citation_issues(text: str) -> Iterator[Issue]:
    for start in (m.start() for m in _CITATION_START_RE.finditer(text)):
        match = CITATION_RE.match(text, start)
        if match is None or not is_slug(match.group("id")):
            yield start, "malformed citation", 'write [@source-id] or [@source-id, "short quote"]'
        elif match.group("quote") is not None and too_long(match.group("quote")):
            yield (match.start("quote"), f"the quote has more than {MAX_QUOTE_WORDS} words",
                   "shorten it: quote only the words that matter")


def _mention_issues(text: str) -> Iterator[Issue]:
    for start in (m.start() for m in _MENTION_START_RE.finditer(text)):
        match = MENTION_RE.match(text, start)
        if match is None or match.group("type") not in ENTRY_TYPE_NAMES or not is_slug(match.group("id")):
            yield start, "malformed mention", _mention_hint(text, start)


def _mention_hint(text: str, start: int) -> str:
    """When a name stands where the id goes (``[[person:Jo Tester]]``), the id to write instead."""
    near = _NAMED_MENTION_RE.match(text, start)
    if near and near.group("type") in ENTRY_TYPE_NAMES and slugify(near.group("name")):
        return (f"a mention names an entry by its id, not its name: write "
                f"[[{near.group('type')}:{slugify(near.group('name'))}]] (ids are lowercase, with hyphens)")
    return MENTION_HINT
