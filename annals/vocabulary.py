"""The words an entry's fields may take, and what each one promises a reader.

Defined once: the models (``annals.model``), the check, the entry reference,
the JSON Schema and the methodology page all read them from here.
"""

from __future__ import annotations

STATUSES: dict[str, str] = {
    "confirmed": "confirmed on the record by a party (its own statement, or a participant's own words), "
                 "or reported by two or more independent outlets",
    "reported": "reported by the press, not confirmed by a party",
    "unconfirmed": "one outlet's report, corroborated by no party and no other outlet",
    "denied": "reported, and denied by at least one party",
    "planned": "announced or agreed, not yet held",
    "postponed": "planned, then put off",
    "cancelled": "planned, then called off",
}
"""Event statuses and what each one promises the reader. ``annals check`` holds ``confirmed`` and
``unconfirmed`` to their words (``annals.lint``): a party on the record is a source with ``issued_by: party``
or a participant (person or organization) named as the speaker of the event's ``quote``; outlets are independent unless one
relays another (``cites``)."""

EVENT_KINDS: dict[str, str] = {
    "talks": "negotiations between delegations",
    "meeting": "a meeting that is not formal talks",
    "contact": "a brief or informal contact, such as a chat on the sidelines",
    "conference": "a multilateral conference or forum",
    "summit": "a meeting of heads of state or government",
    "statement": "a public statement or announcement",
    "policy": "a change of policy or position",
    "agreement": "a signed or announced agreement",
    "reception": "a reception or ceremony",
    "rally": "a rally or public gathering",
    "visit": "a visit",
    "report": "a press report that is itself news",
    "other": "anything else",
}
"""Kinds of event."""

RELATIONS: dict[str, tuple[str, str]] = {
    "follow-up-of": ("follow-up of", "followed up by"),
    "part-of": ("part of", "includes"),
    "response-to": ("response to", "prompted"),
    "postponement-of": ("postponement of", "postponed by"),
    "cancellation-of": ("cancellation of", "cancelled by"),
    "related-to": ("related to", "related to"),
}
"""Relations between events: label seen from this event, label seen from the other."""

PLACE_QUALIFIERS: dict[str, str] = {
    "in": "at the place itself",
    "near": "near the place, as the sources put it",
    "outside": "outside the place, as the sources put it",
}
"""How an event's place is to be read."""

ISSUERS: dict[str, str] = {
    "press": "the press: a news report, article, interview or analysis",
    "party": "a party itself: its statement, release, transcript or own web page",
}
"""Who issued a source (``issued_by``): a party's own is what a status of ``confirmed`` may rest on."""

LATER_RELATIONS = frozenset({"follow-up-of", "part-of", "response-to", "postponement-of", "cancellation-of"})
"""Relations that put this event after the other one when both have the same dates."""

ANSWERING_RELATIONS = frozenset({"follow-up-of", "response-to"})
"""Relations that put an event after the other one of its year whatever the dates (a postponement can come first)."""
