"""The whole flow, load -> validate -> link -> lint -> render -> export, written once for every command.

:class:`Generator` is the one engine: ``mkdocs build``, ``annals render`` and
``annals check`` make one and call it once; ``mkdocs serve`` keeps one with
``incremental=True`` and calls it after every edit. A full build is its first
call. Only one step differs between the two uses, in one place: rendering. A
build renders every unit, in forked processes where that pays
(``annals.render.render``); an incremental generator renders in this process
while the site notes what each unit reads (``Site.recording``), and after an
edit renders again only the units whose reads changed (``Site.changed_reads``).
The site is linked and linted whole each time: references and backlinks are
cheap next to rendering, and every problem stays in every run.

The data files (``annals.export``) hold every entry, so they are not made here:
each call hands back :class:`~annals.export.Exports`, which writes them into the
site folder as they are made. The plugin has that done beside MkDocs' own work
in a build, and after each rebuild under serve, off the path of the page reload.

Under serve the generator is also ``tolerant``: entries whose files have errors
are left out and the rest is made (see :meth:`Generator._without_errors` and
``annals.render.drafts``); builds and ``annals check`` still stop on any error.

Loading reads again only the files that changed (``load_folder(previous=...)``),
and a file read again with the same text keeps its validated entries.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import jinja2

from annals.export import Exports, data_page
from annals.history import OldDate
from annals.link import link
from annals.lint import lint, stale_dates
from annals.load import Document, Loaded, load_folder
from annals.problems import Problem, ProblemsFound
from annals.publication import Publication
from annals.reference import reference_page
from annals.render import (OutputFile, Unit, make_environment, redirects, refuse_duplicates, render, render_unit,
                           units)
from annals.render.drafts import LeftOut, problem_list, with_errors
from annals.settings import Settings
from annals.site import Read, Site
from annals.validate import Valid, validate


class Before(NamedTuple):
    """What changed events looked like at an earlier revision (see ``annals.history``)."""

    revision: str
    dates: dict[str, OldDate]


@contextmanager
def without_cycle_collection() -> Iterator[None]:
    """Python's cycle collector paused for the block, as it was after.

    It runs every few hundred allocations and walks the ever larger site each
    time: a fifth of generation at 10,000 entries. Generation makes almost no
    cyclic garbage (peak memory at 10,000 entries was the same with and without
    it), and everything it builds lives until the pages are made anyway.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@dataclass
class Made:
    """One unit's pages and everything the site told it while they were made (``Site.recording``)."""

    pages: list[OutputFile]
    reads: frozenset[Read]
    again: bool = False
    """Made in place of a unit that read left-out entries (``annals.render.drafts``): made again every call,
    so that it shows their problems as they are now."""


class Generated(NamedTuple):
    """One call's output: every file (pages and data files, sorted by address), the warnings, and the
    addresses of the files new or changed since the generator's last call (every file on the first)."""

    files: list[OutputFile]
    warnings: list[Problem]
    changed: set[str]
    redirects: dict[str, str]
    """Each former id's page address (``events/old.md``) and the page it leads to now (``annals.render.redirects``)."""
    exports: Exports
    """The data files and feeds, made as they are written (not among ``files``: they hold every entry)."""
    errors: tuple[Problem, ...] = ()
    """A tolerant generator's errors (see :attr:`Generator.tolerant`); any other raises them."""


@dataclass
class Generator:
    """The engine for one site's settings and publication (see the module's docstring).

    Make a new one when the templates, the settings or the publication change: it assumes all stay as they were.
    """

    settings: Settings
    publication: Publication = Publication()
    incremental: bool = False
    """Keep what each call made, to remake only what the next edit reaches (``mkdocs serve``)."""
    tolerant: bool = False
    """Do not raise on errors (``mkdocs serve``): leave out the entries whose files have one, and show their
    problems at their pages and at the pages that read them (``annals.render.drafts``). Only with
    ``incremental``: a build's forked rendering has no record of what a failing unit read."""
    rendered: int = 0
    """How many units the last call rendered (the rest were kept): for tests and the benchmark."""
    _loaded: Loaded | None = None
    _validated: dict[Path, tuple[Document, list[Valid], list[Problem]]] = field(default_factory=dict)
    _site: Site | None = None
    _made: dict[Unit, Made] = field(default_factory=dict)
    _contents: dict[str, str] = field(default_factory=dict)
    _environment: jinja2.Environment | None = None

    def check(self, before: Before | None = None) -> tuple[Site, list[Problem], int]:
        """Load, validate, link and lint every entry; return the site, every problem and the file count.

        Problems include warnings (``Problem.is_warning``); with ``before``, text that
        still gives the old date of a changed event is a warning.
        """
        with without_cycle_collection():
            loaded, valid, found = self._load()
            return link_checked(loaded, valid, found, before)

    def generate(self) -> Generated:
        """Every generated page (the entries' pages, the entry reference, the Data page), the warnings and the
        data files to write.

        Raises :class:`ProblemsFound` with every problem, warnings too, if any entry has an error;
        an incremental generator then keeps the pages of its last good call for the next one. A
        ``tolerant`` one (serve) leaves those entries out instead, returns their errors in
        ``Generated.errors`` and raises only when a page cannot be made for another reason.
        """
        with without_cycle_collection():
            loaded, valid, found = self._load()
            site, problems, _ = link_checked(loaded, valid, found)
            errors = [p for p in problems if not p.is_warning]
            if errors and not self.tolerant:
                raise ProblemsFound(problems)  # the warnings too: every problem in one run
            site, left_out = self._without_errors(site, loaded, valid, found, problems)
            if self._environment is None:  # kept: the templates stay as they were (see the class)
                self._environment = make_environment(self.settings.templates)
            environment = self._environment
            pages = self._render(site, environment, left_out) + [reference_page(environment)] + \
                [data_page(environment, self.publication.licence, self.settings.feed_limit)]
            if self.tolerant:
                pages += left_out.entry_pages() + [problem_list(problems)]
        refuse_duplicates(pages)
        pages.sort(key=lambda p: p.uri)
        contents = {page.uri: page.content for page in pages}
        changed = {uri for uri, content in contents.items() if self._contents.get(uri) != content}
        if self.incremental:
            self._site, self._contents = site, contents
        warnings = [p for p in problems if p.is_warning]
        exports = Exports(site, self.settings, self.publication, instead=link([])[0] if left_out.problems else None)
        return Generated(pages, warnings, changed, redirects(site), exports, tuple(errors))

    def _without_errors(self, site: Site, loaded: Loaded, valid: list[Valid], found: list[Problem],
                        problems: list[Problem]) -> tuple[Site, LeftOut]:
        """The site without the entries whose files have errors, linked again until no entry left in has one.

        A reference to a left-out entry is not reported (it is ``unchecked``, as an invalid entry's is), so
        linking again finds no new error; it can only drop entries, so this ends.
        """
        out: set[tuple[str, str]] = set()
        latest = problems
        while more := with_errors(latest, loaded.claimed) - out:
            out |= more
            site, latest, _ = link_checked(loaded, [v for v in valid if v.key not in out], found)
        return site, LeftOut.of(out, problems)

    def _load(self) -> tuple[Loaded, list[Valid], list[Problem]]:
        """Load and validate every entry file; incrementally, only those that changed."""
        settings = self.settings
        loaded = load_folder(settings.entries, settings.display_root, max_file_bytes=settings.max_file_bytes,
                             max_depth=settings.max_depth, previous=self._loaded)
        valid, found, validated = [], [], {}
        for path, read in loaded.files.items():
            if read.document is None:
                continue
            known = self._validated.get(path)
            if known is None or known[0] is not read.document:
                known = (read.document, *validate([read.document]))
            validated[path] = known
            valid += known[1]
            found += known[2]
        if self.incremental:
            self._loaded, self._validated = loaded, validated
        return loaded, valid, found

    def _render(self, site: Site, environment: jinja2.Environment, left_out: LeftOut) -> list[OutputFile]:
        """Every unit's pages: all at once in a build; under serve, those whose reads changed made again."""
        if not self.incremental:
            self.rendered = len(units(site))
            return render(site, self.settings, self.publication)
        changed = site.changed_reads(self._site) if self._site is not None else None
        made: dict[Unit, Made] = {}
        problems: list[Problem] = []
        self.rendered = 0
        for unit in units(site):
            kept = self._made.get(unit)
            if changed is not None and kept is not None and not kept.again and kept.reads.isdisjoint(changed):
                made[unit] = kept
                continue
            try:
                made[unit] = self._render_unit(site, environment, unit, left_out)
            except ProblemsFound as error:
                problems += error.problems
                continue
            self.rendered += 1
        if problems:
            raise ProblemsFound(problems)
        self._made = made
        return [page for unit in made.values() for page in unit.pages]

    def _render_unit(self, site: Site, environment: jinja2.Environment, unit: Unit, left_out: LeftOut) -> Made:
        """One unit's pages and reads; if it fails for reading left-out entries, their problems in its place."""
        with site.recording() as reads:
            try:
                pages = render_unit(site, environment, unit, self.settings, self.publication)
            except Exception:
                needs = left_out.read_by(reads)
                if not needs:
                    raise
                before = self._made[unit].pages if unit in self._made else []
                return Made(left_out.instead_of(unit, needs, before), frozenset(reads), again=True)
        return Made(pages, frozenset(reads))


def check(entries: Path, display_root: Path | None = None, *, before: Before | None = None,
          **options) -> tuple[Site, list[Problem], int]:
    """:meth:`Generator.check` of one entries folder, with the default :class:`Settings` but ``options``."""
    return Generator(Settings(entries=entries, display_root=display_root, **options)).check(before)


def generate(entries: Path, templates: Path, publication: Publication = Publication(), **options) -> Generated:
    """:meth:`Generator.generate` of one entries and templates folder, with the default :class:`Settings`
    but ``options``."""
    return Generator(Settings(entries=entries, templates=templates, **options), publication).generate()


def link_checked(loaded: Loaded, valid: list[Valid], found: list[Problem],
                 before: Before | None = None) -> tuple[Site, list[Problem], int]:
    """After validation: link and lint the valid entries; every problem, sorted, and the file count."""
    problems = loaded.problems + found
    valid_keys = {v.key for v in valid}
    invalid = loaded.claimed - valid_keys  # their own problems are reported; references to them are not
    site, found = link(valid, unchecked=invalid,
                       invalid=[d for d in loaded.documents if (d.entry_type, d.stem) not in valid_keys])
    problems += found
    problems += lint(site, without_errors=not problems)
    if before is not None:
        problems += stale_dates(site, before.dates, before.revision)
    return site, sorted(problems), len(loaded.claimed)
