"""The data the site publishes, read back by independent readers: JSON Schema, csv, icalendar,
the CSL schema, bibtexparser, feedparser, and JSON-LD in the built pages.

Expected counts come from the entry files themselves (read with PyYAML), not from Annals.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import bibtexparser
import feedparser
import icalendar
import pytest
import yaml
from conftest import REAL_REPO_URL, REAL_SITE_URL, REPO, fixture_project, mkdocs_build, visit
from playwright.sync_api import expect

from annals.export.tables import CITATION_COLUMNS, EVENT_COLUMNS
from annals.render.citing import bibtex_text

ENTRIES = REPO / "entries"
HOSTILE_ENTRIES = REPO / "tests" / "hostile" / "site" / "entries"
CSL_SCHEMA = REPO / "tests" / "vendor" / "csl-schema" / "csl-data.json"
TYPES = {"event": "events", "person": "people", "organization": "organizations", "place": "places",
         "source": "sources", "tag": "tags"}
SCHEMA_TYPES = {"event": "Event", "person": "Person", "organization": "Organization", "place": "Place"}


def entry_files(kind: str | None = None) -> dict[tuple[str, str], dict]:
    """Every entry file's data, read with PyYAML, by (type, id)."""
    kinds = [kind] if kind else list(TYPES)
    return {(k, path.stem): yaml.safe_load(path.read_text(encoding="utf-8"))
            for k in kinds for path in sorted((ENTRIES / k).glob("*.yml"))}


def citation_count(value) -> int:
    """Citations in one entry, counted the plain way: source ids in fields (a source's ``cites`` too), ``[@id`` in text."""
    if isinstance(value, dict):
        own = sum(1 for key, v in value.items() if key == "source" and isinstance(v, str))
        own += sum(len(v) for key, v in value.items() if key in ("sources", "cites") and isinstance(v, list))
        return own + sum(citation_count(v) for key, v in value.items() if key not in ("source", "sources", "cites"))
    if isinstance(value, list):
        return sum(citation_count(v) for v in value)
    if isinstance(value, str):
        return len(re.findall(r"\[@[a-z0-9-]+", value))
    return 0


def in_calendar(edtf: str) -> bool:
    """A day (qualified or not), or an interval with two known ends."""
    if "/" in edtf:
        return ".." not in edtf and "" not in edtf.split("/")
    return re.fullmatch(r"\d{4}-\d{2}-\d{2}[?~%]?", edtf) is not None


def check_jsonschema(schema: Path, instance: Path) -> subprocess.CompletedProcess:
    command = Path(sys.executable).parent / "check-jsonschema"
    return subprocess.run([str(command), "--schemafile", str(schema), str(instance)], capture_output=True, text=True)


# --- Dataset ------------------------------------------------------------------

def test_entries_json_validates_against_its_published_schema(real_site, tmp_path):
    data = real_site / "data"
    done = check_jsonschema(data / "entries.schema.json", data / "entries.json")
    assert done.returncode == 0, done.stdout + done.stderr
    dataset = json.loads((data / "entries.json").read_text(encoding="utf-8"))
    assert {(e["type"], e["id"]) for e in dataset["entries"]} == set(entry_files())
    assert re.fullmatch(r"[0-9a-f]{40}", dataset["build"]), "the commit the data was built from"
    # The validator is not a rubber stamp: a record with a wrong field fails it.
    dataset["entries"][0]["fields"]["id"] = 42
    broken = tmp_path / "entries.json"
    broken.write_text(json.dumps(dataset), encoding="utf-8")
    assert check_jsonschema(data / "entries.schema.json", broken).returncode == 1


def test_entries_json_holds_what_linking_found(real_site):
    records = {(e["type"], e["id"]): e for e in
               json.loads((real_site / "data" / "entries.json").read_text(encoding="utf-8"))["entries"]}
    talks = records[("event", "talks-2012-ulaanbaatar")]
    assert talks["date"] == {"edtf": "2012-11-15/2012-11-16", "text": "15–16 November 2012", "first_day": "2012-11-15",
                             "last_day": "2012-11-16", "known_to_day": True, "qualified": False}
    assert talks["fields"]["status"] == "confirmed"
    assert {"type": "person", "id": "song-il-ho", "field": "participants[0].person"} in talks["references"]
    song = records[("person", "song-il-ho")]
    assert {"type": "event", "id": "talks-2012-ulaanbaatar", "field": "participants[0].person"} in song["backlinks"]
    for key, data in entry_files().items():
        assert len(records[key]["citations"]) == citation_count(data), key


# --- Tables -------------------------------------------------------------------

def read_csv(path: Path) -> list[dict]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 with a byte order mark, for spreadsheets"
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def test_events_csv_round_trips_one_row_per_event(real_site):
    rows = read_csv(real_site / "data" / "events.csv")
    events = entry_files("event")
    assert [*rows[0]] == list(EVENT_COLUMNS)
    assert sorted(r["id"] for r in rows) == sorted(key[1] for key in events)
    for row in rows:
        data = events[("event", row["id"])]
        assert row["title"] == data["title"] and row["status"] == data["status"]
        assert row["date_edtf"] == str(data["date"])
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["first_day"]) and row["first_day"] <= row["last_day"]
        assert row["source_ids"].split(" | ")[0] in {s for s in data.get("sources") or []} | set(
            re.findall(r"\[@([a-z0-9-]+)", json.dumps(data, default=str))), row["id"]


def test_citations_csv_has_one_row_per_citation(real_site):
    rows = read_csv(real_site / "data" / "citations.csv")
    assert [*rows[0]] == list(CITATION_COLUMNS)
    assert len(rows) == sum(citation_count(data) for data in entry_files().values())
    quoted = [r for r in rows if r["quote"]]
    assert quoted and all(r["entry_id"] and r["source_id"] for r in quoted)


# --- Calendar -------------------------------------------------------------------

def test_the_calendar_has_one_event_per_day_or_interval_event(real_site):
    calendar = icalendar.Calendar.from_ical((real_site / "data" / "events.ics").read_bytes())
    found = {str(e["UID"]).split("@")[0].removeprefix("event-"): e for e in calendar.walk("VEVENT")}
    expected = {key[1] for key, data in entry_files("event").items() if in_calendar(str(data["date"]))}
    assert set(found) == expected and expected
    talks = found["talks-2012-ulaanbaatar"]
    assert str(talks.decoded("DTSTART")) == "2012-11-15" and str(talks.decoded("DTEND")) == "2012-11-17"
    assert str(talks["URL"]) == REAL_SITE_URL + "events/talks-2012-ulaanbaatar/"
    assert str(talks["STATUS"]) == "CONFIRMED"


# --- Bibliography -------------------------------------------------------------

def test_sources_validate_as_csl_json(real_site):
    done = check_jsonschema(CSL_SCHEMA, real_site / "data" / "sources.json")
    assert done.returncode == 0, done.stdout + done.stderr
    items = json.loads((real_site / "data" / "sources.json").read_text(encoding="utf-8"))
    assert {i["id"] for i in items} == {key[1] for key in entry_files("source")}


def test_sources_parse_as_bibtex(real_site):
    library = bibtexparser.parse_string((real_site / "data" / "sources.bib").read_text(encoding="utf-8"))
    assert not library.failed_blocks
    sources = entry_files("source")
    assert {e.key for e in library.entries} == {key[1] for key in sources}
    for entry in library.entries:
        data = sources[("source", entry.key)]
        if data.get("url"):
            assert entry.fields_dict["url"].value == data["url"]


# --- Feeds --------------------------------------------------------------------

def test_both_feeds_parse_as_atom(real_site):
    events = feedparser.parse((real_site / "feeds" / "events.atom").read_bytes())
    assert not events.bozo and events.version == "atom10"
    assert len(events.entries) == min(50, len(entry_files("event")))
    assert events.entries[0].link.startswith(REAL_SITE_URL + "events/")
    changes = feedparser.parse((real_site / "feeds" / "changes.atom").read_bytes())
    assert not changes.bozo and changes.version == "atom10"
    assert changes.entries, "the repository has history, so there are changes"
    assert all(e.title.startswith(("Added: ", "Changed: ")) for e in changes.entries)
    times = [e.updated for e in changes.entries]
    assert times == sorted(times, reverse=True), "newest first"


# --- Pages: structured data, meta, citation, provenance -----------------------

def ld_json(html: str) -> list[dict]:
    return [json.loads(block) for block in
            re.findall(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S)]


def test_every_entry_page_has_json_ld_of_its_type(real_site):
    for (kind, entry_id), data in entry_files().items():
        html = (real_site / TYPES[kind] / entry_id / "index.html").read_text(encoding="utf-8")
        (found,) = ld_json(html)
        expected = SCHEMA_TYPES.get(kind) or ("NewsArticle" if data.get("publisher") else
                                              "WebPage" if kind == "tag" else "CreativeWork")  # a tag's page
        assert found["@context"] == "https://schema.org" and found["@type"] == expected, entry_id
        assert found["url"] == f"{REAL_SITE_URL}{TYPES[kind]}/{entry_id}/"
        if kind == "event" and data.get("place") and data.get("place_qualifier", "in") == "in":
            assert found["location"]["url"].endswith(f"/places/{data['place']}/")
        elif kind == "event" and data.get("place"):  # near or outside: a place of its own, not the place's page
            place = entry_files("place")[("place", data["place"])]["name"]
            assert found["location"] == {"@type": "Place", "name": f"{data['place_qualifier']} {place}"}, entry_id
        if kind == "source" and data.get("url"):
            assert data["url"] in found["sameAs"]


def test_every_page_has_one_json_ld_block_and_a_canonical_link(real_site):
    pages = sorted(real_site.rglob("*.html"))
    for page in pages:
        html = page.read_text(encoding="utf-8")
        if "404" in page.name:
            continue
        assert len(ld_json(html)) == 1, page
        assert re.search(r'<link rel="canonical" href="https://example\.org/channel/', html), page
    sitemap = (real_site / "sitemap.xml").read_text(encoding="utf-8")
    assert sitemap.count("<loc>https://example.org/channel/") == len([p for p in pages if "404" not in p.name])


def test_entry_pages_describe_themselves_from_the_entry(real_site):
    html = (real_site / "events" / "talks-2012-ulaanbaatar" / "index.html").read_text(encoding="utf-8")
    description = re.search(r'<meta name="description" content="([^"]*)"', html).group(1)
    assert description.startswith("15–16 November 2012, confirmed. Government delegations")
    assert "[@" not in description and len(description) <= 200
    assert f'<meta property="og:url" content="{REAL_SITE_URL}events/talks-2012-ulaanbaatar/"' in html
    assert '<meta property="og:title" content="Japan–North Korea intergovernmental talks in Ulan Bator"' in html


def test_cite_this_page_names_the_revision_of_the_entry_file(real_site):
    html = (real_site / "events" / "talks-2012-ulaanbaatar" / "index.html").read_text(encoding="utf-8")
    commit = subprocess.run(["git", "-C", str(REPO), "log", "-1", "--format=%H", "--",
                             "entries/event/talks-2012-ulaanbaatar.yml"], capture_output=True, text=True).stdout.strip()
    assert commit, "the entry has a commit"
    revision = f"{REAL_REPO_URL}/blob/{commit}/entries/event/talks-2012-ulaanbaatar.yml"
    assert f'href="{revision}"' in html, "Last changed links to the file at that revision"
    assert "History of this entry" in html
    bibtex = re.search(r"<code>(@misc\{.*?)</code>", html, re.S).group(1)
    import html as html_module
    library = bibtexparser.parse_string(html_module.unescape(bibtex))
    (entry,) = library.entries
    assert entry.fields_dict["url"].value == REAL_SITE_URL + "events/talks-2012-ulaanbaatar/"
    assert commit in entry.fields_dict["note"].value


def test_without_git_no_history_is_shown(tmp_path):
    config = fixture_project(tmp_path / "project")  # a copy: not in a git repository
    site = mkdocs_build(config, tmp_path / "site").site
    html = (site / "events" / "secret-meeting" / "index.html").read_text(encoding="utf-8")
    assert "Cite this page" in html
    assert "Last changed" not in html and "History of this entry" not in html
    dataset = json.loads((site / "data" / "entries.json").read_text(encoding="utf-8"))
    assert dataset["build"] is None and all(e["last_changed"] is None for e in dataset["entries"])
    assert feedparser.parse((site / "feeds" / "changes.atom").read_bytes()).entries == []


@pytest.mark.slow
def test_two_builds_of_one_commit_give_the_same_bytes(real_site, tmp_path):
    again = mkdocs_build(REPO / "mkdocs.yml", tmp_path / "again",
                         env={"ANNALS_REPO_URL": REAL_REPO_URL, "ANNALS_SITE_URL": REAL_SITE_URL}).site
    first = {p.relative_to(real_site): p.read_bytes() for p in real_site.rglob("*") if p.is_file()}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert set(first) == set(second)
    differ = sorted(str(path) for path in first if first[path] != second[path])
    assert not differ, f"these files differ between two builds: {differ[:10]}"
    assert Path("data/entries.json") in first and Path("feeds/changes.atom") in first


# --- Archives -------------------------------------------------------------------

def run_annals(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "annals.cli", *args], capture_output=True, text=True, cwd=cwd)


def test_archive_check_lists_sources_without_an_archived_copy(tmp_path):
    shutil.copytree(ENTRIES, tmp_path / "entries")
    sources = sorted((tmp_path / "entries" / "source").glob("*.yml"))
    done = run_annals("archive-check", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert f"{len(sources)} of {len(sources)} sources have no archived copy" in done.stdout
    archived = sources[0]
    archived.write_text(archived.read_text(encoding="utf-8")
                        + "archive_url: https://web.archive.org/web/2024/https://example.org/a\naccessed: 2024-06-14\n",
                        encoding="utf-8")
    done = run_annals("archive-check", cwd=tmp_path)
    assert f"{len(sources) - 1} of {len(sources)} sources" in done.stdout
    assert f"entries/source/{archived.name}" not in done.stdout
    assert re.search(rf"entries/source/{re.escape(sources[1].name)}:\d+:\d+: this source has no archived copy",
                     done.stdout)
    assert run_annals("archive-check", "--strict", cwd=tmp_path).returncode == 1


# --- Hostile text -----------------------------------------------------------------

@pytest.mark.slow
def test_hostile_entries_leave_every_export_readable(hostile_site):
    """Titles built to break out of HTML, Markdown, CSV, iCalendar, BibTeX and XML are carried as text."""
    data = hostile_site / "data"
    done = check_jsonschema(data / "entries.schema.json", data / "entries.json")
    assert done.returncode == 0, done.stdout + done.stderr
    events = {path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))
              for path in sorted((HOSTILE_ENTRIES / "event").glob("*.yml"))}
    rows = {r["id"]: r for r in read_csv(data / "events.csv")}
    assert set(rows) == set(events)
    for event_id, event in events.items():
        title = rows[event_id]["title"]
        assert title == event["title"] or title == "'" + event["title"], event_id  # a formula-like start: quoted
    calendar = icalendar.Calendar.from_ical((data / "events.ics").read_bytes())
    summaries = {str(e["UID"]).split("@")[0].removeprefix("event-"): str(e["SUMMARY"]) for e in calendar.walk("VEVENT")}
    for event_id, summary in summaries.items():
        assert summary.startswith(events[event_id]["title"]), event_id
    library = bibtexparser.parse_string((data / "sources.bib").read_text(encoding="utf-8"))
    assert not library.failed_blocks and len(library.entries) == len(list((HOSTILE_ENTRIES / "source").glob("*.yml")))
    for entry in library.entries:  # read back exactly as written: no brace or backslash ended a field early
        title = yaml.safe_load((HOSTILE_ENTRIES / "source" / f"{entry.key}.yml").read_text(encoding="utf-8")).get("title")
        if title:
            assert entry.fields_dict["title"].value == bibtex_text(title), entry.key
    assert check_jsonschema(CSL_SCHEMA, data / "sources.json").returncode == 0
    for feed in ("events.atom", "changes.atom"):
        parsed = feedparser.parse((hostile_site / "feeds" / feed).read_bytes())
        assert not parsed.bozo, (feed, parsed.get("bozo_exception"))
    titles = {e.title for e in feedparser.parse((hostile_site / "feeds" / "events.atom").read_bytes()).entries}
    assert any("<script" in t.lower() or "</title>" in t.lower() for t in titles), "hostile titles arrive as text"


# --- In the browser -------------------------------------------------------------

@pytest.mark.browser
@pytest.mark.slow
def test_a_reader_downloads_every_file_from_the_data_page(browser, real_served):
    with visit(browser) as page:
        page.goto(f"{real_served}events/")
        page.get_by_role("link", name="what each file holds").click()
        expect(page.locator("h1")).to_contain_text("Data")
        links = page.locator("article table a")
        hrefs = links.evaluate_all("els => els.map(e => e.href)")
        assert len(hrefs) == 9
        for href in hrefs:
            response = page.request.get(href)
            assert response.status == 200 and response.body(), href
        assert "CC BY 4.0" in page.locator("article").inner_text()


@pytest.mark.browser
@pytest.mark.slow
def test_a_printed_page_shows_where_outside_links_go(browser, real_served):
    with visit(browser) as page:
        page.goto(f"{real_served}events/talks-2012-ulaanbaatar/")
        history = page.get_by_role("link", name="History of this entry")
        after = "el => getComputedStyle(el, '::after').content"
        assert history.evaluate(after) in ("none", "normal")
        page.emulate_media(media="print")
        assert REAL_REPO_URL in history.evaluate(after)
        internal = page.locator("article a[href^='../']").first
        assert internal.evaluate(after) in ("none", "normal"), "links inside the site print as they are"


def test_without_site_url_json_ld_links_resolve_from_the_page_to_real_pages(fixture_site):
    """Relative addresses in JSON-LD are read against the page's own address: MkDocs never rewrites them."""
    page = fixture_site / "events" / "talks-2012" / "index.html"
    (data,) = ld_json(page.read_text(encoding="utf-8"))
    linked = [data["url"], data["location"]["url"]] + [p["url"] for p in data["attendee"]]
    for url in linked:
        assert not url.startswith(("http:", "https:", "/")), url
        target = (page.parent / url / "index.html").resolve()
        assert target.is_file(), f"{url} from {page.relative_to(fixture_site)} leads nowhere"


@pytest.mark.parametrize("edtf, start, end", [
    ("2012-11-15", "2012-11-15", None),
    ("2024-05-XX", "2024-05", None),
    ("2018-02?", "2018-02", None),
    ("2012~", "2012", None),
    ("201X", "2010", "2019"),
    ("19XX", "1900", "1999"),
    ("2012-11-15/2012-11-16", "2012-11-15", "2012-11-16"),
    ("2012-11/2012-12", "2012-11", "2012-12"),
    ("2012-11-15/..", "2012-11-15", None),
    ("../2012", None, "2012"),
])
def test_json_ld_gives_an_events_dates_at_the_precision_known(edtf, start, end):
    from annals.dates import parse_edtf
    from annals.render.structured import _iso_range

    assert _iso_range(parse_edtf(edtf)) == (start, end)


def test_every_real_event_has_a_start_date_and_only_schema_org_event_terms():
    """schema.org's Event has attendee, not participant, and no additionalProperty; every event has a startDate
    at the precision known, unless the sources give it no start."""
    from annals.pipeline import generate

    events = [json.loads(f.structured) for f in generate(REPO / "entries", REPO / "templates").files
              if f.uri.startswith("events/") and f.structured]
    assert len(events) >= 30
    for data in events:
        assert data["@type"] == "Event" and re.fullmatch(r"\d{4}(-\d{2}){0,2}", data["startDate"]), data
        assert not {"participant", "additionalProperty"} & set(data), data
        assert all(a["@type"] in ("Person", "Organization") for a in data.get("attendee", [])), data


def test_with_site_url_every_export_gives_each_pages_full_address(tmp_path):
    """entries.json and events.csv point home: a reader of the data alone can open each entry's page."""
    from annals.pipeline import generate
    from annals.publication import Publication

    corpus = REPO / "tests" / "fixtures" / "corpus" / "entries"
    published = {f.uri: f.content for f in generate(corpus, REPO / "templates",
                                                    Publication(site_url="https://example.org/site/")).exports.files()}
    records = json.loads(published["data/entries.json"])["entries"]
    assert records and all(r["url"] == "https://example.org/site/" + r["page"] for r in records), records[0]
    rows = list(csv.DictReader(io.StringIO(published["data/events.csv"].lstrip("\ufeff"))))
    assert rows and all(row["url"] == "https://example.org/site/" + row["page"] for row in rows)
    plain = {f.uri: f.content for f in generate(corpus, REPO / "templates").exports.files()}
    assert all(record["url"] is None for record in json.loads(plain["data/entries.json"])["entries"])
