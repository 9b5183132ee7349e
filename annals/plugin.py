"""The MkDocs plugin: generated pages handed to MkDocs in memory, never written to docs/."""

from __future__ import annotations

import functools
import logging
import os
import posixpath
import re
from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Literal, cast

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.utils import get_relative_url

from annals import devserver
from annals.banner import BANNER_SCRIPT, write_banner
from annals.beside import Beside, WrittenBeside
from annals.export import DATA_FILES, EXPORTS, Exports
from annals.sanitize.parallel import Sanitizing
from annals.nav import with_sections
from annals.pipeline import Generator
from annals.preview import GeneratedFile, Preview
from annals.problems import ProblemsFound, format_problems
from annals.publication import read_publication
from annals.redirects import with_redirected_links, write_redirects
from annals.reference import REFERENCE
from annals.render.parallel import cpu_cores
from annals.render.rules import with_status_rules
from annals.render.structured import script_json, web_page
from annals.render.visual import LINK_PREFIX, PLACEHOLDER
from annals.sanitize import hide_notice_marks, make_cleaner, plain_text, plain_toc, with_notices
from annals.sanitize.footnotes import name_backlinks
from annals.search import SearchTexts, is_searched, with_unsearched
from annals.settings import AnnalsConfig, Settings
from annals.thirdparty import quiet_dirty_warning

if TYPE_CHECKING:  # the hooks' argument types, as MkDocs' BasePlugin declares them
    import jinja2
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.plugins.annals")

TEXT_META = ("title", "description", "author")
"""Front matter keys Material prints unescaped into <title>, the header and <meta> tags."""


class AnnalsPlugin(BasePlugin[AnnalsConfig]):
    """Generate a page for every entry, the section indexes and the chronology; sanitize them.

    After ``on_pre_build``, ``generated`` holds the source paths of the generated
    pages and ``cleaner`` the sanitizer their HTML goes through.

    Under ``mkdocs serve`` (``serving``) problems in the entries do not stop the
    build: the entries with errors are left out and their pages show their problems
    (``annals.render.drafts``), and every page carries a banner with every problem and
    warning (``annals.banner``, from ``reported``). Only when nothing can be generated
    ``problems`` holds them and the preview shows them at every address
    (see ``annals.devserver``). MkDocs keeps this instance across rebuilds
    because it has ``on_startup``, so ``preview`` keeps what the last build made:
    with ``--dirty`` (``make serve``) only the pages an edit changed are built
    again (see ``annals.preview``).
    """

    serving = False
    problems: tuple = ()
    reported: tuple = ()
    preview: Preview | None = None
    _site_dir: str | None = None
    _sanitizing: Sanitizing | None = None
    _redirects: dict[str, str]

    def __init__(self) -> None:
        # Per instance, not shared class attributes: each plugin instance has its own pages.
        self._visuals: dict[str, str] = {}
        self._heads: dict = {}
        self._search = SearchTexts()
        self._exporting = Beside()
        self._exports: Exports | None = None

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        """Note whether this is ``mkdocs serve``; only there do problems become a page and builds incremental."""
        self.serving = command == "serve"
        if self.serving:
            devserver.stop_on_sigterm()
            self.preview = Preview(dirty)
            if dirty:
                quiet_dirty_warning()

    def on_shutdown(self) -> None:
        """Let the last build's data files and index be written; remove a good site that serve set aside while the
        entries had problems."""
        self._exporting.wait()
        self._search.writing.wait()
        if self.preview is not None and self._site_dir:
            self.preview.discard(self._site_dir)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Make the settings and the sanitizer; add the sections to the nav; without a repository, drop edit_uri."""
        self.settings = Settings.from_mkdocs(config, self.config)
        self.cleaner = make_cleaner(self.settings.admonitions, self.settings.code_languages)
        if not config.repo_url:
            config.edit_uri = None
        if config.nav is not None:
            config.nav = with_sections(config.nav)
        if self.serving:  # the preview's banner (annals.banner): never in a build
            config.extra_javascript.append(BANNER_SCRIPT)
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """Generate every page before MkDocs cleans the site folder.

        A bad entry then stops the build while the last good site is still
        there, instead of leaving an emptied folder behind.
        Under ``mkdocs serve`` the problems are kept for the error page instead.
        """
        self._exporting.wait()  # under serve, the last build's files (annals.beside), before this one moves any
        self._search.writing.wait()
        publication = read_publication(self.settings)
        self.problems, self.reported, self._site_dir = (), (), config.site_dir
        try:
            if self.preview is not None:
                made = self.preview.generator(config, self.settings, publication).generate()
                self.preview.changed = made.changed
            else:
                made = Generator(self.settings, publication).generate()
        except ProblemsFound as error:
            if not self.serving:
                raise PluginError(f"Annals found problems in the entries:\n{error}") from None
            self.problems = self.reported = tuple(error.problems)
            self._pages, self._redirects, self._exports = [], {}, None
            # INFO, not ERROR: under strict: true any warning would abort the build that shows them.
            log.info("Annals found problems in the entries; the browser shows them until they are fixed:\n%s",
                     error)
        else:
            self._pages, self._redirects, self._exports = made.files, made.redirects, made.exports
            self.reported = tuple(sorted([*made.errors, *made.warnings]))
            if made.errors:  # a page standing in for a left-out entry's (annals.render.drafts) lacks its headings
                config.validation.links.anchors = min(config.validation.links.anchors, logging.INFO)
            self._log_warnings(list(self.reported))
        self.generated = frozenset(page.uri for page in self._pages)

    def _log_warnings(self, problems: list) -> None:
        """MkDocs warnings, so a strict build fails on them as ``annals check --strict`` does.

        Under serve they are INFO, with the errors of the entries left out: with ``strict: true`` a warning
        would abort the preview.
        """
        if problems:
            level = logging.INFO if self.serving else logging.WARNING
            log.log(level, "Annals found problems or likely slips in the entries (`annals check` explains each):"
                    "\n%s", format_problems(problems))

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        """Add the generated pages; refuse to shadow any hand-written file.

        While there are problems (only under serve), no page is built at all: the
        error page takes the place of every page, hand-written or generated.
        """
        # Under serve another thread runs, so Sanitizing works in this process.
        self._sanitizing = Sanitizing(self.cleaner, len(self._pages), self.settings.workers or cpu_cores())
        if self.problems:
            return self._without_pages(files, config)
        pages = self._pages
        self._visuals = {page.uri: page.visual for page in pages if page.visual}
        self._heads = {page.uri: page for page in pages if page.structured}
        unsearched = {page.uri for page in pages if not is_searched(page)}
        clashes = [uri for uri in [p.uri for p in pages] + list(EXPORTS) if files.get_file_from_path(uri) is not None]
        if clashes:
            raise PluginError(
                "Annals generates these pages, but docs/ has hand-written files at the same paths: "
                f"{', '.join(clashes)}. Rename or move the hand-written files; Annals never replaces them.")
        # Edit links point at the YAML a page comes from: a path from docs/ to the entry, which
        # MkDocs joins onto repo_url + edit_uri (edit/main/docs/ + ../entries/...). Entry paths
        # are relative to the project folder, so one relative path from docs/ to it serves all.
        to_root = Path(os.path.relpath(Path(config.config_file_path).parent, config.docs_dir)).as_posix()
        generated: list[GeneratedFile] = []
        for page in pages:
            # Only section indexes go in the nav: MkDocs renders the nav into every page,
            # so listing every entry would make each page grow with the whole site.
            listed = page.nav_title is not None or page.uri == REFERENCE  # the reference: where the nav puts it
            inclusion = InclusionLevel.UNDEFINED if listed else InclusionLevel.NOT_IN_NAV
            # File.generated makes a cls, but is typed as making a File.
            file = cast(GeneratedFile,
                        GeneratedFile.generated(config, page.uri, content=page.content, inclusion=inclusion))
            if page.entry_path is not None:
                file.edit_uri = posixpath.normpath(f"{to_root}/{page.entry_path}")
            files.append(file)
            generated.append(file)
        if self.preview is not None:
            self.preview.mark(files, generated)
        self._begin_exports(files, config)
        self._search.start(file.src_uri for file in files.documentation_pages() if file.src_uri not in unsearched)
        return files

    def _begin_exports(self, files: Files, config: MkDocsConfig) -> None:
        """The data files in MkDocs' list (links to them are checked), written beside MkDocs' work from now."""
        for path in EXPORTS:
            files.append(WrittenBeside.generated(config, path, content=b""))
        if self._exports is not None:
            self._exporting.begin(f"{DATA_FILES} into {config.site_dir}",
                                  functools.partial(self._exports.write, config.site_dir),
                                  cores=self.settings.workers or cpu_cores(), jobs=len(self._pages))

    def _without_pages(self, files: Files, config: MkDocsConfig) -> Files:
        """``files`` without its pages; no nav to point at them."""
        for file in files.documentation_pages():
            files.remove(file)
        config.nav = None
        return files

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Pages at the old addresses of renamed entries; the data files and the search index written (under serve,
        after the reload: ``annals.beside``); while there are problems (only under serve), the problems at every
        address instead."""
        write_redirects(config, self._redirects)
        for writing in (self._exporting, self._search.writing):  # nothing to write while there are problems
            if self.serving:
                writing.finish_later()  # after the browser reloads: a preview's data files may come a moment later
            else:
                writing.finish()
        if self.preview is None:  # not serving, so no problems either
            return
        write_banner(config.site_dir, list(self.reported), config.use_directory_urls)
        if self.problems:
            self.preview.show_problems(config.site_dir, list(self.problems))

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """An entry page's meta description (escaped with the front matter) and sidebar; a hand-written page's status rules,
        and its links to renamed entries' old addresses pointed at their pages (``annals.redirects``)."""
        made = self._heads.get(page.file.src_uri)
        if made is not None:  # the sidebar's links: templates/theme/main.html, which escapes their labels
            page.meta.update(description=made.description, annals_sidebar=made.sidebar)
        if isinstance(page.file, GeneratedFile):
            return markdown
        return with_status_rules(with_redirected_links(markdown, page.file.src_uri, self._redirects))

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        """The page's JSON-LD in its head: an entry's (see ``annals.render.structured``), else a WebPage's."""
        made = self._heads.get(page.file.src_uri)
        data = made.structured if made is not None else script_json(web_page(page, config))
        script = f'<script type="application/ld+json" id="annals-structured-data">{data}</script>'
        return output.replace("</head>", script + "\n</head>", 1)

    # Last, after every other plugin's on_page_content: nothing added later escapes the allowlist.
    @event_priority(-100)
    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Sanitize a generated page's HTML; make every page's titles plain text.

        Material prints page.title, table of contents titles and these front
        matter values unescaped (and ``striptags`` would unescape them again).
        Titles are HTML in MkDocs and front matter is text, so both become
        text escaped for HTML, which shows what the page meant to show.
        """
        if page.file.src_uri in self.generated:
            visual = self._visuals.get(page.file.src_uri)
            html, token = hide_notice_marks(html)  # the engine's notices, marked again after sanitizing
            after = functools.partial(self._finished, page=page, token=token,
                                      visual=visual and with_page_links(visual, page, files))
            html = self._this_build().sanitize(page, html, after)  # "" until on_env, when it is done in another process
        else:
            self._search.keep(page, html)
            html = name_backlinks(html)
        for key in TEXT_META:  # first: page.title reads meta["title"]
            if isinstance(page.meta.get(key), str):
                page.meta[key] = escape(page.meta[key])
        if page.title:
            page.title = plain_text(page.title)
        plain_toc(page.toc)
        return html

    def _finished(self, html: str, *, page: Page, token: str, visual: str | None) -> str:
        """A generated page's sanitized HTML made final: notices, search's text, what search leaves out, back-links
        named, the visual timeline in place."""
        html = with_notices(html, token)
        self._search.keep(page, html)
        html = name_backlinks(with_unsearched(html))
        return html.replace(PLACEHOLDER, f'<div class="annals-visual">{visual}</div>', 1) if visual else html

    @event_priority(100)  # before any other plugin's on_env sees a page's content
    def on_env(self, env: jinja2.Environment, /, *, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        """Every generated page's sanitized HTML in place, before MkDocs writes the first page; the search index
        begun beside MkDocs' writing; under serve, the theme's templates as compiled the last build."""
        self._this_build().finish()
        if not self.problems:
            self._search.begin(config.site_dir, self.settings.workers or cpu_cores())
        if self.preview is not None:
            env.bytecode_cache = self.preview.templates
        return env

    def _this_build(self) -> Sanitizing:
        """This build's sanitizing, made in ``on_files`` (MkDocs runs it before any page event)."""
        if self._sanitizing is None:
            raise PluginError("Annals: a page event came before on_files; this is a bug in Annals")
        return self._sanitizing

    def on_build_error(self, *, error: Exception) -> None:
        """End the sanitizing, exporting and index-writing processes of a build that failed."""
        if self._sanitizing is not None:
            self._sanitizing.stop()
        self._exporting.stop()
        self._search.writing.stop()

    def on_serve(self, server: LiveReloadServer, /, *, config: MkDocsConfig,
                 builder: Callable) -> LiveReloadServer:
        """Rebuild when an entry or a template changes, but not for an editor's backup or swap file."""
        devserver.watch(server, self.settings.entries)
        devserver.watch(server, self.settings.templates)
        log.info("Annals also watches '%s' and '%s' (editor backup and swap files aside)",
                 self.config.entries, self.config.templates)
        return server


def with_page_links(svg: str, page: Page, files: Files) -> str:
    """A visual timeline's ``@events/x.md`` links made relative to the page (see ``annals.render.visual``)."""
    def link(match: re.Match) -> str:
        target = files.get_file_from_path(match.group(1))
        url = get_relative_url(target.url, page.url) if target is not None else "#"
        return f'href="{escape(url)}"'
    return _PAGE_LINK_RE.sub(link, svg)


_PAGE_LINK_RE = re.compile(f'href="{re.escape(LINK_PREFIX)}([^"]+)"')
