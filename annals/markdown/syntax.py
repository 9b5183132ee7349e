"""The syntax Annals adds to Markdown, and code spans as Python-Markdown reads them.

Citations ``[@source-id]`` and ``[@source-id, "short quote"]``, mentions
``[[type:id]]`` and ``[[type:id|label]]``, ids, and where inline code is, so
that nothing inside a code span is ever read as a citation or mention.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterator
from typing import NamedTuple
from urllib.parse import urlsplit

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
MAX_QUOTE_WORDS = 25

CITATION_RE = re.compile(r'\[@(?P<id>[a-z0-9-]*)(?:[ \t]*,[ \t]*"(?P<quote>[^"\n]*)")?\]')
"""An inline citation: ``[@source-id]`` or ``[@source-id, "short quote"]``."""

MENTION_RE = re.compile(r"\[\[(?P<type>[a-z]+):(?P<id>[a-z0-9-]*)(?:\|(?P<label>[^\[\]|\n]+))?\]\]")
"""An inline mention of another entry: ``[[person:song-il-ho]]`` or ``[[person:song-il-ho|Song]]``."""

_SLUG_RE = re.compile(SLUG_PATTERN)
_BACKTICKS_RE = re.compile(r"`+")


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
        assert run.opens_at is not None, "only an opening run has a closing one"
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
    return _SLUG_RE.fullmatch(text) is not None  # match() would let "a\n" through


def too_long(quote: str) -> bool:
    """Whether a quote has more words than a short quote may."""
    return len(quote.split()) > MAX_QUOTE_WORDS
