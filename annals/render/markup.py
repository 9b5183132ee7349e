"""Markdown the engine writes: escaping for entry text, code spans, the Jinja environment.

Every value a template prints is escaped for Markdown unless the engine marked
it as :class:`Md`, so an entry's name can never become markup.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any, overload

import jinja2
import markupsafe

from annals.sanitize import NOTICE_MARK
from annals.thirdparty import MarkdownOnlyCodeGenerator

ASCII_SPACE = " \t\n\r"


class Md(markupsafe.Markup):
    """Markdown the engine made itself: printed as it is, not escaped.

    A ``Markup`` subclass so that Jinja's autoescaping, macros included,
    leaves it alone; every other value goes through :func:`escape_markdown`.
    """

    __slots__ = ()

    def __new__(cls, base: Any = "", encoding: str | None = None, errors: str = "strict"):
        # Plain text needs none of Markup's checks; rendering makes millions of these.
        if type(base) is str:
            return str.__new__(cls, base)
        return super().__new__(cls, base, encoding, errors)


_ESCAPES = {"\\": "\\\\", "`": "\\`", "*": "\\*", "_": "\\_", "[": "\\[", "]": "\\]", "#": "\\#",
            "<": "&lt;", ">": "&gt;", "&": "&amp;", "|": "&#124;", "\n": " ", "\r": " "}
_ESCAPE_TABLE = str.maketrans(_ESCAPES)
_NEEDS_ESCAPE_RE = re.compile("[" + re.escape("".join(_ESCAPES)) + "]")
# What Python-Markdown reads as block markup at the start of a line: list items,
# setext underlines and admonitions ('#' is escaped everywhere: a heading drops
# trailing ones, so "C#" in a title would show as "C"). Escaped so that a value a
# template puts at a line start stays text ("1986. a year" is not a list).
_BLOCK_START_RE = re.compile(r"^(?:[+\-=!]|\d{1,9}(?=\.))")


def escape_markdown(value: Any) -> Md:
    """Plain text as Markdown that shows exactly that text (and never HTML or block markup)."""
    if type(value) is Md:
        return value
    if value is None:
        return Md("")
    if isinstance(value, markupsafe.Markup):
        return Md(value)
    if not isinstance(value, str):
        return Md(str(value))  # numbers: nothing to escape
    return _escape_text(value)


@functools.lru_cache(maxsize=1 << 16)
def _escape_text(value: str) -> Md:
    """escape_markdown for text; names and labels recur on thousands of pages, so results are kept."""
    text = value.lstrip(ASCII_SPACE)
    if _NEEDS_ESCAPE_RE.search(text):
        text = text.translate(_ESCAPE_TABLE)
    if _BLOCK_START_RE.match(text):
        text = _BLOCK_START_RE.sub(_escape_block_start, text, count=1)
    return Md(text)


def _escape_block_start(match: re.Match) -> str:
    found = match.group()
    if found.isdigit():
        return found + "\\"  # 1986. -> 1986\. : the dot is what makes a list
    return "&#61;" if found == "=" else "\\" + found


class _Environment(jinja2.Environment):
    """Jinja with ``page.title`` read as a key first when ``page`` is a plain dict.

    The engine hands templates dicts; Jinja's default tries the attribute first
    and pays for an exception on every lookup, a tenth of rendering time at
    10,000 entries. Templates use no dict methods, so nothing else changes.
    """

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict:
            try:
                return obj[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)

    code_generator_class = MarkdownOnlyCodeGenerator


def make_environment(templates: Path) -> jinja2.Environment:
    """The Jinja environment for Annals templates: strict, Markdown-escaping."""
    environment = _Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        undefined=jinja2.StrictUndefined,
        finalize=escape_markdown,
        autoescape=True,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters.update(code=code_span, code_block=code_block, link=markdown_link, links=markdown_links,
                               joined=joined, syntax_as_code=syntax_as_code, notice=engine_notice)
    return environment


def engine_notice(text: str) -> Md:
    """An inline label the engine writes (``date disputed``), emphasized and marked as the engine's.

    The plugin gives it the class ``annals-notice`` after sanitizing (``annals.sanitize.with_notices``),
    which no entry text can make: the same words typed in an entry stay plain emphasis.
    """
    return Md(f"*{NOTICE_MARK}{text if isinstance(text, Md) else escape_markdown(text)}*")


def markdown_link(link: dict) -> Md:
    """A link the engine made (``{"label": ..., "url": ...}``) as Markdown: the label escaped.

    A filter rather than a macro: pages hold hundreds of thousands of links at
    archive scale, and a macro call costs ten times a function call.
    """
    return Md(f"[{escape_markdown(link['label'])}]({link['url']})")


def markdown_links(links: list[dict], separator: str = ", ") -> Md:
    """Several links, as :func:`markdown_link`, with ``separator`` between them."""
    return Md(escape_markdown(separator).join(markdown_link(link) for link in links))


def joined(items: list, separator: str = ", ") -> Md:
    """Plain values with ``separator`` between them, each escaped."""
    return Md(escape_markdown(separator).join(escape_markdown(item) for item in items))


def code_span(value: Any) -> Md:
    """Text as an inline code span, whatever backticks it holds."""
    text = str(value).replace("\n", " ")
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    padding = " " if text.startswith("`") or text.endswith("`") else ""
    return Md(f"{fence}{padding}{text}{padding}{fence}")


_SYNTAX_RE = re.compile(r"(\[@[^\[\]\s]*\]|\[\[[^\[\]\s]*\]\]|`[^`]+`)")  # no '[' inside: linear on "[[[["


def syntax_as_code(value: str) -> Md:
    """Plain text whose entry syntax (``[@source-id]``, ``[[type:id]]``) and backticked values show as code
    spans, the rest escaped.

    For the editors' reference: syntax a reader would otherwise take for a link not made.
    """
    parts = _SYNTAX_RE.split(str(value))
    return Md("".join(code_span(p.strip("`")) if i % 2 else _escaped_after(p, i) for i, p in enumerate(parts)))


def _escaped_after(text: str, index: int) -> Md:
    """``escape_markdown`` of a piece of a line; after the first piece its leading spaces are kept."""
    body = text.lstrip(ASCII_SPACE) if index else text
    return Md(" " * (len(text) - len(body)) + escape_markdown(body))


@overload
def web_link(url: str) -> dict: ...
@overload
def web_link(url: None) -> None: ...
def web_link(url: str | None) -> dict | None:
    """An external address as link text and a link target safe inside Markdown."""
    if url is None:
        return None
    href = re.sub(r"[()<>\"'\\`|\s]", lambda m: f"%{ord(m.group()):02X}", url)
    return {"text": url, "href": Md(href)}


def code_block(value: str) -> Md:
    """Text as an indented code block, shown exactly: Markdown reads nothing in a line indented four spaces."""
    return Md("\n".join("    " + line for line in str(value).rstrip("\n").split("\n")))


def tidy(markdown: str) -> str:
    """One blank line at most between blocks, one newline at the end."""
    return re.sub(r"\n{3,}", "\n\n", markdown).strip(ASCII_SPACE) + "\n"
