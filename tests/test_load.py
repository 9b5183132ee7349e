"""Loading: safe, text-only YAML with a position for every value."""

from pathlib import Path

import pytest

from annals.load import load_entries, parse_document


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
        "(move it to entries/<type>/ with type one of: event, person, organization, place, source)",
        "stray.yml:1:1: not in a folder for an entry type "
        "(move it to entries/<type>/ with type one of: event, person, organization, place, source)",
    ]


def test_missing_entries_folder(tmp_path: Path):
    documents, problems = load_entries(tmp_path / "nope", display_root=tmp_path)
    assert documents == [] and "the entries folder does not exist" in str(problems[0])


def test_libyaml_and_pure_python_parsers_give_the_same_positions():
    from annals import load

    text = "name: 안 예시\nsummary: |\n  한국어 <b>x</b>\nt: \"é\"\nlist:\n  - a: ~\n    b: ''\n"
    fast = load._single_node(load._FastLoader, text)
    slow = load._single_node(load._TextOnlyLoader, text)

    def shape(node):
        marks = (node.tag, node.start_mark.index, node.end_mark.index, node.start_mark.line, node.start_mark.column,
                 node.style or None if not isinstance(node.value, list) else None)
        if isinstance(node.value, list):
            children = [shape(n) for item in node.value for n in (item if isinstance(item, tuple) else (item,))]
            return marks, children
        return marks, node.value

    assert load._FastLoader is not None, "PyYAML was built without libyaml"
    assert shape(fast) == shape(slow)
