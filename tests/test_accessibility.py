"""axe-core in Chromium over every page of the real site: no violation of any impact, light and dark, desktop and phone.

axe-core is vendored from the npm registry (tests/vendor/axe-core/README.md) and
injected from that file, so neither the site nor the test loads anything from
another host. Every built HTML page is checked, in each scheme at each width,
by one browser page that visits them in turn; the pages are split into chunks
so that pytest-xdist can spread the work over its workers.
"""

import time
from pathlib import Path

import pytest
from conftest import visit

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"

SAMPLE_PAGES = {
    "home": "",
    "chronology": "chronology/",
    "event": "events/secret-meeting-ulaanbaatar-2024/",
    "person": "people/kim-yo-jong/",
    "source": "sources/head-post-2024-japan-north-korea-meeting/",
    "tag": "tags/abductions/",
}
"""Pages of each kind that must exist, so that the walk below cannot pass by finding nothing."""
SCHEMES = ["default", "slate"]
"""Material's light and dark palettes, as the site's palette toggle sets them."""
COLOUR_RULES = ["color-contrast", "link-in-text-block"]
"""The rules a scheme can change: the palettes differ in colours only, so the page's other rules are checked once
(in the first scheme) and these in every scheme."""
WIDTHS = {"desktop": 1280, "phone": 390}
CHUNKS = 3
"""Each width's pages are checked in this many parts, each on a browser page of its own, for pytest-xdist to spread."""
UNSERVED = {"404.html"}
"""Pages the local server cannot show as published: the error page addresses its styles from the site's root
(``/channel/`` with site_url), wherever the server answers with it."""

THEME_ONLY = {
    "landmark-unique": (".md-code__nav",
                        "Material's script wraps each code block's copy button in a <nav> with no name, so a page "
                        "with two code blocks has two landmarks alike; only Material can name or drop them."),
}
"""Rule id: (selector of the theme's elements it is accepted on, and why). Listed in the issue's note.
A violation on any other element still fails."""
THEME_ONLY_SELECTORS = {rule: selector for rule, (selector, _) in THEME_ONLY.items()}
"""RUN_AXE's second argument: each rule's theme-only elements."""

SEARCH_INDEX = "**/search/search_index.json"
"""Not fetched here: Material's search worker would build its index (English, Japanese and Korean) on every page
the test opens, on the cores axe needs, and it changes nothing axe checks (results appear only for a query)."""

QUIET = "*, *::before, *::after { transition: none !important; animation: none !important; }"
"""Material's colour transitions end at once, so axe measures the scheme's final contrast without waiting."""

RUN_AXE = """async ([rules, themeOnly]) => {
  const options = {resultTypes: ['violations'], elementRef: true};
  if (rules) options.runOnly = {type: 'rule', values: rules};
  const result = await axe.run(document, options);
  const ours = v => v.nodes.filter(n => !(themeOnly[v.id] && n.element && n.element.matches(themeOnly[v.id])));
  return result.violations
    .map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: ours(v).map(n => n.target.join(' '))}))
    .filter(v => v.nodes.length)
    .map(v => ({...v, nodes: v.nodes.slice(0, 5)}));
}"""


def site_pages(site: Path) -> list[str]:
    """Every HTML page of the built site, as a path relative to its root (``""`` is the home page)."""
    return [file.relative_to(site).as_posix().removesuffix("index.html")
            for file in sorted(site.rglob("*.html")) if file.relative_to(site).as_posix() not in UNSERVED]


def test_the_walk_finds_every_kind_of_page(real_site):
    pages = site_pages(real_site)
    assert set(SAMPLE_PAGES.values()) <= set(pages), sorted(set(SAMPLE_PAGES.values()) - set(pages))
    assert len(pages) > 100, len(pages)


def check(page, base: str, path: str) -> dict[str, list[dict]]:
    """axe's violations on one page, per scheme, less those only the theme can fix."""
    page.goto(f"{base}{path}")
    page.add_style_tag(content=QUIET)
    page.add_script_tag(path=str(AXE))
    found = {}
    for index, scheme in enumerate(SCHEMES):
        page.evaluate("scheme => document.body.setAttribute('data-md-color-scheme', scheme)", scheme)
        violations = page.evaluate(RUN_AXE, [None if index == 0 else COLOUR_RULES, THEME_ONLY_SELECTORS])
        if violations:
            found[scheme] = violations
    return found


@pytest.mark.parametrize("chunk", range(CHUNKS))
@pytest.mark.parametrize("width", WIDTHS)
def test_no_accessibility_violation_on_any_page(browser, real_site, real_served, width, chunk):
    pages = site_pages(real_site)[chunk::CHUNKS]
    found = {}
    started = time.monotonic()
    with visit(browser) as page:
        page.set_viewport_size({"width": WIDTHS[width], "height": 900})
        page.route(SEARCH_INDEX, lambda route: route.abort())
        for path in pages:
            violations = check(page, real_served, path)
            if violations:
                found[path or "(home)"] = violations
    print(f"axe: {len(pages)} pages, {width}, {len(SCHEMES)} schemes: {time.monotonic() - started:.1f} s")
    assert not found, found
