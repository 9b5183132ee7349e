"""Every export read back by its strictest real reader (issue 21): Debian's BibTeX 0.99d and pybtex for
the BibTeX, RFC 5545's grammar and icalendar for the calendar, an XML parser without recovery and
feedparser for the Atom feeds, and the spreadsheet rule for the CSV files.

bibtexparser (tests/test_export.py) honours ``\\}``; BibTeX counts every brace whatever precedes it, so
only BibTeX itself shows whether a hostile brace can end a field early and inject fields or entries.
"""

from __future__ import annotations

import csv
import html
import io
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import icalendar
import pybtex.database
import pybtex.errors
import pytest
import yaml

from annals.export.dataset import entry_page_path
from annals.render.citing import bibtex_entry, bibtex_names, bibtex_text, bibtex_url

REPO = Path(__file__).resolve().parent.parent
HOSTILE_ENTRIES = REPO / "tests" / "hostile" / "site" / "entries"
INJECTED_TITLE = ('Real headline}, author = "X", url = "https://evil.example/"} '
                  '@misc(injected, title = "Injected")')
INJECTED_NAME = "Kim}, title = {Forged}, url = {https://evil.example/}} @misc{forged, title = {Forged}"

BIB_FIELDS = ("author", "title", "journal", "howpublished", "year", "month", "date", "url", "urldate",
              "language", "note")
FIELDS_BST = "\n".join([
    "ENTRY { " + " ".join(BIB_FIELDS) + " } {} {}",
    "FUNCTION {field.out} { duplicate$ empty$ { pop$ \"\" } 'skip$ if$ * write$ newline$ }",
    "FUNCTION {default.type} {",
    '  "@@entry " cite$ * write$ newline$',
    *[f'  "{name}=" {name} field.out' for name in BIB_FIELDS],
    "}",
    "FUNCTION {article} { default.type }",
    "FUNCTION {misc} { default.type }",
    "READ",
    "ITERATE {call.type$}", ""])
"""A BibTeX style that writes every field of every entry to the .bbl, one ``name=value`` a line."""


# --- Readers -----------------------------------------------------------------------

def real_bibtex(bib: str, folder: Path) -> dict[str, dict[str, str]]:
    """The entries real BibTeX reads from ``bib`` (every key cited), fields as BibTeX holds them.

    BibTeX wraps long .bbl lines at a space with a two-space indent; the lines are joined back.
    Fails on any BibTeX error or warning, or a key read twice.
    """
    assert shutil.which("bibtex"), "Debian's bibtex is needed: apt-get install texlive-binaries"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "x.bib").write_text(bib, encoding="utf-8")
    (folder / "fields.bst").write_text(FIELDS_BST, encoding="utf-8")
    (folder / "x.aux").write_text("\\citation{*}\n\\bibdata{x}\n\\bibstyle{fields}\n", encoding="utf-8")
    done = subprocess.run(["bibtex", "x"], cwd=folder, capture_output=True, text=True,
                          env={"PATH": "/usr/bin:/bin", "BIBINPUTS": ".", "BSTINPUTS": "."})
    assert done.returncode == 0, done.stdout
    lines = (folder / "x.bbl").read_text(encoding="utf-8").split("\n")
    records: list[list[str]] = []
    for line in lines:
        if line.startswith("  "):
            records[-1][-1] += " " + line[2:]
        elif line.startswith("@@entry "):
            records.append([line])
        elif line:
            records[-1].append(line)
    keys = [record[0].removeprefix("@@entry ") for record in records]
    assert len(keys) == len(set(keys)), keys
    return {key: dict(line.split("=", 1) for line in record[1:] if not line.endswith("="))
            for key, record in zip(keys, records)}


def read_pybtex(bib: str) -> pybtex.database.BibliographyData:
    """``bib`` read by pybtex with every problem an error."""
    pybtex.errors.set_strict_mode(True)
    return pybtex.database.parse_string(bib, "bibtex")


def as_bibtex_reads(value: str) -> str:
    """A field value as BibTeX holds it: runs of blanks are one space, none at the ends."""
    return " ".join(value.split())


def hostile(entry_type: str) -> dict[str, dict]:
    """The hostile site's entries of a type, by id, as YAML reads them."""
    return {path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))
            for path in sorted((HOSTILE_ENTRIES / entry_type).glob("*.yml"))}


# --- BibTeX ---------------------------------------------------------------------------

def test_an_injected_title_or_name_stays_one_field_for_real_bibtex(tmp_path):
    bib = bibtex_entry("misc", "headline", {"title": INJECTED_TITLE, "author": [INJECTED_NAME, "A and B"],
                                            "note": "{#1 \\} 100% $x$ _a ^b ~c & \\end{document}"})
    (entry,) = real_bibtex(bib, tmp_path).items()
    assert entry == ("headline", {"title": as_bibtex_reads(bibtex_text(INJECTED_TITLE)),
                                  "author": as_bibtex_reads(bibtex_names([INJECTED_NAME, "A and B"])),
                                  "note": as_bibtex_reads(bibtex_text("{#1 \\} 100% $x$ _a ^b ~c & \\end{document}"))})
    assert "{" not in bibtex_text(INJECTED_TITLE).replace("{}", ""), "no brace of the text is written as one"
    library = read_pybtex(bib)
    assert list(library.entries) == ["headline"]
    fields = library.entries["headline"].fields
    assert dict(fields) == {"title": bibtex_text(INJECTED_TITLE),
                            "note": bibtex_text("{#1 \\} 100% $x$ _a ^b ~c & \\end{document}")}
    assert len(library.entries["headline"].persons["author"]) == 2, "a name holding ' and ' stays one name"


def expected_source_fields(source: dict) -> dict[str, str]:
    """What data/sources.bib must hold for a source entry, escaped as documented."""
    url = source.get("url") or source.get("archive_url")
    fields = {"title": bibtex_text(source["title"]) if source.get("title") else None,
              "journal": bibtex_text(source["publisher"]) if source.get("publisher") else None,
              "author": bibtex_names(source["authors"]) if source.get("authors") else None,
              "url": bibtex_url(url) if url else None,
              "date": str(source["published"]) if source.get("published") else None,
              "urldate": str(source["accessed"]) if source.get("accessed") else None,
              "language": source.get("language")}
    return {name: value for name, value in fields.items() if value}


@pytest.mark.slow
def test_real_bibtex_reads_every_hostile_source_once_and_as_written(hostile_site, tmp_path):
    bib = (hostile_site / "data" / "sources.bib").read_text(encoding="utf-8")
    sources = hostile("source")
    read = real_bibtex(bib, tmp_path)
    assert sorted(read) == sorted(sources), "exactly one entry per source, none injected"
    library = read_pybtex(bib)
    assert sorted(library.entries) == sorted(sources)
    for key, source in sources.items():
        expected = expected_source_fields(source)
        assert {n: v for n, v in read[key].items() if n in expected} == \
            {n: as_bibtex_reads(v) for n, v in expected.items()}, key
        entry = library.entries[key]
        assert {n: v for n, v in entry.fields.items() if n in expected} == \
            {n: v for n, v in expected.items() if n != "author"}, key
        assert len(entry.persons.get("author", [])) == len(source.get("authors", [])), key


TYPES = ("event", "source", "place", "person", "organization")
LABEL_FIELD = {"event": "title", "source": "title"}
"""The field an entry's label (its page's title) comes from; ``name`` for the others."""


def cite_block(page: Path) -> str:
    """The BibTeX of a page's "Cite this page" block, as a reader copies it."""
    found = re.search(r"<code>(@misc\{.*?)</code>", page.read_text(encoding="utf-8"), re.S)
    assert found, page
    return html.unescape(found.group(1))


@pytest.mark.slow
def test_every_hostile_cite_block_is_one_entry_titled_as_the_page(hostile_site, tmp_path):
    """The "Cite this page" BibTeX of every hostile entry page: a name or title stays in ``title``."""
    for entry_type in TYPES:
        for entry_id, entry in hostile(entry_type).items():
            bib = cite_block(hostile_site / entry_page_path((entry_type, entry_id)) / "index.html")
            label = entry[LABEL_FIELD.get(entry_type, "name")]
            read = real_bibtex(bib, tmp_path / entry_type / entry_id)
            assert [fields["title"] for fields in read.values()] == [as_bibtex_reads(bibtex_text(label))], entry_id
            assert set(*read.values()) <= {"title", "howpublished", "year", "month", "url", "note"}, entry_id
            (cited,) = read_pybtex(bib).entries.values()
            assert cited.fields["title"] == bibtex_text(label) and not cited.persons, entry_id


# --- CSV ------------------------------------------------------------------------------

FORMULA_STARTS = ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20")
BLANKS = " \t\r\n\u00a0\u3000"


def csv_cells(path: Path) -> list[str]:
    """Every cell of a CSV export but its header, as a spreadsheet receives it."""
    rows = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))
    return [cell for row in rows[1:] for cell in row]


@pytest.mark.slow
def test_no_hostile_csv_cell_starts_a_formula_even_after_blanks(hostile_site):
    cells = csv_cells(hostile_site / "data" / "events.csv") + csv_cells(hostile_site / "data" / "citations.csv")
    live = [cell for cell in cells if cell.lstrip(BLANKS).startswith(FORMULA_STARTS)]
    assert live == [], "a spreadsheet would evaluate these"
    quote = re.search(r'\[@plain-source, "([^"]*)"\]', hostile("event")["export-injection"]["summary"]).group(1)
    assert quote.startswith(" =") and "'" + quote in cells, "the citation's quote after a space is prefixed"


# --- iCalendar ----------------------------------------------------------------------------

TEXT_VALUE = re.compile(r"(?:[^\\;,\x00-\x08\x0a-\x1f\x7f]|\\[\\;,nN])*")
"""RFC 5545 3.3.11 TEXT: no control character but tab, ``\\ ; ,`` and line breaks escaped."""
TEXT_PROPERTIES = ("SUMMARY", "DESCRIPTION", "LOCATION", "UID", "X-WR-CALNAME")


def unfolded_lines(data: bytes) -> list[str]:
    """The content lines of an iCalendar file, after checking its physical lines (RFC 5545 3.1)."""
    assert data.endswith(b"\r\n") and b"\n" not in data.replace(b"\r\n", b"") and b"\r" not in data.replace(b"\r\n", b"")
    physical = data[:-2].split(b"\r\n")
    assert max(len(line) for line in physical) <= 75, "folded at 75 octets"
    return data.decode("utf-8").replace("\r\n ", "").removesuffix("\r\n").split("\r\n")


@pytest.mark.slow
def test_the_hostile_calendar_keeps_rfc_5545s_grammar_and_reads_back(hostile_site):
    data = (hostile_site / "data" / "events.ics").read_bytes()
    for line in unfolded_lines(data):
        name, _, value = re.match(r"([A-Z-]+)((?:;[^:]*)?):(.*)", line).groups()
        if name in TEXT_PROPERTIES:
            assert TEXT_VALUE.fullmatch(value), line
        elif name == "CATEGORIES":
            assert all(TEXT_VALUE.fullmatch(part) for part in re.split(r"(?<!\\),", value)), line
    calendar = icalendar.Calendar.from_ical(data)
    assert [(c.name, c.errors) for c in calendar.walk() if c.errors] == []
    events = hostile("event")
    summaries = {str(e["UID"]).split("@")[0].removeprefix("event-"): str(e["SUMMARY"]) for e in calendar.walk("VEVENT")}
    assert summaries["export-injection"] == events["export-injection"]["title"]
    assert all(summaries[key].startswith(events[key]["title"]) for key in summaries)


# --- Atom ---------------------------------------------------------------------------------

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.mark.slow
def test_the_hostile_feeds_are_well_formed_xml_and_atom(hostile_site):
    for name in ("events.atom", "changes.atom"):
        data = (hostile_site / "feeds" / name).read_bytes()
        root = ET.fromstring(data)  # expat: the first error is fatal, nothing is recovered
        parsed = feedparser.parse(data)
        assert not parsed.bozo and parsed.version == "atom10", (name, parsed.get("bozo_exception"))
        assert [e.findtext(f"{ATOM}title") for e in root.iter(f"{ATOM}entry")] == [e.title for e in parsed.entries]
    titles = [e.findtext(f"{ATOM}title") for e in ET.parse(hostile_site / "feeds" / "events.atom").iter(f"{ATOM}entry")]
    for event_id, event in hostile("event").items():
        assert sum(title.endswith(": " + event["title"]) for title in titles) == 1, event_id
