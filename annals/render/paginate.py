"""Every split list, split one way: a section index's groups, a hub's year pages and lists, tags.

A list longer than its limit becomes numbered pages of at most ``limit`` items.
The first page keeps the list's own address; page N (from 2) lives *inside* it,
at ``<address without .md>/N.md``: ``events/by/2012.md`` -> ``events/by/2012/2.md``,
``tags/index.md`` -> ``tags/index/2.md``. Nothing else is ever written inside a
page's own address, and the one name a first page may end in that an entry or a
tag could take, ``index``, is refused as an id and a tag (``annals.values``), so
no part can land where an entry, a tag or an index is.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Slice(Generic[T]):
    """One page of a split list: its number (from 1), how many pages there are, its items and its address."""

    number: int
    count: int
    items: list[T]
    uri: str


def part_uri(first_uri: str, number: int) -> str:
    """The address of page ``number`` of the list whose first page is ``first_uri`` (see the module)."""
    return first_uri if number == 1 else f"{first_uri.removesuffix('.md')}/{number}.md"


def paginate(items: Sequence[T], limit: int, first_uri: str) -> list[Slice[T]]:
    """``items`` in pages of at most ``limit``, at the addresses of :func:`part_uri`; an empty list is one page."""
    starts = range(0, len(items), limit) or range(1)
    count = len(starts)
    return [Slice(number, count, list(items[start:start + limit]), part_uri(first_uri, number))
            for number, start in enumerate(starts, start=1)]


def part_links(parts: list[Slice], current: int, url: Callable[[str], str]) -> list[dict]:
    """Links to every part of a split page (none when there is one part), by ``url`` of each address;
    the current one unlinked."""
    if len(parts) == 1:
        return []
    return [{"name": str(p.number), "url": None if p.number == current else url(p.uri)} for p in parts]
