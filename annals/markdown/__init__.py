"""The Markdown editors may write in entries: citation and mention syntax, and what is refused.

Entry text is untrusted. These rules exist for good `path:line:column`
messages at the source; the guarantee is the sanitizer that runs on the
published HTML (``annals.sanitize``). Every pattern here runs in linear time:
no pattern can scan past the next bracket, quote or line end, so 1 MB of
hostile text is checked in well under a second.

What entry Markdown may hold: paragraphs, emphasis, code spans, lists, block
quotes, inline links to http(s) addresses, citations ``[@source-id]`` and
mentions ``[[type:id]]``. What it may not: raw HTML or autolinks (``<`` before
text), HTML character references (``&lt;``, which Material's tooltips would turn
back into markup), images, links to anything but http(s), reference-style link
definitions, hand-written footnotes, headings, and the shapes that make
Python-Markdown slow (see :func:`_shape_issues`).
"""

from annals.markdown.notices import notice_issues
from annals.markdown.rules import (MAX_MARKDOWN_CHARS, MAX_NESTING, MAX_PARAGRAPH_CHARS, MENTION_HINT, Issue,
                                   markdown_warnings)
from annals.markdown.rules import rule_issues
from annals.markdown.syntax import (CITATION_RE, MAX_QUOTE_WORDS, MENTION_RE, SLUG_PATTERN, citations,
                                    citations_and_mentions, code_spans, is_slug, is_web_url, mask_code, mentions,
                                    slugify, substitute, too_long)

__all__ = ["CITATION_RE", "MAX_MARKDOWN_CHARS", "MAX_NESTING", "MAX_PARAGRAPH_CHARS", "MAX_QUOTE_WORDS",
           "MENTION_HINT", "MENTION_RE", "SLUG_PATTERN", "Issue", "citations", "citations_and_mentions",
           "code_spans", "is_slug", "is_web_url", "markdown_issues", "markdown_warnings", "mask_code", "mentions",
           "slugify", "substitute", "too_long"]


def markdown_issues(text: str) -> list[Issue]:
    """Everything entry Markdown may not contain (``rules.rule_issues`` and ``notices.notice_issues``), in order."""
    return sorted(rule_issues(text) + notice_issues(text))
