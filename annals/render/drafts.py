"""Under ``mkdocs serve`` only: pages for entries left out because their files have errors.

While an editor works on an entry (a fresh ``annals new`` scaffold has empty
required fields), serve does not take the site down. The engine
(``annals.pipeline.Generator`` with ``tolerant=True``) leaves out every entry
whose file has an error and links the rest; this module makes the pages that
stand in for what was left out:

* at a left-out entry's address, a page listing its file's problems;
* a unit (see ``annals.render.Unit``) that fails because it reads a left-out
  entry (a link to it, its label) shows those entries' problems at its addresses;
* ``_annals/problems.md``: every problem and warning, where the preview's banner links.

Every value shown comes from an entry or a file name: it is escaped for Markdown
(``escape_markdown``, ``code_span``) and the page is sanitized like every other.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from annals.entry_types import ENTRY_TYPES
from annals.markdown import is_slug
from annals.problems import Problem, printable, summary
from annals.render.context import CHRONOLOGY, OutputFile, entry_uri
from annals.render.indexes import CHRONOLOGY_TITLE
from annals.render.markup import code_span, escape_markdown
from annals.render.tags import TAG_LIST, TAGS_TITLE, tag_uri
from annals.site import EntryKey, Read
from annals.values import SECTION_INDEX

PROBLEM_LIST = "_annals/problems.md"
"""The page listing every problem and warning (serve only): the banner links here."""


def entry_of(path: str, claimed: Iterable[EntryKey]) -> EntryKey | None:
    """The entry whose file is at the displayed ``path`` (``entries/event/x.yml``), if any."""
    shown = PurePosixPath(path)
    key = (shown.parent.name, shown.stem)
    return key if shown.suffix == ".yml" and key in set(claimed) else None


def with_errors(problems: Iterable[Problem], claimed: Iterable[EntryKey]) -> set[EntryKey]:
    """Every entry whose file has an error (not only warnings)."""
    claimed = set(claimed)
    return {key for p in problems if not p.is_warning and (key := entry_of(p.path, claimed)) is not None}


@dataclass
class LeftOut:
    """The entries left out of the site, each with every problem of its file (errors and warnings)."""

    problems: dict[EntryKey, list[Problem]] = field(default_factory=dict)

    @classmethod
    def of(cls, keys: Iterable[EntryKey], problems: Iterable[Problem]) -> LeftOut:
        """The entries ``keys``, each with the problems of its file among ``problems``."""
        keys = set(keys)
        found: dict[EntryKey, list[Problem]] = {key: [] for key in sorted(keys)}
        for problem in sorted(problems):
            key = entry_of(problem.path, keys)
            if key is not None:
                found[key].append(problem)
        return cls(found)

    def read_by(self, reads: Iterable[Read]) -> list[EntryKey]:
        """The left-out entries among what a unit read (``Site.recording``)."""
        return sorted({key for _, key in reads if isinstance(key, tuple) and key in self.problems})

    def entry_pages(self) -> list[OutputFile]:
        """At each left-out entry's address, a page with its file's problems (a file whose name is no id has
        no address: the banner and the full list name it)."""
        pages = []
        for key, problems in self.problems.items():
            if not is_slug(key[1]) or key[0] not in ENTRY_TYPES or not ENTRY_TYPES[key[0]].own_pages:
                continue  # a tag's description: its tag's page stands without it, and the list names it
            path = problems[0].path if problems else entry_uri(key)
            title = f"{path} has problems"
            intro = ("This entry is left out of the preview until they are fixed; "
                     "every other page is built without it.")
            pages.append(OutputFile(entry_uri(key), problems_markdown(title, intro, problems), entry_path=path))
        return pages

    def instead_of(self, unit: tuple[str, ...], keys: list[EntryKey], before: list[OutputFile]) -> list[OutputFile]:
        """What stands at a unit's addresses while it cannot be made without the left-out entries ``keys``.

        ``before`` are the unit's pages from the last call, if any: their addresses and nav titles are kept.
        """
        title = "This page reads entries that have problems"
        intro = "It comes back once they are fixed: " + ", ".join(
            code_span(printable(self.problems[k][0].path if self.problems[k] else entry_uri(k))) for k in keys) + "."
        content = problems_markdown(title, intro, [p for key in keys for p in self.problems[key]])
        places = [(p.uri, p.nav_title) for p in before] or [unit_address(unit)]
        return [OutputFile(uri, content, nav_title=nav) for uri, nav in places]


def unit_address(unit: tuple[str, ...]) -> tuple[str, str | None]:
    """The address of a unit's first page, and its nav title if the nav lists it."""
    if unit[0] == "entry":
        return entry_uri((unit[1], unit[2])), None
    if unit[0] == "index":
        kind = ENTRY_TYPES[unit[1]]
        return f"{kind.section}/{SECTION_INDEX}.md", kind.title
    if unit[0] == "chronology":
        return f"{CHRONOLOGY}/{SECTION_INDEX}.md", CHRONOLOGY_TITLE
    if unit[0] == "tags":
        return TAG_LIST, TAGS_TITLE
    return tag_uri(unit[1]), None


def problem_list(problems: list[Problem]) -> OutputFile:
    """The page with every problem and warning (:data:`PROBLEM_LIST`)."""
    if not problems:
        return OutputFile(PROBLEM_LIST, "# No problems in the entries\n\nEvery entry is on the site.\n")
    intro = "Fix them and save: the preview rebuilds, and the banner goes once none is left."
    return OutputFile(PROBLEM_LIST, problems_markdown(f"{summary(problems).capitalize()} in the entries", intro,
                                                      problems))


def problems_markdown(title: str, intro: str, problems: list[Problem]) -> str:
    """A page: ``title``, ``intro`` (Markdown), then each problem where it is, what is wrong, how to fix it."""
    lines = [f"# {escape_markdown(printable(title))}", "", intro, ""]
    for problem in sorted(problems):
        where = code_span(printable(f"{problem.path}:{problem.line}:{problem.column}"))
        label = "Warning: " if problem.is_warning else ""
        lines.append(f"1.  {where} {label}{escape_markdown(printable(problem.message))}")
        if problem.hint:
            lines += ["", f"    *{escape_markdown(printable(problem.hint))}*"]
        lines.append("")
    return "\n".join(lines)
