"""The output guarantee: what a reader's browser gets from a generated page holds no markup of a stranger's.

Three layers, no mocks:

* the sanitizer on hostile HTML strings (``annals.sanitize``);
* the legitimate pages, rendered by MkDocs' own API from the fixture and the
  real entries, which the sanitizer must leave exactly as they are (compared
  as parsed HTML, since nh3 writes ``¶`` where Markdown wrote ``&para;``);
* a hostile project built by ``mkdocs build --strict`` and driven in Chromium:
  entries that pass ``annals check`` today with markup in names, titles,
  aliases and link titles, plus a template that emits raw HTML, as a stand-in
  for whatever a source-side check may miss one day.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import (FIXTURE_CONFIG, REPO, SEARCH_TIMEOUT_MS, fixture_project, serve_folder, session_site,
                      settled_search, visit)
from mkdocs.config import load_config
from mkdocs.structure.files import get_files
from mkdocs.structure.nav import get_navigation
from mkdocs.structure.pages import Page
from playwright.sync_api import expect

from annals.sanitize import ADMONITIONS, CODE_LANGUAGES, make_cleaner, plain_text, sanitize

# --- the sanitizer on hostile strings ----------------------------------------------------------

REMOVED = [
    ('<p>a<script>alert(1)</script>b</p>', "<p>ab</p>"),
    ('<p>a<img src=x onerror=alert(1)>b</p>', "<p>ab</p>"),
    ('<p onclick="alert(1)" onmouseover="alert(2)">a</p>', "<p>a</p>"),
    ('<p style="background:url(https://x.example/)">a</p>', "<p>a</p>"),
    ("<style>body{display:none}</style><p>a</p>", "<p>a</p>"),
    ('<iframe src="https://x.example/"></iframe><p>a</p>', "<p>a</p>"),
    ('<iframe srcdoc="<script>alert(1)</script>">text</iframe>', ""),
    ("<svg onload=alert(1)><script>alert(2)</script></svg>", ""),
    ('<svg><a href="javascript:alert(1)"><text>x</text></a></svg>', ""),
    ('<math><mi xlink:href="javascript:alert(1)">x</mi></math>', ""),
    ('<form action="https://x.example/"><input name=q><button formaction="javascript:alert(1)">b</button></form>', "b"),
    ('<object data="https://x.example/x.swf">o</object><embed src="https://x.example/x">', ""),
    ('<base href="https://x.example/"><meta http-equiv="refresh" content="0;url=https://x.example/">', ""),
    ('<link rel="stylesheet" href="https://x.example/x.css"><p>a</p>', "<p>a</p>"),
    ('<p>a<!-- <script>alert(1)</script> --></p>', "<p>a</p>"),
    ('<template><img src=x onerror=alert(1)></template>', ""),
    # Read as a browser with scripts reads it: the img is outside the noscript, and removed.
    ('<noscript><p title="</noscript><img src=x onerror=alert(1)>"></p></noscript>', '"&gt;<p></p>'),
    ('<a href="https://x.example/" target="_blank" rel="opener" ping="https://x.example/">a</a>',
     '<a href="https://x.example/">a</a>'),
    ('<div class="admonition danger md-sidebar" id="x">d</div>', '<div class="admonition">d</div>'),
    ('<span class="annals-status annals-status--bogus md-source">s</span>', '<span class="annals-status">s</span>'),
    ('<a class="headerlink md-button" href="#x">a</a>', '<a class="headerlink" href="#x">a</a>'),
    ('<code class="language-html">c</code>', '<code class="">c</code>'),  # ammonia keeps an empty class
    ('<p class="admonition-title footnote">p</p>', '<p class="admonition-title">p</p>'),
    ('<span lang=\'en" onmouseover="alert(1)\'>s</span>', "<span>s</span>"),
    ('<span lang="en&quot;x">s</span>', "<span>s</span>"),
    ("<span lang=\"en'x\">s</span>", "<span>s</span>"),
    ('<span lang="">s</span>', "<span>s</span>"),
    ('<h2 id="__config">h</h2>', "<h2>h</h2>"),
    ('<h2 id="a b">h</h2>', "<h2>h</h2>"),
    ('<a href="https://x.example/" title="&lt;img src=x onerror=alert(1)&gt;">a</a>',
     '<a href="https://x.example/">a</a>'),
    ('<p id="x" name="y" data-md-component="source" aria-hidden="true">a</p>', "<p>a</p>"),
    ('<span class="annals-facets" data-facets="p:a s:x&quot; onclick=&quot;y">f</span>', '<span class="annals-facets">f</span>'),
    ('<span data-facets="P:A" data-other="{}">f</span>', "<span>f</span>"),
    ('<span class="annals-facet-names" data-names="[1, 2]">f</span>', '<span class="annals-facet-names">f</span>'),
]

HREFS_REFUSED = [
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", "jav&#x09;ascript:alert(1)", "jav&#9;ascript:alert(1)",
    "&#106;avascript:alert(1)", "java\nscript:alert(1)", " \x01javascript:alert(1)", "javascript&colon;alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", "DATA:text/html,x", "vbscript:msgbox(1)",
    "mailto:someone@example.org", "tel:+100", "file:///etc/passwd", "ftp://x.example/", "blob:https://x.example/1",
    "//x.example/", " //x.example/", "\\\\x.example/", "/\\x.example/", "\\/x.example/", "/absolute/path/",
]

KEPT = [
    '<p>Plain &lt;text&gt; &amp; "quotes"</p>',
    '<h2 id="timeline">Timeline<a class="headerlink" href="#timeline" title="Permanent link">¶</a></h2>',
    '<p>Cited<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup></p>',
    '<div class="footnote"><hr><ol><li id="fn:1"><p>Source.&nbsp;<a class="footnote-backref" href="#fnref:1" '
    'title="Jump back to footnote 1 in the text">↩</a></p></li></ol></div>',
    '<div class="admonition warning"><p class="admonition-title">Single-outlet report</p><p>Text</p></div>',
    '<p><span class="annals-status annals-status--confirmed">confirmed</span> <span lang="mn-Cyrl">Порт</span></p>',
    '<p><a href="../../events/talks-2012/">Talks</a> <a href="https://daily.example.org/a_b?x=1&amp;y=2">paper</a> '
    '<a href="http://x.example/">old</a></p>',
    '<p><span class="annals-facets" data-facets="p:a,b-c s:reported y:2012"></span>'
    '<span class="annals-facet-names" data-names="{&quot;person:a&quot;:&quot;&lt;b&gt; A&quot;}"></span></p>',
    "<table><thead><tr><th>Date</th></tr></thead><tbody><tr><td><em>a</em> <strong>b</strong> <code>c</code>"
    "</td></tr></tbody></table>",
    '<blockquote><p>“Quote”<br></p></blockquote><ul><li>a</li></ul><pre><code class="language-yaml">id: x\n'
    "</code></pre>",
]


@pytest.mark.parametrize(("html", "expected"), REMOVED)
def test_markup_outside_the_allowlist_is_removed(html, expected):
    assert sanitize(html) == expected


@pytest.mark.parametrize("href", HREFS_REFUSED)
def test_links_go_only_to_http_https_or_the_site(href):
    escaped = href.replace('"', "&quot;")
    assert sanitize(f'<a href="{escaped}">x</a>') == "<a>x</a>"


@pytest.mark.parametrize("html", KEPT)
def test_what_the_templates_and_markdown_make_is_kept(html):
    assert sanitize(html) == html


def test_sanitizing_is_deterministic_and_idempotent():
    hostile = "".join(html for html, _ in REMOVED) + "".join(KEPT)
    once = sanitize(hostile)
    assert sanitize(hostile) == once
    assert sanitize(once) == once


@pytest.mark.parametrize(("html", "text"), [
    ("&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;"),
    ('Odd &lt;b&gt; &amp; "Co"', "Odd &lt;b&gt; &amp; &quot;Co&quot;"),
    ("A <em>b</em> <script>alert(1)</script>c", "A b c"),
    ("Порт Алдер", "Порт Алдер"),
    ("It's", "It&#x27;s"),
])
def test_titles_become_text_escaped_for_html(html, text):
    assert plain_text(html) == text


def test_every_admonition_and_code_language_in_the_templates_is_allowed():
    templates = "".join(p.read_text(encoding="utf-8") for p in (REPO / "templates").glob("*.j2"))
    assert set(re.findall(r"^[ \t]*!!![ \t]+([\w-]+)", templates, re.MULTILINE)) <= set(ADMONITIONS)
    assert set(re.findall(r"^[ \t]*```[ \t]*([\w-]+)", templates, re.MULTILINE)) <= set(CODE_LANGUAGES)


# --- the legitimate pages are left as they are -------------------------------------------------

class _Events(HTMLParser):
    """HTML as a list of (start tag with sorted attributes | end tag | text) events, entities decoded."""

    VOID = frozenset({"br", "hr", "img", "input", "meta", "link", "wbr"})

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.events: list[tuple] = []

    def handle_starttag(self, tag, attrs):
        self.events.append(("start", tag, tuple(sorted(attrs))))

    def handle_endtag(self, tag):
        if tag not in self.VOID:  # <br /> and <br> are the same element
            self.events.append(("end", tag))

    def handle_data(self, data):
        if self.events and self.events[-1][0] == "text":
            data = self.events.pop()[1] + data
        self.events.append(("text", data))


def parsed(html: str) -> list[tuple]:
    parser = _Events()
    parser.feed(html)
    parser.close()
    return parser.events


def generated_html(config_file: Path) -> tuple[object, dict[str, str]]:
    """The Annals plugin of a project and its generated pages' HTML as Markdown makes it, before the sanitizer.

    MkDocs' own API, the way ``mkdocs build`` does it up to rendering each page,
    without the page events (where the plugin sanitizes).
    """
    config = load_config(str(config_file))
    config.plugins.on_startup(command="build", dirty=False)
    config = config.plugins.on_config(config)
    config.plugins.on_pre_build(config=config)
    files = config.plugins.on_files(get_files(config), config=config)
    get_navigation(files, config)
    plugin = config.plugins["annals"]
    pages = {}
    for file in files.documentation_pages():
        if file.src_uri in plugin.generated:
            page = file.page or Page(None, file, config)
            page.read_source(config)
            page.render(config, files)
            pages[file.src_uri] = page.content
    assert pages, f"no generated page in {config_file}"
    return plugin, pages


def first_difference(html: str, cleaner) -> str | None:
    before, after = parsed(html), parsed(cleaner.clean(html))
    for index, (old, new) in enumerate(zip(before, after)):
        if old != new:
            return f"event {index}: {old!r} became {new!r}"
    return None if len(before) == len(after) else f"{len(before)} events became {len(after)}"


@pytest.fixture(scope="module", params=[FIXTURE_CONFIG, REPO / "mkdocs.yml"], ids=["fixture", "real"])
def legitimate(request):
    previous = os.environ.pop("ANNALS_ENTRIES", None)
    try:
        yield generated_html(request.param)
    finally:
        if previous is not None:
            os.environ["ANNALS_ENTRIES"] = previous


def test_the_sanitizer_changes_nothing_on_legitimate_pages(legitimate):
    plugin, pages = legitimate
    changed = {uri: diff for uri, html in pages.items() if (diff := first_difference(html, plugin.cleaner))}
    assert not changed, f"the sanitizer changed legitimate pages (extend the allowlist?): {changed}"


def test_the_comparison_notices_a_class_the_allowlist_lacks(legitimate):
    """Guards the test above: with the admonition kinds left out, pages do change."""
    _, pages = legitimate
    narrower = make_cleaner(admonitions=(), code_languages=CODE_LANGUAGES)
    assert any(first_difference(html, narrower) for html in pages.values())


# --- a hostile project, built and read in Chromium -----------------------------------------------

NAME = "</title><script>alert(1)</script>"
TITLE = "</title><script>alert(2)</script><img src=x onerror=alert(3)>"
ALIASES = ("&lt;img src=x onerror=alert(4)&gt;", "<img src=x onerror=alert(5)>")
LINK_TITLE = "a < b > c"  # character references (&lt;img ...) are refused at the source since then

HOSTILE_ENTRIES = {
    "person/hostile-name.yml": f"""\
id: hostile-name
name: {NAME!r}
aliases: [{ALIASES[0]!r}, {ALIASES[1]!r}]
summary: |
  Shown as text: 5 < 6 & Q&A.
  A [titled link](https://example.org/x "{LINK_TITLE}") whose title would be a tooltip.
""",
    "event/hostile-title.yml": f"""\
id: hostile-title
title: {TITLE!r}
date: 2020-01-01
kind: meeting
status: reported
participants:
  - person: hostile-name
    role: "&lt;img src=x onerror=alert(9)&gt;"
sources: [gazette-talks]
summary: Met with [[person:hostile-name]].
disagreements:
  - about: "</strong><img src=x onerror=alert(10)>"
    versions:
      - says: "<script>alert(11)</script>"
        sources: [gazette-talks]
      - says: "&lt;script&gt;alert(12)&lt;/script&gt;"
        sources: [weekly-review]
""",
}

# Raw HTML from a template: what a source-side check might let through one day.
INJECTED = """
<img src=x onerror=alert(101)>
<script>alert(102)</script>
<svg onload=alert(103)></svg>
<div class="admonition danger" onmouseover="alert(104)">hover me</div>

[injected link](javascript:alert(105)) [data link](data:text/html,x)
<a href="https://example.org/" title="<img src=x onerror=alert(106)>">injected title</a>
"""

# Front matter Material prints unescaped: hand-written here, but a template could write it too.
FRONT_MATTER_PAGE = """\
---
title: '</title><script>alert(201)</script>'
description: '"><script>alert(202)</script>'
author: '"><script>alert(203)</script>'
---

# A page with front matter
"""


def injected_project(root: Path) -> Path:
    """The fixture corpus plus hostile entries (all passing ``annals check``) and a template emitting raw HTML."""
    templates = root / "templates"
    shutil.copytree(REPO / "templates", templates)
    person = templates / "person.md.j2"
    person.write_text(person.read_text(encoding="utf-8") + INJECTED, encoding="utf-8")
    config = fixture_project(root / "project", templates)
    for path, text in HOSTILE_ENTRIES.items():
        (config.parent / "entries" / path).write_text(text, encoding="utf-8")
    (config.parent / "docs" / "front-matter.md").write_text(FRONT_MATTER_PAGE, encoding="utf-8")
    check = subprocess.run([sys.executable, "-m", "annals.cli", "check", "--entries", str(config.parent / "entries")],
                           capture_output=True, text=True, cwd=REPO)
    assert check.returncode == 0, f"a hostile entry no longer passes annals check; adapt HOSTILE_ENTRIES:\n{check.stdout}"
    return config


@pytest.fixture(scope="session")
def injected_site(request) -> Path:
    """:func:`injected_project` built with ``mkdocs build --strict``, once per run."""
    return session_site(request, "sanitize-injected", injected_project).site


def test_the_published_pages_hold_no_hostile_markup(injected_site):
    person = (injected_site / "people" / "hostile-name" / "index.html").read_text(encoding="utf-8")
    assert "<title>&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; - Annals fixture site</title>" in person
    assert "&lt;img src=x onerror=alert(5)&gt;" in person, "the alias is shown as text"
    front = (injected_site / "front-matter" / "index.html").read_text(encoding="utf-8")
    assert '<meta name="description" content="&quot;&gt;&lt;script&gt;alert(202)&lt;/script&gt;">' in front
    assert "<title>&lt;/title&gt;&lt;script&gt;alert(201)&lt;/script&gt; - Annals fixture site</title>" in front
    for page in injected_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        article = html[html.find("<article"):html.find("</article>")]
        tags = [event for event in parsed(article) if event[0] == "start"]
        assert tags, page
        for _, tag, attrs in tags:
            # The site's own drawings: the visual timeline's chart and its legend.
            timeline = tag == "svg" and "annals-timeline" in (dict(attrs).get("class") or "").split()
            assert timeline or tag not in ("script", "img", "svg", "iframe", "object", "form", "style"), (page, tag, attrs)
            for name, value in attrs:
                assert not name.startswith("on") and name != "style", (page, tag, attrs)
                # Links into the site: relative paths (the Data page links its files by name).
                assert name != "href" or re.match(r"(https?://|#|\.{1,2}/|[a-z0-9-]+(/|(\.[a-z]+)+$))", value), (page, tag, attrs)
                assert name != "class" or "danger" not in value, (page, tag, attrs)
        head = html[:html.find("</head>")]
        assert "<script>alert" not in html, page
        assert head.count("<title>") == 1 and head.count("</title>") == 1, page
        # The text may stand, escaped, inside a meta tag's quoted content and as JSON data in the
        # JSON-LD block (whose < and > are \u escapes): anywhere else it broke out.
        rest = re.sub(r'content="[^"<>]*"', 'content=""', head.split("</title>")[1])
        rest = re.sub(r'(<script type="application/ld\+json"[^>]*>)[^<]*</script>', r"\1</script>", rest)
        assert "alert(" not in rest, f"a title broke out of <title> in {page}"


@pytest.mark.browser
def test_hostile_names_stay_text_in_title_page_tooltips_and_search(browser, injected_site):
    with serve_folder(injected_site) as base, visit(browser) as page:
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

        page.goto(f"{base}people/hostile-name/")
        assert page.title() == f"{NAME} - Annals fixture site"
        article = page.locator("article")
        assert article.locator("h1").inner_text().rstrip("¶ \n") == NAME
        for alias in ALIASES:
            assert alias in article.inner_text()
        assert article.get_by_role("link", name="titled link").get_attribute("title") is None
        for name in ("titled link", "injected title", "injected link", "hover me"):
            article.get_by_text(name).first.hover()
        page.wait_for_timeout(500)  # Material shows tooltips after a short delay
        _assert_no_foreign_markup(page)

        page.goto(f"{base}events/hostile-title/")
        assert page.title() == f"{TITLE} - Annals fixture site"
        _assert_no_foreign_markup(page)

        page.goto(base)
        search = page.locator("input.md-search__input")
        search.click()
        search.press_sequentially(NAME)
        expect(page.locator(".md-search-result__meta")).to_have_text(
            re.compile("matching document", re.IGNORECASE), timeout=SEARCH_TIMEOUT_MS)
        _assert_no_foreign_markup(page)
        # A word of the same page brings its hostile title and text into the results, as text.
        settled_search(page, "tooltip")  # the results of "tooltip", not of a prefix typed on the way
        hit = page.locator(".md-search-result__item a[href*='/people/hostile-name/']").first
        expect(hit).to_be_visible(timeout=SEARCH_TIMEOUT_MS)
        assert hit.locator("h1").inner_text() == NAME
        assert "as text: 5 < 6 & Q&A." in hit.inner_text()  # the excerpt: words around the word found
        assert page.locator(".md-search-result img, .md-search-result script").count() == 0
        _assert_no_foreign_markup(page)
        assert dialogs == []


def _assert_no_foreign_markup(page) -> None:
    """Nothing a stranger wrote became an element: no image, frame or inline handler anywhere, no script in the article."""
    found = page.evaluate("""() => ({
        // The visual timeline is the site's own SVG (annals/render/visual.py): shapes, text and links only.
        elements: [...document.querySelectorAll('img, iframe, object, embed, article form, article script, article svg')]
            .filter(e => !(e.matches('svg.annals-timeline') && e.parentElement.matches('div.annals-visual')))
            .concat([...document.querySelectorAll('.annals-visual svg :not(title, text, line, g, a, rect)')])
            .map(e => e.outerHTML),
        handlers: [...document.querySelectorAll('*')].flatMap(e => [...e.attributes])
            .filter(a => a.name.startsWith('on')).map(a => a.name + '=' + a.value),
        links: [...document.querySelectorAll('a[href]')].map(a => new URL(a.getAttribute('href'), location.href).href)
            .filter(h => !/^https?:/.test(h)),
    })""")
    assert found == {"elements": [], "handlers": [], "links": []}, found
