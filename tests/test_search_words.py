"""The browser splits words as the index does: docs/javascripts/annals-index.js against annals/search/words.py, in
Chromium, over every indexed page of the real site and text chosen to differ."""

from __future__ import annotations

from conftest import indexed_pages, visit

from annals.search.words import terms, title_pairs

TRICKY = [
    "Ulánbátor Ulaanbaatar Улаанбаатар Ουλάν Μπατόρ ΣΊΣΥΦΟΣ", "Straße İstanbul ǅemal ﬁnal Ⅻ ①",
    "ＫＩＳＨＩＤＡ ｶﾞｷﾞ がぎ ガギ", "김정은 金正恩 キム・ジョンウン ᄀᄋ ㄱㄴ", "岸田文雄（きしだ ふみお）",  # noqa: RUF001 - the look-alikes are the point
    "Yo-jong_x 2012-11-15 3.5 half½", "emoji 😀 and ‍zero‍width", "Nguyễn Tấn Dũng", "a\u0301e\u0308 z\u0327",
    "<img src=x onerror=alert(1)> &amp; javascript:alert(1)", "𠮷野家 𪚲", "Ǆ ǲ ǳ", "ΑΣ ΣΑ σς",
]

TERMS = """async texts => {
  const index = await import(new URL('javascripts/annals-index.js', document.baseURI.replace(/[^/]*$/, '')).href);
  return texts.map(text => index.terms(text));
}"""


def test_the_browser_and_the_index_split_every_text_the_same_way(browser, real_served, real_site):
    texts = TRICKY + [page["title"] for page in indexed_pages(real_site)] + [
        page["text"] for page in indexed_pages(real_site)]
    with visit(browser) as page:
        page.goto(real_served)
        in_browser = page.evaluate(TERMS, texts)
    differ = [(text[:60], own[:8], theirs[:8]) for text, own, theirs in
              zip(texts, [terms(text) for text in texts], in_browser, strict=True) if own != theirs]
    assert not differ, differ


QUERY = """async queries => {
  const index = await import(new URL('javascripts/annals-index.js', document.baseURI.replace(/[^/]*$/, '')).href);
  return queries.map(query => index.queryTerms(query));
}"""


def test_a_query_asks_for_its_words_the_last_as_it_is_typed(browser, real_served):
    with visit(browser) as page:
        page.goto(real_served)
        asked = page.evaluate(QUERY, ["Kim Yo-jo", "Kim ", "김정은", "정", "岸田 fu", "!!", "kim kim"])
    assert asked == [
        [{"term": "kim", "prefix": False}, {"term": "yo", "prefix": False}, {"term": "jo", "prefix": True}],
        [{"term": "kim", "prefix": False}],
        [{"term": "김정", "prefix": False}, {"term": "정은", "prefix": False}],
        [{"term": "정", "prefix": False}],
        [{"term": "岸田", "prefix": False}, {"term": "fu", "prefix": True}],
        [],
        [{"term": "kim", "prefix": False}, {"term": "kim", "prefix": True}],
    ]


PAIRS = """async titles => {
  const index = await import(new URL('javascripts/annals-index.js', document.baseURI.replace(/[^/]*$/, '')).href);
  return titles.map(title => index.queryPairs(title + ' ').map(pair => pair.term));
}"""


def test_a_query_s_pairs_of_words_are_a_title_s(browser, real_served, real_site):
    """A query typed as a title reads (a space after it: nothing still being typed) asks for the title's pairs."""
    titles = TRICKY + [page["title"] for page in indexed_pages(real_site)]
    with visit(browser) as page:
        page.goto(real_served)
        in_browser = page.evaluate(PAIRS, titles)
        typing = page.evaluate("""async () => {
          const index = await import(new URL('javascripts/annals-index.js', document.baseURI).href);
          return index.queryPairs('Kim Yo-jo');
        }""")
    assert [title_pairs(title) for title in titles] == in_browser
    assert typing == [{"term": " kim yo", "prefix": False}, {"term": " yo jo", "prefix": True}]
