"""The semantic diff as Markdown for a reviewer: every list capped, every piece of entry text inert.

GitHub's job summary takes at most 1 MiB from a step, and an edit to a hub entry
can change thousands of pages: each list stops at its cap with a line saying
how many more there are, each value at ``annals.diff.text.VALUE_LIMIT``, and the
whole at :data:`OUTPUT_LIMIT`.
"""

from __future__ import annotations

from annals.problems import Problem, summary
from annals.publication import page_path
from annals.render.context import entry_uri
from annals.render.markup import Md, code_span
from annals.validate import Valid
from annals.diff.compare import Compared, EntryRename
from annals.diff.text import LINE_LIMIT, capped, inert, say

ENTRIES_SHOWN = 100
"""Most entries listed under each heading."""
CHANGES_SHOWN = 20
"""Most changes listed for one entry."""
PROBLEMS_SHOWN = 100
PAGES_SHOWN = 50
OUTPUT_LIMIT = 800_000
"""Most bytes printed (UTF-8): GitHub's job summary takes 1 MiB from a step."""
TITLE = "## What this change shows readers"


def markdown_report(base: str, compared: Compared, problems: list[Problem],
                    files: list[tuple[str, str]] | None) -> str:
    """The whole summary: the entries added, removed, renamed and changed, the problems the edit brings,
    and the pages it changes."""
    lines = [Md(TITLE), Md(""), say("Compared with {}: {}.", base, Md(_counts(compared))), Md("")]
    lines += _section("Added", [_entry(v) for v in compared.added])
    lines += _section("Removed", [_entry(v) for v in compared.removed])
    lines += _section("Now with errors, so off the site until they are fixed", [_entry(v) for v in compared.broken])
    lines += _section("Renamed", [_renamed(r) + _changes(c) for r, c in compared.renamed])
    lines += _section("Changed", [_entry(v) + _changes(c) for v, c in compared.changed])
    shown_problems = [inert(str(p), LINE_LIMIT) for p in problems]
    lines += _section(f"Problems this change brings ({summary(problems)})", shown_problems, PROBLEMS_SHOWN,
                      "problems")
    lines += _pages(files)
    return bounded("\n".join(lines) + "\n")


def _counts(compared: Compared) -> str:
    counts = [(len(compared.added), "added"), (len(compared.removed), "removed"),
              (len(compared.broken), "now with errors"), (len(compared.renamed), "renamed"),
              (len(compared.changed), "changed")]
    said = [f"{n} {what}" for n, what in counts if n]
    if not said:
        return "no entry changes"
    total = sum(n for n, _ in counts)
    return f"{total} entr{'y' if total == 1 else 'ies'}: " + ", ".join(said)


def _section(heading: str, items: list[Md], most: int = ENTRIES_SHOWN, what: str = "entries") -> list[Md]:
    """A heading and its list, at most ``most`` items (an item may go on over indented lines); nothing when
    the list is empty."""
    if not items:
        return []
    return [Md(f"### {heading}"), Md(""), *(Md("- " + item) for item in capped(items, most, what)), Md("")]


def _entry(valid: Valid) -> Md:
    """``event **Title** `talks-2012`, page `events/talks-2012/```."""
    return say("{} **{}** {}, page {}", valid.entry_type, valid.entry.label, code_span(valid.entry.id),
               code_span(page_path(entry_uri(valid.key))))


def _renamed(renamed: EntryRename) -> Md:
    """``event **Title** `old-id` → `new-id`, page `events/old-id/` → `events/new-id/``` and what becomes of
    the old address."""
    old, new = renamed.old, renamed.new
    line = say("{} **{}** {} → {}, page {} → {}", new.entry_type, new.entry.label, code_span(old.entry.id),
               code_span(new.entry.id), code_span(page_path(entry_uri(old.key))),
               code_span(page_path(entry_uri(new.key))))
    if renamed.recorded:
        return Md(line + " (its `former_ids` keep the old address: it redirects here)")
    if "former_ids" in type(new.entry).model_fields:
        return Md(line + " (its old address will not lead here: rename with `annals mv`, which keeps "
                  f"{code_span(old.entry.id)} under `former_ids`)")
    return line


def _changes(changes: list[Md]) -> Md:
    """An entry's changes as a list inside its item."""
    return Md("".join("\n  - " + change for change in capped(changes, CHANGES_SHOWN, "changes")))


def _pages(files: list[tuple[str, str]] | None) -> list[Md]:
    """The generated files whose content changes, as the addresses readers open, new and gone ones marked."""
    if files is None:
        return [Md("### Pages"), Md(""), Md("Not compared: no page is generated while entries have errors."), Md("")]
    if not files:
        return [Md("No page changes.")]
    addresses = sorted((not uri.endswith(".md"), page_path(uri) if uri.endswith(".md") else uri, how)
                       for uri, how in files)  # pages first, then the data files
    shown = [Md(code_span(address) + (f" ({how})" if how else "")) for _, address, how in addresses]
    return _section(f"Pages whose content changes ({len(files)})", shown, PAGES_SHOWN, "pages")


def bounded(text: str) -> str:
    """``text`` cut after the last line that fits in :data:`OUTPUT_LIMIT` bytes, saying so."""
    encoded = text.encode("utf-8")
    if len(encoded) <= OUTPUT_LIMIT:
        return text
    cut = encoded.rfind(b"\n", 0, OUTPUT_LIMIT - 200) + 1
    return encoded[:cut].decode("utf-8") + f"\n… the summary stops here: {len(encoded) - cut} more bytes are not shown.\n"
