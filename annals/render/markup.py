"""Markdown the engine writes: escaping for entry text, code spans, the Jinja environment.

Every value a template prints is escaped for Markdown unless the engine marked
it as :class:`Md`, so an entry's name can never become markup.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import jinja2
import markupsafe

ASCII_SPACE = " \t\n\r"


class Md(markupsafe.Markup):
    """Markdown the engine made itself: printed as it is, not escaped.

    A ``Markup`` subclass so that Jinja's autoescaping, macros included,
    leaves it alone; every other value goes through :func:`escape_markdown`.
    """


_ESCAPES = {"\\": "\\\\", "`": "\\`", "*": "\\*", "_": "\\_", "[": "\\[", "]": "\\]", "#": "\\#",
            "<": "&lt;", ">": "&gt;", "&": "&amp;", "|": "&#124;", "\n": " ", "\r": " "}
_ESCAPE_RE = re.compile("|".join(re.escape(c) for c in _ESCAPES))
# What Python-Markdown reads as block markup at the start of a line: list items,
# setext underlines and admonitions ('#' is escaped everywhere: a heading drops
# trailing ones, so "C#" in a title would show as "C"). Escaped so that a value a
# template puts at a line start stays text ("1986. a year" is not a list).
_BLOCK_START_RE = re.compile(r"^(?:[+\-=!]|\d{1,9}(?=\.))")


def escape_markdown(value: Any) -> Md:
    """Plain text as Markdown that shows exactly that text (and never HTML or block markup)."""
    if value is None:
        return Md("")
    if isinstance(value, markupsafe.Markup):
        return Md(value)
    if not isinstance(value, str):
        return Md(str(value))  # numbers: nothing to escape
    text = _ESCAPE_RE.sub(lambda m: _ESCAPES[m.group()], value.lstrip(" \t\n\r"))
    return Md(_BLOCK_START_RE.sub(_escape_block_start, text, count=1))


def _escape_block_start(match: re.Match) -> str:
    found = match.group()
    if found.isdigit():
        return found + "\\"  # 1986. -> 1986\. : the dot is what makes a list
    return "&#61;" if found == "=" else "\\" + found


def make_environment(templates: Path) -> jinja2.Environment:
    """The Jinja environment for Annals templates: strict, Markdown-escaping."""
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        undefined=jinja2.StrictUndefined,
        finalize=escape_markdown,
        autoescape=True,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["code"] = code_span
    return environment


def code_span(value: Any) -> Md:
    """Text as an inline code span, whatever backticks it holds."""
    text = str(value).replace("\n", " ")
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    padding = " " if text.startswith("`") or text.endswith("`") else ""
    return Md(f"{fence}{padding}{text}{padding}{fence}")


def tidy(markdown: str) -> str:
    """One blank line at most between blocks, one newline at the end."""
    return re.sub(r"\n{3,}", "\n\n", markdown).strip(ASCII_SPACE) + "\n"
