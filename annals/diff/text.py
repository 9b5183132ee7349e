"""Entry text made inert for a Markdown summary GitHub renders: no markup, no HTML, no pings, no links.

Entry text comes from strangers' pull requests, and the summary lands in the
job summary, where GitHub renders Markdown, pings ``@someone``, links
``#123`` and turns bare addresses into links. Every value from an entry goes
through :func:`inert`: its spaces made one, every other character that is not
printable written as an escape (``\\u202e``, so a reviewer sees it), cut to a
bounded length, escaped for Markdown and HTML (``annals.render.markup``,
as every page is), and with a word joiner (U+2060, invisible) after each ``@``
and ``#`` and inside ``://`` and ``www.``, where GitHub would read a mention, an
issue or an address.
"""

from __future__ import annotations

import re

from annals.problems import printable
from annals.render.markup import Md, escape_markdown

VALUE_LIMIT = 120
"""Most characters of one value shown (a title, a name, an address); a longer one is cut, ending in "…"."""
LINE_LIMIT = 400
"""Most characters of a problem's line shown."""

_JOINER = "\u2060"
_SPACES = re.compile(r"\s+")
_LINKING = re.compile(r"(?i)[@#]|:(?=//)|www(?=\.)")
"""Where GitHub would start a mention, an issue reference or an address: a joiner goes after each."""
_MORE_ESCAPES = str.maketrans({"~": "\\~", "$": "\\$"})
"""GitHub's strikethrough and maths, which the site's Markdown does not have."""


def inert(value: object, limit: int = VALUE_LIMIT) -> Md:
    """Any value as Markdown that shows its text (bounded) and nothing else (see the module's docstring)."""
    text = printable(_SPACES.sub(" ", str(value)).strip())
    if len(text) > limit:
        text = text[:limit - 1].rstrip() + "…"
    joined = _LINKING.sub(lambda m: m.group() + _JOINER, text)  # before escaping, which writes "&#124;"
    return Md(str(escape_markdown(joined)).translate(_MORE_ESCAPES))


def say(template: str, *values: object) -> Md:
    """A line the engine words, with each value (entry text) made inert: ``say("status {} → {}", a, b)``."""
    return Md(template.format(*(v if isinstance(v, Md) else inert(v) for v in values)))


def capped(lines: list[Md], most: int, what: str) -> list[Md]:
    """The first ``most`` lines, then one that says how many more there are."""
    if len(lines) <= most:
        return lines
    return lines[:most] + [Md(f"… and {len(lines) - most} more {what}")]
