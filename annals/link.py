"""Resolve every cross-reference, collect backlinks and citations, order events in time.

Input: validated entries. Output: a :class:`Site` that answers "who links
here", "what does this entry cite", "which outlets stand behind this" and
"in which order did things happen", what each event's sources give for its status, plus a problem for every reference that
leads nowhere.
"""

from __future__ import annotations

import difflib
import itertools
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from typing import NamedTuple

from annals.entry_types import ENTRY_TYPE_NAMES, ENTRY_TYPES
from annals.evidence import weigh
from annals.fields import markdown_fields, raw_markdown, raw_references, references
from annals.load import Document, Key
from annals.markdown import CITATION_RE, citations, citations_and_mentions, is_slug
from annals.model import Event
from annals.problems import Problem
from annals.reads import SiteMapping
from annals.site import Backlink, EntryKey, Site
from annals.validate import Valid
from annals.vocabulary import LATER_RELATIONS

__all__ = ["link"]

def link(entries: list[Valid], unchecked: AbstractSet[EntryKey] = frozenset(),
         invalid: Sequence[Document] = ()) -> tuple[Site, list[Problem]]:
    """Resolve references between entries; every dangling one is a problem.

    ``unchecked`` names entries whose files exist but failed to load or
    validate: their own problems are already reported, so references to them
    are not. ``invalid`` are the documents that failed validation: their
    references are still checked, so that one run reports every problem of a file.
    """
    site = Site(SiteMapping("entries", None, {v.key: v for v in entries}))
    problems: list[Problem] = _former_ids(site)
    missing = Missing(unchecked, _renamed_by_hand(invalid))
    for document in sorted(invalid, key=lambda d: (d.entry_type, d.stem)):
        problems += _dangling_in_raw(site, document, missing)
    for valid in sorted(entries, key=lambda v: v.key):
        found = references(valid.entry)
        problems += _link_fields(site, valid, found, missing)
        problems += _link_markdown(site, valid, missing)
        if isinstance(valid.entry, Event):
            problems += _citation_required(site, valid, found)
        for tag in valid.entry.tags:
            site.tagged[tag].append(valid.key)
    problems += _cycles(site)
    problems += _order_loops(site)
    site.order_events()
    for key in site.of_each_type.get("event", []):
        site.evidence[key] = weigh(site, key)
    return site, sorted(problems)


def _link_fields(site: Site, valid: Valid, found: list[tuple[Key, str, str]], missing: Missing) -> list[Problem]:
    problems = []
    for key, target_type, target_id in found:
        target = (target_type, target_id)
        if target in missing.unchecked:
            continue
        if target not in site.entries:
            problems.append(_unknown(site, missing, valid, key, target))
        elif target == valid.key:
            problems.append(valid.document.problem(key, f"{target_type} '{target_id}' refers to itself",
                                                   "point it at another entry"))
        else:
            site.backlinks[target].append(Backlink(valid.key, key))
            if target_type == "source":
                _cite(site, valid.key, target_id)
    return problems


def _link_markdown(site: Site, valid: Valid, missing: Missing) -> list[Problem]:
    problems = []
    for key, text in markdown_fields(valid.entry):
        cited, mentioned = citations_and_mentions(text)
        for match in cited:
            target = ("source", match.group("id"))
            if target in site.entries:
                _cite(site, valid.key, target[1])
            elif target not in missing.unchecked:
                problems.append(_unknown(site, missing, valid, key, target, offset=match.start("id")))
        for match in mentioned:
            target = (match.group("type"), match.group("id"))
            if target in site.entries:
                if target != valid.key and valid.key not in site.mentions[target]:
                    site.mentions[target].append(valid.key)
            elif target not in missing.unchecked:
                problems.append(_unknown(site, missing, valid, key, target, offset=match.start("id")))
    return problems


def _dangling_in_raw(site: Site, document: Document, missing: Missing) -> list[Problem]:
    """Unknown references in a document that failed validation, found in its raw data."""
    problems = []
    for key, target_type, target_id in raw_references(document.entry_type, document.data):
        if (target_type, target_id) not in site.entries and (target_type, target_id) not in missing.unchecked:
            problems.append(_unknown(site, missing, document, key, (target_type, target_id)))
    for key, text in raw_markdown(document.entry_type, document.data):
        for match in itertools.chain(*citations_and_mentions(text)):
            target = ("source", match.group("id")) if match.re is CITATION_RE else (match.group("type"),
                                                                                     match.group("id"))
            if not (target[0] in ENTRY_TYPE_NAMES and is_slug(target[1])):
                continue  # malformed: reported as such by validation
            if target not in site.entries and target not in missing.unchecked:
                problems.append(_unknown(site, missing, document, key, target, offset=match.start("id")))
    return problems


def _cite(site: Site, origin: EntryKey, source_id: str) -> None:
    if source_id not in site.cited[origin]:
        site.cited[origin].append(source_id)
        site.cited_by[source_id].append(origin)


def _unknown(site: Site, missing: Missing, where: Valid | Document, key: Key, target: EntryKey,
             offset: int | None = None) -> Problem:
    target_type, target_id = target
    document = where.document if isinstance(where, Valid) else where
    message = f"unknown {target_type} '{target_id}'"
    if target in site.renamed:  # renamed with `annals mv`: name the entry it is now, not a look-alike
        now = site.renamed[target]
        return document.problem(key, f"{message}: it was renamed to '{now}'",
                                f"write '{now}' ({site.entries[(target_type, now)].document.path} lists '{target_id}' "
                                "under former_ids)", offset=offset)
    if target in missing.by_hand:  # a file renamed without its id: finishing the rename is the fix
        path, stem = missing.by_hand[target]
        return document.problem(key, f"{message}: {path} holds that id but is named {stem}.yml",
                                f"if you renamed that file, run `annals mv {target_type}/{target_id} {stem}` "
                                "to rename the entry and every reference to it", offset=offset)
    known = [k[1] for k in site.entries if k[0] == target_type]
    close = difflib.get_close_matches(target_id, known, n=1, cutoff=0.6)
    hint = f"did you mean '{close[0]}'?" if close else \
        f"create it with `annals new {target_type}`, or check the spelling"
    return document.problem(key, message, hint, offset=offset)


class Missing(NamedTuple):
    """What a reference to an unknown entry may be explained by."""

    unchecked: AbstractSet[EntryKey]
    """Entries whose files failed to load or validate: their own problems are reported already."""
    by_hand: dict[EntryKey, tuple[str, str]]
    """Ids held by a file of another name (renamed without ``annals mv``): its path and its name."""


def _renamed_by_hand(invalid: Sequence[Document]) -> dict[EntryKey, tuple[str, str]]:
    found = {}
    for document in invalid:
        given = document.data.get("id") if isinstance(document.data, dict) else None
        if isinstance(given, str) and is_slug(given) and given != document.stem:
            found[(document.entry_type, given)] = (document.path, document.stem)
    return found


def _former_ids(site: Site) -> list[Problem]:
    """Note every former id (``site.renamed``); one that an entry has, or that two entries claim, is a problem."""
    problems = []
    for key in sorted(site.entries):
        valid = site.entries[key]
        for index, former in enumerate(valid.entry.former_ids):
            other = (key[0], former)
            if other in site.entries or other in site.renamed:
                holder = site.entries[other].document.path if other in site.entries else \
                    site.entries[(key[0], site.renamed[other])].document.path + " under former_ids"
                problems.append(valid.document.problem(
                    ("former_ids", index), f"the former id '{former}' is in use: {holder} has it",
                    "remove it here; an old address can lead to one entry only"))
            else:
                site.renamed[other] = key[1]
    return problems


def _citation_required(site: Site, valid: Valid, found: list[tuple[Key, str, str]]) -> list[Problem]:
    """An event must cite a source; a citation that does not resolve is reported on its own."""
    tried = any(t == "source" for _, t, _ in found) or \
        any(citations(text) for _, text in markdown_fields(valid.entry))
    if tried:
        return []
    return [valid.document.problem(("id",), f"event '{valid.entry.id}' cites no source",
                                   "add `sources: [source-id]` or cite inline with [@source-id]")]


def _cycles(site: Site) -> list[Problem]:
    """Chains that must end (each type's ``chain`` field): a place inside a place, an organization's
    parent, a source's citations."""
    problems = []
    for entry_type, field_name in ((t.name, t.chain) for t in ENTRY_TYPES.values() if t.chain):
        for valid in site.of_type(entry_type):
            if _reaches_itself(site, valid, entry_type, field_name):
                problems.append(valid.document.problem(
                    (field_name,), f"'{field_name}' leads back to '{valid.entry.id}'",
                    "break the loop: an entry cannot be inside or cite itself through others"))
    return problems


def _order_loops(site: Site) -> list[Problem]:
    """Relations that put an event after another must not lead back to it: which would come first?"""
    loops = _strongly_connected(site)
    problems = []
    for valid in site.of_type("event"):
        for index, relation in enumerate(valid.entry.related):
            if relation.relation in LATER_RELATIONS and loops.get(relation.event) == loops.get(valid.entry.id, -1):
                problems.append(valid.document.problem(
                    ("related", index, "relation"),
                    f"'{relation.relation}' {relation.event} leads back to '{valid.entry.id}'",
                    "two events cannot each come after the other; use related-to for one of them"))
    return problems


def _strongly_connected(site: Site) -> dict[str, int]:
    """Events that lie on a loop of ordering relations, numbered by loop (Tarjan's algorithm, without recursion)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    loops: dict[str, int] = {}
    for root in sorted(k[1] for k in site.entries if k[0] == "event"):
        if root in index:
            continue
        work = [(root, iter(site.events_before(root)))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, successors = work[-1]
            for successor in successors:
                if successor not in index:
                    index[successor] = low[successor] = len(index)
                    stack.append(successor)
                    on_stack.add(successor)
                    work.append((successor, iter(site.events_before(successor))))
                    break
                if successor in on_stack:
                    low[node] = min(low[node], index[successor])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    members = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        members.append(member)
                        if member == node:
                            break
                    if len(members) > 1:
                        loops.update((m, index[node]) for m in members)
    return loops


def _reaches_itself(site: Site, start: Valid, entry_type: str, field_name: str) -> bool:
    pending = [t for t in _targets(start, field_name) if t != start.entry.id]  # self: reported by _link_fields
    seen: set[str] = set()
    while pending:
        current = pending.pop()
        if current == start.entry.id:
            return True
        if current in seen or (entry_type, current) not in site.entries:
            continue
        seen.add(current)
        pending += _targets(site.entries[(entry_type, current)], field_name)
    return False


def _targets(valid: Valid, field_name: str) -> list[str]:
    value = getattr(valid.entry, field_name)
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]
