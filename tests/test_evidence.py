"""The evidence model: which reports are one account, who is on the record, and the status that makes."""

from pathlib import Path

import pytest
from test_link import event, linked

from annals.evidence import Account, accounts, weigh
from annals.pipeline import check

CORPUS = Path(__file__).parent / "fixtures" / "corpus" / "entries"


@pytest.fixture(scope="module")
def corpus():
    site, problems, _ = check(CORPUS)
    assert problems == []
    return site


def outlets(site, source_ids: list[str]) -> list[str]:
    return [a.outlet for a in accounts(site, source_ids)]


def test_a_relay_cited_with_its_original_is_one_account_named_for_the_original(corpus):
    assert accounts(corpus, ["courier-relay", "daily-original"]) == (
        Account("Eastern Daily", ("Harbor Courier",), ("courier-relay", "daily-original")),)
    assert outlets(corpus, ["gazette-talks", "weekly-review"]) == ["The Alder Gazette", "The Weekly Review"]


def test_a_relay_cited_alone_speaks_for_itself(corpus):
    assert accounts(corpus, ["courier-relay"]) == (Account("Harbor Courier", (), ("courier-relay",)),)


def test_an_untitled_source_without_publisher_still_has_an_outlet_name():
    site, problems = linked({"source/anon": "id: anon\nurl: https://example.org/a\n",
                             "source/other": "id: other\ntitle: Other\npublisher: The Other\nurl: https://other.example/\n",
                             "event/e": event("e", extra="sources: [anon, other]\n")})
    assert problems == []
    assert outlets(site, ["anon", "other"]) == ["The Other", "Untitled source"]


WIRE = {"organization/agency": "id: agency\nname: The Agency\n",
        "source/blog": "id: blog\npublisher: A Blog\nurl: https://blog.example/a\nrelays: [agency]\n",
        "source/paper": "id: paper\npublisher: The Paper\nurl: https://paper.example/a\nrelays: [agency]\n",
        "source/daily": "id: daily\npublisher: The Daily\nurl: https://daily.example/a\n"}


def test_two_sources_retelling_one_agency_are_one_account_named_for_the_agency():
    site, problems = linked(WIRE | {"event/e": event("e", extra="sources: [blog, paper, daily]\n")})
    assert problems == []
    assert accounts(site, ["blog", "paper", "daily"]) == (
        Account("The Agency", ("A Blog", "The Paper"), ("blog", "paper")), Account("The Daily", (), ("daily",)))
    assert site.evidence[("event", "e")].outlets == ["The Agency", "The Daily"]


def test_one_source_retelling_an_agency_is_still_its_own_outlet():
    site, _ = linked(WIRE | {"event/e": event("e", extra="sources: [blog]\n")})
    assert site.evidence[("event", "e")].single_outlet == "A Blog"


@pytest.mark.parametrize("extra, status", [
    ("sources: [daily]\n", "reported"),
    ("sources: [daily]\nunnamed_sources: true\n", "unconfirmed"),
    ("sources: [daily, blog]\nunnamed_sources: true\n", "reported"),
    ("sources: [daily]\nunnamed_sources: true\nparticipants:\n  - organization: agency\n"
     "quote:\n  text: We met.\n  source: daily\n  speaker_organization: agency\n", "confirmed"),
    ("sources: [daily]\nquote:\n  text: We met.\n  source: daily\n  speaker_organization: agency\n", "reported"),
])
def test_exactly_one_status_fits_the_evidence(extra, status):
    site, _ = linked(WIRE | {"event/e": event("e", extra=extra)})
    assert site.evidence[("event", "e")].status == status


def test_a_partys_own_publication_puts_it_on_the_record():
    statement = {"source/release": "id: release\ntitle: Release\npublisher: The Ministry\nissued_by: party\n"
                                   "url: https://ministry.example/r\n"}
    site, _ = linked(WIRE | statement | {"event/e": event("e", extra="sources: [release, daily]\n")})
    evidence = weigh(site, ("event", "e"))
    assert [(r.name, r.source, r.quoted) for r in evidence.on_record] == [("The Ministry", "release", False)]
    assert evidence.outlets == ["The Daily"] and evidence.status == "confirmed"


def test_the_status_rule_reads_the_same_in_contributing_the_reference_and_the_check():
    from annals.schema import VALUE_MEANINGS
    from annals.vocabulary import EDITORS_DECIDE, INDEPENDENCE_RULE, SOURCES_DECIDE, STATUSES

    assert set(SOURCES_DECIDE) | set(EDITORS_DECIDE) == set(STATUSES)
    assert not set(SOURCES_DECIDE) & set(EDITORS_DECIDE)
    contributing = " ".join((Path(__file__).parents[1] / "CONTRIBUTING.md").read_text().split())
    for status, rule in SOURCES_DECIDE.items() | EDITORS_DECIDE.items():
        assert f"`{status}`: {rule}" in contributing, status
        assert rule in VALUE_MEANINGS["status"][status]
    assert INDEPENDENCE_RULE[0].upper() + INDEPENDENCE_RULE[1:] in contributing
