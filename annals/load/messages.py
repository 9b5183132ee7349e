"""YAML parser errors in an editor's words: which key is indented wrongly, which value needs quotes.

The parser says what it expected ("mapping values are not allowed here",
"expected <block end>, but found '<block mapping start>'"); an editor needs
to know what to change. :func:`explain` looks at the line the parser stopped
on and the lines above it. It returns ``None`` when it cannot tell, and the
parser's own words are used as the last resort.
"""

from __future__ import annotations

import json
import re

INDENT = 2
"""Spaces a level of nesting is indented by, in every file in ``entries/`` and in CONTRIBUTING.md's examples."""

_KEY_RE = re.compile(r"^(?P<indent>[ ]*)(?P<dash>-[ ]+)?(?P<key>[^\s:#'\"\[\]{},&*!|>%@`-][^:#]*?)[ ]*:(?:[ ]|$)")


def explain(source: str, problem: str, line: int, column: int) -> tuple[int, int, str, str] | None:
    """A better ``(line, column, message, hint)`` for a parser error at a 1-based place, or None."""
    lines = source.split("\n")
    if not 1 <= line <= len(lines):
        return None
    text = lines[line - 1]
    if "'\\t'" in problem or "\t" in problem:
        return _tab(lines, line)
    if "mapping values are not allowed" in problem:
        return _colon(lines, line, column)
    if "expected <block end>" in problem or "expected a block" in problem:
        return _misaligned(lines, line, text)
    return None


def _tab(lines: list[str], line: int) -> tuple[int, int, str, str]:
    text = lines[line - 1]
    column = text.index("\t") + 1 if "\t" in text else 1
    rest = text[column - 1:]
    tabs = rest[:len(rest) - len(rest.lstrip(" \t"))].count("\t") or 1  # the tabs in this stretch of indent
    which = "the tab" if tabs == 1 else f"the {tabs} tabs"
    return (line, column, "a tab is used for indentation",
            f"replace {which} with {tabs * INDENT} spaces: entry files indent with spaces, {INDENT} for each level")


def _colon(lines: list[str], line: int, column: int) -> tuple[int, int, str, str] | None:
    """An unquoted ': ' inside a value, or a key indented under a field that already has a value."""
    text = lines[line - 1]
    found = _KEY_RE.match(text)
    if found and column - 1 > found.end("key"):
        value = text[found.end():].strip()
        key = found.group("key")
        return (line, column, f"the value of '{key}' holds ': ', which YAML reads as the start of another field",
                f"put the value in quotes: {key}: {json.dumps(value, ensure_ascii=False)}")
    if found:
        return _deeper_than_above(lines, line, found)
    return None


def _deeper_than_above(lines: list[str], line: int, found: re.Match) -> tuple[int, int, str, str] | None:
    above = _key_above(lines, line, _key_column(found))
    if above is None:
        return None
    name, column = above
    key = found.group("key")
    return (line, _key_column(found), f"'{key}' is indented deeper than '{name}' on the line above",
            f"start '{key}' in column {column}, lined up with '{name}'")


def _misaligned(lines: list[str], line: int, text: str) -> tuple[int, int, str, str] | None:
    found = _KEY_RE.match(text)
    if found is None:
        return None
    key, own = found.group("key"), _key_column(found)
    above = _key_above(lines, line, None)
    if above is None:
        return None
    name, column = above
    return (line, own, f"'{key}' is not lined up with the fields around it",
            f"fields of one entry or list item start in the same column: start '{key}' in column {column}, "
            f"like '{name}' above it")


def _key_column(found: re.Match) -> int:
    return found.start("key") + 1


def _key_above(lines: list[str], line: int, deeper_than: int | None) -> tuple[str, int] | None:
    """The nearest key above ``line`` (one that starts left of ``deeper_than``, when given)."""
    for index in range(line - 2, -1, -1):
        candidate = _KEY_RE.match(lines[index])
        if candidate is None:
            continue
        column = _key_column(candidate)
        if deeper_than is None or column < deeper_than:
            return candidate.group("key"), column
    return None
