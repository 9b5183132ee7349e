"""Loading: safe, text-only YAML with a position for every value."""

import os
from pathlib import Path

import pytest
import yaml

from annals.load import DEFAULT_MAX_FILE_BYTES, compose, load_document, load_entries, parse_document
from annals.problems import format_problems


def parse(text: str, stem: str = "x"):
    problems = []
    document = parse_document(text, "entries/event/x.yml", "event", stem, problems)
    return document, [str(p) for p in problems]


def test_every_scalar_stays_text():
    document, problems = parse("country: NO\ndate: 2012-11-15\nlat: 47.92\nflag: yes\ncount: 012\n")
    assert problems == []
    assert document.data == {"country": "NO", "date": "2012-11-15", "lat": "47.92", "flag": "yes", "count": "012"}


@pytest.mark.parametrize("value", ["", "~", "null", "Null", "NULL"])
def test_empty_and_null_are_none(value):
    document, _ = parse(f"place: {value}\n")
    assert document.data == {"place": None}


def test_quoted_null_is_text():
    document, _ = parse('place: "null"\n')
    assert document.data == {"place": "null"}


def test_duplicate_keys_name_both_lines():
    _, problems = parse("id: x\ntitle: A\ndate: 2012\ntitle: B\n")
    assert problems == ["entries/event/x.yml:4:1: duplicate field 'title' (first given on line 2) "
                        "(keep one 'title' and delete the other)"]


@pytest.mark.parametrize("text, message", [
    ("a: !!python/object/apply:os.system ['ls']\n", "the tag !!python/object/apply:os.system is not allowed"),
    ("a: !!python/name:os.system\n", "the tag !!python/name:os.system is not allowed"),
    ("a: !!int 3\n", "the tag !!int is not allowed"),
    ("a: !custom x\n", "the tag !custom is not allowed"),
])
def test_tags_are_refused(text, message):
    document, problems = parse(text)
    assert len(problems) == 1 and message in problems[0]
    assert problems[0].startswith("entries/event/x.yml:1:4:")
    assert document.data == {"a": None}


def test_aliases_are_refused_so_a_small_file_cannot_explode():
    bomb = "a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n"
    document, problems = parse(bomb)
    assert document is None
    assert problems == ["entries/event/x.yml:2:8: alias *a is not allowed "
                        "(write the value out instead of using anchors and aliases)"]


@pytest.mark.parametrize("text, expected", [
    ("", "entries/event/x.yml:1:1: the file is empty (start it with `id: x`, or run `annals new event`)"),
    ("- a\n- b\n", "entries/event/x.yml:1:1: an entry must be a mapping of fields (write one `field: value` per line)"),
    ("a: 1\n---\nb: 2\n", "entries/event/x.yml:2:1: the file holds more than one YAML document "
                          "(keep one entry per file; remove the extra ---)"),
    ("a: [1\n", "entries/event/x.yml:2:1: expected ',' or ']', but got '<stream end>' "
                "(check indentation, colons and quotes near here)"),
    ("? [a]\n: b\n", "entries/event/x.yml:1:3: a field name must be plain text (write `name: value`)"),
])
def test_malformed_files(text, expected):
    _, problems = parse(text)
    assert problems == [expected]


def test_positions_inside_text_values():
    text = "id: x\nt: 'it''s <i>'\nsummary: |\n  Hello\n  Then <b>bold</b> here\n"
    document, _ = parse(text)
    summary = document.data["summary"]
    assert document.locate(("summary",), offset=summary.index("<b>")) == (5, 8)
    assert document.locate(("t",), offset=document.data["t"].index("<i>")) == (2, 11)
    assert document.locate(("id",)) == (1, 5)
    assert document.locate(("t",), at_key=True) == (2, 1)


def test_positions_of_nested_values():
    document, _ = parse("participants:\n  - person: a\n    role: host\n")
    assert document.locate(("participants", 0, "role")) == (3, 11)
    assert document.locate(("participants", 0, "missing")) == (2, 5)


def test_folder_layout_is_checked(tmp_path: Path):
    (tmp_path / "event").mkdir()
    (tmp_path / "event" / "a.yml").write_text("id: a\n")
    (tmp_path / "event" / "b.yaml").write_text("id: b\n")
    (tmp_path / "events").mkdir()
    (tmp_path / "events" / "c.yml").write_text("id: c\n")
    (tmp_path / "stray.yml").write_text("id: d\n")
    (tmp_path / "event" / "latin1.yml").write_bytes("name: caf\xe9\n".encode("latin-1"))
    documents, problems = load_entries(tmp_path, display_root=tmp_path)
    assert [d.stem for d in documents] == ["a"]
    assert [str(p) for p in sorted(problems)] == [
        "event/b.yaml:1:1: entry files end in .yml, not .yaml (rename it to b.yml)",
        "event/latin1.yml:1:10: the file is not UTF-8 text (save it with UTF-8 encoding)",
        "events/c.yml:1:1: not in a folder for an entry type "
        "(move it to entries/<type>/ with type one of: event, person, organization, place, source, tag)",
        "stray.yml:1:1: not in a folder for an entry type "
        "(move it to entries/<type>/ with type one of: event, person, organization, place, source, tag)",
    ]


def test_missing_entries_folder(tmp_path: Path):
    documents, problems = load_entries(tmp_path / "nope", display_root=tmp_path)
    assert documents == [] and "the entries folder does not exist" in str(problems[0])


def test_an_entries_folder_that_is_a_link_is_refused(tmp_path: Path):
    """Issue 21: files linked inside the folder were refused, but the folder itself as a link was followed."""
    outside = tmp_path / "outside"
    (outside / "event").mkdir(parents=True)
    (outside / "event" / "a.yml").write_text("id: a\n")
    (tmp_path / "entries").symlink_to(outside, target_is_directory=True)
    documents, problems = load_entries(tmp_path / "entries", display_root=tmp_path)
    assert documents == []
    assert [str(p) for p in problems] == [
        f"{(tmp_path / 'entries').as_posix()}:1:1: the entries folder is a symbolic link "
        "(replace the link with the folder itself: entries are read only from real files)"]


def shape(node):
    """A node tree as plain tuples: tags, positions, styles and values."""
    marks = (node.tag, node.start_mark.index, node.end_mark.index, node.start_mark.line, node.start_mark.column)
    if isinstance(node.value, list):
        return marks, [shape(n) for item in node.value for n in (item if isinstance(item, tuple) else (item,))]
    return marks + (node.style or None,), node.value


SHAPES = [
    "name: 안 예시\nsummary: |\n  한국어 <b>x</b>\nt: \"é\"\nlist:\n  - a: ~\n    b: ''\n",
    "a: [1, {b: c}, [d, e]]\n? k\n: v\nx: !!int 3\ny: ! 4\nz: &anchor 5\n",
    "- a\n- - b\n  - c: d\n    e: >\n      folded\n      text\n",
]


@pytest.mark.parametrize("text", SHAPES)
def test_libyaml_and_pure_python_parsers_give_the_same_positions(text):
    assert compose._FAST_PARSER is not None, "PyYAML was built without libyaml"
    fast = compose._compose_events(compose._FAST_PARSER, text, max_depth=32)
    slow = compose._compose_events(compose._SLOW_PARSER, text, max_depth=32)
    assert shape(fast) == shape(slow)


@pytest.mark.parametrize("text", SHAPES)
def test_the_composer_builds_what_pyyaml_builds(text):
    assert shape(compose.compose(text)) == shape(yaml.compose(text, Loader=yaml.BaseLoader))


# --- Bounded: size, depth, time ----------------------------------------------

DEPTH_HINT = "(an entry needs only a few levels: flatten the structure)"


@pytest.mark.parametrize("text, where", [
    ("id: x\nt: " + "[" * 60_000, "2:35"),  # crashed libyaml's composer (segfault)
    ("id: x\nt: " + "[" * 500, "2:35"),  # RecursionError in PyYAML's composer
    ("id: x\nt: " + "{a: " * 5_000, "2:128"),
    ("id: x\nt:\n" + "".join(" " * i + "-\n" for i in range(2, 60)), "34:34"),
    ("".join(" " * i + f"k{i}:\n" for i in range(700)), "33:33"),
    # libyaml refuses the escape, so PyYAML's own parser reads the rest: bounded too.
    ('a: "\\ud800"\nb: ' + "[" * 60_000, "2:35"),
], ids=["60000 [", "500 [", "5000 {a:", "block lists", "block mappings", "pure Python"])
def test_nesting_deeper_than_the_limit_is_refused_where_it_crosses_it(text, where):
    document, problems = parse(text)
    assert document is None
    assert problems == [f"entries/event/x.yml:{where}: lists and mappings are nested more than 32 levels deep "
                        f"{DEPTH_HINT}"]


def test_nesting_up_to_the_limit_is_read():
    document, problems = parse("t: " + "[" * 31 + "x" + "]" * 31 + "\n")
    assert problems == []
    value = document.data["t"]
    for _ in range(31):
        value = value[0]
    assert value == "x"
    assert parse("t: " + "[" * 32 + "]" * 32 + "\n")[1][0].startswith("entries/event/x.yml:1:35: lists and mappings")


def test_the_depth_limit_is_a_parameter():
    problems = []
    assert parse_document("a: [[x]]\n", "x.yml", "event", "x", problems, max_depth=2) is None
    assert [str(p) for p in problems] == [
        f"x.yml:1:5: lists and mappings are nested more than 2 levels deep {DEPTH_HINT}"]


def test_a_limit_beyond_what_python_can_recurse_is_still_no_traceback():
    problems = []
    text = "a: " + "[" * 5_000 + "]" * 5_000 + "\n"
    assert parse_document(text, "x.yml", "event", "x", problems, max_depth=10**6) is None
    assert [str(p) for p in problems] == ["x.yml:1:1: the file is too deeply nested or too large to read (an entry "
                                          "needs only a few levels of lists and mappings and a few pages of text)"]


def entries_with(tmp_path: Path, files: dict[str, str | bytes]) -> Path:
    """An entries folder holding ``files`` (relative path -> text or bytes)."""
    root = tmp_path / "entries"
    root.mkdir()
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return root


def load(root: Path, **limits) -> tuple[list[str], list[str]]:
    """Stems loaded and problems found, with paths shown relative to ``root``."""
    documents, problems = load_entries(root, display_root=root, **limits)
    return [d.stem for d in documents], [str(p) for p in sorted(problems)]


def test_files_over_the_size_limit_are_refused(tmp_path: Path):
    assert DEFAULT_MAX_FILE_BYTES == 262_144
    filler = "summary: " + "x" * (DEFAULT_MAX_FILE_BYTES - len("id: a\nsummary: \n")) + "\n"
    root = entries_with(tmp_path, {"event/a.yml": "id: a\n" + filler, "event/b.yml": "id: b\n" + filler + "#\n"})
    assert (root / "event/a.yml").stat().st_size == DEFAULT_MAX_FILE_BYTES
    stems, problems = load(root)
    assert stems == ["a"]
    assert problems == ["event/b.yml:1:1: the file has 262,146 bytes; an entry file may have at most 262,144 "
                        "(an entry holds a summary and references, not whole documents: shorten it)"]
    assert load(root, max_file_bytes=1_000_000) == (["a", "b"], [])
    assert load(root, max_file_bytes=100)[1][0].startswith("event/a.yml:1:1: the file has 262,144 bytes; an entry "
                                                           "file may have at most 100 ")


def test_the_size_is_checked_before_reading(tmp_path: Path):
    root = entries_with(tmp_path, {"event/huge.yml": "id: huge\n"})
    with open(root / "event/huge.yml", "r+b") as file:
        file.truncate(64 * 2**30)  # sparse: 64 GiB that reading would take minutes and all memory to fill
    stems, problems = load(root)  # reading it would take minutes and all the memory: the suite would hang
    assert stems == [] and problems[0].startswith("event/huge.yml:1:1: the file has 68,719,476,736 bytes;")


# --- Refused characters ---------------------------------------------------------

CONTROL_HINT = "(delete it: entry text holds printable characters, tabs and line breaks only)"
CR_HINT = "(end lines with a line feed: LF or CRLF line endings in the file, \\n in double quotes)"
BIDI_HINT = "(delete it: it makes text display in a different order from what it says)"


@pytest.mark.parametrize("text, expected", [
    ("id: x\nt: a\0b\n", f"2:5: the control character U+0000 is not allowed {CONTROL_HINT}"),
    ('id: x\nt: "a\\0b"\n', f"2:6: the control character U+0000 is not allowed {CONTROL_HINT}"),
    ("id: x\nt: |\n  red \x1b[31m\n", f"3:7: the control character U+001B is not allowed {CONTROL_HINT}"),
    ('id: x\nt: "red \\e[31m"\n', f"2:9: the control character U+001B is not allowed {CONTROL_HINT}"),
    ("id: x\nt: a\x7fb\n", f"2:5: the control character U+007F is not allowed {CONTROL_HINT}"),
    ("id: x\nt: a\x85b\n", f"2:5: the control character U+0085 is not allowed {CONTROL_HINT}"),
    ('id: x\nt: "a\\Nb"\n', f"2:6: the control character U+0085 is not allowed {CONTROL_HINT}"),
    ('id: x\nt: "a\\x9b"\n', f"2:6: the control character U+009B is not allowed {CONTROL_HINT}"),
    ("id: x\nt: abc\u202edef\n", f"2:7: the invisible bidirectional control U+202E is not allowed {BIDI_HINT}"),
    ('id: x\nt: "abc\\u2066def"\n', f"2:8: the invisible bidirectional control U+2066 is not allowed {BIDI_HINT}"),
    ('id: x\nt: "folded\n  line \\u202a"\n',
     f"3:8: the invisible bidirectional control U+202A is not allowed {BIDI_HINT}"),
    ("id: x\n# a comment \u2067\nt: a\n",
     f"2:13: the invisible bidirectional control U+2067 is not allowed {BIDI_HINT}"),
    ('id: x\n"t\\u202d": a\n', f"2:3: the invisible bidirectional control U+202D is not allowed {BIDI_HINT}"),
    ('id: x\nt: "\\ud800"\n', "2:5: the lone surrogate U+D800 is not allowed (a surrogate is half of a character "
                             "and cannot be saved as UTF-8: type the whole character, or escape it as \\U and 8 "
                             "hex digits)"),
    ('id: x\nt: ["ok", "\\udfff"]\n', "2:12: the lone surrogate U+DFFF is not allowed"),
    ("id: x\nt: a\u2028b\n", "2:5: the invisible line separator U+2028 is not allowed (use an ordinary line "
                             "break; YAML and editors count lines differently around it)"),
    ("id: x\nt: a\rb: c\n", f"2:5: a carriage return is not allowed here {CR_HINT}"),  # YAML: a line break
    ('id: x\nt: "a\\r[x]: javascript:x"\n', f"2:6: a carriage return is not allowed here {CR_HINT}"),  # Markdown too
    ("id: x\nt: a\uffffb\n", "2:5: the character U+FFFF is not allowed (delete it: it is not a printable "
                             "character)"),
])
def test_refused_characters_are_located_at_the_character(text, expected):
    _, problems = parse(text)
    assert len(problems) == 1 and problems[0].startswith(f"entries/event/x.yml:{expected}")


def test_refused_characters_never_reach_the_data():
    document, problems = parse('id: x\ntitle: "a\\u202eb"\n"sum\\u2066mary": fine\n')
    assert document.data == {"id": "x", "title": "ab", "summary": "fine"}
    assert document.refused == {("title",), ("summary",)} and len(problems) == 2


def test_a_refused_value_is_one_problem_and_no_entry(tmp_path: Path):
    from annals.pipeline import check

    event = ("id: e\ntitle: E\ndate: 2012\nkind: talks\nstatus: reported\nsources: [s]\n"
             'participants:\n  - side: "a\\rb"\n')
    root = entries_with(tmp_path, {"event/e.yml": event, "source/s.yml": "id: s\ntitle: S\nurl: https://s.example/\n"})
    site, problems, _ = check(root, display_root=root)
    assert [str(p) for p in problems] == [f"event/e.yml:8:13: a carriage return is not allowed here {CR_HINT}"]
    assert ("event", "e") not in site.entries


@pytest.mark.parametrize("text, value", [
    ("t: 'a\tb'\r\n", "a\tb"),
    ('t: "a\\tb\\nc"\n', "a\tb\nc"),
    ("t: |\r\n  one\r\n  two\r\n", "one\ntwo\n"),
    ("t: \u200fRTL mark, ZWJ \u200d, \u00e9 and \U0001F600\n", "\u200fRTL mark, ZWJ \u200d, \u00e9 and \U0001F600"),
])
def test_tabs_line_breaks_and_other_text_are_kept(text, value):
    document, problems = parse(text)
    assert problems == [] and document.data == {"t": value}


def test_a_file_full_of_refused_characters_gives_a_bounded_report():
    _, problems = parse("t: " + "\x01" * 10_000 + "\n")
    assert len(problems) == 21
    assert problems[-1] == ("entries/event/x.yml:1:24: 9980 more refused characters from here on "
                            "(delete them all, then run `annals check` again)")


ESCAPE_HINT = "(in double quotes a backslash starts an escape: write \\\\ for a backslash, or use single quotes)"


@pytest.mark.parametrize("text, expected", [
    ('t: "\\UFFFFFFFF"\n', f"1:7: found invalid Unicode character escape code {ESCAPE_HINT}"),  # was OverflowError
    ('t: "\\U00110000"\n', "1:7: found invalid Unicode character escape code"),  # was ValueError
    ('t: "\\q"\n', "1:6: found unknown escape character 'q'"),
    ('t: "\n', "2:1: found unexpected end of stream"),
    ("t: [\n", "2:1: expected the node content, but found '<stream end>'"),
    ("%YAML 2.0\n---\nt: x\n", "1:1: found incompatible YAML document"),
    ("%TAG !x! tag:x,2000:\n%TAG !x! tag:y,2000:\n---\nt: x\n", "2:1: duplicate tag handle '!x!'"),
    ("t: !<tag:a> x\nu: !x!y z\n", "2:4: found undefined tag handle"),
])
def test_every_yaml_error_is_a_located_problem(text, expected):
    document, problems = parse(text)
    assert document is None
    assert len(problems) == 1 and problems[0].startswith(f"entries/event/x.yml:{expected}")


@pytest.mark.parametrize("text, expected", [
    ("id: x\nname: X\n\tcountry: KP\n", "3:1: a tab is used for indentation (replace the tab with 2 spaces: "),
    ("a:\n  b:\n\t\tc: 1\n", "3:1: a tab is used for indentation (replace the 2 tabs with 4 spaces: "),
    ("a:\n \tb: 1\n", "2:2: a tab is used for indentation (replace the tab with 2 spaces: "),
])
def test_a_tab_that_indents_is_replaced_by_2_spaces_a_tab(text, expected):
    """Entries indent with 2 spaces a level, as every file in entries/ and CONTRIBUTING.md's examples do."""
    _, problems = parse(text)
    assert len(problems) == 1 and problems[0].startswith(f"entries/event/x.yml:{expected}"), problems
    assert problems[0].endswith("entry files indent with spaces, 2 for each level)")


# --- Which files are entries ----------------------------------------------------

LINK_HINT = "entries are read only from real files inside the entries folder"


def test_a_linked_entry_file_is_refused_and_never_read(tmp_path: Path):
    secret = tmp_path / "secret.yml"
    secret.write_text("id: leak\nsummary: the deploy key\n")
    root = entries_with(tmp_path, {"event/ok.yml": "id: ok\n"})
    (root / "event" / "leak.yml").symlink_to(secret)
    (root / "event" / "also.yml").symlink_to(root / "event" / "ok.yml")  # inside the folder: refused all the same
    (root / "event" / "dangling.yml").symlink_to(tmp_path / "nowhere.yml")
    stems, problems = load(root)
    assert stems == ["ok"]
    assert problems == [f"event/{name}.yml:1:1: the entry file is a symbolic link (replace the link with the entry "
                        f"file itself: {LINK_HINT})" for name in ("also", "dangling", "leak")]


def test_a_linked_folder_is_refused_and_never_entered(tmp_path: Path):
    outside = tmp_path / "outside"
    (outside / "person").mkdir(parents=True)
    (outside / "person" / "leak.yml").write_text("id: leak\n")
    root = entries_with(tmp_path, {"event/ok.yml": "id: ok\n"})
    (root / "person").symlink_to(outside / "person", target_is_directory=True)
    (root / "event" / "nested").symlink_to(outside, target_is_directory=True)
    stems, problems = load(root)
    assert stems == ["ok"]
    assert problems == [
        f"event/nested:1:1: the folder is a symbolic link (replace the link with the folder itself: {LINK_HINT})",
        f"person:1:1: the folder is a symbolic link (replace the link with the folder itself: {LINK_HINT})"]


def test_a_linked_entry_file_given_directly_is_not_followed(tmp_path: Path):
    (tmp_path / "secret.yml").write_text("id: leak\n")
    (tmp_path / "leak.yml").symlink_to(tmp_path / "secret.yml")
    problems = []
    assert load_document(tmp_path / "leak.yml", "leak.yml", problems) is None
    assert str(problems[0]).startswith("leak.yml:1:1: the file cannot be opened")


def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path: Path):
    root = entries_with(tmp_path, {"event/ok.yml": "id: ok\n"})
    os.mkfifo(root / "event" / "pipe.yml")
    assert load(root) == (["ok"], ["event/pipe.yml:1:1: not a regular file (entries are ordinary text files)"])


def test_editor_backup_and_swap_files_are_ignored(tmp_path: Path):
    broken = "id: [\n"
    backups = ("a.yml~", "#a.yml#", ".#a.yml", ".a.yml.swp", "a.yml.swp", "a.swo", "a.swx", "4913")
    root = entries_with(tmp_path, {"event/a.yml": "id: a\n", **{f"event/{name}": broken for name in backups},
                                   "a.yml~": broken, "event/a.yml.bak": broken})
    (root / "event" / ".#b.yml").symlink_to("someone@host.1234")  # how Emacs marks a file being edited
    assert load(root) == (["a"], ["event/a.yml.bak:1:1: entry files end in .yml, not .bak (rename it to a.yml.yml)"])


def test_paths_are_resolved_once_not_per_file(tmp_path: Path, monkeypatch):
    root = entries_with(tmp_path, {f"event/e{i}.yml": f"id: e{i}\n" for i in range(50)})
    calls = []
    original = Path.resolve
    monkeypatch.setattr(Path, "resolve", lambda self, *a, **k: calls.append(self) or original(self, *a, **k))
    stems, problems = load(root)
    assert len(stems) == 50 and problems == []
    assert len(calls) <= 2


# --- Positions inside values ----------------------------------------------------

def test_positions_survive_quotes_escapes_and_folding():
    text = ('a: "tab\\there \\u00e9 <b>"\n'
            "b: 'it''s ''<i>'''\n"
            "c: plain text\n  folded <u> here\n"
            "d: >\n  folded\n  block <s>\n")
    document, problems = parse(text)
    assert problems == []
    assert document.data["a"] == "tab\there é <b>"
    for key, tag, where in (("a", "<b>", (1, 22)), ("b", "<i>", (2, 13)), ("c", "<u>", (4, 10)), ("d", "<s>", (7, 9))):
        assert document.locate((key,), offset=document.data[key].index(tag)) == where


def test_positions_in_repetitive_text_are_exact():
    document, _ = parse("summary: " + "<a" * 5_000 + "\n")
    assert [document.locate(("summary",), offset=o) for o in (0, 20, 9_998)] == [(1, 10), (1, 30), (1, 10_008)]


def test_locating_many_offsets_in_a_long_value_is_linear():
    document, _ = parse("summary: |\n  " + "](" * 50_000 + "\n  end\n")
    where = [document.locate(("summary",), offset=o) for o in range(0, 100_000, 2)]  # timed in bench_hostile
    assert where[-1] == (2, 100_001)


def test_a_file_name_with_a_line_break_prints_as_one_line(tmp_path: Path):
    root = entries_with(tmp_path, {"event/x\n::add-mask::y \u202e.yaml": "id: x\n"})
    _, problems = load_entries(root, display_root=root)
    assert format_problems(problems).splitlines() == [
        "event/x\\n::add-mask::y \\u202e.yaml:1:1: entry files end in .yml, not .yaml "
        "(rename it to x\\n::add-mask::y \\u202e.yml)", "1 problem found"]


def _both_ways(source: str):
    """A file parsed by parse_document (the fast path when clean) and with the fast path turned off."""
    from unittest.mock import patch

    from annals.load import parse
    from annals.load.fast import UNCLEAN

    fast_problems, careful_problems = [], []
    fast = parse_document(source, "x.yml", "event", "x", fast_problems)
    with patch.object(parse, "build_clean", lambda *args: UNCLEAN):
        careful = parse_document(source, "x.yml", "event", "x", careful_problems)
    return fast, careful, fast_problems, careful_problems


def _same(fast, careful) -> bool:
    if fast is None or careful is None:
        return fast is careful
    return (fast.data, fast.values, list(fast.values), fast.keys, list(fast.keys), fast.refused) == \
        (careful.data, careful.values, list(careful.values), careful.keys, list(careful.keys), careful.refused)


def test_the_fast_path_builds_exactly_what_the_careful_path_builds(tmp_path):
    """Every entry, fixture and hostile file, and a synthetic corpus: same data, positions and problems."""
    from test_bench import load_bench

    from annals.load.document import Document
    from annals.load.fast import UNCLEAN, build_clean

    load_bench().make_corpus(300, tmp_path, hubs=True)
    repo = Path(__file__).parents[1]
    files = sorted([*repo.glob("entries/*/*.yml"), *repo.glob("tests/**/*.yml"), *tmp_path.glob("*/*.yml")])
    clean = 0
    for path in files:
        source = path.read_bytes().decode("utf-8-sig", errors="replace")
        fast, careful, fast_problems, careful_problems = _both_ways(source)
        assert _same(fast, careful), path
        assert fast_problems == careful_problems, path
        clean += build_clean(source, 32, Document("x.yml", "event", "x", source, {})) is not UNCLEAN
    assert len(files) > 500 and clean > 0.9 * len(files), "the fast path should read nearly every file"


@pytest.mark.parametrize("source", [
    "a: 1\na: 2\n", "a: !!str x\n", "!!map {a: 1}\n", "a: &x 1\nb: *x\n", "[a]\n", "x\n", "", "a:\n  - [b, {c: }]\n",
    "? [a]\n: b\n", "a: \"\\x01\"\n", "\"\\x01\": b\n", "a: ~\nb: null\nc: ''\nd: \"\"\n", "a: [[[[1]]]]\n",
    "a: 1\n---\nb: 2\n", "a: b: c\n", "a: {b: 1, b: 2}\n", "a: \"line\\rbreak\"\n", "- 1\n", "a: 1", "a: |\n  x\n",
])
def test_the_fast_path_and_the_careful_path_agree_on_odd_files(source):
    fast, careful, fast_problems, careful_problems = _both_ways(source)
    assert _same(fast, careful)
    assert fast_problems == careful_problems
