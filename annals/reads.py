"""What a page reads from the site, noted, so that an edit remakes only the pages that read what it changed.

The linked site keeps everything in named mappings (:class:`SiteMapping`).
While a page is made (:func:`recording`) each becomes a
:class:`NotingMapping`, which notes every read, whatever the way, and refuses
writes. After an edit, :func:`changed_reads` compares two sites' mappings and
names every read whose answer differs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from enum import Enum
from itertools import repeat
from typing import Any, Generic, TypeVar

__all__ = ["READ_ONLY", "NotingMapping", "Read", "SiteMapping", "Whole", "changed_reads", "recording"]


class Whole(Enum):
    """A read of a whole mapping rather than one key (see :data:`Read`)."""

    KEYS = "keys"
    """Which keys it has: iterating over it, its length."""
    EVERYTHING = "everything"
    """Every key and value: its items, its values, a copy, a comparison."""


Read = tuple[str, Any]
"""One thing a page read from the site: a mapping's name and a key (``("entries", key)``,
``("backlinks", key)``, ...), or the name and a :class:`Whole`."""

READ_ONLY = "the site is read-only while a page is recorded (see annals.reads.recording)"


K = TypeVar("K")
V = TypeVar("V")


class SiteMapping(defaultdict[K, V], Generic[K, V]):
    """A mapping of the site, named; while a page is recorded it is a :class:`NotingMapping` (see :func:`recording`)."""

    __slots__ = ("name", "reads")

    def __init__(self, name: str, default_factory=None, *args):
        super().__init__(default_factory, *args)
        self.name = name
        self.reads: set[Read] = set()

    def copy(self) -> SiteMapping[K, V]:
        """A snapshot, under the same name (defaultdict's copy would pass the name where the factory goes)."""
        return SiteMapping(self.name, self.default_factory, dict.items(self))

    __copy__ = copy

    def __or__(self, other):
        return self._merged(self, other) if isinstance(other, dict) else NotImplemented

    def __ror__(self, other):
        return self._merged(other, self) if isinstance(other, dict) else NotImplemented

    def _merged(self, first: dict, second: dict) -> SiteMapping[K, V]:
        """``first | second`` under this mapping's name (defaultdict's would pass the name where the factory goes)."""
        merged: SiteMapping[K, V] = SiteMapping(self.name, self.default_factory, dict.items(first))
        dict.update(merged, dict.items(second))
        return merged

    def __reduce__(self):
        return type(self), (self.name, self.default_factory), None, None, iter(dict.items(self))

    def values_of(self, keys: Iterable[K]) -> list[V]:
        """The values of ``keys``, in order: while recording, every key noted at once (a hub's index reads thousands)."""
        return list(map(self.__getitem__, keys))


def _key_read(method):
    def noting(self, key, *args):
        self.reads.add((self.name, key))
        return method(self, key, *args)
    return noting


def _whole_read(method, whole: Whole):
    def noting(self, *args):
        self.reads.add((self.name, whole))
        return method(self, *args)
    return noting


def _write(*args, **kwargs):
    raise RuntimeError(READ_ONLY)


class NotingMapping(SiteMapping[K, V]):
    """The same mapping while a page is recorded: every way of reading it notes what it read.

    A mapping becomes one only for the recording (its class is swapped), so that
    reads cost nothing extra the rest of the time. Every method of ``dict`` and
    ``defaultdict`` is overridden here (``tests/test_site_reads.py`` holds it
    to that), so no page and no ``Site`` method can read without noting it.
    """

    __slots__ = ()

    __getitem__ = _key_read(defaultdict.__getitem__)
    get = _key_read(defaultdict.get)
    __contains__ = _key_read(defaultdict.__contains__)
    __iter__ = _whole_read(defaultdict.__iter__, Whole.KEYS)
    __len__ = _whole_read(defaultdict.__len__, Whole.KEYS)
    __reversed__ = _whole_read(defaultdict.__reversed__, Whole.KEYS)
    keys = _whole_read(defaultdict.keys, Whole.KEYS)
    values = _whole_read(defaultdict.values, Whole.EVERYTHING)
    items = _whole_read(defaultdict.items, Whole.EVERYTHING)
    copy = __copy__ = _whole_read(SiteMapping.copy, Whole.EVERYTHING)
    __eq__ = _whole_read(defaultdict.__eq__, Whole.EVERYTHING)
    __ne__ = _whole_read(defaultdict.__ne__, Whole.EVERYTHING)
    __or__ = _whole_read(SiteMapping.__or__, Whole.EVERYTHING)
    __ror__ = _whole_read(SiteMapping.__ror__, Whole.EVERYTHING)
    __repr__ = _whole_read(defaultdict.__repr__, Whole.EVERYTHING)
    __reduce__ = _whole_read(SiteMapping.__reduce__, Whole.EVERYTHING)
    __hash__ = None  # type: ignore[assignment]  # as dict's
    __setitem__ = __delitem__ = setdefault = pop = popitem = clear = update = __ior__ = _write

    def values_of(self, keys: Iterable[K]) -> list[V]:
        listed = list(keys)
        self.reads.update(zip(repeat(self.name), listed))
        return list(map(super().__getitem__, listed))

    def __missing__(self, key):
        """A key with no value reads as the empty default, and stays absent: reading writes nothing."""
        if self.default_factory is None:
            raise KeyError(key)
        return self.default_factory()


@contextmanager
def recording(mappings: Iterable[SiteMapping]) -> Iterator[set[Read]]:
    """Note every read of ``mappings`` into the set yielded, until the block ends."""
    reads: set[Read] = set()
    mappings = list(mappings)
    for mapping in mappings:
        mapping.reads, mapping.__class__ = reads, NotingMapping
    try:
        yield reads
    finally:
        for mapping in mappings:
            mapping.reads, mapping.__class__ = set(), SiteMapping


def changed_reads(old: Mapping[str, SiteMapping], new: Mapping[str, SiteMapping],
                  by_identity: frozenset[str] = frozenset()) -> set[Read]:
    """Every read whose answer differs between the ``old`` and ``new`` mappings, each by its name.

    A value of a mapping named in ``by_identity`` changed when it is another
    object; any other value when it is not equal (an absent list and an empty
    one are equal). A mapping's :data:`Whole.KEYS` changed when its keys did,
    its :data:`Whole.EVERYTHING` when any key's answer did.
    """
    changed: set[Read] = set()
    for name, new_map in new.items():
        old_map = old[name]
        same = _same_object if name in by_identity else _same_value
        differing = {key for key in old_map.keys() | new_map.keys() if not same(old_map.get(key), new_map.get(key))}
        changed |= {(name, key) for key in differing}
        if differing:
            changed.add((name, Whole.EVERYTHING))
        if old_map.keys() != new_map.keys():
            changed.add((name, Whole.KEYS))
    return changed


def _same_object(before: Any, after: Any) -> bool:
    return before is after


def _same_value(before: Any, after: Any) -> bool:
    return (before or None) == (after or None)
