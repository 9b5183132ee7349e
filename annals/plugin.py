"""The MkDocs plugin: generated pages handed to MkDocs in memory, never written to docs/."""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from annals.pipeline import generate
from annals.problems import ProblemsFound


class AnnalsConfig(base.Config):
    """``plugins: - annals: {entries: ..., templates: ...}``, relative to mkdocs.yml."""

    entries = c.Type(str, default="entries")
    templates = c.Type(str, default="templates")


class AnnalsPlugin(BasePlugin[AnnalsConfig]):
    """Generate a page for every entry, the section indexes and the chronology."""

    def _path(self, config, value: str) -> Path:
        return Path(config.config_file_path).parent / value

    def on_config(self, config):
        """Without a repository there is nothing to edit: drop edit_uri rather than build broken links."""
        if not config.repo_url:
            config.edit_uri = None
        return config

    def on_pre_build(self, *, config) -> None:
        """Generate every page before MkDocs cleans the site folder.

        A bad entry then stops the build while the last good site is still
        there, instead of leaving an emptied folder behind.
        """
        root = Path(config.config_file_path).parent
        try:
            self._pages = generate(self._path(config, self.config.entries),
                                   self._path(config, self.config.templates), display_root=root)
        except ProblemsFound as error:
            raise PluginError(f"Annals found problems in the entries:\n{error}") from None

    def on_files(self, files: Files, /, *, config) -> Files:
        """Add the generated pages; refuse to shadow any hand-written file."""
        pages = self._pages
        clashes = [p.uri for p in pages if files.get_file_from_path(p.uri) is not None]
        if clashes:
            raise PluginError(
                "Annals generates these pages, but docs/ has hand-written files at the same paths: "
                f"{', '.join(clashes)}. Rename or move the hand-written files; Annals never replaces them.")
        docs = Path(config.docs_dir)
        root = Path(config.config_file_path).parent
        for page in pages:
            file = File.generated(config, page.uri, content=page.content)
            if page.entry_path is not None:
                # Edit the YAML the page comes from: a path from docs/ to the entry, which
                # MkDocs joins onto repo_url + edit_uri (edit/main/docs/ + ../entries/...).
                entry = root / page.entry_path
                file.edit_uri = Path(os.path.relpath(entry, docs)).as_posix()
            files.append(file)
        return files

    def on_serve(self, server, /, *, config, builder):
        """Rebuild when an entry or a template changes."""
        server.watch(str(self._path(config, self.config.entries)))
        server.watch(str(self._path(config, self.config.templates)))
        return server
