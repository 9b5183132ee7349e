"""Characters no entry file may hold: controls, lone surrogates, bidirectional overrides."""

from __future__ import annotations

import re

from yaml.nodes import ScalarNode

from annals.load.document import Document, align, line_column
from annals.problems import Problem

REFUSED_CHARACTER = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"  # control characters (Cc) but tab, line feed, carriage return
    "\ud800-\udfff"                           # lone surrogates (only escapes can make them)
    "\u202a-\u202e\u2066-\u2069"              # bidirectional embeddings, overrides and isolates
    "\u2028\u2029]")                          # line and paragraph separators: YAML counts them as line breaks
"""Characters refused anywhere in an entry file, typed or written as an escape."""

REFUSED_IN_VALUE = re.compile(REFUSED_CHARACTER.pattern + "|\r")
"""What no value (as opposed to a key) may hold: the characters above, and a carriage return (only an escape
can put one there).

Markdown reads a carriage return as a line break, the checks of entry text
read only line feeds; refusing it keeps the two in agreement.
"""

REFUSED_IN_FILE = re.compile(REFUSED_CHARACTER.pattern + "|\r(?!\n)")
"""What may not be typed into a file: the characters above, and a carriage return that ends no line.

YAML counts a lone carriage return as a line break while positions here count
line feeds; refusing it keeps every line number true. (Escaped, as ``\\r``, it is text.)
"""

MAX_CHARACTER_PROBLEMS = 20
"""Refused characters reported per file; the rest are counted in one more problem."""


def refused_characters(source: str, shown: str) -> list[Problem]:
    """A problem at every refused character typed into the file (up to a limit)."""
    found = [(m.start(), m.group()) for m in REFUSED_IN_FILE.finditer(source)]
    return character_problems(shown, source, found)


def character_problems(shown: str, source: str, found: list[tuple[int, str]]) -> list[Problem]:
    """Problems for refused characters at file indexes; past the limit, one problem counts the rest."""
    problems = []
    for index, char in found[:MAX_CHARACTER_PROBLEMS]:
        line, column = line_column(source, index)
        problems.append(Problem(shown, line, column, *describe(char)))
    if len(found) > MAX_CHARACTER_PROBLEMS:
        line, column = line_column(source, found[MAX_CHARACTER_PROBLEMS][0])
        rest = len(found) - MAX_CHARACTER_PROBLEMS
        problems.append(Problem(shown, line, column, f"{rest} more refused character{'s' if rest != 1 else ''} "
                                "from here on", "delete them all, then run `annals check` again"))
    return problems


def describe(char: str) -> tuple[str, str]:
    """Message and hint for one refused character."""
    code = f"U+{ord(char):04X}"
    if "\ud800" <= char <= "\udfff":
        return (f"the lone surrogate {code} is not allowed",
                "a surrogate is half of a character and cannot be saved as UTF-8: type the whole character, "
                "or escape it as \\U and 8 hex digits")
    if char in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069":
        return (f"the invisible bidirectional control {code} is not allowed",
                "delete it: it makes text display in a different order from what it says")
    if char == "\r":
        return ("a carriage return is not allowed here",
                "end lines with a line feed: LF or CRLF line endings in the file, \\n in double quotes")
    if char in "\u2028\u2029":
        return (f"the invisible line separator {code} is not allowed",
                "use an ordinary line break; YAML and editors count lines differently around it")
    if REFUSED_CHARACTER.match(char):
        return (f"the control character {code} is not allowed",
                "delete it: entry text holds printable characters, tabs and line breaks only")
    return f"the character {code} is not allowed", "delete it: it is not a printable character"


def scalar_characters(node: ScalarNode, document: Document, refused: re.Pattern = REFUSED_IN_VALUE) -> list[Problem]:
    """Refused characters in a scalar: written as escapes, since typed ones stopped parsing.

    Only double quotes have escapes, so other scalars are not searched again.
    Keys are checked with ``REFUSED_CHARACTER``: a carriage return matters
    only in text that Markdown reads.
    """
    if node.style != '"':
        return []
    value = node.value
    offsets = [m.start() for m in refused.finditer(value)]
    if not offsets:
        return []
    start, end = node.start_mark.index, node.end_mark.index
    table = align(value, document.source[start:end])
    found = [(start + table[offset], value[offset]) for offset in offsets]
    return character_problems(document.path, document.source, found)
