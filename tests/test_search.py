"""The site's search: Annals' own index of entry pages and prose pages (annals/search/), searched in Chromium
through Material's search box, docs/javascripts/annals-search.js and annals-index.js."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from playwright.sync_api import expect
from conftest import REPO, fixture_project, indexed_pages, settled_search, visit

from annals.build import build_site
from annals.search import UNSEARCHED, searched_text, with_unsearched
from annals.search.index import BUCKETS

HITS = ".md-search-result__item > a.md-search-result__link"

FIND = """async term => {
  const index = await import(new URL('javascripts/annals-index.js', document.baseURI.replace(/[^/]*$/, '')).href);
  const found = await index.search(term);
  const pages = await Promise.all(found.results.map(r => r.data()));
  return pages.map(p => ({url: p.url, title: p.title, content: p.text}));
}"""
"""Every page the index's reader finds for a term (run on the site's home page), with its whole indexed text."""


def hits(page) -> list[str]:
    """The addresses of the results shown, as paths."""
    return [urlsplit(href).path for href in page.eval_on_selector_all(HITS, "links => links.map(a => a.href)")]


def found(page, term: str) -> list[dict]:
    return page.evaluate(FIND, term)


# --- Parts the templates leave out -------------------------------------------------------------------------

START, END = UNSEARCHED


@pytest.mark.parametrize("html", [
    f"<p>kept</p>{START}<p>hidden</p>{END}<p>also kept</p>{START}<p>hidden too</p>{END}",
    f"{START}<p>never closed</p>",
    f"<p>a</p>{START}<p>b</p>{START}<p>c</p>{END}<p>d</p>{END}<p>e</p>{START}",
    f"{END}<p>a</p>{START}{END}{START * 3}<p>b</p>",
])
def test_a_marked_part_runs_to_the_first_end_mark_after_it_as_a_lazy_pattern_would(html):
    lazy = re.compile(f"{re.escape(START)}(.*?){re.escape(END)}", re.DOTALL)
    assert with_unsearched(html) == lazy.sub(r'<div class="annals-unsearched">\1</div>', html)


def test_search_reads_neither_marked_parts_nor_permalinks_nor_the_visual_timeline():
    html = (f'<h2 id="a">Talks<a class="headerlink" href="#a" title="Permanent link">&para;</a></h2>'
            f'<p>kept</p>{START}<p>hidden</p>{END}<div class="annals-visual"><svg><text>drawn</text></svg></div>'
            f'<p>also kept<a class="footnote-backref" href="#fnref:1" title="Back">&#8617;</a></p>{START}<p>open</p>')
    assert searched_text(html) == "Talks kept also kept open"


# --- The built site ------------------------------------------------------------------------------------------

def test_the_site_has_the_index_and_no_index_that_grows_with_it(real_site):
    assert (real_site / "javascripts" / "annals-index.js").is_file()
    assert len(list((real_site / "search" / "t").glob("_*.json"))) == BUCKETS
    assert not (real_site / "search" / "search_index.json").exists(), "Material's search_index.json is back"
    home = (real_site / "index.html").read_text(encoding="utf-8")
    assert 'data-md-component="search"' not in home and 'name="search"' not in home
    assert "annals-search.js" in home


def test_only_entry_pages_and_prose_pages_are_in_the_index(real_site):
    indexed = {page["url"] for page in indexed_pages(real_site)}
    def marked(path: str) -> bool:
        return f"/{path}/".replace("//", "/") in indexed
    for path in ("people/kim-jong-un", "events/talks-2012-ulaanbaatar", "sources/nklw-2012-11-19-talks-end",
                 "places/ulaanbaatar", "about", "data", "reference/entries", ""):
        assert marked(path), f"{path}/ is not indexed"
    for path in ("chronology", "events", "people", "places", "organizations", "sources", "tags"):
        assert not marked(path), f"{path}/ is a listing, yet indexed"


def test_no_hidden_text_stands_beside_native_names(real_site):
    page = (real_site / "people" / "kim-jong-un" / "index.html").read_text(encoding="utf-8")
    assert "annals-search-terms" not in page and "정은 은" not in page


def test_the_same_corpus_builds_the_same_bytes_search_index_included(tmp_path):
    """Two builds of the same corpus (``annals build``) give the same site, byte for byte."""
    config = fixture_project(tmp_path / "project")
    assert build_site(config, tmp_path / "one") == 0 and build_site(config, tmp_path / "two") == 0
    def files(folder: Path) -> dict[str, bytes]:
        return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
    first, second = files(tmp_path / "one"), files(tmp_path / "two")
    assert "search/t/_0.json" in first and first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []


# --- In Chromium, on the real site ---------------------------------------------------------------------------

@pytest.mark.parametrize(("term", "person"), [
    ("Kishida", "fumio-kishida"), ("Jong-un", "kim-jong-un"),  # Latin: a name, a part of an alias
    ("김정은", "kim-jong-un"), ("정은", "kim-jong-un"),  # Korean: the name, the given name
    ("岸田文雄", "fumio-kishida"), ("岸田", "fumio-kishida"), ("文雄", "fumio-kishida"),  # Japanese
])
def test_search_finds_a_name_or_part_of_it_in_each_script(browser, real_served, term, person):
    with visit(browser) as page:
        page.goto(real_served)
        settled_search(page, term)
        assert f"/people/{person}/" in hits(page), f"{term!r} does not find {person}: {hits(page)}"


@pytest.mark.parametrize(("term", "first"), [
    ("Ulaanbaatar", "/places/ulaanbaatar/"), ("Ulaan", "/places/ulaanbaatar/"), ("Kim Jong Un", "/people/kim-jong-un/"),
    ("Kishida", "/people/fumio-kishida/"), ("김정은", "/people/kim-jong-un/"),
])
def test_the_page_a_name_belongs_to_comes_first(browser, real_served, term, first):
    with visit(browser) as page:
        page.goto(real_served)
        urls = [p["url"] for p in found(page, term)]
    assert urls[:1] == [first], urls[:5]


def _entries_with_other_names() -> list[tuple[str, str]]:
    """(page path, name) for every alias and native name of every real entry."""
    sections = {"person": "people", "organization": "organizations", "place": "places", "event": "events",
                "source": "sources"}
    names = []
    for path in sorted((REPO / "entries").glob("*/*.yml")):
        if path.parent.name not in sections:  # a tag's entry has no names
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        where = f"/{sections[path.parent.name]}/{data['id']}/"
        names += [(where, alias) for alias in data.get("aliases", [])]
        names += [(where, native["text"]) for native in data.get("native_names", [])]
    return names


def test_every_alias_and_native_name_finds_its_entry(browser, real_served):
    names = _entries_with_other_names()
    assert len(names) >= 10
    with visit(browser) as page:
        page.goto(real_served)
        missing = [(where, name) for where, name in names if where not in {p["url"] for p in found(page, name)}]
    assert not missing, f"not found by search: {missing}"


def test_keys_open_search_move_through_results_and_open_one(browser, real_served):
    with visit(browser) as page:
        page.goto(f"{real_served}about/")
        page.keyboard.press("/")
        assert page.evaluate("document.activeElement.id") == "annals-search-query"
        assert page.evaluate("document.getElementById('__search').checked")
        page.keyboard.press("Escape")
        assert not page.evaluate("document.getElementById('__search').checked")
        page.keyboard.press("s")
        assert page.evaluate("document.activeElement.id") == "annals-search-query"
        settled_search(page, "Kishida")
        first = hits(page)[0]
        page.keyboard.press("ArrowDown")
        assert page.evaluate("document.activeElement.classList.contains('md-search-result__link')")
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(re.escape(first) + "$"))


def test_snippets_hold_only_text_the_page_shows(browser, real_served):
    with visit(browser) as page:
        page.goto(real_served)
        settled_search(page, "김정은")
        excerpt = page.locator(f"{HITS}[href$='/people/kim-jong-un/'] p").inner_text()
        assert "김정은" in excerpt and "정은 은" not in excerpt
        assert page.locator(f"{HITS}[href$='/people/kim-jong-un/'] mark").first.inner_text() == "김정은"


def test_listings_navigation_and_the_visual_timeline_are_not_indexed(browser, real_served):
    listings = {"/chronology/", "/events/", "/people/", "/places/", "/organizations/", "/sources/", "/tags/"}
    with visit(browser) as page:
        page.goto(real_served)
        for term in ("Kim Jong Un", "Ulaanbaatar", "meeting", "chronology"):
            urls = {p["url"] for p in found(page, term)}
            assert urls and not urls & listings, f"{term!r} finds listings: {sorted(urls & listings)}"
            assert not any(url.startswith("/tags/") or re.search(r"/\d{4}/$", url) for url in urls), urls
        # The visual timeline's legend, "Cite this page", the links to the events before and after, the ¶ of
        # headings, the footnotes' way back: on every entry page, in no page's indexed text.
        for term in ("lasting the days it covers", "Cite this page", "In the chronology", "Permanent link", "↩"):
            texts = [p for p in found(page, term) if term.lower() in p["content"].lower()
                     and p["url"].split("/")[1] in {"events", "people", "organizations", "places", "sources"}]
            assert not texts, f"{term!r} is indexed on {[p['url'] for p in texts]}"
        kim = next(p for p in found(page, "Kim Jong Un") if p["url"] == "/people/kim-jong-un/")
        assert kim["title"] == "Kim Jong Un" and "Mentioned in" not in kim["content"]


def test_a_first_search_downloads_little_and_only_from_the_site(browser, real_served):
    """What the home page and a first search fetch, all from the site (``visit`` fails on any other host);
    no search index that grows with the site (Material's search_index.json), no search worker."""
    sizes: dict[str, int] = {}
    with visit(browser) as page:
        page.on("response", lambda r: sizes.__setitem__(r.url, len(r.body())) if r.ok else None)
        page.goto(real_served)
        page.wait_for_load_state("networkidle")
        before = dict(sizes)
        settled_search(page, "Kishida")
        page.wait_for_load_state("networkidle")
    search = {url: size for url, size in sizes.items() if url not in before}
    assert not [url for url in sizes if "search_index" in url or "/workers/" in url]
    assert any(url.endswith("/javascripts/annals-index.js") for url in search)
    assert any("/search/t/" in url for url in search) and any("/search/p/" in url for url in search)
    assert sum(search.values()) < 100_000, search


# --- The fixture site, under a sub-path as on GitHub Pages project sites ------------------------------------

def test_search_works_under_a_sub_path(browser, fixture_site, tmp_path):
    from conftest import serve_folder
    (tmp_path / "www").mkdir()
    (tmp_path / "www" / "channel").symlink_to(fixture_site, target_is_directory=True)
    with serve_folder(tmp_path / "www") as base, visit(browser) as page:
        page.goto(f"{base}channel/people/")
        settled_search(page, "Alderport")
        assert "/channel/places/port-alder/" in hits(page)


def test_each_indexed_page_is_a_small_fragment_of_its_own(real_site):
    """A result downloads its page's fragment: one per indexed page, each small whatever the size of the site."""
    fragments = sorted((real_site / "search" / "p").iterdir())
    assert len(indexed_pages(real_site)) == len(fragments) >= 90
    assert max(f.stat().st_size for f in fragments) < 20_000


# --- The hostile site: entry text is shown as text -----------------------------------------------------------

def test_a_hostile_name_found_by_search_shows_as_text(browser, hostile_served):
    dialogs: list[str] = []
    with visit(browser) as page:
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(hostile_served)
        settled_search(page, "onerror")
        titles = page.locator(f"{HITS} h1").all_inner_texts()
        excerpts = " ".join(page.locator(f"{HITS} p").all_inner_texts())
        assert "<img src=x onerror=alert(1)>" in titles, titles
        assert "<img src=x onerror=alert(1)>" in excerpts
        made = page.eval_on_selector_all(".md-search-result *", "all => [...new Set(all.map(e => e.localName))]")
        assert set(made) <= {"ol", "li", "a", "div", "h1", "p", "mark"}, made
        page.wait_for_timeout(300)
    assert dialogs == []


def test_on_a_phone_the_open_search_and_its_results_fit_the_screen(browser, real_served):
    """Material locks the page under an open search on a phone only when told the toggle changed; without it the
    page behind widened the phone's viewport to 1,262 px and every result ran off the screen."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    try:
        page = context.new_page()
        page.goto(real_served)
        page.keyboard.press("/")
        page.keyboard.type("Kishida")
        expect(page.locator(".md-search-result__item").first).to_be_visible()
        page.wait_for_timeout(500)  # Material locks scrolling 400 ms after the search opens
        widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth,"
                               " document.querySelector('.md-search-result__item').getBoundingClientRect().width]")
        assert max(widths) <= 390, widths
    finally:
        context.close()
