"""Validation: the schema turns text into meaning, and says precisely what is wrong."""

import pytest

from annals.fields import references
from annals.load import parse_document
from annals.markdown import markdown_issues, slugify
from annals.model import MODELS, Event, Person
from annals.validate import validate

SOURCE = "id: paper\ntitle: A paper\n"


def check(text: str, entry_type: str = "event", stem: str = "x") -> tuple[list, list[str]]:
    problems = []
    document = parse_document(text, f"entries/{entry_type}/{stem}.yml", entry_type, stem, problems)
    entries, found = validate([document])
    return entries, [str(p) for p in problems + found]


EVENT = "id: x\ntitle: Talks\ndate: 2012-11-15\nkind: talks\nstatus: confirmed\nsources: [paper]\n"


def test_a_valid_event():
    entries, problems = check(EVENT)
    assert problems == []
    event = entries[0].entry
    assert isinstance(event, Event) and event.label == "Talks" and event.sources == ["paper"]


def test_country_no_is_norway_not_false():
    entries, problems = check("id: x\nname: Ola\ncountry: NO\n", "person")
    assert problems == [] and entries[0].entry.country == "NO"


@pytest.mark.parametrize("line, expected", [
    ("date: 2024-02-30", "entries/event/x.yml:3:15: 2024-02-30 is not a real day: February 2024 has 29 days "
                         "(use a day from 01 to 29)"),
    ("date: 15 Nov 2012", "entries/event/x.yml:3:7: '15 Nov 2012' is not an EDTF date"),
    ("status: rumoured", "entries/event/x.yml:5:9: 'rumoured' is not an allowed status (allowed values: confirmed, "),
    ("kind: summitt", "entries/event/x.yml:4:7: 'summitt' is not an allowed kind (did you mean 'summit'?)"),
    ("sources: paper", "entries/event/x.yml:6:10: 'sources' must be a list, not text "
                       "(write each item on its own line, starting with '- ')"),
    ("place: Ulaanbaatar City", "entries/event/x.yml:7:8: 'Ulaanbaatar City' is not a valid id "
                                "(ids use lowercase letters, digits and single hyphens, e.g. 'ulaanbaatar-city')"),
    ("title: [a, b]", "entries/event/x.yml:2:8: 'title' must be text, not a list (write a value after the colon)"),
    ("participants:\n  - role: host", "entries/event/x.yml:8:5: a participant needs a person, an organization "
                                      "or a side"),
])
def test_field_errors_point_at_the_value(line, expected):
    key = line.split(":")[0]
    lines = [existing for existing in EVENT.splitlines() if not existing.startswith(key + ":")]
    position = {"title": 1, "date": 2, "kind": 3, "status": 4, "sources": 5}.get(key, len(lines))
    lines.insert(position, line)
    _, problems = check("\n".join(lines) + "\n")
    assert len(problems) == 1 and problems[0].startswith(expected), problems


def test_unknown_and_missing_fields():
    _, problems = check("id: x\ntitel: Talks\ndate: 2012\nkind: talks\nstatus: confirmed\n")
    assert problems == ["entries/event/x.yml:1:1: missing field 'title' (add `title: ...`)",
                        "entries/event/x.yml:2:1: unknown field 'titel' (did you mean 'title'?)"]


def test_nested_unknown_field_suggests_from_the_nested_model():
    text = "id: x\nname: A\nroles:\n  - title: Minister\n    form: 2012\n"
    _, problems = check(text, "person")
    assert problems == ["entries/person/x.yml:5:5: unknown field 'form' (did you mean 'from'?)"]


def test_role_period_must_not_run_backwards():
    _, problems = check("id: x\nname: A\nroles:\n  - title: Minister\n    from: 2014\n    to: 2012\n", "person")
    assert problems == ["entries/person/x.yml:4:5: the role ends before it starts "
                        "('from' must not be after 'to')"]


@pytest.mark.parametrize(("family", "fine"), [("岸田", True), ("岸", True), ("文雄", False), ("岸田文雄", False)])
def test_a_family_name_starts_the_name_and_leaves_a_given_name(family, fine):
    _, problems = check(f"id: x\nname: A\nnative_names:\n  - text: 岸田文雄\n    lang: ja-Jpan\n"
                        f"    family_name: {family}\n", "person")
    assert problems == ([] if fine else ["entries/person/x.yml:4:5: the family name must start the name, with a "
                                         "given name after it (write the name's first characters, e.g. family_name: 岸)"])


@pytest.mark.parametrize("field, value, message", [
    ("url", "javascript:alert(1)", "'javascript:alert(1)' is not an http or https URL"),
    ("url", "ftp://example.org/a", "'ftp://example.org/a' is not an http or https URL"),
    ("url", "example.org", "'example.org' is not an http or https URL"),
    ("language", "English", "'English' is not a language tag of the expected form"),
])
def test_source_fields(field, value, message):
    _, problems = check(f"{SOURCE}{field}: {value}\n", "source", "paper")
    assert len(problems) == 1 and message in problems[0]


def test_a_source_with_every_field():
    text = SOURCE + ("publisher: P\nauthors: [A B]\npublished: 2024-06-13\nurl: https://e.org/a?b=1\n"
                     "archive_url: http://archive.e.org/x\naccessed: 2026-11-01\nlanguage: ko\ncites: [other]\n"
                     "unverified: [authors]\nnote: Author unknown.\n")
    entries, problems = check(text, "source", "paper")
    assert problems == [] and entries[0].entry.unverified == ["authors"]


@pytest.mark.parametrize("listed, expected", [
    ("titel", "'titel' cannot be listed under `unverified:` (did you mean 'title'?)"),
    ("archive_url", "'archive_url' cannot be listed under `unverified:` (allowed values: title, publisher, authors, "
                    "published, url, language)"),
])
def test_only_a_sources_own_details_can_be_listed_as_unverified(listed, expected):
    _, problems = check(SOURCE + f"url: https://e.org/a\nunverified: [{listed}]\nnote: Not seen.\n", "source", "paper")
    assert problems == [f"entries/source/paper.yml:4:14: {expected}"]


def test_quotes_are_short():
    long_quote = " ".join(["word"] * 26)
    _, problems = check(EVENT + f"quote:\n  text: {long_quote}\n  source: paper\n")
    assert problems == ["entries/event/x.yml:8:9: the quote has more than 25 words "
                        "(shorten it: quote only the words that matter)"]


@pytest.mark.parametrize("text, offset, message", [
    ("Hello <b>x</b>", 6, "raw HTML is not allowed in entry text"),
    ("<!-- c -->", 0, "raw HTML is not allowed in entry text"),
    ("see <https://e.org>", 4, "raw HTML is not allowed in entry text"),
    ("![x](https://e.org/p.png)", 0, "images are not allowed in entry text"),
    ("[x](javascript:alert(1))", 4, "link target 'javascript:alert' is not allowed"),
    ("[x](data:text/html,hi)", 4, "link target 'data:text/html,hi' is not allowed"),
    ("[x](../people/a.md)", 4, "link target '../people/a.md' is not allowed"),
    ("[x]: https://e.org", 0, "reference-style link definitions are not allowed"),
    ("note[^1]", 4, "footnotes are made from citations, not written by hand"),
    ("[@Bad Id]", 0, "malformed citation"),
    ("[[persn:a]]", 0, "malformed mention"),
    ('[@a, "' + " ".join(["w"] * 26) + '"]', 6, "the quote has more than 25 words"),
])
def test_markdown_rules(text, offset, message):
    issues = markdown_issues(text)
    assert issues[0][:2] == (offset, message)


@pytest.mark.parametrize("text", [
    "5 < 6 and 7 > 3", "`<b>` in code", "[a link](https://e.org/a_b?x=1&y=2)", "[@paper]",
    '[@paper, "a short quote"]', "[[person:song-il-ho]]", "[[place:ulaanbaatar|Ulan Bator]]", "*em* **strong**",
])
def test_markdown_that_is_fine(text):
    assert markdown_issues(text) == []


def test_references_walk_every_typed_field():
    text = ("id: x\ntitle: T\ndate: 2012\nkind: talks\nstatus: confirmed\nplace: ub\nsources: [s1]\n"
            "participants:\n  - person: p1\n    organization: o1\n    sources: [s2]\n"
            "related:\n  - event: e1\n    relation: part-of\n    sources: [s4]\nquote:\n  text: Hi\n  source: s3\n")
    entries, problems = check(text)
    assert problems == []
    assert references(entries[0].entry) == [
        (("place",), "place", "ub"),
        (("participants", 0, "person"), "person", "p1"),
        (("participants", 0, "organization"), "organization", "o1"),
        (("participants", 0, "sources", 0), "source", "s2"),
        (("related", 0, "event"), "event", "e1"),
        (("related", 0, "sources", 0), "source", "s4"),
        (("sources", 0), "source", "s1"),
        (("quote", "source"), "source", "s3"),
    ]


def test_person_references_include_roles_and_spellings():
    text = ("id: x\nname: A\nspellings:\n  - text: B\n    sources: [s1]\n"
            "roles:\n  - title: T\n    organization: o1\n    sources: [s2]\n")
    entries, _ = check(text, "person")
    assert isinstance(entries[0].entry, Person)
    assert [r[1:] for r in references(entries[0].entry)] == [("source", "s1"), ("organization", "o1"),
                                                             ("source", "s2")]


@pytest.mark.parametrize("name, slug", [
    ("Song Il-ho", "song-il-ho"), ("Ulaanbaatar Dialogue 2019", "ulaanbaatar-dialogue-2019"),
    ("Kim Yo Jong's statement", "kim-yo-jong-s-statement"), ("Ikh Tenger", "ikh-tenger"), ("É--x", "e-x"),
])
def test_slugify(name, slug):
    assert slugify(name) == slug


def test_every_type_has_a_model():
    assert sorted(MODELS) == ["event", "organization", "person", "place", "source", "tag"]


def test_a_disagreement_needs_two_versions_each_with_a_source():
    text = ("id: x\nname: A\ndisagreements:\n  - about: First year\n    versions:\n"
            "      - says: 2013\n        sources: [a]\n")
    _, problems = check(text, "organization")
    assert problems == ["entries/organization/x.yml:6:7: 'versions' needs at least 2 items (add the missing items)"]


def test_a_source_may_have_no_title_and_is_then_named_by_publisher_and_date():
    entries, problems = check("id: paper\npublisher: The Paper\npublished: 2012-11-16\nunverified: [title]\n"
                                "note: the headline was not seen\narchive_url: https://archive.example/paper\n",
                              "source", "paper")
    assert problems == [] and entries[0].entry.label == "The Paper, 16 November 2012"


@pytest.mark.parametrize("text, entry_type, expected", [
    ("id: x\nname: X\nroles:\n  - title: Envoy\n    from: 2012/2013\n", "person",
     "entries/person/x.yml:5:15: expected one date, not an interval (write a single date such as 2012 or "
     "2012-11-15; a role's period is its `from` and `to`)"),
    (SOURCE + "published: 2019-01/2019-02\n", "source",
     "entries/source/x.yml:3:19: expected one date, not an interval (write a single date such as 2012 or "
     "2012-11-15; a role's period is its `from` and `to`)"),
])
def test_single_dates_refuse_intervals(text, entry_type, expected):
    _, problems = check(text.replace("id: paper", "id: x"), entry_type)
    assert problems == [expected]


@pytest.mark.parametrize("value", ["1_0", "nan", "1e3", "0x10", "inf", "4 7"])
def test_coordinates_are_plain_decimals(value):
    _, problems = check(f"id: x\nname: X\ncoordinates:\n  lat: {value}\n  lon: 10\n", "place")
    assert problems == [f"entries/place/x.yml:4:8: '{value}' is not a decimal number "
                        "(write degrees as a decimal number such as 47.92)"]


def test_a_lone_surrogate_is_not_one_line_of_text():
    _, problems = check('id: x\nname: "A\\ud800B"\n', "person")
    assert problems and problems[0].startswith("entries/person/x.yml:2:")


DISAGREEMENT = ("disagreements:\n  - about: When they met\n    versions:\n      - says: early October\n"
                "        date: {date}\n        sources: [paper]\n      - says: mid-October\n        sources: [paper]\n")


def test_a_version_may_give_a_date():
    entries, problems = check(EVENT + DISAGREEMENT.format(date="2019-10-01/2019-10-10"))
    assert problems == []
    versions = entries[0].entry.disagreements[0].versions
    assert [v.date and v.date.text for v in versions] == ["2019-10-01/2019-10-10", None]


@pytest.mark.parametrize("date, expected", [
    ("2019-10-32", "entries/event/x.yml:11:23: 2019-10-32 is not a real day: October 2019 has 31 days"),
    ("early October", "entries/event/x.yml:11:15: 'early October' is not an EDTF date"),
    ("2019-10-10/2019-10-01", "entries/event/x.yml:11:26: the interval ends before it starts"),
])
def test_a_bad_version_date_is_located(date, expected):
    _, problems = check(EVENT + DISAGREEMENT.format(date=date))
    assert len(problems) == 1 and problems[0].startswith(expected), problems


def test_a_dated_version_is_allowed_on_any_entry_type():
    _, problems = check("id: x\nname: A\n" + DISAGREEMENT.format(date="1921"), "organization")
    assert problems == []


@pytest.mark.parametrize("extra, problems", [
    ("", ["entries/source/paper.yml:1:1: a source needs an address (give `url:` or `archive_url:`; if no address "
          "is known, list url under `unverified:` and say why in `note:`)"]),
    ("unverified: [url]\n", ["entries/source/paper.yml:3:13: the fields under `unverified:` need a reason in "
                             "`note:` (a field you cannot verify: list it under `unverified:` and say why in "
                             "`note:`, whether you leave it empty or keep a value you could not confirm; the page "
                             "marks it unverified, and shows a field left empty and not listed as not known)"]),
    ("unverified: [url]\nnote: The print edition has no address.\n", []),
    ("archive_url: https://archive.example/paper\n", []),
    ("url: https://paper.example/a\n", []),
])
def test_a_reader_can_find_every_source_or_is_told_why_not(extra, problems):
    assert check(SOURCE + extra, "source", "paper")[1] == problems
