"""Every generated page read as a browser reads it: no template seams show.

The real site, the fixture site and the hostile site are each built once
(conftest.py) and every HTML page of each is parsed with the standard
library's HTML parser. A page fails on:

* a list item holding another item's marker ("… Ulaanbaatar.- Related to: …"):
  a template's block tag ate the newline between two items;
* Markdown or template syntax left as visible text (``[[``, ``[@``, ``{{``,
  ``{%``, ``](``): a mention, citation, link or template tag not made;
* an HTML character reference visible as text (``&#124;``, ``&amp;``): a value
  escaped twice;
* a table header row whose cells are all empty.

Text inside ``code``, ``pre``, ``kbd``, ``script``, ``style``, ``svg`` and
``template`` is not read for syntax: code shows syntax on purpose (the entry
reference page teaches it), scripts and drawings are not text. Inline code is
read for character references all the same (``&#124;`` in a code span is a
value escaped for Markdown and then shown as code), except on the entry
reference page, which names the references entries may not hold. The one
other exemption is entry text shown as written: the hostile site (and the
fixture corpus's odd names) hold these literals on purpose. A hit passes only
when one of the site's own entry values (or a piece of one, cut where the
engine makes footnotes, links and code spans), shown whole around the hit,
accounts for it, so a value the engine escaped twice still fails.
"""

from __future__ import annotations

import csv
import html.parser
import json
import re
from pathlib import Path
from urllib.parse import urljoin

import pytest
import yaml

REPO = Path(__file__).parents[1]
HOSTILE_ENTRIES = REPO / "tests" / "hostile" / "site" / "entries"
"""Each site's entries: text a page shows as the entry wrote it is exempt, nothing else."""

NOT_TEXT = frozenset({"code", "pre", "kbd", "script", "style", "svg", "template"})
"""Elements whose content is code or not text at all."""

RUN_TOGETHER_RE = re.compile(r"[.!?)\]]\s*[-*] ")
"""A sentence end, then a list marker: the next item's text inside this one."""
LEFT_OVER_RE = re.compile(r"\[\[|\[@|\{\{|\{%|\]\(|`")
"""Mention, citation, template, link or code syntax that should have been made into something."""
ENTITY_RE = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
"""A character reference still visible after parsing: it was escaped twice."""
TEACHES_CHARACTER_REFERENCES = "reference/entries/index.html"
"""The entry reference page shows `&lt;` and `&#60;` in code on purpose: entries may not hold them."""


class PageReader(html.parser.HTMLParser):
    """One page's visible text nodes, its inline code, each list item's own text and each table header's cells."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.open = dict.fromkeys(NOT_TEXT, 0)
        self.texts: list[str] = []
        self.code: list[str] = []
        self.items: list[str] = []
        self._open_items: list[list[str]] = []
        self.headers: list[list[str]] = []
        self._header: list[str] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag in NOT_TEXT:
            self.open[tag] += 1
        elif tag == "li":
            self._open_items.append([])
        elif tag == "thead":
            self._header = []
        elif tag in ("th", "td") and self._header is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in NOT_TEXT:
            self.open[tag] = max(0, self.open[tag] - 1)
        elif tag == "li" and self._open_items:
            self.items.append("".join(self._open_items.pop()))
        elif tag in ("th", "td") and self._header is not None and self._cell is not None:
            self._header.append("".join(self._cell))
            self._cell = None
        elif tag == "thead" and self._header is not None:
            self.headers.append(self._header)
            self._header = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)  # header cells count even when their text is code
        if any(n for tag, n in self.open.items() if tag != "code"):
            return
        if self.open["code"]:
            self.code.append(data)
            return
        self.texts.append(data)
        if self._open_items:
            self._open_items[-1].append(data)


def read_page(path: Path) -> PageReader:
    reader = PageReader()
    reader.feed(path.read_text(encoding="utf-8"))
    reader.close()
    return reader


MADE_BY_THE_ENGINE_RE = re.compile(r"\s*\[@[^\]]*\]|\[\[[^\]]*\]\]|`+")
"""What the engine turns into something else in entry Markdown: citations, mentions, code span fences."""


def entry_texts(entries: Path) -> list[str]:
    """Every text value of every entry below ``entries`` as the YAML says it (a plain field shows it whole),
    and its pieces cut where the engine makes footnotes, links and code spans (a Markdown field shows those)."""
    found: list[str] = []

    def walk(value):
        if isinstance(value, str):
            found.append(value)
            found.extend(p.strip() for p in MADE_BY_THE_ENGINE_RE.split(value) if p.strip())
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    for path in sorted(entries.rglob("*.yml")):
        walk(yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader))
    return found


def shown_whole(text: str, start: int, end: int, values: list[str]) -> bool:
    """Whether one of ``values``, shown unchanged in ``text``, covers ``text[start:end]``."""
    for value in values:
        if text[start:end] not in value:
            continue
        at = text.find(value)
        while at != -1:
            if at <= start and end <= at + len(value):
                return True
            at = text.find(value, at + 1)
    return False


def hits(texts: list[str], pattern: re.Pattern, what: str, name: str, exempt: list[str]) -> list[str]:
    """Each match of ``pattern`` in ``texts`` that no exempt value accounts for, as a problem."""
    return [f"{name}: {what}: {text[max(0, m.start() - 60):m.end() + 60]!a}"
            for text in texts for m in pattern.finditer(text)
            if not shown_whole(text, m.start(), m.end(), exempt)]


def page_problems(path: Path, site: Path, exempt: list[str]) -> list[str]:
    """What is wrong with one page, each as ``page: what: excerpt``."""
    reader = read_page(path)
    name = path.relative_to(site).as_posix()
    problems = [f"{name}: items run together: {item.strip()[:160]!a}"
                for item in reader.items if RUN_TOGETHER_RE.search(item)]
    problems += hits(reader.texts, LEFT_OVER_RE, "syntax left as text", name, exempt)
    problems += hits(reader.texts, ENTITY_RE, "escaped twice", name, exempt)
    if name != TEACHES_CHARACTER_REFERENCES:
        problems += hits(reader.code, ENTITY_RE, "escaped twice in code", name, exempt)
    problems += [f"{name}: empty table header row" for cells in reader.headers
                 if not any(c.strip() for c in cells)]
    return problems


def site_problems(site: Path, exempt: list[str] = ()) -> list[str]:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 10, f"too few pages in {site}"
    return [p for page in pages for p in page_problems(page, site, list(exempt))]


def report(problems: list[str]) -> str:
    return f"{len(problems)} problems:\n" + "\n".join(problems[:60])


def test_real_site_shows_no_template_seams(real_site):
    problems = site_problems(real_site, entry_texts(REPO / "entries"))
    assert not problems, report(problems)


def test_fixture_site_shows_no_template_seams(fixture_site):
    problems = site_problems(fixture_site, entry_texts(REPO / "tests" / "fixtures" / "corpus" / "entries"))
    assert not problems, report(problems)


def test_hostile_site_shows_no_template_seams(hostile_site):
    problems = site_problems(hostile_site, entry_texts(HOSTILE_ENTRIES))
    assert not problems, report(problems)


# --- The checks themselves fail where they must ---------------------------------

@pytest.mark.parametrize("page, expected", [
    ("<ul><li>Met in Ulaanbaatar.- Related to: <a>x</a></li></ul>", "items run together"),
    ("<ul><li>Prompted by a visit (2012)* Followed</li></ul>", "items run together"),
    ("<p>Values are separated by &amp;#124;</p>", "escaped twice"),
    ("<p>See [[event:x]]</p>", "syntax left as text"),
    ("<p>As [@kyodo] said</p>", "syntax left as text"),
    ("<p>{{ page.title }}</p>", "syntax left as text"),
    ("<p>[label](../x.md)</p>", "syntax left as text"),
    ("<table><thead><tr><th></th><th> </th></tr></thead></table>", "empty table header row"),
    ("<p>separated by <code>&amp;#124;</code></p>", "escaped twice in code"),
])
def test_each_check_finds_its_seam(tmp_path, page, expected):
    (tmp_path / "page.html").write_text(f"<html><body>{page}</body></html>", encoding="utf-8")
    problems = page_problems(tmp_path / "page.html", tmp_path, [])
    assert len(problems) == 1 and expected in problems[0], problems


@pytest.mark.parametrize("page", [
    "<ul><li>Met in Ulaanbaatar.</li><li>- Related</li></ul>",
    "<pre><code>[[event:x]] {{ x }} &amp;#124;</code></pre>",
    "<svg><title>[[x]] &amp;amp;</title></svg>",
    "<p>Write <code>[@source-id]</code> to cite.</p>",
    "<table><thead><tr><th>Date</th><th></th></tr></thead></table>",
    "<p>5 &lt; 6 &amp; 7</p>",
])
def test_what_is_no_seam_passes(tmp_path, page):
    (tmp_path / "page.html").write_text(f"<html><body>{page}</body></html>", encoding="utf-8")
    assert page_problems(tmp_path / "page.html", tmp_path, []) == []


def test_entry_text_exempts_only_itself_shown_whole(tmp_path):
    entry = tmp_path / "event" / "x.yml"
    entry.parent.mkdir()
    entry.write_text('note: "{{ x }} [@s] and `&lt;` [[person:p]]"\n', encoding="utf-8")
    assert entry_texts(tmp_path) == ['{{ x }} [@s] and `&lt;` [[person:p]]', "{{ x }}", "and", "&lt;"]
    value = "{{ 7*7 }} & [[x]]"
    assert shown_whole("Name: {{ 7*7 }} & [[x]] here", 6, 8, [value])
    assert not shown_whole("Name: {{ 7*7 }} &amp; [[x]] here", 6, 8, [value])
    assert not shown_whole("{{ other }}", 0, 2, [value])


# --- The templates: a block tag at the end of a line of text keeps the line's newline ---------------

TEMPLATES = REPO / "templates"
ENDS_IN_BLOCK_TAG_RE = re.compile(r"\S.*\{%-?\s*(?!endmacro)\w+[^%]*?(?<![+-])%\}$")
"""Text, then a block tag closing the line without ``+%}``: trim_blocks eats the newline after it."""


def test_no_template_line_of_text_loses_its_newline():
    found = [f"{path.name}:{number}: {line}"
             for path in sorted(TEMPLATES.glob("*.j2"))
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if ENDS_IN_BLOCK_TAG_RE.search(line) and not re.fullmatch(r"\s*\{%.*?%\}", line)]
    assert not found, "end these lines with +%} so the next line stays a line of its own:\n" + "\n".join(found)


# --- Places: an event "near" or "outside" a place says so wherever its place is shown --------------

class Blocks(html.parser.HTMLParser):
    """A page's table rows, and the first paragraph after its title (an event page's opening line),
    each as its links: ``(href, text before it in its cell)``. Prose is not read: it names places
    in its own words."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[list[tuple[str, str]]] = []
        self.first_paragraph: list[tuple[str, str]] | None = None
        self._titled = False
        self._block: list[tuple[str, str]] | None = None
        self._before: list[str] = []
        self._in_link = False

    def handle_starttag(self, tag, attrs):
        if tag == "h1":
            self._titled = True
        if self._block is None and (tag == "tr" or (tag == "p" and self._titled and self.first_paragraph is None)):
            self._block, self._before = [], []
            if tag == "p":
                self.first_paragraph = self._block
        elif tag in ("td", "th"):
            self._before = []
        elif tag == "a" and self._block is not None:
            self._in_link = True
            self._block.append((dict(attrs).get("href") or "", "".join(self._before)))

    def handle_endtag(self, tag):
        if tag == "a":
            self._in_link = False
        elif tag in ("tr", "p") and self._block is not None:
            self.blocks.append(self._block)
            self._block = None

    def handle_data(self, data):
        if not self._in_link:
            self._before.append(data)


def qualified_events(entries: Path) -> dict[str, tuple[str, str]]:
    """Events whose place_qualifier is not "in": id -> (qualifier, place id)."""
    found = {}
    for path in sorted((entries / "event").glob("*.yml")):
        event = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
        if event.get("place") and event.get("place_qualifier", "in") != "in":
            found[event["id"]] = (event["place_qualifier"], event["place"])
    return found


def target(page: str, href: str) -> str:
    """Where a link on ``page`` (a path in the site) leads, as ``section/id/``."""
    return urljoin(f"http://site/{page}", href.split("#")[0]).removeprefix("http://site/").removesuffix("index.html")


def shown_places(site: Path, events: dict) -> list[tuple[str, str, str]]:
    """Every place shown for one of ``events``: a link to its place in a table row that links to the
    event, and the place in the event page's opening line. ``(page, event id, text before)``."""
    found = []
    for path in sorted(site.rglob("*.html")):
        page = path.relative_to(site).as_posix()
        reader = Blocks()
        reader.feed(path.read_text(encoding="utf-8"))
        for event_id, (_, place_id) in events.items():
            own = page == f"events/{event_id}/index.html"
            for block in reader.blocks:
                targets = [target(page, href) for href, _ in block]
                beside_event = f"events/{event_id}/" in targets or (own and block is reader.first_paragraph)
                found += [(page, event_id, before) for (href, before), to in zip(block, targets)
                          if beside_event and to == f"places/{place_id}/"]
    return found


def misplaced(site: Path, entries: Path) -> tuple[list[tuple[str, str, str]], list[str]]:
    """Every place shown for a qualified event, and those not shown after its qualifier word."""
    events = qualified_events(entries)
    shown = shown_places(site, events)
    wrong = [f"{page}: {event_id}: {before[-40:]!a}" for page, event_id, before in shown
             if not before.endswith(f"{events[event_id][0]} ")]
    return shown, wrong


def exported_places(site: Path, events: dict) -> dict[str, list[str]]:
    """Each qualified event's place as the data files give it: events.csv, entries.json, events.ics, JSON-LD."""
    found: dict[str, list[str]] = {event_id: [] for event_id in events}
    with (site / "data" / "events.csv").open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["id"] in events:
                found[row["id"]].append(f"csv: {row['place']}")
    for record in json.loads((site / "data" / "entries.json").read_text(encoding="utf-8"))["entries"]:
        if record["type"] == "event" and record["id"] in events:
            found[record["id"]].append(f"json: {record['place_text']}")
    calendar = (site / "data" / "events.ics").read_text(encoding="utf-8").replace("\r\n ", "")
    for block in calendar.split("BEGIN:VEVENT")[1:]:
        event_id = re.search(r"UID:event-([^@]+)@", block).group(1)
        location = re.search(r"LOCATION:(.*)", block)
        if event_id in events and location:
            found[event_id].append(f"ics: {location.group(1).strip()}")
    for event_id in events:
        page = (site / "events" / event_id / "index.html").read_text(encoding="utf-8")
        data = json.loads(re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', page, re.S).group(1))
        found[event_id].append(f"json-ld: {data['location']['name']}")
    return found


@pytest.mark.parametrize("which", ["real", "fixture"])
def test_a_qualified_place_says_near_wherever_it_is_shown(which, request):
    site = request.getfixturevalue(f"{which}_site")
    entries = REPO / "entries" if which == "real" else REPO / "tests" / "fixtures" / "corpus" / "entries"
    shown, wrong = misplaced(site, entries)
    assert not wrong, "a place shown without its qualifier:\n" + "\n".join(wrong)
    pages = {page for page, _, _ in shown}
    # The secret meeting (near Ulaanbaatar, or near Port Alder in the fixtures): its own page, the
    # chronology, its place's page and its sources' pages all show its place.
    assert {"chronology/index.html", f"events/{SECRET_MEETING[which]}/index.html"} <= pages, sorted(pages)
    assert any(p.startswith("places/") for p in pages) and any(p.startswith("sources/") for p in pages), sorted(pages)


@pytest.mark.parametrize("which", ["real", "fixture"])
def test_a_qualified_place_says_near_in_every_data_file(which, request):
    site = request.getfixturevalue(f"{which}_site")
    entries = REPO / "entries" if which == "real" else REPO / "tests" / "fixtures" / "corpus" / "entries"
    events = qualified_events(entries)
    assert SECRET_MEETING[which] in events and events[SECRET_MEETING[which]][0] == "near"
    exported = exported_places(site, events)
    for event_id, values in exported.items():
        assert len(values) >= 3, (event_id, values)  # csv, json, JSON-LD; ics when a calendar can place it
        assert all(v.split(": ", 1)[1].startswith(events[event_id][0] + " ") for v in values), (event_id, values)


SECRET_MEETING = {"real": "secret-meeting-ulaanbaatar-2024", "fixture": "secret-meeting"}
"""The event each site holds whose place is "near": the case of issue 20."""


# --- Plain words: reader pages name no tool, file or code -------------------------------------------

TOOL_WORDS_RE = re.compile(r"\bannals\b|\.ya?ml\b|\bentries/|\bEDTF\b", re.IGNORECASE)
"""The engine's name, entry files and their folder, the date format's code name."""
ADDRESS_RE = re.compile(r"https?://\S+")
FOR_EDITORS_AND_DATA = ("reference/", "data/")
"""The entry reference (for editors) and the Data page (for reusers: column names, the date format) may."""


def tool_words(site: Path, site_name: str, entries: Path) -> list[str]:
    """Tool names and codes in the visible text of every reader page, each as ``page: excerpt``.

    The site's own name aside, web addresses (a citation links the entry's file as a revision left it),
    and code an entry writes itself (a summary may quote code)."""
    written = set(entry_texts(entries))
    found = []
    for path in sorted(site.rglob("*.html")):
        page = path.relative_to(site).as_posix()
        if page.startswith(FOR_EDITORS_AND_DATA):
            continue
        reader = read_page(path)
        found += [f"{page}: code {code!a}" for code in reader.code if code.strip() not in written | {""}]
        plain = [ADDRESS_RE.sub("", text.replace(site_name, "")) for text in reader.texts]
        found += [f"{page}: {text[max(0, m.start() - 50):m.end() + 30]!a}"
                  for text in plain for m in TOOL_WORDS_RE.finditer(text)]
    return found


@pytest.mark.parametrize("which, site_name, entries", [
    ("real", "The Ulaanbaatar Channel", REPO / "entries"),
    ("fixture", "Annals fixture site", REPO / "tests" / "fixtures" / "corpus" / "entries"),
])
def test_reader_pages_show_no_tool_names_paths_or_codes(which, site_name, entries, request):
    found = tool_words(request.getfixturevalue(f"{which}_site"), site_name, entries)
    assert not found, "\n".join(found)


def test_names_in_their_own_script_say_once_where_they_come_from(real_site):
    """One short phrase beside them, linking to the About page's one explanation."""
    about = (real_site / "about" / "index.html").read_text(encoding="utf-8")
    assert 'id="names-in-their-own-script"' in about
    pages = 0
    for path in sorted(real_site.glob("*/*/index.html")):
        html_text = path.read_text(encoding="utf-8")
        if not re.search(r'<em>In [A-Z][a-z]+:</em> <span lang="', html_text):  # a name in its own script
            continue
        pages += 1
        links = re.findall(r'<a href="([^"]*)">own script; general knowledge, not from the sources cited here</a>',
                           html_text)
        assert links == ["../../about/#names-in-their-own-script"], (path, links)
    assert pages >= 10, "the real site records names in their own script on about a dozen pages"
