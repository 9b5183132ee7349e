"""Property-based tests: hostile entries never crash Annals, and never reach a browser as code.

Entries arrive by pull request from strangers (issue 7). Whatever bytes a file
holds, ``annals check`` answers with located problems or a clean site, never a
traceback; and whatever text a clean site holds, the Markdown Annals renders
turns into HTML with no script, no image, no event handler and no link other
than http(s) or within the site. That HTML is judged before the sanitizer
(``annals.sanitize``) runs, so these properties hold for the renderer alone.

In the normal suite every property runs a fixed, derandomized set of examples
(a few seconds in all). ``make fuzz`` sets ``ANNALS_FUZZ_SECONDS``: the
properties then share that many seconds, each running rounds of fresh random
examples until its share is spent, and remember failures in
``tests/_artifacts/hypothesis/`` (ignored by git) so the next run replays them.
"""

from __future__ import annotations

import collections
import csv
import io
import json
import os
import re
import tempfile
import time
import typing
from html.parser import HTMLParser
from pathlib import Path

import bibtexparser
import feedparser
import icalendar
import jsonschema
import markdown
import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir
from hypothesis.control import currently_in_test_context
from hypothesis.database import DirectoryBasedExampleDatabase

from annals.export import Exports
from annals.fields import nested_model
from annals.load import DEFAULT_MAX_DEPTH, characters, compose, load_entries
from annals.model import MODELS
from annals.pipeline import check
from annals.problems import Problem, format_problems
from annals.publication import Publication
from annals.render import render
from annals.render.citing import bibtex_text
from annals.settings import Settings
from annals.vocabulary import EVENT_KINDS, RELATIONS, STATUSES

REPO = Path(__file__).parents[1]
TEMPLATES = REPO / "templates"
FUZZ_SECONDS = float(os.environ.get("ANNALS_FUZZ_SECONDS") or 0)
PROPERTIES = 5
"""Properties that share ``ANNALS_FUZZ_SECONDS`` (four here, one in test_check_builds.py)."""
ARTIFACTS = REPO / "tests" / "_artifacts" / "hypothesis"
"""Where Hypothesis keeps what it writes (ignored by git): found failures under make fuzz, its caches."""

set_hypothesis_home_dir(str(ARTIFACTS))


# --- Running: a fixed set in the suite, rounds until the budget in make fuzz ----

def configured(examples: int):
    """Hypothesis settings: ``examples`` derandomized examples, or rounds of 4x as many random ones under make fuzz."""
    common = dict(deadline=None, suppress_health_check=list(HealthCheck))
    if FUZZ_SECONDS:
        database = DirectoryBasedExampleDatabase(str(ARTIFACTS / "examples"))
        return settings(max_examples=4 * examples, derandomize=False, database=database, print_blob=True, **common)
    return settings(max_examples=examples, derandomize=True, database=None, **common)


def spend(property_test) -> None:
    """Run a property once, or under make fuzz again and again until its share of the budget is spent."""
    if not FUZZ_SECONDS:
        property_test()
        return
    deadline = time.monotonic() + FUZZ_SECONDS / PROPERTIES
    while time.monotonic() < deadline:
        property_test()


# --- What every problem must be -----------------------------------------------

def assert_located(problem: Problem, files: dict[str, bytes]) -> None:
    """A problem names a file it can point into, a line and column inside it, a message and a hint."""
    assert problem.path in files, f"{problem} names a file that was not given"
    assert problem.message and problem.hint, f"{problem} lacks a message or a hint"
    lines = files[problem.path].decode("utf-8", "replace").removeprefix("\ufeff").split("\n")
    assert 1 <= problem.line <= len(lines), f"{problem}: line outside the file"
    assert 1 <= problem.column <= len(lines[problem.line - 1]) + 1, f"{problem}: column outside the line"
    shown = format_problems([problem]).splitlines()
    assert len(shown) == 2 and shown[0].isprintable(), f"{problem!r} does not print as one plain line"


def assert_plain_data(value) -> None:
    """Loaded data is text, lists and mappings of text, with no refused character anywhere."""
    if isinstance(value, dict):
        for key, item in value.items():
            assert isinstance(key, str) and not characters.REFUSED_CHARACTER.search(key)
            assert_plain_data(item)
    elif isinstance(value, list):
        for item in value:
            assert_plain_data(item)
    else:
        assert value is None or (isinstance(value, str) and not characters.REFUSED_IN_VALUE.search(value))


# --- Property 1: any bytes as an entry file ---------------------------------------

YAML_TOKENS = [
    "\n", "  ", "    ", "\t", "\r", "\r\n", "- ", "-", ": ", ":", "? ", "[", "]", "{", "}", ", ", "#", "'", '"',
    "\\", "\\n", "\\u202e", "\\ud800", "\\UFFFFFFFF", "\\x00", "\\e", "&a ", "*a", "!!str ", "!!python/name:os.system ",
    "!x ", "!<tag:x> ", "%YAML 1.1\n", "%TAG !x! tag:x,2000:\n", "---\n", "...\n", "|\n", ">-\n", "|+2\n",
    "id: x\n", "title: ", "summary: ", "date: 2012-11-15\n", "\x00", "\x1b[31m", "\u202e", "\u2066", "\ufeff",
    "\x85", "\u2028", "\uffff", "\ud7ff", "\U0001F600", "안", "null", "~", "<script>", "[[person:x]]", "[@x]",
]
yaml_like_text = st.lists(st.one_of(st.sampled_from(YAML_TOKENS), st.text(max_size=4)), max_size=40).map("".join)
entry_bytes = st.one_of(
    st.binary(max_size=300),
    yaml_like_text.map(lambda text: text.encode("utf-8", "surrogatepass")),
    st.integers(DEFAULT_MAX_DEPTH - 2, 200).map(lambda depth: ("id: x\nt: " + "[" * depth).encode()),
)


def load_one(content: bytes):
    """``entries/event/x.yml`` holding ``content``, loaded; documents, problems and the files by shown path."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "entries"
        (root / "event").mkdir(parents=True)
        (root / "event" / "x.yml").write_bytes(content)
        documents, problems = load_entries(root, display_root=Path(folder))
    return documents, problems, {"entries/event/x.yml": content}


@configured(examples=300)
@given(entry_bytes)
def any_bytes_load_to_problems_or_plain_data(content: bytes) -> None:
    """Any bytes as an entry file: located problems, or a document of plain text, lists and mappings."""
    documents, problems, files = load_one(content)
    event(f"{len(documents)} document, {'some' if problems else 'no'} problems")
    for problem in problems:
        assert_located(problem, files)
    for document in documents:
        assert_plain_data(document.data)


def test_any_bytes_load_to_problems_or_plain_data():
    spend(any_bytes_load_to_problems_or_plain_data)


def shape(node):
    """A node tree as plain tuples: tags, positions, styles and values."""
    marks = (node.tag, node.start_mark.index, node.end_mark.index, node.start_mark.line, node.start_mark.column)
    if isinstance(node.value, list):
        return marks, [shape(n) for item in node.value for n in (item if isinstance(item, tuple) else (item,))]
    return marks + (node.style or None,), node.value


def depth(node) -> int:
    """Levels of lists and mappings in a node tree."""
    if not isinstance(node.value, list):
        return 0
    children = [n for item in node.value for n in (item if isinstance(item, tuple) else (item,))]
    return 1 + max((depth(child) for child in children), default=0)


@configured(examples=300)
@given(yaml_like_text)
def the_composer_builds_what_pyyaml_builds(text: str) -> None:
    """The non-recursive composer builds the very node tree PyYAML's recursive one builds."""
    try:
        expected = yaml.compose(text, Loader=yaml.BaseLoader)
    except (yaml.YAMLError, ValueError, OverflowError, RecursionError):
        return
    if expected is None or depth(expected) > DEFAULT_MAX_DEPTH or "*" in text:
        return  # PyYAML itself: aliases resolved, no depth limit
    event("composed")
    assert shape(compose._compose_events(compose._SLOW_PARSER, text, DEFAULT_MAX_DEPTH)) == shape(expected)


def test_the_composer_builds_what_pyyaml_builds():
    spend(the_composer_builds_what_pyyaml_builds)


# --- Property 2: plausible but hostile entries through check and render -----------

ALLOWED_HOSTILE = [
    "`<script>alert(1)</script>`", "``<img src=x onerror=alert(1)>``", "`` ` ``", "`[x](javascript:alert(1))`",
    "[[person:someone]]", "[[person:someone|<b>Someone</b>]]", "[[person:someone|javascript:alert(1)]]",
    "[[event:meeting]]", "[@paper]", '[@paper, "a <script> quote"]', '[@paper, "javascript:alert(1)"]',
    "[a link](https://example.org/<script>)", "[x](https://example.org/a_(b))", "{{ 7 * 7 }}", "{% raw %}",
    "{{ config }}", '--8<-- "/etc/passwd"', "::warning::pwned", "::add-mask::x", "&lt;script&gt;",
    "&#60;script&#62;", "&#x3C;img src=x&#x3E;", "&", "*_emphasis_*", "**bold**", "\\", "\\<", "|", "| a | b |",
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,x", "</title>", "</span>", "\"", "'", "é",
    "안녕", "\U0001F600", "\u200f", " ", "x" * 300, "a. ", "1986. ", "- ", "+ ", "* ", "> ", "!!! danger",
    "    indented", "\n", "\n\n", "\n- item\n", "\n> quote\n", "[text]", "]", "[", "(", ")", "<", "< b",
    "[x] (javascript:alert(1))", "[x][y]", "[y][x]", "[x]", "[^", "\t", "\u00a0", "\u2003", "\u3000",
]
REFUSED_HOSTILE = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<https://example.org>", "<!-- x -->",
    "[x](javascript:alert(1))", "[x]( javascript:alert(1))", "[x](<javascript:alert(1)>)",
    "[x](\njavascript:alert(1))", "![x](https://example.org/x.png)", "[x]: javascript:alert(1)",
    "\n[x]: javascript:alert(1)\n\n[y][x]", "\n- a\n\n    [x]: javascript:alert(1)\n\n[y][x]",
    "\n> [x]: javascript:alert(1)\n\n[y][x]", "[^1]", "\n# Heading\n", "\nHeading\n===\n", "[[a:", "[@a, \"",
    "[[a:b|", "](", "x" * 5000, "[[person:nobody]]", "[@nobody]", "\x00", "\x1b[31m", "\u202e", "\ud800", "\x85",
    "\r", "\r[x]: javascript:alert(1)\r\r[y][x]",
]
MARKDOWN_FIELDS = frozenset({"summary", "note"})
"""Fields that hold Markdown (several lines); every other text field holds one line."""
hostile_text = st.lists(st.one_of(st.sampled_from(ALLOWED_HOSTILE), st.sampled_from(REFUSED_HOSTILE),
                                  st.text(max_size=6)), min_size=1, max_size=6).map("".join)
allowed_text = st.lists(st.sampled_from(ALLOWED_HOSTILE), min_size=1, max_size=6).map("".join)
allowed_line = allowed_text.map(lambda text: " ".join(text.split())).filter(bool)

PLAUSIBLE = {
    "date": ["2012-11-15", "2012-11", "2012", "2024-05~", "2012?", "2024-05-XX", "2012-11-15/2012-11-16", "../2012"],
    "published": ["2012-11-15", "2019"], "accessed": ["2024-01-02"], "from": ["2001"], "to": ["2003-04"],
    "kind": list(EVENT_KINDS), "status": list(STATUSES), "relation": list(RELATIONS),
    "place": ["ulaanbaatar"], "located_in": ["ulaanbaatar"], "person": ["someone"], "event": ["meeting"],
    "organization": ["ministry"], "parent": ["ministry"], "source": ["paper"], "sources": ["paper"],
    "cites": ["paper"], "country": ["JP", "KP", "MN"], "lang": ["ko-Hang", "ja-Jpan"], "language": ["en", "ko"],
    "url": ["https://example.org/a?b=<c>&d='e'", "http://example.org/\"onmouseover=alert(1)"],
    "archive_url": ["https://web.archive.org/web/2012/https://example.org/"], "lat": ["47.92"], "lon": ["106.9"],
    "tags": ["abductions"], "unverified": ["title", "url"], "speaker": ["someone"], "issued_by": ["press", "party"],
    "place_qualifier": ["near"], "consulted": ["false"],
}
"""Values of the right form for fields that must reference or name something, so that sites can be clean."""

BASE = {
    "event": {"title": "A meeting", "date": "2012-11-15", "kind": "talks", "status": "reported", "sources": ["paper"],
              "tags": ["talks"]},
    "person": {"name": "Someone"},
    "organization": {"name": "A ministry"},
    "place": {"name": "Ulaanbaatar"},
    "source": {"title": "A paper", "publisher": "The Paper", "url": "https://paper.example/a"},
    "tag": {"description": "Rounds of negotiation between delegations."},
}
"""The entries every generated site holds, by type: the targets of the plausible references."""
IDS = {"event": "meeting", "person": "someone", "organization": "ministry", "place": "ulaanbaatar", "source": "paper", "tag": "talks"}


def field_names(model) -> dict[str, typing.Any]:
    """A model's field names as written in YAML (aliases included) and their annotations."""
    return {info.alias or name: info.annotation for name, info in model.model_fields.items()}


def required_names(model) -> list[str]:
    """The fields a model cannot do without, as written in YAML, in the model's order.

    A list, not a set: a set's order follows the hash seed, and Hypothesis draws the fields in
    this order, so a set made the derandomized examples differ from one run to the next.
    """
    return [info.alias or name for name, info in model.model_fields.items() if info.is_required()]


def value_for(name: str, annotation, refused: bool, nesting: int = 0) -> st.SearchStrategy:
    """A value for a field: plausible, or text that slips past the checks, or (if ``refused``) anything."""
    inner = nested_model(annotation)
    if inner is not None and nesting < 2:
        item = mapping_for(inner, refused, nesting + 1)
        return st.lists(item, min_size=0 if refused else 2, max_size=3) if _is_list(annotation) else item
    if refused:
        text = st.one_of(allowed_text, hostile_text)
        scalar = st.one_of(st.sampled_from(PLAUSIBLE[name]), text) if name in PLAUSIBLE else text
    else:
        scalar = st.sampled_from(PLAUSIBLE[name]) if name in PLAUSIBLE else \
            allowed_text if name in MARKDOWN_FIELDS else allowed_line
    return st.lists(scalar, min_size=0 if refused else 1, max_size=3) if _is_list(annotation) else scalar


def _is_list(annotation) -> bool:
    return "list[" in str(annotation)


def mapping_for(model, refused: bool, nesting: int = 0) -> st.SearchStrategy[dict]:
    """Some of a model's fields (its required ones unless ``refused``), each with a value of :func:`value_for`."""
    fields = {name: value_for(name, annotation, refused, nesting) for name, annotation in field_names(model).items()
              if name != "id"}
    required = [] if refused or nesting == 0 else required_names(model)
    return st.fixed_dictionaries({name: fields[name] for name in required},
                                 optional={name: value for name, value in fields.items() if name not in required})


ENTRY_FIELDS = {(entry_type, refused): mapping_for(model, refused) for entry_type, model in MODELS.items()
                for refused in (False, True)}


def deep_value_of(levels: int):
    """A list nested ``levels`` deep around a text."""
    value: typing.Any = "x"
    for _ in range(levels):
        value = [value]
    return value


deep_value = st.integers(DEFAULT_MAX_DEPTH - 3, DEFAULT_MAX_DEPTH + 5).map(deep_value_of)


MARKUP = re.compile(r"<|javascript:|`|\[\[|\[@|\{\{|&#|\]\(")
"""Entry text that looks like markup: what the render property must see escaped."""
LABEL_FIELDS = {"event": "title", "person": "name", "organization": "name", "place": "name", "source": "title",
                "tag": "description"}
"""The text field every entry of a type shows as its label, where plausible hostile text is sure to be read."""
markup_line = st.tuples(allowed_line, st.sampled_from([text for text in ALLOWED_HOSTILE if "\n" not in text])).map(
    " ".join).filter(lambda text: MARKUP.search(text) is not None)


@st.composite
def hostile_entry(draw, entry_type: str, refused: bool) -> dict:
    """A base entry of ``entry_type`` with some fields replaced or added: plausibly, or (``refused``) anyhow.

    A plausible entry's label always holds markup-like text that may pass the checks, so that
    the clean sites which reach the renderer carry something worth escaping.
    """
    data = {"id": "hostile", **BASE[entry_type], **draw(ENTRY_FIELDS[entry_type, refused])}
    if not refused:
        data[LABEL_FIELDS[entry_type]] = draw(markup_line)
    return data


@st.composite
def hostile_site(draw) -> dict[str, str]:
    """Entry files (path -> YAML text): the base entries and one to three hostile ones.

    Half the sites hold only text that may pass the checks (so that clean sites
    with hostile text reach the renderer), half anything at all; one in thirty
    nests a summary around the depth limit.
    """
    files = {f"{t}/{IDS[t]}.yml": yaml.safe_dump({"id": IDS[t], **BASE[t]}) for t in BASE}
    refused = draw(st.booleans())
    for entry_type in draw(st.lists(st.sampled_from(list(MODELS)), min_size=1, max_size=3, unique=True)):
        data = draw(hostile_entry(entry_type, refused))
        if draw(st.sampled_from([False] * 29 + [True])):  # not integers(): Hypothesis favours their bounds
            data["summary"] = draw(deep_value)
        files[f"{entry_type}/hostile.yml"] = yaml.safe_dump(data, allow_unicode=draw(st.booleans()), width=80)
    return files


def check_files(files: dict[str, str]):
    """``annals check`` on these entry files: the site, its problems and the files by shown path."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "entries"
        for name, text in files.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_text(text, encoding="utf-8", errors="surrogatepass")
        site, problems, _ = check(root, display_root=Path(folder))
    shown = {f"entries/{name}": text.encode("utf-8", "surrogatepass") for name, text in files.items()}
    return site, problems, shown


# --- What a browser would run -------------------------------------------------------

SAFE_TAGS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "a", "ul", "ol", "li", "em", "strong", "code",
                       "pre", "blockquote", "hr", "br", "table", "thead", "tbody", "tr", "th", "td", "div", "sup",
                       "span"})
"""What Annals' templates and the site's Markdown extensions produce; anything else came from entry text."""
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "xlink:href", "srcset", "poster", "data"})
SAFE_SCHEME = re.compile(r"(?:https?:|[^:]*$|[^:]*[/?#])", re.IGNORECASE)
"""A URL with no scheme (relative, #fragment) or http(s); a ':' after '/', '?' or '#' is no scheme."""


class _Elements(HTMLParser):
    """Every element, attribute, comment and declaration in an HTML fragment."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, attrs))

    def handle_comment(self, data):
        self.found.append(("<!--", []))

    def handle_decl(self, decl):
        self.found.append(("<!", []))

    def handle_pi(self, data):
        self.found.append(("<?", []))


def page_html(content: str) -> str:
    """A page's Markdown as HTML, with the Markdown extensions of the site (MkDocs adds fenced_code)."""
    converter = markdown.Markdown(extensions=["admonition", "footnotes", "tables", "toc", "fenced_code"],
                                  extension_configs={"toc": {"permalink": True}})
    return converter.convert(content)


def assert_nothing_runs(content: str, uri: str = "page") -> None:
    """No element, attribute or link in the page's HTML that could run code or load anything."""
    parser = _Elements()
    parser.feed(page_html(content))
    parser.close()
    for tag, attributes in parser.found:
        assert tag in SAFE_TAGS, f"{uri}: <{tag}> in the HTML"
        for name, value in attributes:
            assert not name.startswith("on") and name != "style", f"{uri}: <{tag} {name}=...> in the HTML"
            if name in URL_ATTRIBUTES:
                url = re.sub(r"[\x00-\x20\x7f]", "", value or "")  # the parser has unescaped it
                assert SAFE_SCHEME.match(url), f"{uri}: <{tag} {name}={value!r}> in the HTML"


def assert_exports_readable(site) -> None:
    """Every data file of a clean site reads back with an independent reader, whatever its entries hold."""
    files = {page.uri: page.content for page in Exports(site, Settings(), Publication("Fuzz")).files()}
    dataset = json.loads(files["data/entries.json"])
    jsonschema.Draft202012Validator(json.loads(files["data/entries.schema.json"])).validate(dataset)
    rows = list(csv.DictReader(io.StringIO(files["data/events.csv"].removeprefix("\ufeff"), newline="")))
    assert len(rows) == len(site.of_type("event"))
    for row in rows:
        title = site.entries[("event", row["id"])].entry.title
        assert row["title"] in (title, "'" + title), (row["title"], title)
    icalendar.Calendar.from_ical(files["data/events.ics"])
    library = bibtexparser.parse_string(files["data/sources.bib"])
    assert not library.failed_blocks
    for entry in library.entries:  # each value read back exactly as written: no brace ended a field early
        source = site.entries[("source", entry.key)].entry
        if source.title:
            assert entry.fields_dict["title"].value == bibtex_text(source.title), (entry.key, source.title)
    json.loads(files["data/sources.json"])
    for feed in ("feeds/events.atom", "feeds/changes.atom"):
        assert not feedparser.parse(files[feed].encode("utf-8")).bozo, feed


def render_pages(site):
    """Every entry, index and chronology page of a clean site (the static reference page left out)."""
    return [page for page in render(site, Settings(templates=TEMPLATES), Publication()) if not page.uri.startswith("reference/")]


RENDERED: collections.Counter = collections.Counter()
"""Clean sites each property rendered, and how many held markup-like entry text: proof the property was exercised."""


def check_and_render(files: dict[str, str], name: str) -> None:
    """Problems must be located; a site without errors must render to HTML in which nothing runs.

    A site with warnings only renders too, as a build that is not strict does: a status its
    sources do not support (a random one often) is a warning, and must not hide the render.
    """
    site, problems, shown = check_files(files)
    errors = [p for p in problems if not p.is_warning]
    if currently_in_test_context():  # also called directly, by the pinned reproducers below
        event("renderable site" if not errors else "errors")
    for problem in problems:
        assert_located(problem, shown)
    if errors:
        return
    for page in render_pages(site):
        assert_nothing_runs(page.content, page.uri)
        if page.structured is not None:
            assert not any(c in page.structured for c in "<>&"), f"{page.uri}: JSON-LD could close its script"
            json.loads(page.structured)
    assert_exports_readable(site)
    RENDERED[name] += 1
    RENDERED[name, "markup"] += any(MARKUP.search(text) for path, text in files.items() if "hostile" in path)


@configured(examples=100)
@given(hostile_site())
def hostile_sites_check_and_render_safely(files: dict[str, str]) -> None:
    """Hostile entries of every type: located problems, or pages in which nothing runs."""
    check_and_render(files, "sites")


def test_hostile_sites_check_and_render_safely():
    spend(hostile_sites_check_and_render_safely)
    assert RENDERED["sites", "markup"] > 0, "no clean site held hostile text: the render property was not exercised"


LINE_PREFIXES = ["", "", "", " ", "   ", "    ", "\t", "> ", "- ", "1. ", "  - ", "> - ", "\u00a0", "\u3000", "\u2003"]
"""How a line of entry Markdown may start: nothing, indentation, containers, spaces that are not ASCII."""
LABELS, URLS = ["x", "X", " x"], ["javascript:alert(1)", "<javascript:alert(1)>", "data:text/html,x", "https://a.org"]
link_syntax = st.one_of(
    st.builds("[{}]: {}".format, st.sampled_from(LABELS), st.sampled_from(URLS)),  # a reference definition
    st.builds("[text][{}]".format, st.sampled_from(LABELS)), st.builds("[{}]".format, st.sampled_from(LABELS)),
    st.builds("[text]({})".format, st.sampled_from(URLS)))
"""Markdown's own link syntax, pieced together: definitions, references and inline links."""
markdown_line = st.tuples(st.sampled_from(LINE_PREFIXES), st.lists(
    st.one_of(link_syntax, st.sampled_from(ALLOWED_HOSTILE), st.sampled_from(REFUSED_HOSTILE)), min_size=1,
    max_size=3)).map(lambda parts: parts[0] + "".join(parts[1]))
markdown_text = st.tuples(st.lists(markdown_line, min_size=1, max_size=6), st.sampled_from(["\n", "\n\n"])).map(
    lambda parts: parts[1].join(parts[0]))


def site_with(field: str, text: str) -> dict[str, str]:
    """The base entries and one event whose ``field`` holds ``text``."""
    files = {f"{t}/{IDS[t]}.yml": yaml.safe_dump({"id": IDS[t], **BASE[t]}) for t in BASE}
    files["event/hostile.yml"] = yaml.safe_dump({"id": "hostile", **BASE["event"], field: text}, allow_unicode=True)
    return files


@configured(examples=40)
@given(markdown_text, st.sampled_from(["summary", "note"]))
def hostile_markdown_is_refused_or_harmless(text: str, field: str) -> None:
    """Markdown pieced together from hostile lines: refused with a location, or harmless once rendered."""
    check_and_render(site_with(field, text), "markdown")


def test_hostile_markdown_is_refused_or_harmless():
    spend(hostile_markdown_is_refused_or_harmless)
    assert RENDERED["markdown", "markup"] > 0, "no clean entry held hostile text: the render property was not exercised"


@pytest.mark.parametrize("field", ["summary", "note"])
@pytest.mark.parametrize("space", ["\u00a0", "\u2003", "\u3000"])
def test_a_space_that_is_not_ascii_cannot_start_a_link_definition(field, space):
    """Found by the property above (make fuzz, about a minute): render strips the text, Unicode spaces
    included, so the first line becomes ``[x]: javascript:...`` after the checks, which only look for
    ASCII spaces before a definition, have passed it."""
    check_and_render(site_with(field, space + "[x]: javascript:alert(1)\n\n[y][x]"), "found")


# --- The oracles can fail ---------------------------------------------------------

@pytest.mark.parametrize("markdown_text", [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[x](javascript:alert(1))",
    "[x](JAVA\tSCRIPT:alert(1))", "[x][y]\n\n[y]: javascript:alert(1)", "<span onclick=alert(1)>x</span>",
    "<!-- x -->", "[x](data:text/html,x)",
])
def test_the_browser_oracle_catches_what_would_run(markdown_text):
    with pytest.raises(AssertionError):
        assert_nothing_runs(markdown_text)


def test_the_browser_oracle_passes_what_the_templates_make():
    assert_nothing_runs('<span class="annals-status">x</span> [a](../people/a.md) [b](https://example.org/#x)'
                        "[^1]\n\n[^1]: [c](x.md). `<script>`\n\n!!! note \"Editorial note\"\n\n    text\n")
