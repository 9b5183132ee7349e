"""What an edit reaches: the reads of the site whose answers changed, so ``serve`` remakes only what read them.

Under ``mkdocs serve`` the one engine (``annals.pipeline.Generator``, with
``incremental=True``) is called after every edit:

* Every page was made while the site noted what it read (``Site.recording``):
  entries, the lists of what refers to an entry, the event order, whole types.
  After an edit, :func:`changed_reads` says which reads now give a different
  answer, and only the parts (an entry's page and its year pages, a section
  index, the chronology) that made one of them (:class:`Made`) are rendered again.
* The site is linked and linted whole each time: references and backlinks are
  cheap next to rendering, and every problem stays in every run.

Nothing is written here: the plugin hands the pages to MkDocs, in memory.
"""

from __future__ import annotations

from dataclasses import dataclass

from annals.render import Page
from annals.site import Read, Site


@dataclass
class Made:
    """One part's pages and everything the site told it while they were made."""

    pages: list[Page]
    reads: frozenset[Read]


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
