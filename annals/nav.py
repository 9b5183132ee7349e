"""The site's nav: the chronology and the section indexes Annals generates, added to the one the site owner wrote."""

from __future__ import annotations

from annals.entry_types import ENTRY_TYPES
from annals.export import DATA_PAGE, DATA_TITLE
from annals.render.context import CHRONOLOGY
from annals.render.indexes import CHRONOLOGY_TITLE


def with_sections(nav: list) -> list:
    """The site's nav with the chronology and every section index after its first item (the home page),
    and the Data page last.

    A page the nav already lists stays where the site owner put it.
    """
    listed = set(_nav_paths(nav))
    sections = [(CHRONOLOGY_TITLE, f"{CHRONOLOGY}/index.md")]
    sections += [(kind.title, f"{kind.section}/index.md") for kind in ENTRY_TYPES.values() if kind.own_pages]
    missing = [{title: path} for title, path in sections if path not in listed]
    data = [] if DATA_PAGE in listed else [{DATA_TITLE: DATA_PAGE}]
    return nav[:1] + missing + nav[1:] + data


def _nav_paths(items) -> list[str]:
    """Every page path a MkDocs nav setting names, however nested."""
    if isinstance(items, str):
        return [items]
    if isinstance(items, dict):
        return [path for value in items.values() for path in _nav_paths(value)]
    if isinstance(items, list):
        return [path for item in items for path in _nav_paths(item)]
    return []
