"""The words an entry's fields may take, and what each one promises a reader.

Defined once: the models (``annals.model``), the check, the entry reference,
the JSON Schema and the methodology page all read them from here.
"""

from __future__ import annotations

STATUSES: dict[str, str] = {
    "confirmed": "confirmed on the record by a party to it",
    "reported": "reported by the press; no party has confirmed it on the record",
    "unconfirmed": "one outlet's report, resting on people it does not name; no party has confirmed it on the record",
    "denied": "reported, and denied by a party",
    "planned": "announced or agreed; not known to have taken place",
    "postponed": "planned, then put off",
    "cancelled": "planned, then called off",
}
"""Event statuses and what each one promises the reader (the badge's words)."""

SOURCES_DECIDE: dict[str, str] = {
    "confirmed": "a party confirmed it on the record: a statement or page a party issued itself, or a participant's "
                 "own words quoted by a source",
    "reported": "no party has confirmed it on the record, and the reports go back to two or more independent outlets, or to "
                "one outlet that does not rest its report on people it does not name",
    "unconfirmed": "no party has confirmed it on the record, every report goes back to one outlet, and that outlet rests its "
                   "report on people it does not name (\"sources said\")",
}
"""The statuses the sources decide, and the evidence each one needs: for any set of sources exactly one fits
(``annals.evidence.status_from``). Reports that go back to the same original report count as one outlet."""

EDITORS_DECIDE: dict[str, str] = {
    "denied": "the editors' judgement that a party has denied the reports; the page gives their reason",
    "planned": "the editors' judgement that the sources tell of a plan, not of the event itself; "
               "the page gives their reason",
    "postponed": "the editors' judgement that the sources tell of a plan that was put off; the page gives "
                 "their reason",
    "cancelled": "the editors' judgement that the sources tell of a plan that was called off; the page gives "
                 "their reason",
}
"""The statuses the editors choose, on what became of the event rather than on how many sources report it:
each needs a reason (``status_reason``), and the page still shows who reports it and who is on the record."""

def status_rule(status: str) -> str:
    """What the sources must show for a status, or, for a status the editors choose, that it is their judgement."""
    return SOURCES_DECIDE.get(status) or EDITORS_DECIDE[status]


INDEPENDENCE_RULE = ("reports that go back to the same original report count as one outlet: one relays the "
                     "other, or both carry or retell the same outlet's report")
"""When two reports are one outlet's: the one wording, in the check, the About page, CONTRIBUTING and the
entry reference."""

EVENT_KINDS: dict[str, str] = {
    "talks": "negotiations between delegations",
    "meeting": "a meeting that is not formal talks",
    "contact": "a brief or informal contact, such as a chat on the sidelines",
    "conference": "a multilateral conference or forum, or one meeting of a series (the series is an organization)",
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
