"""Problems found in entries: where they are, what is wrong, how to fix it."""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in one entry file, at a 1-based line and column.

    ``severity`` is ``"error"`` (the entry cannot be published as it is) or
    ``"warning"`` (a likely slip: ``annals check`` shows it, ``--strict`` and the
    pull-request check fail on it).
    """

    path: str
    line: int
    column: int
    message: str
    hint: str = ""
    severity: str = "error"

    def __str__(self) -> str:
        suffix = f" ({self.hint})" if self.hint else ""
        label = "warning: " if self.is_warning else ""
        return f"{self.path}:{self.line}:{self.column}: {label}{self.message}{suffix}"

    @property
    def is_warning(self) -> bool:
        """Whether this is a warning rather than an error."""
        return self.severity == "warning"

    def as_warning(self) -> Problem:
        """The same problem, as a warning."""
        return replace(self, severity="warning")


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
    lines.append(summary(problems))
    return "\n".join(lines)


def summary(problems: list[Problem]) -> str:
    """``3 problems found``, ``1 problem found, 2 warnings`` or ``2 warnings``."""
    errors = sum(1 for p in problems if not p.is_warning)
    warnings = len(problems) - errors
    parts = [f"{errors} problem{'s' if errors != 1 else ''} found"] if errors or not warnings else []
    if warnings:
        parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
    return ", ".join(parts)


def printable(text: str) -> str:
    """``text`` with every non-printable character written as a Python escape (``\\n``, ``\\x1b``, ``\\u202e``)."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)
