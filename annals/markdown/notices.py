"""Admonitions in entry Markdown that would pass for the engine's own notices (issue 21).

An entry may write ``!!! note "A title"``, but not with the classes that mark
the engine's notices (``annals-...``) nor with a title of the evidence box that
the engine puts at the top of an event page. The guarantee on the page is the
class only the engine's box carries (``annals.sanitize.with_notices``); this
check tells the editor at ``path:line:column``.
"""

from __future__ import annotations

import re

from annals.markdown.rules import Issue
from annals.markdown.syntax import mask_code

ENGINE_TITLE_RE = re.compile(
    r"(?:single-outlet report|no report cited|editorial note|a party confirmed it on the record\b.*"
    r"|(?:one outlet|(?<!\d)\d+ independent outlets?) reported it)", re.IGNORECASE)  # (?<!\d): linear in a search too
"""The titles the engine gives its notices (``annals.render.evidence._title``, the "Editorial note" box);
a test holds every title the engine can make against it."""

_ADMONITION_RE = re.compile(r"^(?P<prefix>[ \t>*+\-0-9.)]*)(?:!!!|\?\?\?\+?)(?P<rest>[^\n]*)", re.MULTILINE)
"""An admonition's first line wherever a line can start (in a quote, a list item, indented)."""


def notice_issues(text: str) -> list[Issue]:
    """Admonitions that take an engine notice's class or title, as ``(offset, message, hint)``."""
    issues = []
    for match in _ADMONITION_RE.finditer(mask_code(text.replace("\r", "\n"))):
        words, _, title = match.group("rest").partition('"')
        offset = match.end("prefix")
        if any(word.lower().startswith("annals-") for word in words.split()):
            issues.append((offset, "an admonition in entry text may not take an 'annals-' class",
                           "those classes mark the engine's own notices; write `!!! note` or `!!! warning`"))
        if ENGINE_TITLE_RE.fullmatch(" ".join(title.rpartition('"')[0].split()).rstrip(".:;!")):
            issues.append((offset, "an admonition in entry text may not take the title of the engine's notice",
                           "readers would take it for the evidence box; give the admonition another title"))
    return issues
