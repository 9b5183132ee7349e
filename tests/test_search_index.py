"""The search index's files (annals/search/index.py): every word found by walking the trie as the browser does,
each file small whatever the size of the site or the fame of a word."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import REPO, serve_folder, visit

from annals.search import SearchTexts
from annals.search.index import (BUCKETS, NODE_CHARACTERS, PAGE_CHARACTERS, POSTINGS, IndexWriter, SearchedPage, posting,
                                 write_index)
from annals.search.words import terms


def read(folder: Path, name: str) -> dict:
    return json.loads((folder / "search" / "t" / f"{name}.json").read_text(encoding="utf-8"))


def look_up(folder: Path, word: str) -> tuple[list | None, int]:
    """A word's posting, found as annals-index.js finds it, and how many files that took."""
    node, key, files = read(folder, f"_{ord(word[0]) % BUCKETS}"), "", 1
    while "next" in node:
        rest = word[len(key):]
        if not rest:
            return node["exact"], files
        child = next((start for start in node["next"] if rest.startswith(start)), None)
        if child is None:
            return None, files
        key += child
        node, files = read(folder, key.encode("utf-8").hex()), files + 1
    return node["terms"].get(word), files


def pages_of(posting: list) -> dict[int, int]:
    found, page = {}, 0
    flat = posting[1]
    for index in range(0, len(flat), 2):
        page += flat[index]
        found[page] = flat[index + 1]
    return found


def hub_corpus(count: int) -> list[SearchedPage]:
    """``count`` pages that all name the hub, each with a word of its own; the hub's own page is titled by it.
    And more people called Min than a posting keeps, four of them Min Test."""
    pages = [SearchedPage(f"events/e{n}/", f"Meeting {n}", f"Kim Jong Un met delegation{n} in Ulaanbaatar.")
             for n in range(count)]
    mins = [SearchedPage(f"people/min-{n}/", f"Min Person{n}", f"Min Person{n}, a test case.") for n in range(400)]
    tests = [SearchedPage(f"people/min-test-{n}/", "Min Test", "Min Test.") for n in range(4)]
    return [*pages, *mins, *tests,
            SearchedPage("people/kim-jong-un/", "Kim Jong Un", "Kim Jong Un (김정은) leads the country.")]


@pytest.fixture(scope="module")
def hub_index(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("index")
    write_index(hub_corpus(3000), folder)
    return folder


def test_every_word_is_found_where_the_browser_looks(hub_index):
    for word in ["kim", "jong", "un", "ulaanbaatar", "delegation0", "delegation2999", "김정", "정은", "은", "leads"]:
        posting, _ = look_up(hub_index, word)
        assert posting is not None, word
    assert look_up(hub_index, "pyongyang")[0] is None


def test_a_famous_word_keeps_its_best_pages_and_its_true_count(hub_index):
    posting, _ = look_up(hub_index, "kim")
    assert posting[0] == 3001 and len(pages_of(posting)) == POSTINGS
    pair, _ = look_up(hub_index, " kim jong")
    assert pair is not None and pair[0] == len(pages_of(pair)) == 1, "the title's pair of words is not complete"
    hub_page = sorted(page.url for page in hub_corpus(3000)).index("people/kim-jong-un/")
    assert hub_page in pages_of(posting), "the page titled by the word was not kept"
    assert pages_of(posting)[hub_page] == max(pages_of(posting).values())


def test_no_file_grows_with_the_site_or_with_a_word_s_fame(hub_index):
    for path in (hub_index / "search" / "t").iterdir():
        node = json.loads(path.read_text(encoding="utf-8"))
        size = len(path.read_text(encoding="utf-8"))
        if "next" in node:  # its own postings are kept short; its list of next characters is bounded by the script
            assert size - len(json.dumps(node["next"], ensure_ascii=False)) <= NODE_CHARACTERS, path.name
        else:
            assert size <= NODE_CHARACTERS or len(node["terms"]) == 1, path.name
        for kept in node.get("terms", {}).values():
            assert len(kept[1]) <= 2 * POSTINGS
    assert max(p.stat().st_size for p in (hub_index / "search" / "p").iterdir()) < PAGE_CHARACTERS + 500


def test_a_word_takes_a_few_files_at_any_size(tmp_path):
    """The files read for a word are the depth of its prefix in the trie: a handful, not one per page."""
    write_index(hub_corpus(20_000), tmp_path)
    assert max(look_up(tmp_path, word)[1] for word in ("kim", "delegation12345", "ulaanbaatar")) <= 6


def test_every_bucket_is_written_so_no_first_character_is_missing(tmp_path):
    write_index([SearchedPage("a/", "A", "x")], tmp_path)
    assert sorted(p.name for p in (tmp_path / "search" / "t").iterdir()) == sorted(f"_{n}.json" for n in range(BUCKETS))


def test_a_page_s_text_is_cut_at_a_word_and_only_what_is_kept_is_indexed(tmp_path):
    long = "word " * (PAGE_CHARACTERS // 5) + "lastword"
    write_index([SearchedPage("a/", "A", long)], tmp_path)
    text = json.loads((tmp_path / "search" / "p" / "0.json").read_text(encoding="utf-8"))["text"]
    assert len(text) <= PAGE_CHARACTERS and text.endswith("word") and "lastword" not in text
    assert look_up(tmp_path, "lastword")[0] is None


def test_an_index_made_again_leaves_no_file_of_the_one_before(tmp_path):
    write_index(hub_corpus(50), tmp_path)
    write_index([SearchedPage("a/", "A", "only")], tmp_path)
    assert len(list((tmp_path / "search" / "p").iterdir())) == 1 and look_up(tmp_path, "kim")[0] is None


def test_pages_are_numbered_by_address_so_the_same_pages_give_the_same_files(tmp_path):
    pages = hub_corpus(30)
    write_index(pages, tmp_path / "one")
    write_index(list(reversed(pages)), tmp_path / "two")
    files = {p.relative_to(tmp_path / "one") for p in (tmp_path / "one").rglob("*.json")}
    assert all((tmp_path / "one" / f).read_bytes() == (tmp_path / "two" / f).read_bytes() for f in files)


def test_words_are_what_a_reader_types():
    assert terms("Kim Yo-jong") == ["kim", "yo", "jong"]
    assert terms("Ulánbátor ＵＬＡＡＮ") == ["ulanbator", "ulaan"]  # noqa: RUF001 - the look-alikes are the point
    assert terms("김정은") == ["김", "정", "은", "김정", "정은"]
    assert terms("岸田文雄 (Kishida)") == ["岸", "田", "文", "雄", "岸田", "田文", "文雄", "kishida"]
    assert terms("が ｶﾞ") == ["が", "ガ"]  # Japanese marks stay; half-width kana folds to full width
    assert terms("<script>alert(1)</script>") == ["script", "alert", "1", "script"]


# --- Read by the browser, at a size where the trie is deep -----------------------------------------------------

SEARCH = """async query => {
  const index = await import(new URL('javascripts/annals-index.js', document.baseURI).href);
  const found = await index.search(query);
  const first = await Promise.all(found.results.slice(0, 4).map(r => r.data()));
  return {count: found.results.length, first: first.map(p => p.url)};
}"""


def test_the_browser_finds_words_prefixes_and_a_hub_in_a_deep_index(browser, tmp_path):
    write_index(hub_corpus(20_000), tmp_path)
    (tmp_path / "javascripts").mkdir()
    (tmp_path / "javascripts" / "annals-index.js").write_bytes((REPO / "docs/javascripts/annals-index.js").read_bytes())
    (tmp_path / "index.html").write_text("<!doctype html><title>index</title>", encoding="utf-8")
    with serve_folder(tmp_path) as base, visit(browser) as page:
        page.goto(base)
        def search(query: str) -> dict:
            return page.evaluate(SEARCH, query)
        assert search("delegation12345") == {"count": 1, "first": ["/events/e12345/"]}
        assert search("delegation1234")["count"] == 11  # the word itself and, as typed, the ten that go on
        assert search("delegat")["count"] == POSTINGS  # a prefix of 20,000 words: the best kept, no more
        assert search("kim jong un")["first"][0] == "/people/kim-jong-un/"
        assert search("정은")["first"] == ["/people/kim-jong-un/"]
        assert search("pyongyang") == {"count": 0, "first": []}
        # "min" and "test" are each on more titled pages than a posting keeps: the title's pair of words finds all
        assert sorted(search("Min Test")["first"]) == [f"/people/min-test-{n}/" for n in range(4)]
        assert sorted(search("min te")["first"]) == [f"/people/min-test-{n}/" for n in range(4)]


# --- Written beside MkDocs' page writing (annals.search.SearchTexts) ------------------------------------------

def noted_pages(count: int):
    """``count`` pages as the plugin sees them (a source path, an address, a title) noted with their HTML."""
    texts = SearchTexts()
    pages = [SimpleNamespace(file=SimpleNamespace(src_uri=f"events/e{n}.md"), url=f"events/e{n}/",
                             title=f"Meeting {n} &amp; more") for n in range(count)]
    texts.start(page.file.src_uri for page in pages)
    for page in pages:
        texts.keep(page, f'<h1 id="m">Meeting {page.url}<a class="headerlink" href="#m">¶</a></h1><p>Kim &amp; Lee</p>')
    return texts


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


FORKED = """
import json, sys
from pathlib import Path
sys.path.insert(0, {tests!r})
from test_search_index import files_of, noted_pages
texts = noted_pages(600)  # enough pages to fork for, in a process with no other thread
texts.begin({forked!r}, cores=2)
started = texts.writing._process is not None
texts.writing.finish()
here = noted_pages(600)
here.begin({here!r}, cores=1)
here.writing.finish()
print(json.dumps([started, files_of(Path({forked!r})) == files_of(Path({here!r}))]))
"""


def test_the_index_written_in_a_forked_process_is_the_one_written_here(tmp_path):
    """In a process of its own: the test run's browser keeps a thread, and no process forks beside a thread."""
    script = FORKED.format(tests=str(Path(__file__).parent), forked=str(tmp_path / "forked"), here=str(tmp_path / "here"))
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == [True, True], "no process was started, or it wrote another index"
    page = json.loads((tmp_path / "here" / "search" / "p" / "0.json").read_text(encoding="utf-8"))
    assert page["title"] == "Meeting 0 & more" and page["text"] == "Meeting events/e0/ Kim & Lee"


# --- Under serve: only what an edit changed (annals.search.index.IndexWriter) ---------------------------------

def test_a_writer_kept_across_edits_writes_what_a_fresh_one_writes_touching_only_changed_files(tmp_path):
    writer, pages = IndexWriter(), hub_corpus(300)
    writer.write(pages, tmp_path / "serve")
    before = {p: p.stat().st_mtime_ns for p in (tmp_path / "serve").rglob("*.json")}
    edited = [SearchedPage(p.url, p.title, p.text.replace("delegation7 ", "delegation7 Pyongyang "))
              if p.url == "events/e7/" else p for p in pages]
    time.sleep(0.01)  # a file written again has a later time
    writer.write(edited, tmp_path / "serve")
    write_index(edited, tmp_path / "fresh")
    assert files_of(tmp_path / "serve" / "search") == files_of(tmp_path / "fresh" / "search")
    after = {p: p.stat().st_mtime_ns for p in (tmp_path / "serve").rglob("*.json")}
    rewritten = [p.name for p in after if before.get(p) != after[p]]
    assert 0 < len(rewritten) <= 10, f"{len(rewritten)} of {len(after)} files written again: {rewritten}"
    assert look_up(tmp_path / "serve", "pyongyang")[0] is not None
    fewer = [p for p in edited if p.url != "events/e8/"]  # a page gone: the pages after it are numbered again
    writer.write(fewer, tmp_path / "serve")
    write_index(fewer, tmp_path / "fewer")
    assert files_of(tmp_path / "serve" / "search") == files_of(tmp_path / "fewer" / "search")


def test_a_writer_whose_folder_was_emptied_writes_the_whole_index_again(tmp_path):
    writer, pages = IndexWriter(), hub_corpus(50)
    writer.write(pages, tmp_path)
    shutil.rmtree(tmp_path / "search")  # as mkdocs serve without --dirty cleans the site folder
    writer.write(pages, tmp_path)
    write_index(pages, tmp_path / "fresh")
    assert files_of(tmp_path / "search") == files_of(tmp_path / "fresh" / "search")


@given(st.lists(st.tuples(st.integers(0, 5000), st.integers(1, 50)), min_size=POSTINGS + 1, max_size=400,
                unique_by=lambda pair: pair[0]).map(sorted))
@settings(max_examples=200, derandomize=True, database=None, deadline=None)
def test_a_famous_word_keeps_what_sorting_by_score_would_keep(found):
    """The best pages are chosen by counting scores; sorting by score, then page, chooses the same ones."""
    by_sorting = sorted(sorted(found, key=lambda pair: (-pair[1], pair[0]))[:POSTINGS])
    assert pages_of(posting(found)) == dict(by_sorting)
