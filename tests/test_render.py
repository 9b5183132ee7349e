"""Rendering: golden Markdown for the fixture corpus, escaping, determinism, split indexes.

Regenerate the golden files on purpose with `make golden`
(scripts/update_golden.py), then read the diff before committing it.
"""

import html as html_module
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlencode

import markdown as python_markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annals.pipeline import check, generate
from annals.publication import Publication
from annals.render import Md, OutputFile, code_span, entry_uri, escape_markdown, refuse_duplicates, render
from annals.render.context import PageContext, chronology_query
from annals.settings import Settings

HERE = Path(__file__).parent
CORPUS = HERE / "fixtures" / "corpus" / "entries"
GOLDEN = HERE / "golden"
TEMPLATES = HERE.parent / "templates"


@pytest.fixture(scope="module")
def site():
    site, problems, _ = check(CORPUS)
    assert problems == []
    return site


@pytest.fixture(scope="module")
def pages(site):
    made = generate(CORPUS, TEMPLATES)
    return {page.uri: page for page in made.files + made.exports.files()}  # with the entry reference, the data files


def golden_files() -> list[str]:
    """Every golden page and data file, by its URI (its path below tests/golden/)."""
    return sorted(p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*") if p.is_file())


def test_golden_files_are_exactly_the_pages(pages):
    assert golden_files(), "tests/golden/ holds no page"
    assert golden_files() == sorted(pages), "pages added or removed: run `make golden` and review the diff"


@pytest.mark.parametrize("uri", golden_files())
def test_golden_page(pages, uri):
    assert uri in pages, f"tests/golden/{uri} is no longer generated: run `make golden` and review the diff"
    golden = (GOLDEN / uri).read_bytes().decode("utf-8")  # as written: CRLF line ends stay
    assert pages[uri].content == golden, f"{uri} differs from tests/golden/{uri}: run `make golden` and review"


def test_every_entry_has_a_page_and_every_section_an_index(site, pages):
    for key in site.entries:
        assert pages[entry_uri(key)].entry_path.endswith(f"entries/{key[0]}/{key[1]}.yml")
    for index in ["chronology/index.md", "events/index.md", "people/index.md",
                  "organizations/index.md", "places/index.md", "sources/index.md"]:
        assert index in pages


def test_rendering_gives_the_same_bytes_whatever_the_hash_seed(tmp_path):
    """Two processes with different string hashing: an unordered set in the output would show here."""
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / seed
        subprocess.run([sys.executable, "-m", "annals.cli", "render", "--out", str(out), "--entries", str(CORPUS),
                        "--templates", str(TEMPLATES)], env=os.environ | {"PYTHONHASHSEED": seed}, check=True,
                       capture_output=True)
        outputs.append({p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()})
    assert outputs[0] == outputs[1] and len(outputs[0]) > 30
    assert any(name.startswith("filters/") for name in outputs[0])  # the filter index too


@pytest.mark.parametrize("text, markdown", [
    ("A_B & C|D [x]", "A\\_B &amp; C&#124;D \\[x\\]"),
    ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
    ("*bold* `code`", "\\*bold\\* \\`code\\`"),
    ("two\nlines", "two lines"),
    (None, ""),
    # Block markup at the start stays text wherever a template puts the value.
    ("1986. looks like a list", "1986\\. looks like a list"),
    ("+ plus", "\\+ plus"),
    ("# Heading", "\\# Heading"),
    ("- dash", "\\- dash"),
    ("=== under", "&#61;== under"),
    ("!!! note", "\\!!! note"),
    ("> quote", "&gt; quote"),
    (47.92, "47.92"),
])
def test_escape_markdown_shows_text_literally(text, markdown):
    assert escape_markdown(text) == markdown


@pytest.mark.parametrize("text, span", [("date_text", "`date_text`"), ("a`b", "``a`b``"), ("`x", "`` `x ``")])
def test_code_spans_show_text_literally(text, span):
    assert code_span(text) == span


def test_engine_markdown_is_not_escaped_again():
    assert escape_markdown(Md("[^1]")) == "[^1]"


def test_single_outlet_warning_follows_relays_to_the_original_report(pages):
    secret = pages["events/secret-meeting.md"].content
    assert '!!! warning "Single-outlet report"' in secret
    assert "Every press report goes back to one outlet: Eastern Daily (relayed by Harbor Courier)" in secret
    talks = pages["events/talks-2012.md"].content
    assert '!!! note "A party confirmed it on the record; 2 independent outlets reported it"' in talks
    assert "Reported by these independent outlets: The Alder Gazette[^1]; The Weekly Review[^2]." in talks
    assert "Confirmed on the record by: [Ann Example](../people/ann-example.md) (own words, quoted below)[^1]." in talks


def test_citations_become_numbered_footnotes_pointing_at_source_pages(pages):
    talks = pages["events/talks-2012.md"].content
    assert "met\nfor two days[^3]." in talks  # [^1] and [^2] are the evidence box's, above the summary
    assert "[^3]: [Delegations meet in Port Alder](../sources/gazette-talks.md), The Alder Gazette, " \
           "19 November 2012, accessed 1 November 2026. “frank and sincere”" in talks


def test_large_sections_are_split_so_no_page_grows_with_the_site(site):
    pages = {page.uri: page.content for page in render(site, Settings(templates=TEMPLATES, page_limit=2), Publication())}
    index = pages["events/index.md"]
    assert "events/" not in index and "](by/" in index
    assert not any(f"({e}.md)" in index for _, e in site.entries)
    group_pages = [uri for uri in pages if uri.startswith("events/by/")]
    assert group_pages and all(pages[u].count("\n- [") <= 2 for u in group_pages)
    listed = "".join(pages[u] for u in group_pages)
    for key in site.entries:
        if key[0] == "event":
            assert re.search(rf"\((\.\./)+{key[1]}\.md\)", listed), key
    years = [uri for uri in pages if uri.startswith("chronology/by/")]
    assert "chronology/by/2012.md" in years and "chronology/by/2012/2.md" in years


def test_a_person_timeline_lists_every_event_they_took_part_in_with_or_without_a_role(pages):
    ben = pages["people/ben-sample.md"].content
    assert "[Two-day talks in Port Alder](../events/talks-2012.md) | head of delegation" in ben
    assert '[A pledge to meet "without preconditions"](../events/pledge.md) |  |' in ben


@pytest.mark.parametrize("text", ["1986. looks like a list", "+ plus", "# Heading", "- dash", "=== under", "!!! note"])
def test_plain_text_at_a_line_start_renders_as_a_paragraph(text):
    html = python_markdown.markdown(f"- {escape_markdown(text)}\n\nbefore\n{escape_markdown(text)}\n",
                                    extensions=["admonition"])
    assert html.count("<li>") == 1 and "<h" not in html and "<ol>" not in html and "admonition" not in html
    assert html_module.unescape(html).count(text) == 2


def test_citations_and_mentions_in_code_spans_stay_as_written(site):
    context = PageContext(site, "events/x.md")
    text = context.markdown("Said so [@gazette-talks]; the syntax is `[@gazette-talks]` and `[[person:ben-sample]]`.")
    assert text == "Said so[^1]; the syntax is `[@gazette-talks]` and `[[person:ben-sample]]`."


def test_split_index_has_one_page_per_group_even_for_accents_and_symbols(tmp_path):
    """Names starting with Ō or ~ once made a second O or # group, and people/by/other.md twice."""
    names = ["~Tilde", "Osaka", "Ōno", "Zeta", "9 Lives", "Oda", "Ōta", "~Wave"]
    folder = tmp_path / "person"
    folder.mkdir()
    for number, name in enumerate(names):
        (folder / f"p{number}.yml").write_text(f'id: p{number}\nname: "{name}"\n', encoding="utf-8")
    site, problems, _ = check(tmp_path)
    assert problems == []
    pages = {page.uri: page.content for page in render(site, Settings(templates=TEMPLATES, page_limit=3), Publication())}
    groups = sorted(uri for uri in pages if uri.startswith("people/by/"))
    assert groups == ["people/by/o.md", "people/by/o/2.md", "people/by/other.md", "people/by/z.md"]
    assert "Ōno" in pages["people/by/o.md"] and "Ōta" in pages["people/by/o/2.md"]
    assert all(name in pages["people/by/other.md"] for name in ("~Tilde", "9 Lives", "~Wave"))
    index = pages["people/index.md"]
    assert index.index("(by/other.md)") < index.index("(by/o.md)") < index.index("(by/z.md)")


def test_a_render_crash_names_the_entry_file_instead_of_a_traceback(site, tmp_path):
    import shutil

    from annals.problems import ProblemsFound
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    (templates / "place.md.j2").write_text("# {{ page.no_such_field }}\n", encoding="utf-8")
    with pytest.raises(ProblemsFound) as raised:
        render(site, Settings(templates=templates), Publication())
    places = sorted(v.document.path for k, v in site.entries.items() if k[0] == "place")
    assert sorted(p.path for p in raised.value.problems) == places
    assert all("could not render this entry (UndefinedError" in p.message for p in raised.value.problems)


def test_two_pages_at_one_address_stop_the_build():
    from annals.problems import ProblemsFound
    with pytest.raises(ProblemsFound, match=r"two generated pages have the address people/by/other\.md"):
        refuse_duplicates([OutputFile("people/by/other.md", "a"), OutputFile("people/by/other.md", "b")])


def test_a_dated_disagreement_marks_the_event_date_as_disputed_with_both_versions_cited(pages):
    event = pages["events/secret-meeting.md"].content
    assert "**May 2024** (*\x1adate disputed*)" in event
    assert "*\x1aDate as the sources put it:* mid-May 2024" in event
    assert "*\x1aDate disputed:* sources give 8–14 May 2024[^1] or 20 May 2024 (approx.)[^2]" in event
    assert "- **8–14 May 2024**: in the second week of May[^1] (reported by Eastern Daily)" in event
    assert "- **20 May 2024 (approx.)**: around 20 May, after the holiday[^2] (reported by Harbor Courier)" in event
    assert "[^1]: [Officials met in secret last month](../sources/daily-original.md)" in event
    assert "[^2]: [" in event and "(../sources/courier-relay.md)" in event.split("[^2]: ")[1]
    # Every row links "date disputed" to the versions and their citations.
    dispute = "../events/secret-meeting.md#where-sources-disagree"
    row = f"| May 2024 (*\x1a[date disputed]({dispute})*) | [Secret meeting near Port Alder](../events/secret-meeting.md)<span"
    assert row in pages["chronology/index.md"].content
    for uri in ["people/ann-example.md", "people/cho-test.md", "places/port-alder.md", "sources/daily-original.md"]:
        assert f"| May 2024 (*\x1a[date disputed]({dispute})*) |" in pages[uri].content, uri


def test_only_dated_event_disagreements_dispute_a_date(pages):
    assert pages["chronology/index.md"].content.count("date disputed") == 1
    assert "date disputed" not in pages["places/port-alder.md"].content.split("## Where sources disagree")[1]


DISPUTE_SOURCE = "id: paper\ntitle: A paper\nurl: https://paper.example/a\n"
DISPUTE_EVENT = ("id: {id}\ntitle: Talks {id}\ndate: {date}\nkind: talks\nstatus: reported\nsources: [paper]\n"
                 "disagreements:\n  - about: {about}\n    versions:\n      - says: one account\n{first}"
                 "        sources: [paper]\n      - says: another account\n{second}        sources: [paper]\n")


def _dispute_site(tmp_path, events: dict[str, tuple[str, str, str]], organization: str = "") -> dict[str, str]:
    for folder, files in {"source": {"paper": DISPUTE_SOURCE}, "organization": {"org": organization},
                          "event": {key: DISPUTE_EVENT.format(id=key, date=date, about="When",
                                                              first=first, second=second)
                                    for key, (date, first, second) in events.items()}}.items():
        (tmp_path / folder).mkdir()
        for stem, text in files.items():
            if text:
                (tmp_path / folder / f"{stem}.yml").write_text(text, encoding="utf-8")
    site, problems, _ = check(tmp_path)
    assert problems == []
    return {page.uri: page.content for page in render(site, Settings(templates=TEMPLATES), Publication())}


def test_undated_or_agreeing_versions_do_not_dispute_a_date(tmp_path):
    same = "        date: 2019-10-XX\n"
    organization = ("id: org\nname: Org\ndisagreements:\n  - about: Founded\n    versions:\n"
                    "      - says: in 1921\n        date: '1921'\n        sources: [paper]\n"
                    "      - says: in 1924\n        date: '1924'\n        sources: [paper]\n")
    pages = _dispute_site(tmp_path, {"undated": ("2019-10", "", ""), "agreeing": ("2019-10", same, same),
                                     "one-off": ("2019-10", "        date: 2019-11\n", "")}, organization)
    assert "date disputed" not in pages["events/undated.md"] + pages["events/agreeing.md"]
    assert "- **October 2019**: one account[^1]" in pages["events/agreeing.md"]
    assert "**October 2019** (*\x1adate disputed*)" in pages["events/one-off.md"]
    assert "*\x1aDate disputed:* sources give November 2019[^1] (see" in pages["events/one-off.md"]
    chronology = pages["chronology/index.md"]
    assert chronology.count("date disputed") == 1 and "| October 2019 (*\x1a[date disputed](../events/one-off.md#where-sources-disagree)*) | [Talks one-off]" in chronology
    org = pages["organizations/org.md"]
    assert "date disputed" not in org and "- **1921**: in 1921[^1]" in org and "- **1924**: in 1924[^1]" in org


def test_an_event_lists_every_source_it_cites_even_if_only_inline(pages):
    """`sources:` need not repeat a citation: the Sources list is what the page cites."""
    chat = pages["events/chat-policy.md"].content
    assert "## Sources\n\n- [A decade of quiet channels](../sources/weekly-review.md)" in chat


def hub_pages(root: Path, events: list[str], others: int = 0) -> dict[str, str]:
    """Pages (timeline_limit 5) of a person ``hub``, people p00, p01, ... (``others`` of them), a source
    ``wire`` and events e00, e01, ... whose fields are ``events`` (each also gets its id, kind, status and
    ``sources: [wire]``)."""
    for folder in ("person", "source", "event"):
        (root / folder).mkdir()
    (root / "person" / "hub.yml").write_text("id: hub\nname: Hub Person\n")
    for n in range(others):
        (root / "person" / f"p{n:02d}.yml").write_text(f"id: p{n:02d}\nname: Person {n:02d}\n")
    (root / "source" / "wire.yml").write_text("id: wire\npublisher: Wire\nurl: https://wire.example/a\n")
    for n, fields in enumerate(events):
        (root / "event" / f"e{n:02d}.yml").write_text(
            f"id: e{n:02d}\n{fields}kind: meeting\nstatus: reported\nsources: [wire]\n")
    site, problems, _ = check(root)
    assert problems == []
    return {page.uri: page.content for page in render(site, Settings(templates=TEMPLATES, timeline_limit=5), Publication())}


def test_a_hubs_timeline_is_split_by_year_and_every_event_is_reachable_from_its_page(tmp_path):
    """One person in 23 events: their page lists the latest and links to year pages of at most 5 rows."""
    events = [f"e{n:02d}" for n in range(23)]
    pages = hub_pages(tmp_path, [  # 8, 8 and 7 events in 2016, 2017, 2018
        f"title: Event {n}\ndate: '{2016 + n // 8}-0{1 + n % 8}-01'\nparticipants:\n  - person: hub\n    role: role {n}\n"
        for n in range(23)])
    hub = pages["people/hub.md"]
    assert "23 events, by year: [2016](hub/2016.md) (5) · [2016 (part 2)](hub/2016/2.md) (3) · " in hub
    assert "(2)\n\nThe latest 5:\n\n<div class=\"annals-visual\"></div>\n\n| Date |" in hub, "the year links and 'The latest' are two paragraphs"
    assert hub.count("](../events/e") == 5
    parts = [uri for uri in pages if uri.startswith("people/hub/")]
    assert sorted(parts) == ["people/hub/2016.md", "people/hub/2016/2.md", "people/hub/2017.md",
                             "people/hub/2017/2.md", "people/hub/2018.md", "people/hub/2018/2.md"]
    listed = "".join(pages[uri] for uri in parts)
    assert all(re.search(rf"\((\.\./)+events/{e}\.md\)", listed) for e in events), "an event is on no year page"
    assert all(pages[uri].count("](../../events/e") <= 5 for uri in parts)
    assert "| role 3 |" in pages["people/hub/2016.md"] and "[All of Hub Person](../hub.md)" in pages["people/hub/2016.md"]


def test_relative_links_are_what_relpath_gives():
    import itertools
    import posixpath

    from annals.render.context import relative_uri

    uris = ["index.md", "events/a.md", "events/index.md", "events/by/a.md", "people/x.md", "people/x/2018.md",
            "chronology/by/2012/2.md", "reference/entries.md", "a/b/c/d.md", "events/a/b.md"]
    for target, page in itertools.product(uris, uris):
        assert relative_uri(target, page) == posixpath.relpath(target, posixpath.dirname(page) or "."), (target, page)


def test_forked_workers_render_the_same_pages(tmp_path):
    """Rendering in forked processes gives the same pages as rendering in one (``render`` sorts them)."""
    from test_bench import load_bench

    from annals.render import parallel, render_units, units

    load_bench().make_corpus(300, tmp_path, hubs=True)
    site, problems, _ = check(tmp_path)
    assert problems == []
    if sys.platform != "linux":
        pytest.skip("workers are forked on Linux only")
    todo = units(site)
    settings = Settings(templates=TEMPLATES, page_limit=200, timeline_limit=10)
    one, _ = render_units(site, settings, todo, Publication())
    three, problems = parallel.render_forked(site, settings, todo, workers=3, publication=Publication())
    assert problems == []
    assert sorted((p.uri, p.content, p.entry_path, p.nav_title) for p in three) == \
        sorted((p.uri, p.content, p.entry_path, p.nav_title) for p in one)


def test_a_long_mentioned_in_list_is_split_into_numbered_pages_that_reach_every_entry(tmp_path):
    """Twelve events mention one person: her page links to three pages of at most five mentions each."""
    pages = hub_pages(tmp_path, [f"title: Event {n:02d}\ndate: '2019-01-{n + 1:02d}'\nsummary: '[[person:hub]] spoke [@wire].'\n"
                                 for n in range(12)])
    hub = pages["people/hub.md"]
    assert ("## Mentioned in\n\n12 entries, in parts: [1](hub/mentioned-in.md) (5) · "
            "[2](hub/mentioned-in/2.md) (5) · [3](hub/mentioned-in/3.md) (2)\n") in hub
    parts = ["people/hub/mentioned-in.md", "people/hub/mentioned-in/2.md", "people/hub/mentioned-in/3.md"]
    assert pages[parts[1]].startswith("# Hub Person: Mentioned in (2 of 3)\n\n[All of Hub Person](../../hub.md)\n")
    listed = "".join(pages[uri] for uri in parts)
    assert all(re.search(rf"- \[Event {n:02d}\]\((\.\./)+events/e{n:02d}\.md\)", listed) for n in range(12))


def test_shared_events_show_the_most_shared_and_split_the_rest_into_numbered_pages(tmp_path):
    """25 people share events with one hub: its page shows the 20 who share most, linked to the chronology
    of the shared events, and "all 25" leads to pages of at most 5 rows (timeline_limit) that reach everyone."""
    pairs = [f"title: Event {n:02d}\ndate: '2019-01-{n + 1:02d}'\nparticipants:\n  - person: hub\n  - person: p{n:02d}\n"
             for n in range(25)]
    extra = [f"title: Extra {n}\ndate: '2020-01-0{n + 1}'\nparticipants:\n  - person: hub\n  - person: p24\n"
             "  - person: p24\n" for n in range(2)]  # listed twice: one event still
    pages = hub_pages(tmp_path, pairs + extra, others=25)
    hub = pages["people/hub.md"]
    section = hub.split("## Shared events\n\n", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| \[(Person \d\d)\]\([^)]*\) \| \[(\d+) events?\]\(([^)]*)\) \|$", section, re.M)
    assert len(rows) == 20, "at most 20 on the entry's page"
    assert rows[0] == ("Person 24", "3", "../chronology/index.md?person=hub&person=p24"), "most shared first"
    assert [r[0] for r in rows[1:4]] == ["Person 00", "Person 01", "Person 02"], "then by name"
    assert "[all 25](hub/shared-events.md)" in section
    parts = ["people/hub/shared-events.md"] + [f"people/hub/shared-events/{n}.md" for n in range(2, 6)]
    assert sorted(uri for uri in pages if "/shared-events" in uri) == sorted(parts)
    assert pages[parts[1]].startswith("# Hub Person: Shared events (2 of 5)\n\n[All of Hub Person](../../hub.md)\n")
    listed = "".join(pages[uri] for uri in parts)
    for n in range(25):
        assert re.search(rf"\]\((\.\./)+chronology/index\.md\?person=hub&person=p{n:02d}\)", listed), f"p{n:02d} is on no page"
    assert all(pages[uri].count("?person=hub&") <= 5 for uri in parts), "at most timeline_limit rows a page"


def test_an_entry_with_few_shared_events_lists_them_all_on_its_page(pages):
    ben = pages["people/ben-sample.md"].content
    assert ("| [Ann Example](ann-example.md) | [1 event](../chronology/index.md?person=ben-sample&person=ann-example) |"
            in ben)
    assert "[all " not in ben and not any(uri.startswith("people/ben-sample/") for uri in pages)
    assert "## Shared events" not in pages["places/port-alder.md"].content, "places take part in nothing"


def test_a_tag_page_says_what_the_tag_means_and_links_to_its_events_in_the_chronology(pages):
    talks = pages["tags/talks/index.md"]
    assert talks.entry_path.endswith("entries/tag/talks.yml"), "an edit to the description names its file"
    assert ("Rounds of negotiation between delegations of two governments, such as the "
            "[two days in Port Alder](../../events/talks-2012.md)[^1].") in talks.content
    assert "[These events in the chronology](../../chronology/index.md?tag=talks)" in talks.content
    assert "[^1]: [Delegations meet in Port Alder](../../sources/gazette-talks.md)" in talks.content
    undescribed = pages["tags/port-alder/index.md"].content
    assert "[These events in the chronology](../../chronology/index.md?tag=port-alder)" in undescribed
    assert "[^" not in undescribed, "a tag without a description file shows its entries only"
    assert not any(uri.startswith("tags/talks") and uri != "tags/talks/index.md" for uri in pages), \
        "a tag's entry has no page of its own"


def test_a_tag_description_is_held_to_the_rules_of_all_entry_text(tmp_path):
    """Entry text is hostile on a tag's page too: HTML in a description is refused like anywhere else."""
    hub_pages(tmp_path, ["title: Event\ndate: '2019'\ntags: [odd]\n"])
    (tmp_path / "tag").mkdir()
    (tmp_path / "tag" / "odd.yml").write_text("id: odd\ndescription: 'A <script>alert(1)</script> tag'\n")
    _, problems, _ = check(tmp_path)
    assert [(Path(p.path).name, p.line, p.message) for p in problems] == [
        ("odd.yml", 2, "raw HTML is not allowed in entry text")] * len(problems) and problems


def test_native_names_say_their_language_and_their_family_and_given_name_apart_with_no_hidden_text():
    from annals.render.entries import native_name

    assert native_name("岸田文雄", "ja-Jpan") == {"text": "岸田文雄", "lang": "ja", "language": "Japanese",
                                                "family": None, "given": None}
    assert native_name("김정은", "ko-Hang")["lang"] == "ko-Hang"
    assert native_name("김정은", "ko-Hang", "김") == {"text": "김정은", "lang": "ko-Hang", "language": "Korean",
                                                       "family": "김", "given": "정은"}


UNVERIFIABLE = {"title": "A headline", "publisher": "The Paper", "authors": "[A Writer]", "published": "2024-06-13",
                "url": "https://paper.example/a", "language": "ko"}
"""The fields a source may list under `unverified:`, each with a value."""


@pytest.mark.parametrize("filled", [True, False])
def test_every_field_listed_as_unverified_is_marked_and_no_other(tmp_path, filled):
    """`unverified:` lists the fields the note explains: each shows *(unverified)*, after its value or after
    "not known"; a field left empty and not listed shows plain "not known"."""
    folder = tmp_path / "source"
    folder.mkdir()
    values = "".join(f"{field}: {value}\n" for field, value in UNVERIFIABLE.items()) if filled else ""
    (folder / "listed.yml").write_text(f"id: listed\n{values}unverified: [{', '.join(UNVERIFIABLE)}]\n"
                                       "note: None of it could be checked.\n", encoding="utf-8")
    (folder / "unlisted.yml").write_text("id: unlisted\narchive_url: https://archive.example/b\n", encoding="utf-8")
    site, problems, _ = check(tmp_path)
    assert [p for p in problems if not p.is_warning] == []  # only the warnings that nothing cites them
    pages = {page.uri: page.content for page in render(site, Settings(templates=TEMPLATES), Publication())}
    rows = [line for line in pages["sources/listed.md"].splitlines() if line.startswith("| ") and "|" in line[2:]]
    marked = {row.split(" | ")[0].removeprefix("| ") for row in rows if row.endswith(" *(unverified)* |")}
    assert marked == {"Title", "Publisher", "Authors", "Published", "Address", "Language"}, rows
    if not filled:
        assert all("not known *(unverified)*" in row for row in rows if row.endswith(" *(unverified)* |"))
    unlisted = pages["sources/unlisted.md"]
    assert "unverified" not in unlisted and unlisted.count("| not known |") == 5  # title, publisher, authors, published, address


def test_the_unverified_rule_says_what_each_label_means():
    """Whether an empty field goes under `unverified:` too, answered where editors read the rule."""
    from annals.model import UNVERIFIED_RULE

    assert "whether you leave it empty or keep a value you could not confirm" in UNVERIFIED_RULE
    assert "a field left empty and not listed as not known" in UNVERIFIED_RULE
    contributing = " ".join((HERE.parent / "CONTRIBUTING.md").read_text(encoding="utf-8").split())
    for label in ("*not known (unverified)*", "*(unverified)* after a value", "plain *not known*"):
        assert label in contributing, label


def test_an_entry_pages_sidebar_holds_a_few_links_from_the_sites_root(pages):
    """What the theme shows in an entry page's left sidebar (templates/theme/main.html): bounded, whatever the site."""
    assert pages["events/talks-2012.md"].sidebar == (
        {"label": "All events", "url": "events/"},
        {"label": "2012 in the chronology", "url": "chronology/?from=2012&to=2012"},
        {"label": "Earlier: An early back channel", "url": "events/early-contact/"},
        {"label": "Later: Preparatory contacts", "url": "events/month-span/"})
    assert pages["people/ann-example.md"].sidebar == (
        {"label": "All people", "url": "people/"},
        {"label": "Their events in the chronology", "url": "chronology/?person=ann-example"})
    assert pages["sources/gazette-talks.md"].sidebar == ({"label": "All sources", "url": "sources/"},)
    assert all(len(p.sidebar) <= 4 for p in pages.values())


@given(st.lists(st.tuples(st.sampled_from(["person", "place", "tag", "a b", "ü"]),
                          st.text(alphabet="abz09-_.~ &=?#%+/é", max_size=12)), max_size=4))
@settings(max_examples=200, derandomize=True, database=None)
def test_a_chronology_query_is_what_urlencode_gives(filters):
    """The fast path for ids gives urlencode's own bytes, and anything else still goes through urlencode."""
    assert chronology_query(filters) == "?" + urlencode(filters)
