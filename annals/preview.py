"""``mkdocs serve --dirty`` (``make serve``): after an edit, MkDocs rebuilds only the pages it changed.

MkDocs' dirty builds skip every page whose file is not "modified". The plugin
keeps one :class:`Preview` for as long as ``serve`` runs, and it decides:

* a generated page is modified when the engine (``annals.pipeline.Generator``) made different Markdown
  for it (or its HTML is missing); hand-written pages are few and always built,
  so the nav always has their titles;
* anything else changed (``mkdocs.yml``, ``docs/``, the templates or the plugin's
  settings): the site folder is emptied and everything is built, as without ``--dirty``;
* a page that is no longer generated has its HTML removed;
* the search index and the data files are written again after each build, off the reload's path
  (``annals.beside``);
* the theme's compiled templates are kept (:class:`TemplateCache`): MkDocs makes a new Jinja
  environment for every build;
* when nothing can be generated (entries with problems are only left out: see
  ``annals.render.drafts``) the last good site is set aside beside the
  site folder, the error page stands at every page's address and as the 404
  page, and the good site comes back before the next good build.

Only the serve command's own temporary site folder is ever emptied or moved.
"""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2
from mkdocs.structure.files import File, Files
from mkdocs.utils import clean_directory

from annals.devserver import error_page
from annals.load import is_editor_file
from annals.pipeline import Generator
from annals.problems import Problem
from annals.publication import Publication
from annals.settings import Settings
from annals.thirdparty import always_modified

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

log = logging.getLogger("mkdocs.plugins.annals")

class GeneratedFile(File):
    """A generated page that MkDocs' dirty build skips unless its Markdown changed."""

    changed = True

    def is_modified(self) -> bool:
        """Changed since the last build, or not built yet."""
        return self.changed or not os.path.isfile(self.abs_dest_path)


class TemplateCache(jinja2.BytecodeCache):
    """The theme's templates as compiled, kept in memory across serve's rebuilds.

    MkDocs makes a new Jinja environment for every build, which compiled Material's templates again: a
    second of every save. Jinja compares each template's source with the checksum it was compiled from, so an
    edited template is compiled again.
    """

    def __init__(self) -> None:
        self._compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Give ``bucket`` the template's compiled code, if kept (Jinja discards it if the source changed)."""
        compiled = self._compiled.get(bucket.key)
        if compiled is not None:
            bucket.bytecode_from_string(compiled)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Keep a template's compiled code."""
        self._compiled[bucket.key] = bucket.bytecode_to_string()


class Preview:
    """What ``serve`` keeps between builds: the regeneration, what was built, the good site while problems show,
    the theme's compiled templates."""

    def __init__(self, dirty: bool):
        self.dirty = dirty
        self.changed: set[str] = set()
        self.templates = TemplateCache()
        self._generator: Generator | None = None
        self._settings: tuple[Settings, Publication] | None = None
        self._watched: dict[str, tuple] | None = None
        self._built: dict[str, str] = {}  # generated page address -> its HTML file, at the last good build
        self._page_paths: set[str] = set()  # every page's HTML file at the last good build, for the error page

    def generator(self, config: MkDocsConfig, settings: Settings, publication: Publication) -> Generator:
        """The generator to use for this build: a new one (and an empty site folder) when anything but
        the entries changed since the last build."""
        watched = _signatures(config, settings.templates)
        changed = sorted(set(watched.items()) ^ set((self._watched or {}).items()))
        outside = changed or (settings, publication) != self._settings
        self._watched, self._settings = watched, (settings, publication)
        self.restore(config.site_dir)
        if outside or self._generator is None:
            if self.dirty and self._generator is not None:
                what = changed[0][0] if changed else "a setting of the annals plugin"
                log.info("Annals: %s changed: building every page", what)
                clean_directory(config.site_dir)
            self._generator = Generator(settings, publication, incremental=True, tolerant=True)
            self._built = {}
        return self._generator

    def mark(self, files: Files, generated: list[GeneratedFile]) -> None:
        """Which pages this build makes: generated ones whose Markdown changed, hand-written ones always."""
        names = {f.src_uri for f in generated}
        for file in files.documentation_pages():
            if file.src_uri not in names:
                always_modified(file)  # the nav needs every hand-written page's title
        for file in generated:
            file.changed = not self.dirty or file.src_uri in self.changed
        self._page_paths = {f.dest_path for f in files.documentation_pages()}
        gone = set(self._built) - names
        for uri in sorted(gone):
            Path(self._built[uri]).unlink(missing_ok=True)
        self._built = {f.src_uri: f.abs_dest_path for f in generated}

    def show_problems(self, site_dir: str, problems: list[Problem]) -> None:
        """Set the good site aside; put the error page at every page's address, the home page and as 404 page."""
        site, aside = Path(site_dir), _aside(site_dir)
        if not aside.exists():
            aside.mkdir()
            for child in site.iterdir():
                os.replace(child, aside / child.name)
        else:
            clean_directory(site_dir)
        page = error_page(problems)
        for path in sorted(self._page_paths | {"index.html"}):
            target = site / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(page, encoding="utf-8")
        (site / "404.html").write_text(error_page(problems, poll=True), encoding="utf-8")

    def restore(self, site_dir: str) -> None:
        """Bring back the site set aside while there were problems."""
        aside = _aside(site_dir)
        if aside.is_dir():
            clean_directory(site_dir)
            for child in aside.iterdir():
                os.replace(child, Path(site_dir) / child.name)
            aside.rmdir()

    def discard(self, site_dir: str) -> None:
        """When serve stops: remove a site still set aside."""
        shutil.rmtree(_aside(site_dir), ignore_errors=True)


def _aside(site_dir: str) -> Path:
    """Beside the site folder, on the same file system, so that moving is renaming."""
    site = Path(site_dir)
    return site.with_name(site.name + ".annals-good-site")


def _signatures(config: MkDocsConfig, templates: Path) -> dict[str, tuple]:
    """Size and modification time of mkdocs.yml and of every file under docs/ and the templates."""
    found = {}
    # Resolved: serve gives the first build the path as typed (`-f mkdocs.yml`), later ones absolute.
    paths = [Path(config.config_file_path).resolve()] if config.config_file_path else []
    for folder in (Path(config.docs_dir).resolve(), templates.resolve()):
        if folder.is_dir():  # an editor's swap file is no change
            paths += sorted(p for p in folder.rglob("*") if p.is_file() and not is_editor_file(p.name))
    for path in paths:
        status = path.stat()
        found[str(path)] = (status.st_mtime_ns, status.st_size)
    return found
