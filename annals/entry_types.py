"""The one table of entry types: every stage reads the types from here.

Adding a type means a row here, a model in ``annals.model`` (a subclass of
``Entry`` that names its type), a template ``templates/<type>.md.j2`` and tests.
A type whose entries describe a page the site makes anyway (a tag's) has no
pages of its own (``own_pages``): that page shows the entry instead.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class EntryType:
    """One kind of entry and where it lives."""

    name: str
    """The folder under ``entries/`` and the word in a mention, ``[[name:id]]``."""
    section: str
    """The folder of its pages on the site, e.g. ``people``."""
    title: str
    """The title of its section, e.g. ``People``."""
    chain: str | None = None
    """A field that leads to another entry of the same type; following it must never come back."""
    own_pages: bool = True
    """Whether its entries have pages of their own, a section index and a place in the nav. False: an entry
    describes a page the site makes anyway, at ``<section>/<id>/index.md`` (a tag's page shows its description;
    see ``annals.render.context.entry_uri``)."""

    @property
    def template(self) -> str:
        """The Jinja template of its pages."""
        return f"{self.name}.md.j2"


ENTRY_TYPES: dict[str, EntryType] = {t.name: t for t in (
    EntryType("event", "events", "Events"),
    EntryType("person", "people", "People"),
    EntryType("organization", "organizations", "Organizations", chain="parent"),
    EntryType("place", "places", "Places", chain="located_in"),
    EntryType("source", "sources", "Sources", chain="cites"),
    EntryType("tag", "tags", "Tags", own_pages=False),
)}
"""Every entry type by name, in the order the site's sections appear."""

ENTRY_TYPE_NAMES = tuple(ENTRY_TYPES)
