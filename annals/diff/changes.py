"""One entry's changes in readers' words: each changed field as the site shows it.

Dates are written by ``annals.dates.format_date`` and statuses are the badge's
words, so a reviewer reads what readers will; referenced entries are named by
their labels on the linked site of that side (the old one for what is gone),
with their ids. Every piece of entry text is made inert (``annals.diff.text``).
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from annals.dates import EdtfDate, format_date
from annals.fields import markdown_fields, references
from annals.markdown import citations
from annals.render.markup import Md
from annals.site import EntryKey, Site
from annals.validate import Valid
from annals.diff.text import say

UNCOMPARED = frozenset({"id", "former_ids"})
"""Fields whose change the entry's heading already tells (its id: a rename)."""
FIRST = ("title", "name", "date", "status")
"""What a reader sees first on a page, said first; the other fields follow in the model's order."""
SINGULAR = {"tags": "tag", "aliases": "alias", "authors": "author", "sources": "source", "cites": "cited source",
            "relays": "relayed outlet", "unverified": "unverified field"}
"""How one item of a list field is named: ``tag added: abductions``."""
URLS = {"url": "source URL", "archive_url": "archived copy URL"}
_SENTENCE_END = re.compile(r"(?<![.!?])[.!?]+[\"'”’)*_]*\s+")  # from a run's first mark only: linear time
_NO_SPACE_BEFORE = re.compile(r" (?=[.,;:!?)])")
"""A space left before punctuation where a citation was taken out."""


@dataclass(frozen=True)
class Sides:
    """The linked sites before and after the change, for naming referenced entries."""

    before: Site
    after: Site

    def name(self, key: EntryKey, gone: bool = False) -> str:
        """``Ann Example (person ann-example)``: the label on the site that has the entry (the old one if ``gone``)."""
        site = self.before if gone else self.after
        found = site.entries.get(key)
        label = found.entry.label if found is not None else "not on the site"
        return f"{label} ({key[0]} {key[1]})"


def entry_changes(old: Valid, new: Valid, sides: Sides) -> list[Md]:
    """What changed between two versions of one entry, a line of Markdown each, in the order of its fields."""
    if old.entry_type != new.entry_type:
        return [say("type {} → {}", old.entry_type, new.entry_type)]
    names = list(type(new.entry).model_fields)
    found: list[Md] = []
    for name in [n for n in FIRST if n in names] + [n for n in names if n not in FIRST and n not in UNCOMPARED]:
        if getattr(old.entry, name) != getattr(new.entry, name):
            found += field_changes(name, old, new, sides)
    return found


def field_changes(name: str, old: Valid, new: Valid, sides: Sides) -> list[Md]:
    """One changed field's lines: a date as readers see it, citations by sentence, references by name, ..."""
    before, after = getattr(old.entry, name), getattr(new.entry, name)
    if isinstance(before, EdtfDate) or isinstance(after, EdtfDate):
        return [_date_change(name, before, after)]
    if name in URLS:
        return [say("{} changed: {} → {}", URLS[name], _shown(before), _shown(after))]
    if name == "participants":
        return _participants(before, after, sides)
    if any(key == (name,) for key, _ in markdown_fields(old.entry) + markdown_fields(new.entry)):
        return _markdown_changes(name, before, after, sides)
    referenced = _references(old, name) + _references(new, name)
    if referenced and isinstance(before, list):
        return _added_removed(name, _references(old, name), _references(new, name),
                              lambda key: sides.name(key, gone=True), sides.name)
    if referenced:
        return [say("{} {} → {}", name, _referenced(_references(old, name), sides, True),
                    _referenced(_references(new, name), sides, False))]
    if isinstance(before, list) and all(isinstance(v, str) for v in before + after):
        return _added_removed(name, before, after)
    if all(v is None or isinstance(v, (str, bool, int, float)) for v in (before, after)):
        return [say("{} {} → {}", name, _shown(before), _shown(after))]
    return [say("{} changed", name)]


def _shown(value: object) -> str:
    if value is None or value == "":
        return "none"
    return {True: "yes", False: "no"}.get(value, str(value)) if isinstance(value, bool) else str(value)


def _date_change(name: str, before: EdtfDate | None, after: EdtfDate | None) -> Md:
    """``date 15–16 November 2012 → 16–17 November 2012``; the EDTF text too when readers see no difference."""
    shown = [format_date(d) if d is not None else "none" for d in (before, after)]
    if shown[0] != shown[1]:
        return say("{} {} → {}", name, *shown)
    return say("{} {} → {} (shown as {} either way)", name, before.text if before else "none",
               after.text if after else "none", shown[1])


def _references(valid: Valid, name: str) -> list[EntryKey]:
    """The entries a field refers to itself (not through a nested mapping), in its order."""
    return [(target, ref_id) for key, target, ref_id in references(valid.entry)
            if key[0] == name and (len(key) == 1 or (len(key) == 2 and isinstance(key[1], int)))]


def _referenced(keys: list[EntryKey], sides: Sides, gone: bool) -> str:
    return sides.name(keys[0], gone) if keys else "none"


def _added_removed(name: str, before: list, after: list, old_name: Callable[[Any], str] = str,
                   new_name: Callable[[Any], str] = str) -> list[Md]:
    """``tag added: x`` and ``source removed: Label (source id)`` for the items only one side has."""
    item = SINGULAR.get(name, f"{name} item")
    return ([say("{} added: {}", item, new_name(v)) for v in after if v not in before] +
            [say("{} removed: {}", item, old_name(v)) for v in before if v not in after])


def _participants(before: list, after: list, sides: Sides) -> list[Md]:
    """Participants added, removed or changed (their role, side or sources), each named."""
    old = {_who(p): p for p in before}
    new = {_who(p): p for p in after}
    return ([say("participant added: {}", _participant(p, sides, False)) for k, p in new.items() if k not in old] +
            [say("participant removed: {}", _participant(p, sides, True)) for k, p in old.items() if k not in new] +
            [say("participant changed: {}", _participant(p, sides, False)) for k, p in new.items()
             if k in old and old[k] != p])


def _who(participant) -> tuple:
    return participant.person, participant.organization, participant.side


def _participant(participant, sides: Sides, gone: bool) -> str:
    """A participant as readers see them: the person, for the organization, or the side."""
    names = [sides.name(("person", participant.person), gone)] if participant.person else []
    if participant.organization:
        names.append(sides.name(("organization", participant.organization), gone))
    return " for ".join(names) if names else f"side {participant.side}"


def _markdown_changes(name: str, before: str, after: str, sides: Sides) -> list[Md]:
    """Citations added to, removed from or moved between sentences (numbered simply, from 1), then whether
    the words changed."""
    old_sentences, old_cited = sentences(before)
    new_sentences, new_cited = sentences(after)
    lines = _citation_changes(name, old_cited, new_cited, old_sentences != new_sentences, sides)
    if old_sentences != new_sentences:
        first = next(i for i, pair in enumerate(zip(old_sentences + [""], new_sentences + [""])) if len(set(pair)) > 1)
        lines.append(say("{} text changed, from sentence {} on", name, first + 1))
    return lines


def _citation_changes(name: str, before: list[tuple[int, str]], after: list[tuple[int, str]], reworded: bool,
                      sides: Sides) -> list[Md]:
    """``citation added to summary sentence 2: ...``, ``... removed from ...``, ``... moved in summary from
    sentence 1 to 2: ...``; nothing when the same citations were only numbered anew around new words."""
    added = sorted((Counter(after) - Counter(before)).elements())
    removed = sorted((Counter(before) - Counter(after)).elements())
    if reworded and Counter(s for _, s in added) == Counter(s for _, s in removed):
        return []
    lines = []
    for number, source in added:
        was = next((n for n, s in removed if s == source), None)
        if was is None:
            lines.append(say("citation added to {} sentence {}: {}", name, number, sides.name(("source", source))))
        else:
            removed.remove((was, source))
            lines.append(say("citation moved in {} from sentence {} to {}: {}", name, was, number,
                             sides.name(("source", source))))
    return lines + [say("citation removed from {} sentence {}: {}", name, n, sides.name(("source", s), gone=True))
                    for n, s in removed]


def sentences(text: str) -> tuple[list[str], list[tuple[int, str]]]:
    """A Markdown text's sentences without their citations (spaces made one), and each citation as
    ``(sentence number, source id)``. A sentence ends at ``.``, ``!`` or ``?`` before a space; a citation
    just after that is the sentence's (``... talks. [@source]``)."""
    found = citations(text or "")
    blanked = list(text or "")
    for match in found:
        blanked[match.start():match.end()] = " " * (match.end() - match.start())
    plain = "".join(blanked)
    ends = [m.end() for m in _SENTENCE_END.finditer(plain)]
    pieces = [plain[start:end] for start, end in zip([0] + ends, ends + [len(plain)])]
    words = [_NO_SPACE_BEFORE.sub("", " ".join(piece.split())) for piece in pieces]
    while words and not words[-1]:
        words.pop()
    return words, [(bisect.bisect_right(ends, m.start()) + 1, m.group("id")) for m in found]
