"""What the ``annals`` command prints: problems as lines for people, JSON for tools, annotations for GitHub.

Problems quote entry text (file names, YAML keys, values), which is hostile:
every line is made printable, and under GitHub Actions nothing in it can read
as a workflow command.
"""

from __future__ import annotations

import os

from annals.problems import Problem, printable, summary

__all__ = ["as_dict", "github_annotation", "in_github_actions", "output_line", "print_problems"]


def print_problems(problems: list[Problem]) -> None:
    """Every problem on its own line (entry text made printable), then the count."""
    for problem in sorted(problems):
        print(output_line(str(problem), in_ci=in_github_actions()))
    print(summary(problems))


def in_github_actions() -> bool:
    return os.environ.get("GITHUB_ACTIONS") == "true"


def output_line(text: str, in_ci: bool = False) -> str:
    """One line of output that quotes entry text: control characters shown as escapes.

    A file name or YAML key can hold a line break; printed as it is, the next
    line could start with ``::`` and GitHub Actions would run it as a workflow
    command (``::add-mask::``, ``::stop-commands::``). In CI ``::`` is broken
    up as well, so no part of a line reads as a command.
    """
    shown = printable(text)
    return shown.replace("::", ":%3A") if in_ci else shown


def as_dict(problem: Problem) -> dict:
    return {"path": problem.path, "line": problem.line, "column": problem.column,
            "severity": problem.severity, "message": problem.message, "hint": problem.hint}


def github_annotation(problem: Problem) -> str:
    """A GitHub Actions workflow command that shows the problem on the pull request's diff."""
    text = f"{problem.message} ({problem.hint})" if problem.hint else problem.message
    command = "warning" if problem.is_warning else "error"
    return (f"::{command} file={_escape_property(problem.path)},line={problem.line},col={problem.column},"
            f"title=annals check::{_escape_data(text)}")


def _escape_data(text: str) -> str:
    escaped = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return output_line(escaped).replace("::", ":%3A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")
