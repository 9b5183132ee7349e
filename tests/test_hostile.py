"""Issue 7: untrusted entries can never run code in a reader's browser.

``tests/hostile/`` holds an adversarial corpus (see its README.md for every case):

* ``refused/entries/``: entries that ``annals check`` must refuse. Each file ends
  with ``# expect: LINE:COLUMN: MESSAGE`` comments, one per problem it must
  produce (``/regex/`` when only the form of the message is fixed). The check
  must report exactly those, each with a hint, alone or among the others.
* ``site/``: a site whose every entry is hostile and must build. It is built
  with ``mkdocs build --strict``, its HTML is checked statically, and headless
  Chromium opens every page, clicks every link that stays on the site and
  searches for every hostile name: no dialog may open, no request may leave
  127.0.0.1 (see ``visit`` in conftest.py).

Nothing is mocked. Payloads printed in failure messages go through ``ascii()``
so that a failing run cannot itself print a GitHub workflow command.
"""

from __future__ import annotations

import contextlib
import html
import html.parser
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

import pytest
import yaml
from conftest import HOSTILE_CONFIG, OUR_SCRIPTS, SEARCH_TIMEOUT_MS, indexed_pages, mkdocs_build, visit
from pydantic import BaseModel

from annals.cli import main
from annals.fields import nested_model
from annals.model import MODELS

REPO = Path(__file__).parents[1]
HOSTILE = REPO / "tests" / "hostile"
REFUSED = HOSTILE / "refused"
SITE = HOSTILE / "site"
SITE_CONFIG = HOSTILE_CONFIG  # built once per run: the hostile_site fixture in conftest.py
SITE_ENTRIES = SITE / "entries"
SITE_NAME = "Annals hostile site"
SECTIONS = {"event": "events", "person": "people", "organization": "organizations",
            "place": "places", "source": "sources", "tag": "tags"}
"""Entry type -> folder of its pages on the site."""

HELPER_PREFIXES = ("ok-", "plain-")
"""Files with these names are valid helpers the hostile entries refer to, not attacks."""


# --- The corpus --------------------------------------------------------------

def refused_files() -> list[str]:
    return sorted(p.relative_to(REFUSED / "entries").as_posix() for p in (REFUSED / "entries").rglob("*.yml")
                  if not p.name.startswith(HELPER_PREFIXES))


def refused_helpers() -> list[Path]:
    return sorted(p for p in (REFUSED / "entries").rglob("*.yml") if p.name.startswith(HELPER_PREFIXES))


def site_files() -> list[Path]:
    return sorted(SITE_ENTRIES.rglob("*.yml"))


def hostile_site_files() -> list[Path]:
    return [p for p in site_files() if not p.name.startswith(HELPER_PREFIXES)]


def load_entry(path: Path) -> dict:
    """An entry as the YAML says it, every scalar as text (independent of the engine)."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)


_EXPECT_RE = re.compile(r"^# expect: (\d+):(\d+): (.+)$", re.MULTILINE)


def expectations(relative: str) -> list[tuple[int, int, str]]:
    """The problems a refused file must produce: ``(line, column, message or /regex/)``."""
    text = (REFUSED / "entries" / relative).read_bytes().decode("utf-8", "replace")
    return [(int(line), int(column), message) for line, column, message in _EXPECT_RE.findall(text)]


def printable(text: str) -> str:
    """Text as one honest line: every non-printable character as its Python escape (a line break as \\n)."""
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)


def _message_matches(spec: str, message: str) -> bool:
    """An expectation is the message as ``annals check`` prints it, or a /regex/ searched in that."""
    message = printable(message)
    if len(spec) > 1 and spec.startswith("/") and spec.endswith("/"):
        return re.search(spec[1:-1], message) is not None
    return spec == message


def unmatched(expected: list[tuple[int, int, str]], actual: list[dict]) -> tuple[list, list]:
    """Expected problems nobody reported, and reported problems nobody expected."""
    left = list(actual)
    missing = []
    for line, column, spec in expected:
        found = next((p for p in left if (p["line"], p["column"]) == (line, column)
                      and _message_matches(spec, p["message"])), None)
        if found is None:
            missing.append(f"{line}:{column}: {spec}")
        else:
            left.remove(found)
    return missing, [f"{p['line']}:{p['column']}: {printable(p['message'])} ({printable(p['hint'])})" for p in left]


def run_check(entries: str, capsys, fmt: str = "json") -> tuple[int, str]:
    """``annals check --entries ENTRIES --format FMT`` in this process; exit code and output."""
    capsys.readouterr()
    code = main(["check", "--entries", entries, "--format", fmt])
    return code, capsys.readouterr().out


# --- 1. Refused: exactly the expected problems, each in its own file --------------

def test_every_refused_file_says_what_it_attacks_and_what_it_expects():
    files = refused_files()
    assert len(files) >= 40, files
    for relative in files:
        text = (REFUSED / "entries" / relative).read_bytes().decode("utf-8", "replace")
        assert text.startswith("# REFUSED: "), f"{relative} must start with a '# REFUSED: <case>' comment"
        assert expectations(relative), f"{relative} has no '# expect: LINE:COLUMN: MESSAGE' line"


def test_refused_corpus_reports_exactly_the_expected_problems(monkeypatch, capsys):
    monkeypatch.chdir(REFUSED)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    code, out = run_check("entries", capsys)
    assert code == 1
    report = json.loads(out)
    by_path: dict[str, list[dict]] = {}
    for problem in report["problems"]:
        by_path.setdefault(problem["path"], []).append(problem)
    failures = []
    for relative in refused_files():
        missing, extra = unmatched(expectations(relative), by_path.pop(f"entries/{relative}", []))
        if missing or extra:
            failures.append(f"entries/{relative}:\n  missing: {missing!a}\n  unexpected: {extra!a}")
    assert not by_path, f"problems in files that expect none (the helpers): {by_path!a}"
    assert not failures, "\n".join(failures)
    assert all(p["hint"] for p in report["problems"]), "every problem carries a hint"

    # The same run as people read it: one `path:line:column: message (hint)` per problem, then the count.
    code, text = run_check("entries", capsys, fmt="text")
    assert code == 1
    ordered = sorted(report["problems"], key=lambda p: (p["path"], p["line"], p["column"], p["message"], p["hint"]))
    wanted = [printable(f"{p['path']}:{p['line']}:{p['column']}: {p['message']} ({p['hint']})") for p in ordered]
    count = len(wanted)
    assert text.split("\n") == wanted + [f"{count} problem{'s' if count != 1 else ''} found", ""]


@pytest.mark.parametrize("relative", refused_files())
def test_a_refused_file_alone_gives_the_same_problems(relative, tmp_path, monkeypatch, capsys):
    """One bad file, beside valid helpers: its problems are its own and nobody else's."""
    entries = tmp_path / "entries"
    for helper in refused_helpers():
        target = entries / helper.relative_to(REFUSED / "entries")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(helper, target)
    target = entries / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(REFUSED / "entries" / relative, target)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    code, out = run_check("entries", capsys)
    assert code == 1, f"{relative} was not refused"
    problems = json.loads(out)["problems"]
    elsewhere = [p for p in problems if p["path"] != f"entries/{relative}"]
    assert not elsewhere, f"problems outside the bad file: {elsewhere!a}"
    missing, extra = unmatched(expectations(relative), problems)
    assert not missing and not extra, f"missing: {missing!a}\nunexpected: {extra!a}"


_ANNOTATION_RE = re.compile(r"::error file=entries/[a-z]+/[a-z0-9-]+\.yml,line=\d+,col=\d+(?:,title=[^:]*)?::.+")


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_check_output_carries_no_workflow_command_but_its_own_annotations(fmt, monkeypatch, capsys):
    """Values and keys with '\\n::warning::' or '\\r' must not become commands in a GitHub Actions log.

    The runner reads a command from any line that starts with '::' (after
    spaces) and splits lines at '\\n' and '\\r'.
    """
    monkeypatch.chdir(REFUSED)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    code, out = run_check("entries", capsys, fmt=fmt)
    assert code == 1
    _, report = run_check("entries", capsys, fmt="json")
    problems = len(json.loads(report.split("\n::", 1)[0])["problems"])
    assert "\r" not in out, "a carriage return in the output starts a new line in the Actions log"
    annotations = 0
    for line in out.split("\n"):
        if line.lstrip().startswith("::"):
            assert _ANNOTATION_RE.fullmatch(line), f"a workflow command annals did not mean to write: {line!a}"
            annotations += 1
    assert annotations == problems, f"{annotations} annotations for {problems} problems"


@pytest.mark.slow
def test_mkdocs_build_refuses_the_refused_corpus_without_a_traceback(tmp_path):
    site = tmp_path / "site"
    result = mkdocs_build(SITE_CONFIG, site, env={"ANNALS_ENTRIES": str(REFUSED / "entries"), "GITHUB_ACTIONS": "true"},
                          succeed=False)
    output = result.output
    assert result.returncode == 1, ascii(output[-3000:])
    assert "Traceback" not in output, ascii(output[-3000:])
    for relative in refused_files():
        assert relative in output, f"the build does not name {relative}"
    commands = [line for line in re.split(r"[\r\n]", output) if line.lstrip().startswith("::")]
    assert not commands, ascii(commands)
    assert not (site / "index.html").exists()


# --- 2. Built: the hostile site checks clean and builds strictly -------------------

# Every field of every entry type, as a path through nested parts. Free text is
# where an attacker writes; everything else has a closed form (ids, dates, codes,
# numbers, allowed values) and is attacked in refused/. A new field in the
# schema fails test_the_corpus_covers_every_text_field until it is sorted here.
TEXT_FIELDS = {
    "*": {"summary", "note", "aliases", "disagreements.about", "disagreements.versions.says"},
    "named": {"name", "native_names.text", "native_names.family_name", "spellings.text"},
    "event": {"title", "date_text", "date_note", "participants.side", "participants.role", "quote.text",
              "related.note", "status_reason"},
    "person": {"roles.title"},
    "organization": set(),
    "place": set(),
    "source": {"title", "publisher", "authors", "url", "archive_url"},
    "tag": {"description"},
}
NOT_HELD = {"tag": {"summary", "aliases", "note", "disagreements.about", "disagreements.versions.says"}}
"""Text fields a type refuses whatever they hold: a tag's page shows its description and nothing else."""
CLOSED_FIELDS = {
    "*": {"id", "former_ids", "tags", "disagreements.versions.sources", "disagreements.versions.date"},
    "named": {"native_names.lang", "spellings.sources", "country"},
    "event": {"date", "place", "kind", "status", "participants.person", "participants.organization",
              "participants.sources", "related.event", "related.relation", "related.sources", "sources",
              "quote.source", "quote.speaker", "quote.speaker_organization", "place_qualifier", "unnamed_sources"},
    "person": {"roles.organization", "roles.from", "roles.to", "roles.sources"},
    "organization": {"parent"},
    "place": {"located_in", "coordinates.lat", "coordinates.lon"},
    "source": {"published", "accessed", "language", "cites", "unverified", "issued_by", "consulted", "relays"},
    "tag": set(),
}
NAMED_TYPES = {"person", "organization", "place"}
MARKDOWN_FIELDS = {"summary", "note", "description"}


def _fields_of(entry_type: str, table: dict[str, set[str]]) -> set[str]:
    found = table["*"] | table[entry_type]
    return found | table["named"] if entry_type in NAMED_TYPES else found


def text_fields(entry_type: str) -> set[str]:
    return _fields_of(entry_type, TEXT_FIELDS) - NOT_HELD.get(entry_type, set())


def _leaf_fields(model: type[BaseModel], prefix: str = "") -> set[str]:
    found = set()
    for name, info in model.model_fields.items():
        path = prefix + (info.alias or name)
        nested = nested_model(info.annotation)
        found |= _leaf_fields(nested, path + ".") if nested else {path}
    return found


def values_at(data, path: str) -> list[str]:
    """Every text value at a dotted path, through lists."""
    current = [data]
    for part in path.split("."):
        following = []
        for item in current:
            items = item if isinstance(item, list) else [item]
            following += [i[part] for i in items if isinstance(i, dict) and i.get(part) is not None]
        current = following
    flat = []
    for item in current:
        flat += item if isinstance(item, list) else [item]
    return [v for v in flat if isinstance(v, str) and v]


@pytest.mark.parametrize("entry_type", sorted(MODELS))
def test_the_corpus_covers_every_text_field(entry_type):
    assert _leaf_fields(MODELS[entry_type]) == \
        text_fields(entry_type) | _fields_of(entry_type, CLOSED_FIELDS) | NOT_HELD.get(entry_type, set()), (
        "the schema changed: sort the new fields into TEXT_FIELDS or CLOSED_FIELDS and attack them")
    files = [p for p in hostile_site_files() if p.parent.name == entry_type]
    assert len(files) >= 10, f"too few hostile {entry_type} entries: {files}"
    for path in files:
        data = load_entry(path)
        assert path.read_text(encoding="utf-8").startswith("# BUILT hostile"), f"{path.name}: start with its case"
        empty = sorted(field for field in text_fields(entry_type) if not values_at(data, field))
        assert not empty, f"{path.relative_to(HOSTILE)} leaves text fields without a payload: {empty}"


def test_site_entries_are_what_make_site_writes():
    """site/entries/ is generated by make_site.py (one file per family and type): no hand edits drift from it."""
    spec = importlib.util.spec_from_file_location("make_site", HOSTILE / "make_site.py")
    make_site = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_site)
    wanted = make_site.site_entries()
    on_disk = {p.relative_to(SITE_ENTRIES).as_posix(): p.read_text(encoding="utf-8") for p in site_files()}
    assert sorted(on_disk) == sorted(wanted), "run: .venv/bin/python tests/hostile/make_site.py"
    stale = sorted(name for name in wanted if on_disk[name] != wanted[name])
    assert not stale, f"stale files, run tests/hostile/make_site.py: {stale}"


def test_hostile_site_entries_check_clean_and_print_no_workflow_command():
    result = subprocess.run(
        [sys.executable, "-m", "annals.cli", "check", "--entries", "tests/hostile/site/entries"],
        cwd=REPO, env=os.environ | {"GITHUB_ACTIONS": "true"}, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, ascii(result.stdout[-5000:] + result.stderr[-2000:])
    assert result.stdout == f"{len(site_files())} entries checked, no problems found\n", ascii(result.stdout)


@pytest.mark.slow
def test_hostile_site_builds_a_page_for_every_entry(hostile_site):
    for path in site_files():
        page = hostile_site / SECTIONS[path.parent.name] / path.stem / "index.html"
        assert page.is_file(), f"no page for {path.relative_to(HOSTILE)}"


# --- 3. Static: what the built HTML holds --------------------------------------

ARTICLE_TAGS = {"article", "h1", "h2", "h3", "h4", "h5", "h6", "p", "a", "ul", "ol", "li", "blockquote", "code",
                "pre", "em", "strong", "sup", "sub", "hr", "br", "table", "thead", "tbody", "tr", "th", "td",
                "div", "span", "del", "ins", "b", "i", "dl", "dt", "dd", "kbd", "mark"}
"""What a page's content may be made of: text structure, no embedded or active content."""
VISUAL_TAGS = {"svg", "title", "text", "line", "g", "a", "rect"}
"""What the visual timeline is drawn with (annals/render/visual.py): shapes, text and links, nothing that runs."""
VISUAL_ATTRIBUTES = {"xmlns", "class", "viewbox", "width", "height", "role", "aria-labelledby", "id", "x", "y",
                     "x1", "x2", "y1", "y2", "rx", "href"}
NEVER_TAGS = {"img", "iframe", "object", "embed", "frame", "frameset", "base", "video", "audio", "source",
              "track", "picture", "applet", "portal", "image"}
"""Elements that load or run something: in no page, content or not (Material uses inline SVG icons only)."""
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "cite",
                  "ping", "srcset", "codebase", "manifest", "lowsrc", "dynsrc", "longdesc", "usemap"}
LOADING_ATTRIBUTES = {"src", "srcset", "poster", "data", "background", "manifest"}
WEB_SCHEMES = {"http", "https"}


def url_scheme(value: str) -> str | None:
    """The scheme a browser reads in a URL attribute: it drops tabs and newlines, and leading spaces and controls."""
    cleaned = re.sub(r"[\t\n\r]", "", value).lstrip("".join(chr(c) for c in range(0x21)))
    found = re.match(r"([A-Za-z][A-Za-z0-9+.\-]*):", cleaned)
    return found.group(1).lower() if found else None


class Page(html.parser.HTMLParser):
    """The parts of an HTML page these tests judge, parsed as a browser would (title as RCDATA)."""

    VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
                      "source", "track", "wbr"})

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.elements: list[tuple[str, list[tuple[str, str | None]], bool]] = []
        self.visual: list[tuple[str, list[tuple[str, str | None]]]] = []
        """The elements of the visual timeline (``div.annals-visual``), judged apart: see VISUAL_TAGS."""
        self._visual_depth: int | None = None
        self.raw_title: str | None = None
        self.article_text: list[str] = []
        self.h1: str | None = None
        self.scripts: list[tuple[dict, str]] = []
        self._script: tuple[dict, list[str]] | None = None
        self._title: list[str] | None = None
        self._h1: list[str] | None = None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        in_article = "article" in self.stack or tag == "article"
        if self._visual_depth is not None:
            self.visual.append((tag, attrs))
        else:
            self.elements.append((tag, attrs, in_article))
        if tag == "div" and in_article and ("class", "annals-visual") in attrs:
            self._visual_depth = len(self.stack)
        if tag == "script":
            self._script = (dict(attrs), [])
        if tag in ("title", "textarea"):  # RCDATA: text up to the first </title>, whatever it holds
            self.set_cdata_mode(tag)
            if tag == "title" and self.raw_title is None:
                self._title = []
        if tag == "h1" and in_article and self.h1 is None and self._h1 is None:
            self._h1 = []
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        if self._visual_depth is not None:
            self.visual.append((tag, attrs))
        else:
            self.elements.append((tag, attrs, "article" in self.stack))

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.scripts.append((self._script[0], "".join(self._script[1])))
            self._script = None
        if tag == "title" and self._title is not None:
            self.raw_title = "".join(self._title)
            self._title = None
        if tag == "h1" and self._h1 is not None:
            self.h1 = "".join(self._h1)
            self._h1 = None
        if tag in self.stack:
            while self.stack and self.stack.pop() != tag:
                pass
        if self._visual_depth is not None and len(self.stack) <= self._visual_depth:
            self._visual_depth = None

    def handle_data(self, data):
        if self._script is not None:
            self._script[1].append(data)
        elif self._title is not None:
            self._title.append(data)  # raw: set_cdata_mode hands over the text unconverted
        else:
            if "article" in self.stack:
                self.article_text.append(data)
            if self._h1 is not None and "a" not in self.stack:  # the permalink ¶ is a link
                self._h1.append(data)


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def entry_of_page(site: Path, page: Path) -> Path | None:
    """The entry file a generated page comes from, if any."""
    parts = page.relative_to(site).parts
    folders = {folder: entry_type for entry_type, folder in SECTIONS.items()}
    if len(parts) == 3 and parts[0] in folders and parts[2] == "index.html":
        candidate = SITE_ENTRIES / folders[parts[0]] / f"{parts[1]}.yml"
        return candidate if candidate.is_file() else None
    return None


def label_of(data: dict) -> str:
    return data.get("title") or data.get("name") or data["id"]  # a tag's label is the tag


def title_of(entry: Path) -> str:
    """The title of an entry's page: its label, or for a tag "Tag: " and the tag."""
    data = load_entry(entry)
    return f"Tag: {data['id']}" if entry.parent.name == "tag" else label_of(data)


def squash(text: str) -> str:
    return " ".join(text.split())


def _normalized_script(body: str) -> str:
    return re.sub(r'new URL\("[^"]*",location\)', "new URL(BASE,location)", body)


def allowed_inline_scripts(site: Path) -> set[str]:
    """Material's inline scripts, as the hand-written home page has them."""
    home = Page((site / "index.html").read_text(encoding="utf-8"))
    found = {_normalized_script(body) for attrs, body in home.scripts if not attrs.get("src") and not attrs.get("type")}
    assert found, "the home page has no inline script to compare with"
    return found


def page_problems(site: Path, path: Path, allowed_scripts: set[str]) -> list[str]:
    page = Page(path.read_text(encoding="utf-8"))
    url = "http://site.invalid/" + path.relative_to(site).as_posix()
    problems = []
    for tag, attrs, in_article in page.elements:
        if tag in NEVER_TAGS:
            problems.append(f"<{tag}> {attrs}")
        if in_article and tag not in ARTICLE_TAGS:
            problems.append(f"<{tag}> in the article")
        if tag == "meta" and any(name == "http-equiv" for name, _ in attrs):
            problems.append(f"<meta http-equiv> {attrs}")
        for name, _value in attrs:
            if name.startswith("on"):
                problems.append(f"event handler {name} on <{tag}>")
    for tag, attrs in page.visual:
        if tag not in VISUAL_TAGS:
            problems.append(f"<{tag}> in the visual timeline")
        for name, value in attrs:
            if name not in VISUAL_ATTRIBUTES:
                problems.append(f"{name} attribute on <{tag}> in the visual timeline")
            if name == "href" and (url_scheme(value or "") is not None or (value or "").startswith(("/", "\\"))):
                problems.append(f"<{tag} href={value!r}> in the visual timeline leaves the site")
            if in_article and name in ("style", "srcdoc", "target", "formaction"):
                problems.append(f"{name} attribute on <{tag}> in the article")
            if name in URL_ATTRIBUTES and value is not None:
                scheme = url_scheme(value)
                if scheme is not None and scheme not in WEB_SCHEMES:
                    problems.append(f"<{tag} {name}={value!r}>: scheme {scheme}")
                loads = name in LOADING_ATTRIBUTES or (tag == "link" and name == "href")
                if loads and (scheme is not None or value.strip().startswith("//")):
                    problems.append(f"<{tag} {name}={value!r}> loads from another host")
    outside = {value for tag, attrs, in_article in page.elements if not in_article
               for name, value in attrs if name == "id"}
    for tag, attrs, in_article in page.elements:
        for name, value in attrs:
            if in_article and name in ("id", "name") and value and (value.startswith("__") or value in outside):
                problems.append(f"<{tag} {name}={value!r}> in the article clobbers an id of Material's")
    for attrs, body in page.scripts:
        if attrs.get("src"):
            target = urlsplit(urljoin(url, attrs["src"]))
            ours = target.path.lstrip("/") in OUR_SCRIPTS  # Annals' own (docs/javascripts/)
            if target.netloc != "site.invalid" or not (target.path.startswith("/assets/javascripts/") or ours):
                problems.append(f"script from {attrs['src']!r}")
        elif attrs.get("type") == "application/json" and attrs.get("id") == "__config":
            json.loads(body)
        elif attrs.get("type") == "application/ld+json" and attrs.get("id") == "annals-structured-data":
            json.loads(body)  # data, never run; entry text in it can neither close it nor open a comment
            if any(c in body for c in "<>&"):
                problems.append(f"JSON-LD holds a raw < > or &: {body[:80]!r}")
        elif _normalized_script(body) not in allowed_scripts:
            problems.append(f"inline script that is not Material's: {body[:80]!r}")
    if page.raw_title is None:
        problems.append("no <title>")
    elif "<" in page.raw_title:
        problems.append(f"<title> holds markup: {page.raw_title!r}")
    return problems


@pytest.mark.slow
def test_no_page_holds_active_content_or_foreign_resources(hostile_site):
    allowed = allowed_inline_scripts(hostile_site)
    failures = {str(p.relative_to(hostile_site)): found for p in html_pages(hostile_site)
                if (found := page_problems(hostile_site, p, allowed))}
    assert not failures, ascii(failures)


@pytest.mark.slow
def test_titles_and_headings_are_the_literal_names(hostile_site):
    failures = []
    for path in html_pages(hostile_site):
        entry = entry_of_page(hostile_site, path)
        if entry is None:
            continue
        label = title_of(entry)
        page = Page(path.read_text(encoding="utf-8"))
        title = html.unescape(page.raw_title or "")
        if "<" in (page.raw_title or "") or title != f"{label} - {SITE_NAME}":
            failures.append(f"{entry.name}: <title> {page.raw_title!a} is not {label!a}")
        if squash(page.h1 or "").removesuffix("¶").strip() != squash(label):
            failures.append(f"{entry.name}: <h1> {page.h1!a} is not {label!a}")
    assert not failures, "\n".join(failures)


def _missing_texts(shown: str, values: list[str]) -> list[str]:
    """Values not shown as often as the entry holds them: a value rendered as markup loses its text."""
    shown = squash(shown)
    wanted = [squash(v) for v in values]
    return [value for value in dict.fromkeys(wanted)
            if shown.count(value) < sum(other.count(value) for other in wanted)]


@pytest.mark.slow
def test_every_hostile_text_is_shown_as_text(hostile_site):
    """Each plain-text value appears verbatim, as often as the entry holds it: escaped, never read as markup."""
    failures = []
    for entry in site_files():
        data = load_entry(entry)
        entry_type = entry.parent.name
        folder = hostile_site / SECTIONS[entry_type]
        page = Page((folder / entry.stem / "index.html").read_text(encoding="utf-8"))
        values = [v for field in sorted(text_fields(entry_type) - MARKDOWN_FIELDS) for v in values_at(data, field)]
        for value in _missing_texts("".join(page.article_text), values):
            failures.append(f"{entry_type}/{entry.name}: {value!a} is not shown as text")
        headings = [tag for tag, _, in_article in page.elements if in_article and tag == "h1"]
        if len(headings) != 1:
            failures.append(f"{entry_type}/{entry.name}: {len(headings)} <h1> in the article")
        index = Page((folder / "index.html").read_text(encoding="utf-8"))
        for value in _missing_texts("".join(index.article_text), [label_of(data)] + values_at(data, "aliases")):
            failures.append(f"{SECTIONS[entry_type]}/index.html: {value!a} is not shown as text")
    chronology = Page((hostile_site / "chronology" / "index.html").read_text(encoding="utf-8"))
    for entry in sorted((SITE_ENTRIES / "event").glob("*.yml")):
        data = load_entry(entry)
        # The reporters' wording of a date (date_text) is on the event's page only, checked above.
        for value in _missing_texts("".join(chronology.article_text), [data["title"]]):
            failures.append(f"chronology: {value!a} is not shown as text")
    assert not failures, "\n".join(failures)


@pytest.mark.slow
def test_nothing_from_the_build_machine_reaches_the_site(hostile_site):
    """Snippet and template syntax in entries stays text: no file is included, no expression evaluated."""
    for path in hostile_site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".xml"):
            text = path.read_text(encoding="utf-8", errors="replace")
            assert "root:x:0:0" not in text, f"{path}: /etc/passwd was included"
    page = Page((hostile_site / "events" / "template-syntax" / "index.html").read_text(encoding="utf-8"))
    assert "{{ 7*7 }}" in "".join(page.article_text)


@pytest.mark.slow
def test_the_search_index_holds_each_title_as_its_text(hostile_site):
    """The search index (annals/search/index.py) keeps each page's title as text, which the site's search shows as text:
    every hostile name and title exactly as its entry gives it."""
    labels = {f"/{SECTIONS[p.parent.name]}/{p.stem}/": title_of(p) for p in site_files()
              if p.parent.name != "tag"}  # a tag's entry shows on its tag page, a listing, which search leaves out
    titles = {page["url"]: page["title"] for page in indexed_pages(hostile_site)}
    assert labels.keys() <= titles.keys(), f"not indexed: {sorted(labels.keys() - titles.keys())}"
    assert {url: titles[url] for url in labels if titles[url] != labels[url]} == {}


# --- 4. In Chromium: every page, every link, every name searched ----------------

DOM_CHECK = """
([neverTags, articleTags, urlAttributes, visualTags]) => {
  const problems = [];
  for (const el of document.querySelectorAll('*')) {
    const tag = el.tagName.toLowerCase();
    if (neverTags.includes(tag)) problems.push(`<${tag}> in the page`);
    // Material's tooltips and code copy buttons and the chronology's filter form are made by the site's own
    // scripts, not by content.
    if (el.closest('article') && !articleTags.includes(tag) && !el.closest('.md-tooltip2, .md-code__nav, .annals-filters__box')
        && !(el.parentElement.closest('.annals-visual') && visualTags.includes(tag)))
      problems.push(`<${tag}> in the article`);
    for (const {name, value} of el.attributes) {
      const n = name.toLowerCase();
      if (n.startsWith('on')) problems.push(`<${tag}> has ${n}=${JSON.stringify(value)}`);
      if (urlAttributes.includes(n)) {
        const cleaned = value.replace(/[\\t\\n\\r]/g, '').replace(/^[\\x00-\\x20]+/, '');
        const m = /^([a-z][a-z0-9+.\\-]*):/i.exec(cleaned);
        if (m && !['http', 'https'].includes(m[1].toLowerCase()))
          problems.push(`<${tag} ${n}=${JSON.stringify(value)}>`);
      }
    }
  }
  const outside = new Set([...document.querySelectorAll('[id]')].filter(e => !e.closest('article')).map(e => e.id));
  for (const el of document.querySelectorAll('article [id], article [name]'))
    for (const value of [el.id, el.getAttribute('name')])
      if (value && outside.has(value))  // Material numbers its own (__code_0 on <pre>): collisions only
        problems.push(`<${el.tagName.toLowerCase()}> in the article takes Material's id ${JSON.stringify(value)}`);
  for (const el of document.querySelectorAll('article script, meta[http-equiv]'))
    problems.push(el.outerHTML.slice(0, 120));
  // What the reader test hovers and clicks next, in document order (the order of its locators).
  const titles = [...document.querySelectorAll('article [title]')].map(e => e.getAttribute('title'));
  const hrefs = [...document.querySelectorAll('article a[href]')].map(e => e.getAttribute('href'));
  return {title: document.title, problems, titles, hrefs};
}
"""

SETTLE = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 0))))"
"""Resolves once the page has rendered two frames and run the tasks queued before: what a click, a hover or a
load set off (a handler, a javascript: URL, a tooltip) has run by then, and any dialog it opened is recorded."""

TOOLTIP_SHOWN = """
title => [...document.querySelectorAll('.md-tooltip2--active .md-tooltip2__inner')]
  .some(inner => inner.textContent === title && inner.childElementCount === 0)
"""
"""Material shows the hovered title as a tooltip, as text: exactly the title, no element in it."""

CLICK_WITHIN_PAGE = """
() => {
  const hrefs = new Set();
  for (const a of document.querySelectorAll('article a[href^="#"]')) {
    const href = a.getAttribute('href');
    if (!hrefs.has(href)) { hrefs.add(href); a.click(); }
  }
  return [...hrefs];
}
"""
"""Clicks each link within the page (footnotes, permalinks) once per target; returns the targets."""

SCHEME_RE = re.compile(r"^\s*([A-Za-z][A-Za-z0-9+.\-]*):")


def _expected_titles(site: Path) -> dict[str, str]:
    """Page path on the server -> the title the browser must show."""
    titles = {}
    for entry in site_files():
        titles[f"/{SECTIONS[entry.parent.name]}/{entry.stem}/"] = f"{title_of(entry)} - {SITE_NAME}"
    return titles


def _page_urls(site: Path, base: str) -> list[str]:
    urls = []
    for path in html_pages(site):
        relative = path.relative_to(site).as_posix()
        urls.append(base + (relative[:-len("index.html")] if relative.endswith("index.html") else relative))
    return urls


def _record_dialogs(page, dialogs: list, where: dict) -> None:
    def on_dialog(dialog):
        dialogs.append(f"{dialog.type}({dialog.message!a}) at {where['now']}")
        with contextlib.suppress(Exception):  # the page may already be gone; the dialog is recorded
            dialog.dismiss()
    page.on("dialog", on_dialog)


@pytest.mark.browser
@pytest.mark.slow
def test_reader_opens_every_page_and_clicks_every_link_and_nothing_runs(browser, hostile_site, hostile_served):
    """Every page in Chromium; every link in the article that stays on the site, or has no http(s) scheme, clicked.

    A click that would load another page of the site is answered with 204 No
    Content, so the browser stays on the page (a javascript: or data: link would
    still run); the target is checked to be a page of the site, and each target
    is clicked once per run (every anchor on every page has been checked for
    event handlers and schemes first). Links within the page (#fn:1, permalinks)
    are clicked with element.click(), all at once, each target once per page.
    External http(s) links are only checked to be plain http(s) links, never
    followed. Each new link title is hovered until Material shows it as a
    tooltip, since Material shows titles as HTML tooltips; an uncaught script
    error fails the test too (content that breaks Material's scripts).
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    base = hostile_served
    origin = urlsplit(base).netloc
    titles = _expected_titles(hostile_site)
    dialogs: list[str] = []
    failures: list[str] = []
    navigations: list[tuple[str, str]] = []
    where = {"now": "start", "clicking": False}
    clicked: set[str] = set()
    tooltips: set[str] = set()
    external = 0
    with visit(browser) as page:
        _record_dialogs(page, dialogs, where)
        # An uncaught error means the page's content broke Material's scripts (search, tooltips, toggles).
        page.on("pageerror", lambda error: failures.append(f"{where['now']}: script error {str(error)[:200]!a}"))

        def on_route(route):
            request = route.request
            if where["clicking"] and request.is_navigation_request() and request.frame == page.main_frame:
                navigations.append((where["now"], request.url))
                route.fulfill(status=204, body="")
            else:
                route.fallback()

        def answered(response) -> bool:
            """The 204 that on_route gave a click's navigation."""
            return response.request.is_navigation_request() and response.request.frame == page.main_frame

        for url in _page_urls(hostile_site, base):
            where["now"], where["clicking"] = url, False
            page.goto(url)
            found = page.evaluate(DOM_CHECK, [sorted(NEVER_TAGS), sorted(ARTICLE_TAGS), sorted(URL_ATTRIBUTES),
                                             sorted(VISUAL_TAGS)])
            failures += [f"{url}: {p!a}" for p in found["problems"]]
            expected = titles.get(urlsplit(url).path)
            if expected is not None and found["title"] != expected:
                failures.append(f"{url}: document.title {found['title']!a} is not {expected!a}")
            # Material's content.tooltips shows a link's title as a tooltip: hover each new title once. While a
            # tooltip shows, Material takes the title off its element, so the later ones are hovered first.
            new_titles = {}
            for number, title in enumerate(found["titles"]):
                if title is not None and title not in tooltips:
                    tooltips.add(title)
                    new_titles[number] = title
            for number, title in sorted(new_titles.items(), reverse=True):
                where["now"] = f"{url} hover {title!a}"
                page.locator("article [title]").nth(number).hover(force=True, timeout=5_000)
                try:
                    page.wait_for_function(TOOLTIP_SHOWN, arg=title, polling="raf", timeout=5_000)
                except PlaywrightTimeoutError:
                    failures.append(f"{where['now']}: Material showed no tooltip of exactly this text")
            to_click = []
            for number, href in enumerate(found["hrefs"]):
                if href.startswith("#"):
                    continue  # a link within the page: clicked below, all at once
                target = urljoin(url, href)
                scheme = SCHEME_RE.match(href)
                if scheme and scheme.group(1).lower() in WEB_SCHEMES and urlsplit(target).netloc != origin:
                    external += 1
                    continue  # a plain link to another site: never followed
                web = scheme is None or scheme.group(1).lower() in WEB_SCHEMES
                # A link to another page of the site is clicked once per run; any other link on every page.
                key = target if web else f"{url} {href}"
                if key not in clicked:
                    clicked.add(key)
                    # Any link that loads a document (not a #fragment of this one) starts a navigation.
                    loads = web and not (urldefrag(target)[0] == url and urldefrag(target)[1])
                    to_click.append((number, href, loads))
            if to_click:
                # Only while clicking: routing turns the HTTP cache off, and page.goto needs no route.
                page.route("**/*", on_route)
                where["clicking"] = True
                links = page.locator("article a[href]")
                for number, href, loads in to_click:
                    where["now"] = f"{url} -> {href!a}"
                    # Mid-screen first: a forced click lands where the link is, and at the top of the
                    # window Material's sticky header would take it (it did once the pages grew longer).
                    links.nth(number).evaluate("element => element.scrollIntoView({block: 'center'})")
                    if loads:  # wait until on_route has answered the navigation the click starts
                        with page.expect_response(answered, timeout=5_000):
                            links.nth(number).click(force=True, no_wait_after=True, timeout=5_000)
                    else:
                        links.nth(number).click(force=True, no_wait_after=True, timeout=5_000)
                    if page.url.split("#")[0] != url:
                        failures.append(f"{url}: clicking {href!a} left the page for {page.url!a}")
                        where["clicking"] = False
                        page.goto(url)
                        where["clicking"] = True
                page.evaluate(SETTLE)  # a javascript: URL or a handler the clicks set off runs here, before unroute
                where["clicking"] = False
                page.unroute("**/*", on_route)
            # Links within the page (footnotes, permalinks) move nowhere else: click them in one go.
            within = page.evaluate(CLICK_WITHIN_PAGE)
            clicked.update(f"{url}{fragment}" for fragment in within)
            page.evaluate(SETTLE)  # let a late handler, navigation or tooltip land here
            if page.url.split("#")[0] != url:
                failures.append(f"{url}: a link within the page left it for {page.url!a}")
        where["clicking"] = False
        page.evaluate(SETTLE)
        # Inside the visit, so that these come first; leaving it checks the requests.
        assert not dialogs, "dialogs opened:\n" + "\n".join(dialogs)
        assert not failures, "\n".join(failures)
    assert len(clicked) > 100 and external > 0, (len(clicked), external)
    assert len(tooltips) >= 3, f"too few link titles hovered to prove anything: {sorted(tooltips)!a}"
    for source, target in navigations:
        parts = urlsplit(target)
        local = hostile_site / unquote(parts.path).lstrip("/")
        assert parts.netloc == origin and ((local / "index.html").is_file() or local.is_file()), (
            f"{source} links to {target!a}, not a page of the site")


def _search_terms() -> list[tuple[str, bool]]:
    """Every hostile name and alias once, with whether it is an entry's name or title."""
    terms: dict[str, bool] = {}
    for path in hostile_site_files():
        data = load_entry(path)
        terms[label_of(data)] = True
        for alias in values_at(data, "aliases"):
            terms.setdefault(alias, False)
    return list(terms.items())


SEARCH_RESULT_TAGS = {"div", "ol", "li", "a", "h1", "p", "mark"}
"""What the site's search results are made of (docs/javascripts/annals-search.js): nothing from the entries' text."""


SEARCH_RESULTS = """
() => {
  const results = document.querySelector('.md-search-result');
  const all = [...results.querySelectorAll('*')];
  return {
    tags: [...new Set(all.map(e => e.tagName.toLowerCase()))],
    handlers: all.flatMap(e => [...e.attributes].map(a => a.name))
      .filter(n => n.toLowerCase().startsWith('on') || n.toLowerCase() === 'style'),
    hrefs: [...results.querySelectorAll('.md-search-result__item a.md-search-result__link')].map(e => e.href),
  };
}
"""
"""What the search rendered as results: their tags, any handler or style attribute, where the hits lead."""

SEARCH_BOX_FOCUSED = "() => document.activeElement?.matches('input.md-search__input') ?? false"


@pytest.mark.browser
@pytest.mark.slow
def test_searching_for_every_hostile_name_shows_text_and_runs_nothing(browser, hostile_site, hostile_served):
    """Each hostile name and alias typed into the site's search; the results hold text only; each name's first hit
    is clicked once, and the next search starts on the page it opens."""
    from playwright.sync_api import expect

    base = hostile_served
    origin = urlsplit(base).netloc
    dialogs: list[str] = []
    failures: list[str] = []
    where = {"now": "start"}
    followed: set[str] = set()
    unsearched: list[str] = []
    hits_found = 0
    terms = _search_terms()
    with visit(browser) as page:
        _record_dialogs(page, dialogs, where)
        page.on("pageerror", lambda error: failures.append(f"{where['now']}: script error {str(error)[:200]!a}"))
        page.goto(base)
        box = page.locator("input.md-search__input")
        meta = page.locator(".md-search-result__meta")
        hits = page.locator(".md-search-result__item a.md-search-result__link")
        for term, is_name in terms:
            where["now"] = f"search {term!a}"
            if not page.evaluate(SEARCH_BOX_FOCUSED):
                box.click()  # on a newly opened page: opens the search
            box.fill("")
            expect(meta).to_have_text(re.compile("Type to start searching"), timeout=SEARCH_TIMEOUT_MS)
            box.fill(term[:-1])
            box.press_sequentially(term[-1])
            try:
                expect(meta).not_to_have_text(re.compile("Type to start searching"), timeout=3_000)
            except AssertionError:
                # A query of no word (only separators or an emoji) is no search: nothing rendered.
                unsearched.append(term)
                continue
            results = page.evaluate(SEARCH_RESULTS)
            if set(results["tags"]) - SEARCH_RESULT_TAGS:
                failures.append(f"{term!a}: search results hold {sorted(set(results['tags']) - SEARCH_RESULT_TAGS)}")
            if results["handlers"]:
                failures.append(f"{term!a}: search results carry {results['handlers']}")
            hrefs = results["hrefs"]
            hits_found += bool(hrefs)
            for href in hrefs:
                if urlsplit(href).netloc != origin or url_scheme(href) not in WEB_SCHEMES:
                    failures.append(f"{term!a}: a search result links to {href!a}")
            # Follow the first hit of each name once: the page it opens must hold nothing active either.
            if is_name and hrefs and urlsplit(hrefs[0]).path not in followed:
                followed.add(urlsplit(hrefs[0]).path)
                where["now"] = f"search {term!a} -> {hrefs[0]!a}"
                hits.first.click()
                page.wait_for_load_state("load")
                page.evaluate(SETTLE)
                bad = page.evaluate(
                    "() => [...document.querySelectorAll('article *')].filter(e => "
                    "['script','img','iframe','svg','object','embed'].includes(e.tagName.toLowerCase())"
                    " && !(e.matches('svg.annals-timeline') && e.parentElement.matches('div.annals-visual'))).length")
                if bad:
                    failures.append(f"{term!a}: the page found holds {bad} active elements")
        page.evaluate(SETTLE)
        assert not dialogs, "dialogs opened:\n" + "\n".join(dialogs)
        assert not failures, "\n".join(failures)
    assert len(followed) >= 10, f"too few hits followed to prove anything: {len(followed)}"
    assert hits_found >= len(terms) // 3, f"search found too little to prove anything: {hits_found}/{len(terms)}"
    assert len(unsearched) <= 5, f"no search ran for {unsearched!a}"
