"""The Markdown editors may write in entries: citation and mention syntax, and what is refused.

Entry text is untrusted. These rules exist for good `path:line:column`
messages at the source; the guarantee is the sanitizer that runs on the
published HTML (``annals.sanitize``). Every pattern here runs in linear time:
no pattern can scan past the next bracket, quote or line end, so 1 MB of
hostile text is checked in well under a second.

What entry Markdown may hold: paragraphs, emphasis, code spans, lists, block
quotes, inline links to http(s) addresses, citations ``[@source-id]`` and
mentions ``[[type:id]]``. What it may not: raw HTML or autolinks (``<`` before
text), HTML character references (``&lt;``, which Material's tooltips would turn
back into markup), images, links to anything but http(s), reference-style link
definitions, hand-written footnotes, headings, and the shapes that make
Python-Markdown slow (see :func:`_shape_issues`).
"""

from __future__ import annotations

import bisect
import itertools
import re
import unicodedata
from typing import Iterator, NamedTuple
from urllib.parse import urlsplit

from annals.entry_types import ENTRY_TYPE_NAMES


SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
MAX_QUOTE_WORDS = 25
MAX_MARKDOWN_CHARS = 20_000
"""Longest Markdown text: Python-Markdown's time grows faster than the text on hostile input."""
MAX_PARAGRAPH_CHARS = 4_000
"""Longest paragraph: Python-Markdown's inline patterns are quadratic within one paragraph."""
MAX_NESTING = 8
"""Deepest nesting of block quotes, lists and indentation (Python-Markdown recurses on lists)."""
MAX_BRACKET_DEPTH = 3
"""Deepest nesting of square brackets: a mention inside a link inside a paragraph is three."""

CITATION_RE = re.compile(r'\[@(?P<id>[a-z0-9-]*)(?:[ \t]*,[ \t]*"(?P<quote>[^"\n]*)")?\]')
"""An inline citation: ``[@source-id]`` or ``[@source-id, "short quote"]``."""

MENTION_RE = re.compile(r"\[\[(?P<type>[a-z]+):(?P<id>[a-z0-9-]*)(?:\|(?P<label>[^\[\]|\n]+))?\]\]")
"""An inline mention of another entry: ``[[person:song-il-ho]]`` or ``[[person:song-il-ho|Song]]``."""

_SLUG_RE = re.compile(SLUG_PATTERN)
_BACKTICKS_RE = re.compile(r"`+")
# Python-Markdown reads these at the start of a line, after any container prefix:
# block quote markers, list markers and indentation (admonition bodies, nested lists).
_CONTAINER_PREFIX = r"^(?P<prefix>(?:[ \t]*(?:>|[-+*](?=[ \t])|\d{1,9}\.(?=[ \t])))*[ \t]*)"
_DEFINITION_RE = re.compile(_CONTAINER_PREFIX + r"\[(?!\^)[^\[\]\n]*\]:", re.MULTILINE)
_HEADING_RE = re.compile(_CONTAINER_PREFIX + r"(?:(?P<hash>#)|[=-]+[ \t]*$)", re.MULTILINE)
_HTML_RE = re.compile(r"<(?=\S)")
_IMAGE_RE = re.compile(r"!\[")
# Numeric references are refused with or without the ';' (browsers read "&#60" in an attribute too).
_ENTITY_RE = re.compile(r"&(?:#|[A-Za-z][A-Za-z0-9]{0,31};)")
_LINK_TARGET_RE = re.compile(r"\]\([ \t\n]*<?(?P<target>[^()\[\]<>\s]*)")
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


def code_spans(text: str) -> list[tuple[int, int]]:
    """Where inline code spans are, as ``(start, end)`` offsets, in order.

    As Python-Markdown reads them: a span opens with a run of backticks whose
    first one is not escaped (after ``\\``` the rest of the run may still open)
    and closes with the next run of exactly the same length, escaped or not:
    backslashes mean nothing inside code. Narrower than Python-Markdown in one
    way: a span must close on its own line. So text is never treated as code
    here unless Markdown treats it as code too; the checks skip only that.
    """
    spans: list[tuple[int, int]] = []
    for line_start, line in _lines(text):
        pairs, _ = _pair_runs(_backtick_runs(line))
        spans += [(line_start + start, line_start + end) for start, end in pairs]
    return spans


def unclosed_backticks(text: str) -> list[int]:
    """Offsets of backtick runs that open no code span on their line (Markdown would search on for them)."""
    found = []
    for line_start, line in _lines(text):
        _, unpaired = _pair_runs(_backtick_runs(line))
        found += [line_start + start for start in unpaired]
    return found


class _Run(NamedTuple):
    start: int
    end: int
    opens_at: int | None
    """Where the run can open a span: its start, one later if its first backtick is escaped, or None."""


def _backtick_runs(line: str) -> list[_Run]:
    runs = []
    for match in _BACKTICKS_RE.finditer(line):
        opens_at = match.start() + 1 if _escaped(line, match.start()) else match.start()
        runs.append(_Run(match.start(), match.end(), opens_at if opens_at < match.end() else None))
    return runs


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


def _pair_runs(runs: list[_Run]) -> tuple[list[tuple[int, int]], list[int]]:
    """Pair each opening run with the next whole run of the same length, in O(n log n).

    Returns the spans and the starts of runs that open nothing.
    """
    by_length: dict[int, list[int]] = {}
    for index, run in enumerate(runs):
        by_length.setdefault(run.end - run.start, []).append(index)
    pairs, unpaired, index = [], [], 0
    while index < len(runs):
        run = runs[index]
        closing = None
        if run.opens_at is not None:
            candidates = by_length.get(run.end - run.opens_at, [])
            position = bisect.bisect_right(candidates, index)
            closing = candidates[position] if position < len(candidates) else None
        if closing is None:
            if run.opens_at is not None:
                unpaired.append(run.opens_at)
            index += 1
            continue
        pairs.append((run.opens_at, runs[closing].end))
        index = closing + 1
    return pairs, unpaired


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


def citations_and_mentions(text: str) -> tuple[list[re.Match], list[re.Match]]:
    """Every citation and every mention outside code spans (the text is scanned for code once)."""
    visible = mask_code(text) if "`" in text else text
    return list(CITATION_RE.finditer(visible)), list(MENTION_RE.finditer(visible))


def citations(text: str) -> list[re.Match]:
    """Every citation outside code spans."""
    return citations_and_mentions(text)[0]


def mentions(text: str) -> list[re.Match]:
    """Every mention outside code spans."""
    return citations_and_mentions(text)[1]


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


def slugify(text: str) -> str:
    """An id from a name: ``"Song Il-ho"`` becomes ``"song-il-ho"``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def is_slug(text: str) -> bool:
    """Lowercase letters, digits and single hyphens: the form of every id."""
    return _SLUG_RE.match(text) is not None


def too_long(quote: str) -> bool:
    """Whether a quote has more words than a short quote may."""
    return len(quote.split()) > MAX_QUOTE_WORDS


def markdown_issues(text: str) -> list[Issue]:
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
         for m in _LINK_TARGET_RE.finditer(masked) if not is_web_url(m.group("target"))),
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
    linked = [(m.start("target"), m.end("target")) for m in _LINK_TARGET_RE.finditer(masked)]
    linked += [m.span() for m in _LINK_TEXT_RE.finditer(masked)]
    bare = ((m.start(), f"'{_shortened(m.group())}' is a bare web address: readers see it as text, not as a link",
             "cite the article as a source with [@source-id], or write a link: [what it is](https://...)")
            for m in _WEB_ADDRESS_RE.finditer(masked)
            if not any(start <= m.start() < end for start, end in linked))
    insecure = ((m.start("target"), f"link to '{_shortened(m.group('target'))}' uses http://",
                 "link the https:// address; if the site has none, link an archived copy on "
                 "https://web.archive.org")
                for m in _LINK_TARGET_RE.finditer(masked) if m.group("target").lower().startswith("http://"))
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
    """A link's address must end with ')' on its line: an open one makes Markdown search the whole text."""
    closing = [m.start() for m in re.finditer(r"[)\n]", text)]
    for match in _LINK_TARGET_RE.finditer(text):
        after = bisect.bisect_left(closing, match.end())
        if after == len(closing) or text[closing[after]] != ")":
            yield match.start(), "this link is not closed", "end the address with ')' on the same line"


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
