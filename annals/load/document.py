"""A parsed entry file: plain data, and the line and column of every value and key."""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from yaml.scanner import Scanner

from annals.problems import Problem

Key = tuple[str | int, ...]
"""Where a value sits in a document: ``("participants", 0, "person")``."""


@dataclass(frozen=True)
class Located:
    """Where one value starts and ends in its file (0-based, as PyYAML gives them)."""

    start_index: int
    end_index: int
    line: int
    column: int


@dataclass
class Document:
    """One entry file: its plain data and where each value came from."""

    path: str
    entry_type: str
    stem: str
    source: str
    data: dict[str, Any]
    values: dict[Key, Located] = field(default_factory=dict)
    keys: dict[Key, Located] = field(default_factory=dict)
    refused: set[Key] = field(default_factory=set)
    """Values already reported by the loader (bad tags, refused characters); later stages skip them."""
    _offsets: dict[Key, Sequence[int]] = field(default_factory=dict, repr=False, compare=False)
    _line_starts: list[int] = field(default_factory=list, repr=False, compare=False)

    def problem(self, key: Key, message: str, hint: str = "", offset: int | None = None,
                at_key: bool = False) -> Problem:
        """A problem at the value under ``key`` (or its key), optionally at a text offset."""
        line, column = self.locate(key, offset=offset, at_key=at_key)
        return Problem(self.path, line, column, message, hint)

    def locate(self, key: Key, offset: int | None = None, at_key: bool = False) -> tuple[int, int]:
        """1-based line and column of a value, its key, or a character inside a text value."""
        table = self.keys if at_key else self.values
        while key and key not in table:
            key = key[:-1]
        if key not in table:
            return 1, 1
        where = table[key]
        if offset is not None and not at_key:
            index = self._index_in_scalar(key, where, offset)
            if index is not None:
                return self.position(index)
        return where.line + 1, where.column + 1

    def file_index(self, key: Key, offset: int) -> int | None:
        """The index in the file of character ``offset`` of the text value under ``key``; None if unknown."""
        where = self.values.get(key)
        return None if where is None else self._index_in_scalar(key, where, offset)

    def position(self, index: int) -> tuple[int, int]:
        """1-based line and column of a file index, by bisecting the (cached) starts of lines."""
        if not self._line_starts:
            self._line_starts = [0] + [m.end() for m in re.finditer("\n", self.source)]
        line = bisect.bisect_right(self._line_starts, index)
        return line, index - self._line_starts[line - 1] + 1

    def _index_in_scalar(self, key: Key, where: Located, offset: int) -> int | None:
        """The file index of character ``offset`` of a text value (one alignment per value, cached)."""
        value = _lookup(self.data, key)
        if not isinstance(value, str) or not 0 <= offset <= len(value):
            return None
        if key not in self._offsets:
            self._offsets[key] = align(value, self.source[where.start_index:where.end_index])
        return where.start_index + self._offsets[key][offset]


def _lookup(data: Any, key: Key) -> Any:
    for part in key:
        data = data[part]
    return data


def line_column(source: str, index: int) -> tuple[int, int]:
    """1-based line and column of ``source[index]``, lines ending at ``\\n`` as editors count them."""
    line = source.count("\n", 0, index)
    column = index - (source.rfind("\n", 0, index) + 1)
    return line + 1, column + 1


def align(value: str, raw: str) -> Sequence[int]:
    """For each offset of a scalar's value (and its end), the index in ``raw``, its text in the file.

    Quotes, indentation, folded line breaks and escapes make the two differ;
    value characters are matched in order, a folded line break standing for a
    space and an escape for the character it makes. Linear in the length.
    """
    if value and (start := raw.find(value)) >= 0:
        return range(start, start + len(value) + 1)
    escapes = raw.startswith('"')
    table, j = [], 0
    for char in value:
        j = _match(char, raw, j, escapes)
        table.append(min(j, max(len(raw) - 1, 0)))
        j += _width(raw, j, escapes) if j < len(raw) else 0
    table.append(min(j, len(raw)))
    return table


def _match(char: str, raw: str, j: int, escapes: bool) -> int:
    """The first index from ``j`` where ``raw`` spells ``char``; ``len(raw)`` if nowhere."""
    while j < len(raw):
        if escapes and raw[j] == "\\":
            if _unescape(raw, j) == char:
                return j
            j += _width(raw, j, escapes)
            continue
        if raw[j] == char or (raw[j] in "\r\n" and char in " \n"):
            return j
        j += 1
    return j


def _unescape(raw: str, j: int) -> str | None:
    """The character the escape at ``raw[j]`` (a backslash) stands for, if any."""
    code = raw[j + 1:j + 2]
    if code in Scanner.ESCAPE_REPLACEMENTS:
        return Scanner.ESCAPE_REPLACEMENTS[code]
    digits = raw[j + 2:j + 2 + Scanner.ESCAPE_CODES.get(code, 0)]
    if code in Scanner.ESCAPE_CODES and len(digits) == Scanner.ESCAPE_CODES[code]:
        try:
            return chr(int(digits, 16))
        except ValueError:
            return None
    return None


def _width(raw: str, j: int, escapes: bool) -> int:
    """How many characters of ``raw`` the character at ``j`` takes (an escape takes several)."""
    if escapes and raw[j] == "\\" and j + 1 < len(raw):
        return 2 + Scanner.ESCAPE_CODES.get(raw[j + 1], 0)
    return 1
