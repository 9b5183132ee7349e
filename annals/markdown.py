"""The Markdown editors may write in entries: citation and mention syntax, and what is refused.

Entry text is untrusted. These rules exist for good `path:line:column`
messages at the source; the guarantee is the sanitizer that runs on the
published HTML (``annals.sanitize``). Every pattern here runs in linear time:
no pattern can scan past the next bracket, quote or line end, so 1 MB of
hostile text is checked in well under a second.

What entry Markdown may hold: paragraphs, emphasis, code spans, lists, block
quotes, inline links to http(s) addresses, citations ``[@source-id]`` and
mentions ``[[type:id]]``. What it may not: raw HTML or autolinks (``<`` before
text), images, links to anything but http(s), reference-style link
definitions, hand-written footnotes and headings.
"""

from __future__ import annotations

import re
from typing import Iterator
from urllib.parse import urlsplit

ENTRY_TYPE_NAMES = ("event", "person", "organization", "place", "source")
"""Entry types a mention may name (the folders under ``entries/``)."""

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
MAX_QUOTE_WORDS = 25

CITATION_RE = re.compile(r'\[@(?P<id>[a-z0-9-]*)(?:[ \t]*,[ \t]*"(?P<quote>[^"\n]*)")?\]')
"""An inline citation: ``[@source-id]`` or ``[@source-id, "short quote"]``."""

MENTION_RE = re.compile(r"\[\[(?P<type>[a-z]+):(?P<id>[a-z0-9-]*)(?:\|(?P<label>[^\[\]|\n]+))?\]\]")
"""An inline mention of another entry: ``[[person:song-il-ho]]`` or ``[[person:song-il-ho|Song]]``."""

_SLUG_RE = re.compile(SLUG_PATTERN)
_BACKTICKS_RE = re.compile(r"`+")
# Python-Markdown reads these at the start of a line, after any container prefix:
# block quote markers, list markers and indentation (admonition bodies, nested lists).
_CONTAINER_PREFIX = r"^(?P<prefix>(?:[ \t]*(?:>|[-+*](?=[ \t])|\d+\.(?=[ \t])))*[ \t]*)"
_DEFINITION_RE = re.compile(_CONTAINER_PREFIX + r"\[(?!\^)[^\[\]\n]*\]:", re.MULTILINE)
_HEADING_RE = re.compile(_CONTAINER_PREFIX + r"(?:(?P<hash>#)|[=-]+[ \t]*$)", re.MULTILINE)
_HTML_RE = re.compile(r"<(?=\S)")
_IMAGE_RE = re.compile(r"!\[")
_LINK_TARGET_RE = re.compile(r"\]\([ \t\n]*<?(?P<target>[^()\[\]<>\s]*)")
_FOOTNOTE_RE = re.compile(r"\[\^")
_CITATION_START_RE = re.compile(r"\[@")
_MENTION_START_RE = re.compile(r"\[\[")

MENTION_HINT = ("write a mention as [[type:id]] or [[type:id|label]], with type one of: "
                + ", ".join(ENTRY_TYPE_NAMES))

Issue = tuple[int, str, str]
"""``(offset in the text, message, hint)``."""


def code_spans(text: str) -> list[tuple[int, int]]:
    """Where inline code spans are, as ``(start, end)`` offsets, in order.

    A span opens with a run of backticks not preceded by a backslash and
    closes with the next run of the same length on the same line. This is
    narrower than Python-Markdown (which lets a span cross single line breaks),
    so text is never treated as code here unless Markdown treats it as code too:
    the checks below skip only what is certainly shown as code.
    """
    spans: list[tuple[int, int]] = []
    for line_start, line in _lines(text):
        runs = [(m.start(), m.end()) for m in _BACKTICKS_RE.finditer(line)
                if not _escaped(line, m.start())]
        spans += [(line_start + start, line_start + end) for start, end in _pair_runs(runs)]
    return spans


def _lines(text: str) -> Iterator[tuple[int, str]]:
    start = 0
    for line in text.split("\n"):
        yield start, line
        start += len(line) + 1


def _escaped(text: str, index: int) -> bool:
    """Whether the character at ``index`` follows an odd number of backslashes."""
    count = 0
    while index - count - 1 >= 0 and text[index - count - 1] == "\\":
        count += 1
    return count % 2 == 1


def _pair_runs(runs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Pair each opening backtick run with the next run of the same length, in linear time."""
    next_same: list[int | None] = [None] * len(runs)
    last_seen: dict[int, int] = {}
    for index in range(len(runs) - 1, -1, -1):
        length = runs[index][1] - runs[index][0]
        next_same[index] = last_seen.get(length)
        last_seen[length] = index
    pairs, index = [], 0
    while index < len(runs):
        closing = next_same[index]
        if closing is None:
            index += 1
            continue
        pairs.append((runs[index][0], runs[closing][1]))
        index = closing + 1
    return pairs


def mask_code(text: str) -> str:
    """The text with every code span blanked out (same length, so offsets still hold)."""
    spans = code_spans(text)
    if not spans:
        return text
    parts, previous = [], 0
    for start, end in spans:
        parts += [text[previous:start], " " * (end - start)]
        previous = end
    parts.append(text[previous:])
    return "".join(parts)


def citations(text: str) -> Iterator[re.Match]:
    """Every citation outside code spans."""
    return CITATION_RE.finditer(mask_code(text)) if "`" in text else CITATION_RE.finditer(text)


def mentions(text: str) -> Iterator[re.Match]:
    """Every mention outside code spans."""
    return MENTION_RE.finditer(mask_code(text)) if "`" in text else MENTION_RE.finditer(text)


def substitute(text: str, replacements: list[tuple[int, int, str]]) -> str:
    """``text`` with each ``(start, end)`` range replaced; ranges must not overlap."""
    parts, previous = [], 0
    for start, end, new in sorted(replacements):
        parts += [text[previous:start], new]
        previous = end
    parts.append(text[previous:])
    return "".join(parts)


def is_web_url(text: str) -> bool:
    """An absolute http(s) address with a host and no spaces or control characters."""
    if any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in text):
        return False
    parts = urlsplit(text)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def is_slug(text: str) -> bool:
    """Lowercase letters, digits and single hyphens: the form of every id."""
    return _SLUG_RE.match(text) is not None


def too_long(quote: str) -> bool:
    """Whether a quote has more words than a short quote may."""
    return len(quote.split()) > MAX_QUOTE_WORDS


def markdown_issues(text: str) -> list[Issue]:
    """Everything that entry Markdown may not contain, as ``(offset, message, hint)``, in text order."""
    masked = mask_code(text)
    issues = [(m.start(), "raw HTML is not allowed in entry text",
               "write Markdown instead; to show a '<' put a space after it")
              for m in _HTML_RE.finditer(masked)]
    issues += [(m.start(), "images are not allowed in entry text",
                "entries hold text only; describe the image and cite its source")
               for m in _IMAGE_RE.finditer(masked)]
    issues += [(m.start("target"), f"link target '{m.group('target')}' is not allowed",
                "links must start with https:// or http://; link entries with [[type:id]]")
               for m in _LINK_TARGET_RE.finditer(masked) if not is_web_url(m.group("target"))]
    issues += [(m.end("prefix"), "reference-style link definitions are not allowed",
                "write the link inline: [text](https://...); a line may not start with [label]:")
               for m in _DEFINITION_RE.finditer(masked)]
    issues += [(m.end("prefix"), "headings are not allowed in entry text", _heading_hint(m))
               for m in _HEADING_RE.finditer(masked)]
    issues += [(m.start(), "footnotes are made from citations, not written by hand",
                "cite a source with [@source-id]") for m in _FOOTNOTE_RE.finditer(masked)]
    issues += _citation_issues(masked)
    issues += _mention_issues(masked)
    return sorted(issues)


def _heading_hint(match: re.Match) -> str:
    if match.group("hash"):
        return "the page makes its own headings; to start a line with '#', write '\\#'"
    return "a line of only '=' or '-' makes the line above a heading; remove it or add words to it"


def _citation_issues(text: str) -> list[Issue]:
    issues = []
    for start in (m.start() for m in _CITATION_START_RE.finditer(text)):
        match = CITATION_RE.match(text, start)
        if match is None or not is_slug(match.group("id")):
            issues.append((start, "malformed citation", 'write [@source-id] or [@source-id, "short quote"]'))
        elif match.group("quote") is not None and too_long(match.group("quote")):
            issues.append((match.start("quote"), f"the quote has more than {MAX_QUOTE_WORDS} words",
                           "shorten it: quote only the words that matter"))
    return issues


def _mention_issues(text: str) -> list[Issue]:
    issues = []
    for start in (m.start() for m in _MENTION_START_RE.finditer(text)):
        match = MENTION_RE.match(text, start)
        if match is None or match.group("type") not in ENTRY_TYPE_NAMES or not is_slug(match.group("id")):
            issues.append((start, "malformed mention", MENTION_HINT))
    return issues
