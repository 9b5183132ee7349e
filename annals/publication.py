"""Where the site is published and what git says about its entries: what citations, feeds and exports need.

Plain settings, read once from ``mkdocs.yml`` (``site_name``, ``site_url``,
``repo_url``) and from git (``annals.history``), then handed to rendering and
exporting. Every part is optional: without ``site_url`` there are no absolute
addresses, without ``repo_url`` no links into the repository, without git no
history, and nothing is invented in their place.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from annals.history import Change, History, entry_history
from annals.settings import Settings

REPOSITORY_FILE_URL = "{repo}/blob/{commit}/{path}"
REPOSITORY_HISTORY_URL = "{repo}/commits/{commit}/{path}"
"""GitHub's addresses of a file at one commit and of its history up to a commit (as ``edit_uri`` assumes GitHub).

Filled only with commit ids ``annals.history`` checked (a ``Revision`` holds no other) and with paths
percent-encoded, so no commit or file name can lead the link elsewhere."""


def page_path(uri: str) -> str:
    """Where MkDocs puts the page built from ``uri``, relative to the site: ``people/x.md`` -> ``people/x/``,
    ``events/index.md`` -> ``events/`` (directory URLs, MkDocs' default)."""
    path = uri.removesuffix(".md")
    return path.removesuffix("index") if path.endswith("index") else path + "/"


@dataclass(frozen=True)
class Publication:
    """The published site's name and addresses, and the entries' git history."""

    site_name: str = "Annals"
    site_url: str | None = None
    repo_url: str | None = None
    history: History | None = None
    licence: str = ""
    """The terms the site's data may be reused on, as the site states them (the plugin's ``licence``)."""

    def page_url(self, uri: str) -> str | None:
        """The absolute address of the page built from ``uri`` (``people/x.md``), when ``site_url`` is known."""
        if not self.site_url:
            return None
        return self.site_url.rstrip("/") + "/" + page_path(uri)

    def last_change(self, key: tuple[str, str]) -> Change | None:
        """The entry's latest commit, when git knows it."""
        return self.history.last.get(key) if self.history is not None else None

    def revision_url(self, change: Change) -> str | None:
        """The entry file exactly as that commit left it, in the repository."""
        if not self.repo_url:
            return None
        return self._repository_url(REPOSITORY_FILE_URL, change.revision.commit, change.path)

    def history_url(self, change: Change) -> str | None:
        """The entry file's commits up to the one checked out."""
        if not self.repo_url or self.history is None:
            return None
        return self._repository_url(REPOSITORY_HISTORY_URL, self.history.head, change.path)

    def _repository_url(self, template: str, commit: str, path: str) -> str:
        return template.format(repo=(self.repo_url or "").rstrip("/"), commit=commit, path=quote(path, safe="/"))

    @property
    def build(self) -> str | None:
        """What identifies this build of the data: the commit it was built from."""
        return self.history.head if self.history is not None else None


def read_publication(settings: Settings) -> Publication:
    """The site's name and addresses from the settings, and the entries' history from git when it is read."""
    history = entry_history(settings.entries) if settings.history else None
    return Publication(settings.site_name, settings.site_url, settings.repo_url, history, settings.licence)
