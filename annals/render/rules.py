"""The status rules as a table, for the hand-written pages that explain them (the About page).

A hand-written page writes ``STATUS_RULES_HERE`` where the table goes; the
plugin puts the table in its place, made from ``annals.vocabulary``, so the
About page says what the check enforces, word for word.
"""

from __future__ import annotations

from annals.render.markup import Md, escape_markdown
from annals.vocabulary import INDEPENDENCE_RULE, STATUSES, status_rule

STATUS_RULES_HERE = "<!-- annals: status rules -->"
"""Where a hand-written page wants the table of statuses."""


def status_rules_markdown() -> Md:
    """Each status, what it tells a reader, and what the sources must show; then when reports count as one."""
    rows = [f"| {escape_markdown(status)} | {escape_markdown(meaning)} | {escape_markdown(status_rule(status))} |"
            for status, meaning in STATUSES.items()]
    independence = escape_markdown(INDEPENDENCE_RULE[0].upper() + INDEPENDENCE_RULE[1:])
    return Md("\n".join(["| Status | What it tells you | Given when |", "| --- | --- | --- |", *rows, "",
                         f"{independence}.", ""]))


def with_status_rules(markdown: str) -> str:
    """A hand-written page's Markdown with the status table where it asks for it."""
    if STATUS_RULES_HERE not in markdown:
        return markdown
    return markdown.replace(STATUS_RULES_HERE, status_rules_markdown())
