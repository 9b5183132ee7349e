"""Problems found in entries: where they are, what is wrong, how to fix it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in one entry file, at a 1-based line and column."""

    path: str
    line: int
    column: int
    message: str
    hint: str = ""

    def __str__(self) -> str:
        suffix = f" ({self.hint})" if self.hint else ""
        return f"{self.path}:{self.line}:{self.column}: {self.message}{suffix}"


class ProblemsFound(Exception):
    """Raised when a stage found problems; carries every one of them."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__(format_problems(self.problems))


def format_problems(problems: list[Problem]) -> str:
    """Render problems one per line, followed by a count.

    Paths, field names and values in messages come from entries: any character
    that is not printable (a line break, an escape sequence, a bidirectional
    control) is shown as its escape, so each problem stays one honest line in a
    terminal or a CI log.
    """
    lines = [printable(str(p)) for p in sorted(problems)]
    count = len(problems)
    lines.append(f"{count} problem{'s' if count != 1 else ''} found")
    return "\n".join(lines)


def printable(text: str) -> str:
    """``text`` with every non-printable character written as a Python escape (``\\n``, ``\\x1b``, ``\\u202e``)."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)
