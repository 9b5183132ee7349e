"""``annals diff`` (issue 23): what an edit changes for readers, in their words, and inert whatever entries say.

Each test edits a scratch git repository holding the fixture corpus (committed
on ``main``, edited on a branch) and reads the Markdown summary. The hostile
tests render that summary and find only text in it.
"""

from __future__ import annotations

import html.parser
import json
import shutil
from pathlib import Path
from types import SimpleNamespace

import markdown
import pytest

from annals import cli
from annals.diff import report, text
from annals.diff.changes import sentences
from annals.diff.compare import _renames
from tests.conftest import fixture_project
from tests.test_history import git

TALKS = "entries/event/talks-2012.yml"


@pytest.fixture(scope="module")
def base_repo(tmp_path_factory) -> Path:
    """The fixture project committed on main, on a branch ``edit`` that has left it."""
    repo = tmp_path_factory.mktemp("diff") / "repo"
    fixture_project(repo)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "Import the corpus")
    git(repo, "checkout", "-q", "-b", "edit")
    return repo


@pytest.fixture
def repo(base_repo: Path, tmp_path: Path) -> Path:
    """A copy of the scratch repository for one test to edit."""
    return Path(shutil.copytree(base_repo, tmp_path / "repo", symlinks=True))


def edit(repo: Path, path: str, old: str, new: str) -> None:
    """Replace ``old`` (which must be there) with ``new`` in one file."""
    file = repo / path
    content = file.read_text(encoding="utf-8")
    assert old in content, f"{old!r} is not in {path}"
    file.write_text(content.replace(old, new), encoding="utf-8")


def run_diff(repo: Path, capsys, *args: str) -> str:
    """``annals diff`` in the repository; its output, once it exited 0."""
    code = cli.main(["diff", *args, "--config-file", str(repo / "mkdocs.yml")])
    out = capsys.readouterr()
    assert code == 0, out.err
    assert out.err == ""
    return out.out


def section(output: str, heading: str) -> str:
    """The text under one ``###`` heading of the summary."""
    assert f"### {heading}" in output, output
    return output.split(f"### {heading}", 1)[1].split("\n### ", 1)[0]


def test_an_added_entry_is_listed_with_its_page(repo, capsys):
    (repo / "entries/person/dee-new.yml").write_text("id: dee-new\nname: Dee New\n", encoding="utf-8")
    output = run_diff(repo, capsys)
    assert "Compared with" in output and "where this branch left main: 1 entry: 1 added." in output
    assert section(output, "Added").strip() == "- person **Dee New** `dee-new`, page `people/dee-new/`"
    assert "- `people/dee-new/` (new)" in section(output, "Pages whose content changes")


def test_a_removed_entry_is_listed_and_its_page_goes(repo, capsys):
    (repo / "entries/event/early-contact.yml").unlink()
    output = run_diff(repo, capsys)
    assert "- event **An early back channel** `early-contact`, page `events/early-contact/`" in \
        section(output, "Removed")
    assert "- `events/early-contact/` (gone)" in output


def test_a_file_git_renamed_is_a_rename_with_both_addresses(repo, capsys):
    git(repo, "mv", "entries/place/port-alder.yml", "entries/place/alder-port.yml")
    for path in git(repo, "grep", "-l", "port-alder", "--", "entries").split("\n"):
        edit(repo, path, "port-alder", "alder-port")
    output = run_diff(repo, capsys)
    assert section(output, "Renamed").strip() == (
        "- place **Port Alder** `port-alder` → `alder-port`, page `places/port-alder/` → `places/alder-port/` "
        "(its old address will not lead here: rename with `annals mv`, which keeps `port-alder` under `former_ids`)")
    assert "### Added" not in output and "### Removed" not in output
    assert "  - place Port Alder (place port-alder) → Port Alder (place alder-port)" in section(output, "Changed")
    assert "### Problems" not in output


CHANGES = {
    "status": ([("entries/event/pledge.yml", "status: reported", "status: planned\nstatus_reason: Only announced.")],
               ["- event **A pledge to meet \"without preconditions\"** `pledge`, page `events/pledge/`",
                "  - status reported → planned\n  - status\\_reason none → Only announced."]),
    "date, as readers see dates": ([(TALKS, "date: 2012-11-15/2012-11-16", "date: 2012-11-16/2012-11-17")],
                                   ["  - date 15–16 November 2012 → 16–17 November 2012"]),
    "participants, named by their labels": (
        [("entries/event/pledge.yml", "  - person: ben-sample\n",
          "  - person: ben-sample\n  - person: ann-example\n    role: speaker\n"),
         (TALKS, "  - organization: valley-forum\n    role: host\n", "")],
        ["  - participant added: Ann Example (person ann-example)",
         "  - participant removed: Valley Forum (organization valley-forum)"]),
    "citation, with its field, sentence and source": (
        [(TALKS, "a *turning point* [@weekly-review].", "a *turning point* [@weekly-review] [@gazette-talks].")],
        ["  - citation added to summary sentence 2: Delegations meet in Port Alder (source gazette-talks)\n"]),
    "citation moved to another sentence": (
        [(TALKS, '"frank and sincere"].', '"frank and sincere"] [@weekly-review].'),
         (TALKS, "a *turning point* [@weekly-review].", "a *turning point*.")],
        ["  - citation moved in summary from sentence 2 to 1: A decade of quiet channels (source weekly-review)\n"]),
    "source URL, not made a link": (
        [("entries/source/gazette-talks.yml", "talks?id=7", "talks?id=8")],
        ["  - source URL changed: https:\u2060//gazette.example.org/2012/11/19/talks?id=7&amp;lang=en → "
         "https:\u2060//gazette.example.org/2012/11/19/talks?id=8&amp;lang=en"]),
    "tags": ([(TALKS, "tags: [talks, port-alder]", "tags: [talks, delegations]")],
             ["  - tag added: delegations\n  - tag removed: port-alder"]),
}
"""Each kind of change to an entry: the edits, and the lines the summary says it in."""


@pytest.mark.parametrize("kind", CHANGES)
def test_each_change_to_an_entry_is_said_in_readers_words(repo, capsys, kind):
    edits, expected = CHANGES[kind]
    for path, old, new in edits:
        edit(repo, path, old, new)
    changed = section(run_diff(repo, capsys), "Changed")
    for line in expected:
        assert line in changed
    assert "text changed" not in changed  # the words stayed: a citation only came


def test_only_the_warnings_the_change_brings_are_listed_wherever_lines_moved(repo, capsys):
    git(repo, "checkout", "-q", "main")  # a warning already on main: not the change's
    edit(repo, "entries/event/pledge.yml", "status: reported", "status: confirmed")
    git(repo, "commit", "-q", "-am", "A warning on main")
    git(repo, "checkout", "-q", "-B", "edit")
    edit(repo, "entries/event/pledge.yml", "id: pledge\n", "id: pledge\n# a line that moves the warning\n")
    edit(repo, TALKS, "status: confirmed", "status: reported")
    output = run_diff(repo, capsys)
    problems = section(output, "Problems this change brings (1 warning)").strip().split("\n")
    assert len(problems) == 1
    assert problems[0].startswith("- entries/event/talks-2012.yml:6:9: warning: status 'reported' does not follow "
                                  "from the sources")


def test_the_changed_pages_are_listed_up_to_a_cap(repo, capsys, monkeypatch):
    edit(repo, "entries/person/ann-example.yml", "name: Ann Example", "name: Ann Example-Smith")
    monkeypatch.setattr(report, "PAGES_SHOWN", 3)
    output = run_diff(repo, capsys)
    heading = next(line for line in output.split("\n") if line.startswith("### Pages whose content changes"))
    count = int(heading.split("(")[1].rstrip(")"))
    pages = section(output, heading[4:]).strip().split("\n")
    assert count > 3 and len(pages) == 4
    assert pages[0] == "- `chronology/`" and pages[3] == f"- … and {count - 3} more pages"
    assert "  - name Ann Example → Ann Example-Smith" in section(output, "Changed")


def test_no_change_says_so(repo, capsys):
    output = run_diff(repo, capsys)
    assert "where this branch left main: no entry changes." in output and "No page changes." in output


def test_an_entry_that_now_has_errors_is_not_called_removed(repo, capsys):
    edit(repo, "entries/event/pledge.yml", "kind: statement", "kind: speech")
    output = run_diff(repo, capsys)
    assert "`pledge`" in section(output, "Now with errors, so off the site until they are fixed")
    assert "### Removed" not in output
    assert "entries/event/pledge.yml:4:7:" in section(output, "Problems this change brings (1 problem found)")
    assert "Not compared: no page is generated while entries have errors." in output


def test_a_named_base_and_files_too_large_to_read(repo, capsys):
    """A file larger than the loader reads is written out at its size, unread: its problem is no new one."""
    first = git(repo, "rev-parse", "HEAD")
    edit(repo, TALKS, "status: confirmed", "status: confirmed\n" + "#" * 2000 + "\n")
    git(repo, "commit", "-q", "-am", "A large entry")
    output = run_diff(repo, capsys, "HEAD", "--max-file-bytes", "1500")
    assert f"Compared with {git(repo, 'rev-parse', 'HEAD')[:7]} (HEAD): no entry changes." in output
    assert "### Problems" not in output
    output = run_diff(repo, capsys, first, "--max-file-bytes", "1500")
    assert f"Compared with {first[:7]} ({first})" in output
    assert "entries/event/talks-2012.yml:1:1:" in section(output, "Problems this change brings (1 problem found)")


def test_without_a_base_it_says_so_in_one_line_and_exits_2(repo, capsys):
    git(repo, "branch", "-m", "main", "trunk")
    assert cli.main(["diff", "--config-file", str(repo / "mkdocs.yml")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("annals diff: cannot find where this branch left main") and err.count("\n") == 1
    assert cli.main(["diff", "no-such-revision", "--config-file", str(repo / "mkdocs.yml")]) == 2
    assert capsys.readouterr().err == "annals diff: git knows no commit 'no-such-revision'\n"


def test_diff_has_help(capsys):
    with pytest.raises(SystemExit) as stopped:
        cli.main(["diff", "--help"])
    assert stopped.value.code == 0
    assert "usage: annals diff [-h]" in capsys.readouterr().out


# --- hostile entry text -----------------------------------------------------------------------

HOSTILE = "<script>alert(1)</script> ![x](http://evil.example/x.png) [click](javascript:alert(1)) @someone #123 | a |"
HOSTILE_TOO = "``tick`` www.evil.example <img src=x onerror=alert(2)> &lt;b&gt; *bold* _it_ | table | breaks |"
"""Every trick a title may hold: HTML, an image, a link, a ping, an issue, a table row, code, an address."""
HOSTILE_KEY = "@someone <script>x</script> | a | ![y](http://evil.example/y.png)"
HOSTILE_FILE = "evil\u202e\n@someone <img src=x>|`x`.yml"
EXPECTED_TAGS = {"h2", "h3", "p", "ul", "li", "strong", "code"}


class Elements(html.parser.HTMLParser):
    """The elements and the text of rendered HTML."""

    def __init__(self, rendered: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text = ""
        self.feed(rendered)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text += data


def rendered(summary: str) -> Elements:
    """The summary as Python-Markdown renders it (tables on, as GitHub has them)."""
    return Elements(markdown.markdown(summary, extensions=["tables", "fenced_code"]))


def assert_inert(summary: str) -> Elements:
    """Only the summary's own elements, no raw HTML, no character that hides or reorders text,
    and nothing GitHub would read as a ping, an issue or an address."""
    assert "<" not in summary, "raw HTML in the summary"
    assert all(c.isprintable() or c in "\n\u2060" for c in summary)
    shown = rendered(summary)
    assert {tag for tag, _ in shown.tags} <= EXPECTED_TAGS, shown.tags
    for marker in ("@someone", "#123", "://", "www."):
        assert marker not in shown.text, marker
    return shown


def test_hostile_entry_text_stays_inert_text(repo, capsys):
    edit(repo, TALKS, "title: Two-day talks in Port Alder", f"title: {json.dumps(HOSTILE)}")
    (repo / "entries/event/hostile.yml").write_text(
        f"id: hostile\ntitle: {json.dumps(HOSTILE_TOO)}\ndate: 2020\nkind: other\nstatus: reported\n"
        "sources: [gazette-talks]\n", encoding="utf-8")
    (repo / "entries/event/long.yml").write_text(f"id: long\ntitle: {'A' * 100_000}\n", encoding="utf-8")
    (repo / "entries/event/bidi.yml").write_text("id: bidi\ntitle: \"evil\u202eexe.txt\"\n", encoding="utf-8")
    edit(repo, "entries/event/pledge.yml", "kind: statement", f"kind: statement\n{json.dumps(HOSTILE_KEY)}: 1")
    (repo / "entries/event" / HOSTILE_FILE).write_text("id: evil\n", encoding="utf-8")
    summary = run_diff(repo, capsys)
    shown = assert_inert(summary)
    assert "title Two-day talks in Port Alder → <script>alert(1)</script> ![x](http:\u2060//evil.example/x.png) " \
           "[click](javascript:alert(1)) @\u2060someone #\u2060123 | a |\n" in shown.text
    assert "event ``tick`` www\u2060.evil.example <img src=x onerror=alert(2)> &lt;b&gt; *bold* _it_ | table | " \
           "breaks | hostile, page events/hostile/" in shown.text
    assert "@\u2060someone <script>x</script> | a | ![y](http:\u2060//evil.example/y.png)" in shown.text
    assert "evil\\u202e @\u2060someone <img src=x>|`x`.yml:1:1: missing field" in shown.text  # the file's name
    assert len(summary) < 30_000 and max(len(line) for line in summary.split("\n")) < 6 * text.LINE_LIMIT


@pytest.mark.parametrize(("value", "shown"), [
    ("<script>alert(1)</script>", "<script>alert(1)</script>"),
    ("![x](http://evil/x.png)", "![x](http:\u2060//evil/x.png)"),
    ("[click](javascript:alert(1))", "[click](javascript:alert(1))"),
    ("thanks @someone, see #123 and org/repo#45", "thanks @\u2060someone, see #\u2060123 and org/repo#\u206045"),
    ("| table | breaks |", "| table | breaks |"),
    ("`code` and ``more``", "`code` and ``more``"),
    ("right\u202eto left", "right\\u202eto left"),
    ("one\nline\r\nonly", "one line only"),
    ("mail me: a@b.example, www.evil.example", "mail me: a@\u2060b.example, www\u2060.evil.example"),
    ("&amp; &#60;b&#62; &lt;", "&amp; &#\u206060;b&#\u206062; &lt;"),
    ("1986. a list? - no", "1986. a list? - no"),
    ("A" * 100_000, "A" * (text.VALUE_LIMIT - 1) + "…"),
])
def test_every_value_is_shown_as_its_text_and_nothing_else(value, shown):
    made = text.inert(value)
    assert len(made) < 6 * text.VALUE_LIMIT
    assert_inert(f"- {made}")
    assert rendered(f"- {made}").text.strip() == shown


def test_sentences_are_counted_simply_and_citations_put_in_theirs():
    """A sentence ends at . ! or ? before a space; a citation's quote ends none; a citation just after a
    sentence's end is that sentence's (as editors write "... talks. [@source]")."""
    assert sentences('One [@a, "x. y"]. Two! Three? [@b] Four [@c].\n') == (
        ["One.", "Two!", "Three?", "Four."], [(1, "a"), (3, "b"), (4, "c")])


def test_the_whole_summary_is_bounded_in_bytes(monkeypatch):
    monkeypatch.setattr(report, "OUTPUT_LIMIT", 1000)
    long = "".join(f"- 名前 {n}\n" for n in range(1000))
    bounded = report.bounded(long)
    assert len(bounded.encode("utf-8")) < 1000 and long.startswith(bounded.split("\n…")[0])
    assert bounded.endswith("more bytes are not shown.\n") and report.bounded("short\n") == "short\n"


def test_former_ids_name_a_rename_before_git_does():
    """Stand-in entries show the rule: an entry's own record of its old id wins over git's guess from the files'
    likeness (an entry without ``former_ids`` falls back to git)."""
    old, other = SimpleNamespace(key=("place", "port-alder")), SimpleNamespace(key=("place", "harbour"))
    new = SimpleNamespace(key=("place", "alder-port"), entry=SimpleNamespace(former_ids=["port-alder"]))
    before = SimpleNamespace(entries={old.key: old, other.key: other})
    after = SimpleNamespace(entries={new.key: new})
    renamed = _renames(before, after, ([other.key, old.key], [new.key]), {other.key: new.key})
    assert [(r.old, r.new, r.recorded) for r in renamed] == [(old, new, True)]
    renamed = _renames(before, SimpleNamespace(entries={new.key: SimpleNamespace(key=new.key, entry=object())}),
                       ([other.key, old.key], [new.key]), {other.key: new.key})
    assert [(r.old.key, r.recorded) for r in renamed] == [(other.key, False)]


def test_a_rename_made_with_annals_mv_is_shown_with_its_redirect(repo, capsys):
    assert cli.main(["mv", "place/port-alder", "alder-port", "--entries", str(repo / "entries")]) == 0
    capsys.readouterr()
    output = run_diff(repo, capsys)
    assert section(output, "Renamed").strip() == (
        "- place **Port Alder** `port-alder` → `alder-port`, page `places/port-alder/` → `places/alder-port/` "
        "(its `former_ids` keep the old address: it redirects here)")
    assert "### Added" not in output and "### Removed" not in output and "### Problems" not in output
    assert "- `places/port-alder/` (redirects)" in output and "- `places/alder-port/` (new)" in output
