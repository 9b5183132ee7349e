"""Linking: references resolve, backlinks and citations are collected, events are ordered."""

from pathlib import Path

import pytest

from annals.link import link
from annals.load import parse_document
from annals.pipeline import check
from annals.validate import validate

CORPUS = Path(__file__).parent / "fixtures" / "corpus" / "entries"


def linked(files: dict[str, str]):
    problems, documents = [], []
    for name, text in files.items():
        entry_type, stem = name.split("/")
        documents.append(parse_document(text, f"entries/{name}.yml", entry_type, stem, problems))
    valid, found = validate(documents)
    assert problems + found == []
    site, found = link(valid)
    return site, [str(p) for p in found]


def event(stem: str, date: str = "2012", extra: str = "sources: [paper]\n") -> str:
    return f"id: {stem}\ntitle: {stem.title()}\ndate: {date}\nkind: talks\nstatus: reported\n{extra}"


PAPER = {"source/paper": "id: paper\ntitle: Paper\npublisher: The Paper\nurl: https://paper.example/a\n"}


@pytest.fixture(scope="module")
def corpus():
    site, problems, count = check(CORPUS)
    assert problems == [] and count == len(site.entries)
    return site


def test_backlinks_record_who_refers_to_what(corpus):
    origins = {b.origin for b in corpus.backlinks[("person", "ben-sample")]}
    assert origins == {("event", "talks-2012"), ("event", "pledge"), ("event", "summit-2002")}
    assert {b.origin for b in corpus.backlinks[("place", "port-alder")]} == {
        ("place", "state-house"), ("event", "forum-2019"), ("event", "secret-meeting")}


def test_mentions_in_text_are_backlinks_too(corpus):
    assert corpus.mentions[("person", "ann-example")] == [("event", "talks-2012")]
    assert corpus.mentions[("place", "port-alder")] == [("event", "secret-meeting"), ("organization", "valley-forum")]


def test_every_citation_is_counted_once(corpus):
    assert corpus.cited[("event", "talks-2012")] == ["gazette-talks", "weekly-review"]
    assert ("event", "talks-2012") in corpus.cited_by["gazette-talks"]
    assert ("person", "ann-example") in corpus.cited_by["courier-relay"]


def test_events_known_to_the_day_come_before_those_known_to_the_month_or_year(corpus):
    order = [v.entry.id for v in corpus.events_in_order()]
    assert order == ["summit-2002", "early-contact", "talks-2012", "month-span", "next-round", "open-channel",
                     "chat-policy", "forum-2019", "pledge", "secret-meeting", "planned-meeting"]


def test_ties_break_by_title_then_id():
    site, _ = linked(PAPER | {"event/b": event("b", "2012-05"), "event/a": event("a", "2012-05"),
                              "event/c": event("c", "2012")})
    assert [v.entry.id for v in site.events_in_order()] == ["a", "b", "c"]


def test_an_event_that_answers_another_of_its_year_comes_after_it_whatever_its_date_says():
    answer = "related:\n  - event: {}\n    relation: response-to\n    sources: [paper]\n"
    site, problems = linked(PAPER | {
        "event/vague": event("vague", "2012-05"),
        "event/answer": event("answer", "2012-05-03", extra="sources: [paper]\n" + answer.format("vague")),
        "event/dated": event("dated", "2012-05-20"),
        "event/earlier-year": event("earlier-year", "2011-12-31", extra="sources: [paper]\n" + answer.format("dated")),
    })
    assert problems == []
    # "answer" follows "vague" (end of May) though its own day is the 3rd; a relation to a later year
    # cannot move an event out of its year.
    assert [v.entry.id for v in site.events_in_order()] == ["earlier-year", "dated", "vague", "answer"]


def test_unknown_ids_suggest_the_closest():
    files = PAPER | {"person/song-il-ho": "id: song-il-ho\nname: Song Il-ho\n",
                     "event/e": event("e", extra="sources: [papr]\nparticipants:\n  - person: song-ilho\n"
                                                  "summary: With [[person:song-il-ho]] and [[place:nowhere]].\n")}
    _, problems = linked(files)
    assert problems == [
        "entries/event/e.yml:6:11: unknown source 'papr' (did you mean 'paper'?)",
        "entries/event/e.yml:8:13: unknown person 'song-ilho' (did you mean 'song-il-ho'?)",
        "entries/event/e.yml:9:49: unknown place 'nowhere' "
        "(create it with `annals new place`, or check the spelling)",
    ]


def test_every_event_needs_a_citation():
    _, problems = linked(PAPER | {"event/e": event("e", extra="")})
    assert problems == ["entries/event/e.yml:1:5: event 'e' cites no source "
                        "(add `sources: [source-id]` or cite inline with [@source-id])"]


def test_an_inline_citation_is_enough():
    _, problems = linked(PAPER | {"event/e": event("e", extra="summary: Met [@paper].\n")})
    assert problems == []


def test_loops_are_refused():
    _, problems = linked({"place/a": "id: a\nname: A\nlocated_in: b\n", "place/b": "id: b\nname: B\nlocated_in: a\n",
                          "place/c": "id: c\nname: C\nlocated_in: c\n"})
    assert problems == [
        "entries/place/a.yml:3:13: 'located_in' leads back to 'a' "
        "(break the loop: an entry cannot be inside or cite itself through others)",
        "entries/place/b.yml:3:13: 'located_in' leads back to 'b' "
        "(break the loop: an entry cannot be inside or cite itself through others)",
        "entries/place/c.yml:3:13: place 'c' refers to itself (point it at another entry)",
    ]


def test_references_to_entries_that_failed_validation_are_not_reported_twice():
    problems, documents = [], []
    documents.append(parse_document("id: bad\ntitle: [x]\n", "entries/source/bad.yml", "source", "bad", problems))
    documents.append(parse_document(event("e", extra="sources: [bad]\n"), "entries/event/e.yml", "event", "e",
                                    problems))
    valid, found = validate(documents)
    _, linked_problems = link(valid, unchecked={("source", "bad")})
    assert [p.path for p in found] == ["entries/source/bad.yml"]
    assert all("unknown" not in p.message for p in linked_problems)


def test_among_events_with_the_same_dates_a_follow_up_comes_after_what_it_follows():
    site, _ = linked(PAPER | {
        "event/a-return": event("a-return", "2002", "sources: [paper]\nrelated:\n  - event: z-summit\n"
                                                    "    relation: follow-up-of\n    sources: [paper]\n"),
        "event/b-declaration": event("b-declaration", "2002", "sources: [paper]\nrelated:\n  - event: z-summit\n"
                                                              "    relation: part-of\n    sources: [paper]\n"),
        "event/z-summit": event("z-summit", "2002"),
        "event/c-later": event("c-later", "2002", "sources: [paper]\nrelated:\n  - event: a-return\n"
                                                  "    relation: response-to\n    sources: [paper]\n")})
    assert [v.entry.id for v in site.events_in_order()] == ["z-summit", "a-return", "b-declaration", "c-later"]


def follows(other: str, relation: str = "follow-up-of") -> str:
    return f"sources: [paper]\nrelated:\n  - event: {other}\n    relation: {relation}\n    sources: [paper]\n"


def test_two_events_that_each_come_after_the_other_are_refused():
    _, problems = linked(PAPER | {"event/a": event("a", extra=follows("b")), "event/b": event("b", extra=follows("a")),
                                  "event/c": event("c", extra=follows("a", "related-to"))})
    assert problems == [
        "entries/event/a.yml:9:15: 'follow-up-of' b leads back to 'a' "
        "(two events cannot each come after the other; use related-to for one of them)",
        "entries/event/b.yml:9:15: 'follow-up-of' a leads back to 'b' "
        "(two events cannot each come after the other; use related-to for one of them)",
    ]


def test_a_long_chain_of_follow_ups_orders_without_exhausting_the_stack():
    chain = {f"event/e{i}": event(f"e{i}", extra=follows(f"e{i - 1}") if i else "sources: [paper]\n")
             for i in range(3000)}
    site, problems = linked(PAPER | chain)
    assert problems == []
    assert [v.entry.id for v in site.events_in_order()][:3] == ["e0", "e1", "e2"]
