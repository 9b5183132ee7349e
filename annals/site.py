"""The linked site: every entry, and answers to the questions pages ask of it.

Built by ``annals.link``. Pages ask in the domain's words (who took part in
what, who held a post where, which outlets stand behind a claim, in which
order things happened); how references are stored stays in here.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any

from annals.load import Key
from annals.reads import Read, SiteMapping, changed_reads, recording
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


def _noted(name: str, default_factory=None):
    return field(default_factory=lambda: SiteMapping(name, default_factory))


@dataclass
class Site:
    """Every entry, linked.

    Everything a page can learn from it is in its mappings, and each mapping
    notes what a page reads from it while ``recording``, so that after an edit
    the engine remakes only the pages that read what changed (:meth:`changed_reads`).
    """

    entries: SiteMapping[EntryKey, Valid]
    of_each_type: SiteMapping[str, list[EntryKey]] = _noted("of_each_type", list)
    """The keys of each type's entries, in key order."""
    backlinks: SiteMapping[EntryKey, list[Backlink]] = _noted("backlinks", list)
    mentions: SiteMapping[EntryKey, list[EntryKey]] = _noted("mentions", list)
    cited: SiteMapping[EntryKey, list[str]] = _noted("cited", list)
    cited_by: SiteMapping[str, list[EntryKey]] = _noted("cited_by", list)
    tagged: SiteMapping[str, list[EntryKey]] = _noted("tagged", list)
    """The entries with each tag, in key order."""
    evidence: SiteMapping[EntryKey, Evidence] = _noted("evidence")
    """What each event's sources give for its status (``annals.evidence``), worked out once by ``link``."""
    placing: SiteMapping[str, tuple | None] = _noted("placing")
    """Each event's place in time order (see :meth:`event_order`), worked out once by :meth:`order_events`."""
    neighbors_of: SiteMapping[str, tuple] = _noted("neighbors_of")
    """The events just before and after each event in the chronology."""
    renamed: SiteMapping[EntryKey, str] = _noted("renamed")
    """Each former id (``former_ids``) as a key of its type, and the id the entry has now."""

    def __post_init__(self):
        for key in sorted(self.entries):
            self.of_each_type[key[0]].append(key)

    def noted(self) -> dict[str, SiteMapping]:
        """Every mapping of the site, by name (what a :data:`Read` names); each notes its reads."""
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def recording(self) -> AbstractContextManager[set[Read]]:
        """Note every read of the site's mappings into the set yielded, until the block ends."""
        return recording(self.noted().values())

    def changed_reads(self, old: Site) -> set[Read]:
        """Every read whose answer differs between ``old`` and this site (see :meth:`recording`).

        An entry changed when its file gave a new validated entry (the same object
        means the same text); any other answer when it is not equal.
        """
        return changed_reads(old.noted(), self.noted(), by_identity=frozenset({"entries"}))

    def of_type(self, entry_type: str) -> list[Valid]:
        """Entries of one type, sorted by display name then id."""
        found = self.entries.values_of(self.of_each_type.get(entry_type, []))
        return sorted(found, key=lambda v: (v.entry.label.casefold(), v.entry.id))

    def events_in_order(self, ids: list[str] | None = None) -> list[Valid]:
        """Events (all, or those with ``ids``) in time order (see :meth:`event_order`)."""
        chosen = ids if ids is not None else [k[1] for k in self.of_each_type.get("event", [])]
        return sorted(self.entries.values_of(("event", i) for i in sorted(set(chosen))), key=self.event_order)

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
            if self.placing.get(current) is not None:
                pending.pop()
                continue
            self.placing.setdefault(current, None)  # being worked out
            earlier = self.events_before(current)
            waiting = [e for e in earlier if e not in self.placing]
            if waiting:
                pending += waiting
                continue
            # Each earlier event is placed, or being worked out (a loop): those are left out.
            placed = {e: placing for e in earlier if (placing := self.placing[e]) is not None}
            self.placing[current] = self._place(current, placed)
            pending.pop()
        placing = self.placing[event_id]
        assert placing is not None, "placed by the loop above"
        return placing

    def _place(self, event_id: str, before: dict[str, tuple]) -> tuple:
        event = self.entries[("event", event_id)].entry
        key = event.date.sort_key
        answered = {r.event for r in event.related if r.relation in ANSWERING_RELATIONS}
        pulled = [placing[0] for e, placing in before.items() if e in answered and placing[0][0] == key[0]]
        return (max([key, *pulled]), max((1 + placing[1] for placing in before.values()), default=0))

    def tags(self) -> list[str]:
        """Every tag in use, sorted."""
        return sorted(self.tagged)

    def order_events(self) -> None:
        """Place every event in time order once (``link`` calls it), so that pages read only their own place."""
        events = self.of_each_type.get("event", [])
        for _, event_id in events:  # in id order, so that loops resolve the same way every time
            self._placed(event_id)
        ids = [v.entry.id for v in sorted((self.entries[key] for key in events), key=self.event_order)]
        for number, event_id in enumerate(ids):
            self.neighbors_of[event_id] = (ids[number - 1] if number else None,
                                         ids[number + 1] if number + 1 < len(ids) else None)

    def neighbors(self, event_id: str) -> tuple[str | None, str | None]:
        """The events just before and after this one in the chronology."""
        return self.neighbors_of.get(event_id, (None, None))

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

    def shared_events(self, key: EntryKey) -> list[tuple[EntryKey, int]]:
        """The people and organizations named as participants in events with this one, each with how many
        events they share: most shared first, then by name (and type and id, so the order is total)."""
        events = {b.origin for b in self.backlinks.get(key, [])
                  if b.origin[0] == "event" and b.key[0] == "participants"}
        counts: dict[EntryKey, int] = {}
        for event in self.entries.values_of(sorted(events)):
            others = {("person", p.person) for p in event.entry.participants if p.person}
            others |= {("organization", p.organization) for p in event.entry.participants if p.organization}
            for other in others - {key}:
                counts[other] = counts.get(other, 0) + 1
        known = [other for other in counts if other in self.entries]
        labels = {other: valid.entry.label.casefold() for other, valid in zip(known, self.entries.values_of(known))}
        return sorted(((other, counts[other]) for other in known),
                      key=lambda item: (-item[1], labels[item[0]], item[0]))

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

