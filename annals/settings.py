"""The site's settings: the plugin's options in ``mkdocs.yml``, validated once and carried whole.

``plugins: - annals: {...}`` is read by MkDocs into :class:`AnnalsConfig` (a
MkDocs config class, as Material's plugins have), which checks each option's
type and bounds. :class:`Settings` is what the engine is given: those options,
the folders resolved against ``mkdocs.yml``, and the site's name and
addresses. The plugin makes it in ``on_config``; every ``annals`` command makes
it with :func:`read_settings` from the same ``mkdocs.yml``, so ``annals check``
and ``annals render`` use the limits the site builds with.

A new option is two edits: a field of :class:`Settings` (its type and default)
with its line in :class:`AnnalsConfig` here, and the code that reads it.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.base import ValidationError
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import ConfigurationError
from mkdocs.utils import yaml_load

DEFAULT_MAX_FILE_BYTES = 256 * 1024
"""Largest entry file read, in bytes: an entry is a summary and references, not a document."""
DEFAULT_MAX_DEPTH = 32
"""Deepest nesting of mappings and lists in an entry: deeper is refused before it can exhaust the parser."""
DEFAULT_PAGE_LIMIT = 100
"""Most rows on one index, chronology or tag page; longer lists are split into numbered pages.

A chronology row with its participants, filter facets and mark in the visual timeline
is about 1 KB of HTML: make bench at 10,000 entries measured chronology pages of 145 KB
on average and 168 KB at most with 150 rows, so 100 keep every page near 110 KB."""
DEFAULT_TIMELINE_LIMIT = 100
"""Most events on an entry's own page, and most items in a list on it."""
DEFAULT_FEED_LIMIT = 50
"""Most entries in an Atom feed."""
ADMONITIONS = ("note", "warning")
"""Admonition kinds the templates use (``!!! warning``): the default of the plugin's ``admonitions``."""
CODE_LANGUAGES = ("yaml",)
"""Fenced code languages the templates use: the default of the plugin's ``code_languages``."""

PLUGIN = "annals"
"""The plugin's name in ``mkdocs.yml`` (``plugins: - annals``) and in the package's entry points."""


@dataclass(frozen=True)
class Settings:
    """Everything the engine is told: made once, from ``mkdocs.yml``, and passed whole.

    Its defaults are the options' defaults (:class:`AnnalsConfig` reads them from here).
    """

    entries: Path = Path("entries")
    templates: Path = Path("templates")
    display_root: Path | None = None
    """Problems name files relative to this folder (the folder of ``mkdocs.yml``; None: the current one)."""
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES
    """Largest entry file read; a larger one is a problem."""
    max_depth: int = DEFAULT_MAX_DEPTH
    """Deepest nesting of mappings and lists in an entry."""
    page_limit: int = DEFAULT_PAGE_LIMIT
    """Most rows on one section index, chronology or tag page; longer ones are split into numbered pages."""
    timeline_limit: int = DEFAULT_TIMELINE_LIMIT
    """Most events an entry's timeline shows on its page (a hub's longer one is split into year pages), and most
    entries a list on it shows (mentions, parts, relays: longer ones are split into numbered pages)."""
    feed_limit: int = DEFAULT_FEED_LIMIT
    """Most entries in each Atom feed (the latest events, the latest changes)."""
    workers: int = 0
    """Processes that render pages in a build (0: one per core); ``serve`` re-renders only what an edit changed."""
    history: bool = True
    """Read each entry's last change from git for its page, its citation and the feed of changes
    (none is shown when git or the repository is missing)."""
    licence: str = ""
    """The terms the site's data may be reused on, shown on the Data page and in entries.json."""
    admonitions: tuple[str, ...] = ADMONITIONS
    """Admonition kinds (``!!! note``) the templates use: their classes are all the sanitizer keeps."""
    code_languages: tuple[str, ...] = CODE_LANGUAGES
    """Fenced code languages the templates use."""
    site_name: str = "Annals"
    site_url: str | None = None
    repo_url: str | None = None

    @classmethod
    def from_mkdocs(cls, config: MkDocsConfig, options: AnnalsConfig) -> Settings:
        """The settings of a validated MkDocs configuration and the plugin's validated options."""
        home = Path(config.config_file_path or "mkdocs.yml").parent.resolve()
        values: dict[str, Any] = {name: options[name] for name in _OPTIONS}
        values |= {"entries": (home / options.entries).resolve(), "templates": (home / options.templates).resolve(),
                   "admonitions": tuple(options.admonitions), "code_languages": tuple(options.code_languages)}
        return cls(display_root=home, site_name=config.site_name, site_url=config.site_url or None,
                   repo_url=config.repo_url or None, **values)


class Bounded(c.Type):
    """A whole number from ``low`` to ``high``: a limit of 0 or -1 is a configuration error, not a crash."""

    def __init__(self, low: int, high: int, default: int) -> None:
        super().__init__(int, default=default)
        self.low, self.high = low, high

    def run_validation(self, value: object) -> int:
        """The value, when it is a whole number within the bounds."""
        if isinstance(value, bool) or not isinstance(value, int) or not self.low <= value <= self.high:
            raise ValidationError(f"must be a whole number from {self.low} to {self.high}, not {value!r}")
        return value


def _default(name: str) -> Any:
    return next(f.default for f in dataclasses.fields(Settings) if f.name == name)


class AnnalsConfig(base.Config):
    """``plugins: - annals: {entries: ..., templates: ...}``; folders are relative to ``mkdocs.yml``.

    Each option means what the :class:`Settings` field of its name says, and defaults to it.
    """

    entries = c.Type(str, default=str(_default("entries")))
    templates = c.Type(str, default=str(_default("templates")))
    max_file_bytes = Bounded(1, 16 * 1024 * 1024, default=_default("max_file_bytes"))
    max_depth = Bounded(2, 256, default=_default("max_depth"))
    page_limit = Bounded(1, 10_000, default=_default("page_limit"))
    timeline_limit = Bounded(1, 10_000, default=_default("timeline_limit"))
    feed_limit = Bounded(1, 10_000, default=_default("feed_limit"))
    workers = Bounded(0, 256, default=_default("workers"))
    history = c.Type(bool, default=_default("history"))
    licence = c.Type(str, default=_default("licence"))
    admonitions = c.ListOfItems(c.Type(str), default=list(_default("admonitions")))
    code_languages = c.ListOfItems(c.Type(str), default=list(_default("code_languages")))


_OPTIONS = ("max_file_bytes", "max_depth", "page_limit", "timeline_limit", "feed_limit", "workers", "history",
            "licence")
"""Options carried into :class:`Settings` as they are; the folders and lists are converted."""


class SettingsError(Exception):
    """``mkdocs.yml`` cannot be read, or an option is wrong: the message names the file and the option."""


def read_settings(config_file: Path) -> Settings:
    """The settings in ``config_file`` (``mkdocs.yml``, ``INHERIT`` followed), validated as ``mkdocs build`` does.

    Raises :class:`SettingsError` naming the file and every wrong option.
    """
    try:
        with open(config_file, "rb") as file:
            config = MkDocsConfig(config_file_path=str(config_file))
            config.load_dict(yaml_load(file) or {})
    except (OSError, yaml.YAMLError, ConfigurationError) as error:
        raise SettingsError(f"{config_file}: cannot be read: {error}") from None
    errors, _ = config.validate()
    if errors:
        raise SettingsError("\n".join(f"{config_file}: {name}: {error}" for name, error in errors))
    plugin = config.plugins.get(PLUGIN)
    if plugin is None:
        raise SettingsError(f"{config_file}: plugins: the '{PLUGIN}' plugin is not listed")
    return Settings.from_mkdocs(config, plugin.config)
