"""Entry Markdown: what is refused (with the offset to point at), and code spans as Markdown reads them."""

import time

import markdown as python_markdown
import pytest

from annals.markdown import citations, code_spans, is_slug, markdown_issues, markdown_warnings, mask_code, mentions

UNCLOSED = "this '`' starts a code span that is never closed on its line"


def messages(text: str) -> list[tuple[int, str]]:
    return [(offset, message) for offset, message, _ in markdown_issues(text)]


@pytest.mark.parametrize("text, expected", [
    # Code-span tricks that hid raw HTML from the old mask.
    ("`<img src=x onerror=alert(1)>``", [(0, UNCLOSED), (1, "raw HTML is not allowed in entry text"),
                                           (29, UNCLOSED)]),
    ("\\`<b>`", [(2, "raw HTML is not allowed in entry text"), (5, UNCLOSED)]),
    ("`a\n\n<img src=x>`", [(0, UNCLOSED), (4, "raw HTML is not allowed in entry text"), (15, UNCLOSED)]),
    # Reference definitions inside containers: Python-Markdown reads them there.
    ("Read the [full statement].\n\n> [full statement]: javascript:alert(3)",
     [(30, "reference-style link definitions are not allowed")]),
    ("- [x]: javascript:alert(3)", [(2, "reference-style link definitions are not allowed")]),
    ("!!! note\n    [x]: javascript:alert(3)", [(13, "reference-style link definitions are not allowed")]),
    ("1. > [x]: javascript:alert(3)", [(5, "reference-style link definitions are not allowed")]),
    # Autolinks become mailto: or other links.
    ("write to <1@x.example>", [(9, "raw HTML is not allowed in entry text")]),
    ("<javascript:alert(1)>", [(0, "raw HTML is not allowed in entry text")]),
    ("![](https://tracker.example/x.png)", [(0, "images are not allowed in entry text")]),
    # A link title becomes a tooltip that Material inserts as HTML.
    ('A [x](https://example.org/ "&lt;img src=x onerror=alert(6)&gt;")',
     [(26, "a link's parentheses may hold only its address and a title"),
      (28, "HTML character references are not allowed in entry text"),
      (58, "HTML character references are not allowed in entry text")]),
    ("[x](JaVaScRiPt:alert(1))", [(4, "link target 'JaVaScRiPt:alert' is not allowed")]),
    ("[x]( data:text/html,hi)", [(5, "link target 'data:text/html,hi' is not allowed")]),
    # A backslash does not escape a closing backtick: Markdown ends the span there.
    ("`a\\`<svg onload=alert(1)>`", [(4, "raw HTML is not allowed in entry text"), (25, UNCLOSED)]),
    ('[x](https://example.org/ "&#60img")', [(26, "HTML character references are not allowed in entry text")]),
    ("# Heading", [(0, "headings are not allowed in entry text")]),
    ("text\n===", [(5, "headings are not allowed in entry text")]),
    ("[^1]: x", [(0, "footnotes are made from citations, not written by hand")]),
    ("[@Not-A-Slug]", [(0, "malformed citation")]),
    ("[[person:../../x]]", [(0, "malformed mention")]),
])
def test_refused_markdown_is_located(text, expected):
    assert messages(text) == expected


@pytest.mark.parametrize("text", [
    "The cost was 5 < 6 and `<not html>` in code; Q&A & more.",
    "See [the paper](https://daily.example.org/a_b?x=1&y=2) [@paper, \"a [sic] quote\"].",
    "[[person:song-il-ho|Song]] met [[place:ulaanbaatar]].",
    "- a list\n- of items\n\n> a quote",
    "Flight #351: a # inside a line is text.",
])
def test_ordinary_markdown_passes(text):
    assert markdown_issues(text) == []


def test_code_spans_pair_runs_of_equal_length_on_one_line():
    text = "a `x` b ``y`z`` c ```unclosed"
    assert [text[s:e] for s, e in code_spans(text)] == ["`x`", "``y`z``"]
    assert mask_code(text) == "a     b         c ```unclosed"


@pytest.mark.parametrize("text", ["a `<b>` c", "``a ` b``", "x `y` z `w`", "``a\\``", "\\``code`", "`a\\`"])
def test_what_is_masked_as_code_is_code_to_python_markdown(text):
    html = python_markdown.markdown(text)
    for start, end in code_spans(text):
        inner = text[start:end].strip("`").strip()
        assert f"<code>{inner.replace('<', '&lt;').replace('>', '&gt;')}</code>" in html


def test_citations_and_mentions_inside_code_spans_are_text():
    text = "[@paper] and `[@other]` and `[[person:x]]` and [[person:y]]"
    assert [m.group("id") for m in citations(text)] == ["paper"]
    assert [m.group("id") for m in mentions(text)] == ["y"]


@pytest.mark.parametrize("text, expected", [
    ("x" * 20_001, [(4_000, "this paragraph is longer than 4,000 characters"),
                    (20_000, "the text is longer than 20,000 characters")]),
    ("1. " * 9 + "deep", [(0, "lists and quotes are nested more than 8 deep")]),
    ("a [b [c [d [e]]]]", [(11, "square brackets are nested more than 3 deep")]),
    ("an [open bracket\n\nand [a] closed one", [(3, "this '[' is never closed")]),
    ("[a](https://x.org and more", [(2, "this link is not closed")]),
])
def test_shapes_that_make_markdown_slow_are_refused(text, expected):
    assert messages(text) == expected


@pytest.mark.parametrize("text, expected", [
    # A quote then '(' makes Python-Markdown read on past the ')': the citation goes into the href, its
    # footnote is never referenced and the strict build fails.
    ('A [x](https://a.example/"(b) was [@paper] ok.', [(24, "a link address may not hold a quote")]),
    ("A [x](https://a.example/x'(y)) was [@paper] ok.", [(25, "a link address may not hold a quote")]),
    # A quoted end of the address is part of it, not a title.
    ('A [x](https://a.example/"t") ok.', [(24, "a link address may not hold a quote")]),
    # Anything after the address but a title in quotes is read on, swallowing the paragraph; so is a title
    # with brackets (a citation inside it would lose its footnote).
    ("A [x](https://a.example/ b [@paper] more) ok.", [(24, "a link's parentheses may hold only its address and a title")]),
    ('A [x](https://a.example/ "(b) [@paper] more) ok.', [(24, "a link's parentheses may hold only its address and a title")]),
    ("A [x](https://a.example/(a b)) ok.", [(24, "a link's parentheses may hold only its address and a title")]),
    ('A [x](https://a.example/ "see [@paper]") ok.', [(24, "a link's parentheses may hold only its address and a title")]),
])
def test_link_parentheses_hold_only_an_address(text, expected):
    assert messages(text) == expected


@pytest.mark.parametrize("text", [
    "[x](https://en.wikipedia.org/wiki/Foo_(bar)) and [y]( https://a.example/(a)(b) ) [@paper].",
    """[x](https://a.example/ "a title with ' and & and >") and [y](https://a.example/(a) 'said "no"') [@paper].""",
])
def test_addresses_with_parentheses_and_titles_in_quotes_pass(text):
    assert markdown_issues(text) == []


def test_link_checks_take_linear_time():
    """32,000 links, each followed by what the address check reads: quadratic would take minutes, linear a second."""
    text = ("[a](https://a.example/(b)(c)) " * 100 + "\n\n") * 320
    start = time.perf_counter()
    assert messages(text) == [(20_000, "the text is longer than 20,000 characters")]  # and no link problem
    assert time.perf_counter() - start < 5


@pytest.mark.parametrize("text", ["~\\``#" * 3000, "[a " * 6000, "1. " * 600, "`a` [" * 3000],
                         ids=["backticks", "open-brackets", "nested-lists", "code-then-bracket"])
def test_text_that_takes_markdown_seconds_is_refused(text):
    """Each took 5 s to minutes in Python-Markdown, or raised RecursionError."""
    assert markdown_issues(text)


@pytest.mark.parametrize("text", ["*a*" * 1300 + "\n\n" + "*_" * 1900, "> " * 8 + "x", "[a] " * 900],
                         ids=["emphasis", "quotes", "brackets"])
def test_hostile_text_within_the_limits_passes(text):
    """The limits refuse shapes, not text: these pass, and scripts/bench_hostile.py times them in Markdown."""
    assert markdown_issues(text) == []


def slips(text: str) -> list[tuple[int, str]]:
    return [(offset, message) for offset, message, _ in markdown_warnings(text)]


@pytest.mark.parametrize("text, expected", [
    ("Reported at https://example.org/a.", [(12, "'https://example.org/a' is a bare web address: readers see it "
                                                 "as text, not as a link")]),
    ("See www.example.org, then", [(4, "'www.example.org' is a bare web address: readers see it as text, "
                                      "not as a link")]),
    ("[the report](http://example.org/a)", [(13, "link to 'http://example.org/a' uses http://")]),
    # Addresses that are links, or code, are not bare.
    ("[the report](https://example.org/a)", []),
    ("[https://example.org](https://example.org)", []),
    ("`https://example.org` is the address", []),
])
def test_bare_addresses_and_http_links_are_slips(text, expected):
    assert slips(text) == expected


def test_a_name_written_where_the_id_goes_gets_the_id_as_its_hint():
    ((_, message, hint),) = markdown_issues("met [[person:Kim Yong-il]] in June")
    assert message == "malformed mention"
    assert hint == ("a mention names an entry by its id, not its name: write [[person:kim-yong-il]] "
                    "(ids are lowercase, with hyphens)")


@pytest.mark.parametrize("text, slug", [("song-il-ho", True), ("a1", True), ("a\n", False), ("\na", False),
                                        ("a-", False), ("a--b", False), ("A", False), ("", False)])
def test_a_slug_is_the_whole_text(text, slug):
    assert is_slug(text) is slug
