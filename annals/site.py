"""The linked site: every entry, and answers to the questions pages ask of it.

Built by ``annals.link``. Pages ask in the domain's words (who took part in
what, who held a post where, which outlets stand behind a claim, in which
order things happened); how references are stored stays in here.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any, cast

from annals.load import Key
from annals.validate import Valid
from annals.vocabulary import ANSWERING_RELATIONS, LATER_RELATIONS

if TYPE_CHECKING:
    from annals.evidence import Evidence

EntryKey = tuple[str, str]
"""``(entry type, id)``."""


@dataclass(frozen=True, order=True)
class Backlink:
    """Entry ``origin`` refers to the target, from its field at ``key``."""

    origin: EntryKey
    key: Key


Read = tuple[str, Any]
"""One thing a page read from the site: ``("entries", key)``, ``("backlinks", key)``, ...,
or ``("type", entry_type)`` for every entry of a type."""


class _Quiet(defaultdict):
    """A mapping of the site, named; while a page is recorded it is a :class:`_Noted` (see ``Site.recording``)."""

    __slots__ = ("name", "reads")

    def __init__(self, name: str, default_factory=None, *args):
        super().__init__(default_factory, *args)
        self.name = name
        self.reads: set[Read] | None = None


class _Noted(_Quiet):
    """The same mapping while a page is recorded: it notes every key read from it.

    A mapping becomes one only for the recording (its class is swapped), so that
    reads cost nothing extra the rest of the time.
    """

    __slots__ = ()

    def __getitem__(self, key):
        if self.reads is not None:
            self.reads.add((self.name, key))
        return super().__getitem__(key)

    def get(self, key, default=None):
        if self.reads is not None:
            self.reads.add((self.name, key))
        return super().get(key, default)

    def __contains__(self, key) -> bool:
        if self.reads is not None:
            self.reads.add((self.name, key))
        return super().__contains__(key)


def _noted(name: str, default_factory=None):
    return field(default_factory=lambda: _Quiet(name, default_factory))


@dataclass
class Site:
    """Every entry, linked.

    Its mappings note what a page reads from them while ``recording``, so that
    after an edit the engine remakes only the pages that read what changed (:meth:`changed_reads`).
    """

    entries: dict[EntryKey, Valid]
    backlinks: dict[EntryKey, list[Backlink]] = _noted("backlinks", list)
    mentions: dict[EntryKey, list[EntryKey]] = _noted("mentions", list)
    cited: dict[EntryKey, list[str]] = _noted("cited", list)
    cited_by: dict[str, list[EntryKey]] = _noted("cited_by", list)
    tagged: dict[str, list[EntryKey]] = _noted("tagged", list)
    """The entries with each tag, in key order."""
    evidence: dict[EntryKey, Evidence] = _noted("evidence")
    """What each event's sources give for its status (``annals.evidence``), worked out once by ``link``."""
    _placing: dict[str, tuple | None] = field(default_factory=lambda: _Quiet("_placing"), repr=False)
    _neighbors: dict[str, tuple] = field(default_factory=lambda: _Quiet("_neighbors"), repr=False)

    def __post_init__(self):
        self.entries = _Quiet("entries", None, self.entries)

    def noted(self) -> dict[str, _Quiet]:
        """Every mapping whose reads are noted, by name (what ``Read`` names)."""
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @contextmanager
    def recording(self) -> Iterator[set[Read]]:
        """Note every read of the site's mappings into the set yielded, until the block ends."""
        reads: set[Read] = set()
        mappings = self.noted().values()
        for mapping in mappings:
            mapping.reads, mapping.__class__ = reads, _Noted
        try:
            yield reads
        finally:
            for mapping in mappings:
                mapping.reads, mapping.__class__ = None, _Quiet

    def changed_reads(self, old: Site) -> set[Read]:
        """Every read whose answer differs between ``old`` and this site (see :meth:`recording`).

        An entry changed when its file gave a new validated entry (the same object
        means the same text); a list of backlinks, mentions or citations when its
        items differ; an event's place when its value differs; a type when any of
        its entries changed, came or went.
        """
        changed: set[Read] = set()
        old_maps, new_maps = old.noted(), self.noted()
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

    def _note_type(self, entry_type: str) -> None:
        """A read of every entry of a type (a list of them all)."""
        entries = cast(_Quiet, self.entries)  # made one in __post_init__
        if entries.reads is not None:
            entries.reads.add(("type", entry_type))

    def of_type(self, entry_type: str) -> list[Valid]:
        """Entries of one type, sorted by display name then id."""
        self._note_type(entry_type)
        found = [v for k, v in self.entries.items() if k[0] == entry_type]
        return sorted(found, key=lambda v: (v.entry.label.casefold(), v.entry.id))

    def events_in_order(self, ids: list[str] | None = None) -> list[Valid]:
        """Events (all, or those with ``ids``) in time order (see :meth:`event_order`)."""
        if ids is None:
            self._note_type("event")
        chosen = ids if ids is not None else [k[1] for k in self.entries if k[0] == "event"]
        return sorted((self.entries[("event", i)] for i in set(chosen)), key=self.event_order)

    def event_order(self, valid: Valid) -> tuple:
        """The sort key of an event: the same everywhere on the site, and stated on the chronology page.

        By date: in each year, events known to the day in day order, then each
        month's events known only to the month after its days, then those known
        only to the year (``EdtfDate.sort_key``). An event that follows up or
        responds to another of the same year comes after it, even where its own
        date would put it first (``ANSWERING_RELATIONS``); among equal dates,
        one that is part of, postpones or cancels another comes after it too.
        Then title and id.
        """
        event_id = valid.entry.id
        return self._placed(event_id) + (valid.entry.title.casefold(), event_id)

    def _placed(self, event_id: str) -> tuple:
        """``(date key, steps)``: the date key raised to that of any same-year event this one comes after,
        and how many events it comes after through its relations; memoized.

        Iterative, so a chain of thousands of follow-ups cannot exhaust the stack;
        a loop (refused by ``link``) ends where it closes instead of running forever.
        """
        pending = [event_id]
        while pending:
            current = pending[-1]
            if self._placing.get(current) is not None:
                pending.pop()
                continue
            self._placing.setdefault(current, None)  # being worked out
            earlier = self.events_before(current)
            waiting = [e for e in earlier if e not in self._placing]
            if waiting:
                pending += waiting
                continue
            # Each earlier event is placed, or being worked out (a loop): those are left out.
            placed = {e: placing for e in earlier if (placing := self._placing[e]) is not None}
            self._placing[current] = self._place(current, placed)
            pending.pop()
        placing = self._placing[event_id]
        assert placing is not None, "placed by the loop above"
        return placing

    def _place(self, event_id: str, before: dict[str, tuple]) -> tuple:
        event = self.entries[("event", event_id)].entry
        key = event.date.sort_key
        answered = {r.event for r in event.related if r.relation in ANSWERING_RELATIONS}
        pulled = [placing[0] for e, placing in before.items() if e in answered and placing[0][0] == key[0]]
        return (max([key, *pulled]), max((1 + placing[1] for placing in before.values()), default=0))

    def tags(self) -> list[str]:
        """Every tag in use, sorted. Noted as a read of every type: any entry may gain or lose a tag."""
        for entry_type in sorted({key[0] for key in dict.keys(self.entries)}):
            self._note_type(entry_type)
        return sorted(dict.keys(self.tagged))

    def order_events(self) -> None:
        """Place every event in time order once (``link`` calls it), so that pages read only their own place."""
        for event_id in sorted(k[1] for k in dict.keys(self.entries) if k[0] == "event"):  # id order: loops
            self._placed(event_id)                                                        # resolve the same way
        ids = [v.entry.id for v in sorted((v for k, v in dict.items(self.entries) if k[0] == "event"),
                                          key=self.event_order)]
        for number, event_id in enumerate(ids):
            self._neighbors[event_id] = (ids[number - 1] if number else None,
                                         ids[number + 1] if number + 1 < len(ids) else None)

    def neighbors(self, event_id: str) -> tuple[str | None, str | None]:
        """The events just before and after this one in the chronology."""
        return self._neighbors.get(event_id, (None, None))

    def events_before(self, event_id: str) -> list[str]:
        """The events this one comes after directly."""
        return [r.event for r in self.entries[("event", event_id)].entry.related
                if r.relation in LATER_RELATIONS and ("event", r.event) in self.entries]

    # --- Questions in the domain's words (the backlinks' key paths stay in here) ---

    def referrers(self, key: EntryKey, origin_type: str, field_name: str) -> list[EntryKey]:
        """Entries of ``origin_type`` whose ``field_name`` refers to ``key``, each once, in key order."""
        return sorted({b.origin for b in self.backlinks.get(key, [])
                       if b.origin[0] == origin_type and b.key[0] == field_name})

    def participations(self, key: EntryKey) -> list[tuple[Valid, list[str]]]:
        """The events a person or organization takes part in, in time order, each with its roles there."""
        roles: dict[str, list[str]] = {}
        for backlink in sorted(self.backlinks.get(key, [])):
            if backlink.origin[0] != "event" or backlink.key[0] != "participants":
                continue
            event_roles = roles.setdefault(backlink.origin[1], [])  # a row with a role or without
            participant = self.entries[backlink.origin].entry.participants[backlink.key[1]]
            if key[0] == "person" and participant.role and participant.role not in event_roles:
                event_roles.append(participant.role)
        return [(event, roles[event.entry.id]) for event in self.events_in_order(list(roles))]

    def events_at(self, place_id: str) -> list[Valid]:
        """The events held at a place, in time order."""
        return self.events_in_order([k[1] for k in self.referrers(("place", place_id), "event", "place")])

    def members(self, organization_id: str) -> list[tuple[EntryKey, Any]]:
        """Every role held at an organization, as ``(person key, role)``, in person and role order."""
        found = []
        for backlink in sorted(self.backlinks.get(("organization", organization_id), [])):
            if backlink.origin[0] == "person" and backlink.key[0] == "roles":
                found.append((backlink.origin, self.entries[backlink.origin].entry.roles[backlink.key[1]]))
        return found

    def inverse_relations(self, event_id: str) -> list[tuple[Any, str]]:
        """How other events relate to this one, as ``(relation entry, other event id)``."""
        found = []
        for backlink in self.backlinks.get(("event", event_id), []):
            if backlink.origin[0] == "event" and backlink.key[0] == "related":
                found.append((self.entries[backlink.origin].entry.related[backlink.key[1]], backlink.origin[1]))
        return found

    def relayed_by(self, source_id: str) -> list[str]:
        """The sources that report on this one (their ``cites`` name it), by id."""
        return sorted(k[1] for k in self.referrers(("source", source_id), "source", "cites"))

    def unconsulted_originals(self, source_id: str) -> list[str]:
        """The sources this one reports on that the editors have not read themselves."""
        source = self.entries[("source", source_id)].entry
        return [s for s in source.cites if not self.entries[("source", s)].entry.consulted]
