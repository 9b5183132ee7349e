"""Generation again after an edit: only changed files are read, only the pages they feed are made again.

``mkdocs serve`` keeps one :class:`Regeneration` for as long as it runs. Each
call to :meth:`Regeneration.generate` gives what :func:`annals.pipeline.generate`
gives (every page, the warnings, the same problems), and also the addresses of
the pages whose Markdown changed, so that MkDocs rebuilds only those.

* A file whose size and modification time are unchanged is not read again; a
  file read again with the same text keeps its validated entry.
* The site is linked and linted whole each time: references and backlinks are
  cheap next to rendering, and every problem stays in every run.
* Every page was made while the site noted what it read (``Site.recording``):
  entries, the lists of what refers to an entry, the event order, whole types.
  After an edit, the reads that now give a different answer are known, and only
  the parts (an entry's page and its year pages, a section index, the
  chronology) that made one of them are rendered again.
* The data files and feeds (``annals.export``) are made by the first call only:
  they hold every entry, and making them again took 2 s of every save at 10,000
  entries, for files an editor previewing pages does not read. ``make build``
  always makes them fresh; restarting ``make serve`` (or a template or
  ``mkdocs.yml`` change) makes them again.

Nothing is written here: the plugin hands the pages to MkDocs, in memory.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from annals.export import DEFAULT_FEED_LIMIT, export
from annals.load import DEFAULT_MAX_DEPTH, DEFAULT_MAX_FILE_BYTES, Document, Loaded, entry_files, load_document
from annals.pipeline import link_checked, without_cycle_collection
from annals.problems import Problem, ProblemsFound
from annals.publication import Publication
from annals.reference import reference_page
from annals.render import (DEFAULT_PAGE_LIMIT, DEFAULT_TIMELINE_LIMIT, Page, Part, make_environment, parts,
                           refuse_duplicates, render_part)
from annals.site import Read, Site
from annals.validate import Valid, validate


@dataclass
class _File:
    """One entry file as last read: what loading and validating it gave."""

    signature: tuple
    document: Document | None
    valid: list[Valid]
    problems: list[Problem]


@dataclass
class _Made:
    """One part's pages and everything the site told it while they were made."""

    pages: list[Page]
    reads: frozenset[Read]


@dataclass
class Regeneration:
    """Pages for one entries folder and templates folder, made again only where an edit reaches.

    Make a new one when the templates or the settings change: it assumes both stay as they were.
    """

    entries: Path
    templates: Path
    display_root: Path | None = None
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES
    max_depth: int = DEFAULT_MAX_DEPTH
    page_limit: int = DEFAULT_PAGE_LIMIT
    timeline_limit: int = DEFAULT_TIMELINE_LIMIT
    publication: Publication = Publication()
    feed_limit: int = DEFAULT_FEED_LIMIT
    rendered: int = 0
    """How many parts the last call rendered (the rest were kept): for tests and the benchmark."""
    _files: dict[Path, _File] = field(default_factory=dict)
    _site: Site | None = None
    _made: dict[Part, _Made] = field(default_factory=dict)
    _contents: dict[str, str] = field(default_factory=dict)
    _environment: jinja2.Environment | None = None
    _exported: list[Page] | None = None

    def generate(self) -> tuple[list[Page], list[Problem], set[str]]:
        """Every page, the warnings, and the addresses of pages new or changed since the last call.

        Raises :class:`ProblemsFound` as ``annals.pipeline.generate`` does; the
        pages of the last good call are then kept for the next one.
        """
        with without_cycle_collection():
            loaded, valid, found = self._load()
            site, problems, _ = link_checked(loaded, valid, found)
            if any(not p.is_warning for p in problems):
                raise ProblemsFound(problems)
            made = self._render(site)
            if self._exported is None:  # once: see the module's docstring
                self._exported = export(site, self._environment, self.publication, self.feed_limit)
            exported = self._exported
        pages = sorted([page for part in made.values() for page in part.pages] + exported, key=lambda p: p.uri)
        refuse_duplicates(pages)
        contents = {page.uri: page.content for page in pages}
        changed = {uri for uri, content in contents.items() if self._contents.get(uri) != content}
        self._site, self._made, self._contents = site, made, contents
        return pages, problems, changed

    def _load(self) -> tuple[Loaded, list[Valid], list[Problem]]:
        """Load and validate every entry file, reading only those that changed."""
        loaded, valid = Loaded(), []
        files: dict[Path, _File] = {}
        for path, shown in entry_files(self.entries, loaded.problems, self.display_root):
            loaded.claimed.add((path.parent.name, path.stem))
            known = files[path] = self._file(path, shown)
            loaded.problems += known.problems  # loading's and validation's: all are sorted together
            if known.document is not None:
                loaded.documents.append(known.document)
                valid += known.valid
        self._files = files
        return loaded, valid, []

    def _file(self, path: Path, shown: str) -> _File:
        try:
            status = os.stat(path, follow_symlinks=False)
            signature = (shown, status.st_mtime_ns, status.st_size, status.st_ino, status.st_ctime_ns)
        except OSError:
            signature = None
        known = self._files.get(path)
        if known is not None and signature is not None and known.signature == signature:
            return known
        problems: list[Problem] = []
        document = load_document(path, shown, problems, max_file_bytes=self.max_file_bytes, max_depth=self.max_depth)
        if document is None:
            return _File(signature, None, [], problems)
        if known is not None and known.document is not None and known.document.source == document.source \
                and known.document.path == document.path:
            return _File(signature, known.document, known.valid, known.problems)  # saved, not changed
        valid, found = validate([document])
        return _File(signature, document, valid, problems + found)

    def _render(self, site: Site) -> dict[Part, _Made]:
        """Every part's pages: those whose reads changed made again, the others kept."""
        if self._environment is None:  # kept: the templates stay as they were (see the class)
            self._environment = make_environment(self.templates)
        environment = self._environment
        changed = changed_reads(self._site, site) if self._site is not None else None
        made: dict[Part, _Made] = {}
        problems: list[Problem] = []
        self.rendered = 0
        for part in parts(site):
            kept = self._made.get(part)
            if changed is not None and kept is not None and kept.reads.isdisjoint(changed):
                made[part] = kept
                continue
            with site.recording() as reads:
                try:
                    pages = render_part(site, environment, part, self.page_limit, self.timeline_limit, self.publication)
                except ProblemsFound as error:
                    problems += error.problems
                    continue
            made[part] = _Made(pages, frozenset(reads))
            self.rendered += 1
        if problems:
            raise ProblemsFound(problems)
        reference = self._made.get(("reference",)) or _Made([reference_page(environment)], frozenset())
        made[("reference",)] = reference
        return made


def changed_reads(old: Site, new: Site) -> set[Read]:
    """Every read whose answer differs between two sites (see ``Site.recording``).

    An entry changed when its file gave a new validated entry (the same object
    means the same text); a list of backlinks, mentions or citations when its
    items differ; a type when any of its entries changed, came or went.
    """
    changed: set[Read] = set()
    old_maps, new_maps = old.noted(), new.noted()
    for name, new_map in new_maps.items():
        old_map = old_maps[name]
        for key in old_map.keys() | new_map.keys():
            before, after = dict.get(old_map, key), dict.get(new_map, key)  # not noted, no default made
            if name == "entries":
                differs = before is not after
            elif name == "_placing":
                differs = before != after
            else:
                differs = (before or []) != (after or [])
            if differs:
                changed.add((name, key))
    changed |= {("type", key[0]) for name, key in list(changed) if name == "entries"}
    return changed
