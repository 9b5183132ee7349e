"""Reading on a phone (issue 24), in a real headless Chromium over the real site.

A footnote mark tapped shows its citation in place, in a named dialog that
Escape, its close button and a tap outside close, with focus back on the mark
(docs/javascripts/annals-footnotes.js); a mouse click and a page without
JavaScript still jump to the list. Back-links say where they return to (the
engine names them, annals/sanitize/footnotes.py). Marks and back-links are
targets of at least 24 x 24 CSS px, and a table wider than a phone shows that
it scrolls and takes keyboard focus (docs/stylesheets/annals.css,
docs/javascripts/annals-scroll.js).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import visit
from playwright.sync_api import expect

from annals.sanitize.footnotes import name_backlinks

PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}
PLACE = "places/pyongyang/"
"""A page whose first footnote is cited twice and sits in running text, above the page's first section."""
EVENT = "events/secret-meeting-ulaanbaatar-2024/"
"""A page whose first footnote is cited fourteen times, under several sections."""
CITATION = "Japan, North Korea held meeting in May"
"""The start of footnote 1 on both pages."""
WIDE_TABLES = "reference/entries/"
"""A hand-written page whose tables are wider than a phone."""


def open_first_footnote(page, base: str):
    """The place page at phone size, its first footnote mark tapped; returns the mark."""
    page.goto(f"{base}{PLACE}")
    mark = page.locator("article a.footnote-ref").first
    mark.scroll_into_view_if_needed()
    page.evaluate("window.scrollBy(0, -200)")
    page.evaluate("window.annalsScrollBefore = window.scrollY")
    mark.tap()
    return mark


@pytest.mark.browser
def test_a_footnote_mark_tapped_shows_the_citation_in_place_and_escape_closes_it(browser, real_served):
    with visit(browser, **PHONE) as page:
        mark = open_first_footnote(page, real_served)
        drawer = page.get_by_role("dialog", name="Footnote 1")
        expect(drawer).to_be_visible()
        expect(drawer).to_contain_text(CITATION)
        expect(drawer).not_to_contain_text("↩")
        expect(drawer.get_by_role("link", name="Go to the sources list")).to_have_attribute("href", "#fn:1")
        assert page.evaluate("window.scrollY === window.annalsScrollBefore"), "the page scrolled to the list"
        assert not page.url.endswith("#fn:1")
        assert page.evaluate("document.activeElement.closest('dialog') !== null"), "focus is not in the drawer"
        # Material's own tooltip for the same mark does not show beside it.
        expect(page.locator(".md-tooltip2[role=dialog]:visible")).to_have_count(0)

        page.keyboard.press("Escape")
        expect(drawer).to_be_hidden()
        expect(mark).to_be_focused()


@pytest.mark.browser
def test_the_drawer_closes_with_its_button_a_tap_outside_and_its_link_to_the_list(browser, real_served):
    with visit(browser, **PHONE) as page:
        mark = open_first_footnote(page, real_served)
        drawer = page.get_by_role("dialog", name="Footnote 1")
        drawer.get_by_role("button", name="Close").tap()
        expect(drawer).to_be_hidden()
        expect(mark).to_be_focused()

        mark.tap()
        expect(drawer).to_be_visible()
        page.touchscreen.tap(200, 120)  # above the drawer: the backdrop
        expect(drawer).to_be_hidden()
        assert not page.url.endswith("#fn:1")

        mark.tap()
        drawer.get_by_role("link", name="Go to the sources list").tap()
        expect(drawer).to_be_hidden()
        expect(page).to_have_url(re.compile("#fn:1$"))
        expect(page.locator("div.footnote li[id='fn:1']")).to_be_in_viewport()


@pytest.mark.browser
def test_enter_on_a_mark_opens_the_drawer_and_a_mouse_click_still_jumps(browser, real_served):
    with visit(browser) as page:
        page.goto(f"{real_served}{PLACE}")
        mark = page.locator("article a.footnote-ref").first
        mark.focus()
        page.keyboard.press("Enter")
        expect(page.get_by_role("dialog", name="Footnote 1")).to_contain_text(CITATION)
        page.keyboard.press("Escape")
        expect(mark).to_be_focused()

        mark.click()
        expect(page).to_have_url(re.compile("#fn:1$"))
        expect(page.locator("div.footnote li:target")).to_have_attribute("id", "fn:1")


@pytest.mark.browser
def test_without_javascript_a_tapped_mark_jumps_to_the_list(browser, real_served):
    with visit(browser, java_script_enabled=False, **PHONE) as page:
        page.goto(f"{real_served}{PLACE}")
        page.locator("article a.footnote-ref").first.tap()
        expect(page).to_have_url(re.compile("#fn:1$"))
        expect(page.locator("div.footnote li[id='fn:1']")).to_be_in_viewport()


@pytest.mark.browser
def test_back_links_are_named_after_where_they_return_to(browser, real_served):
    with visit(browser) as page:
        page.goto(f"{real_served}{EVENT}")
        names = page.locator("a.footnote-backref").evaluate_all("links => links.map(a => a.getAttribute('aria-label'))")
        assert all(name and name.startswith("Back to footnote ") for name in names), names
        assert len(set(names)) == len(names), "two back-links share a name"
        participants = page.get_by_role("link", name=re.compile("^Back to footnote 1 in “Participants”, mention \\d+ of 14$"))
        expect(participants).to_have_count(2)
        back = participants.first
        expect(back).to_have_attribute("title", back.get_attribute("aria-label"))
        target = back.get_attribute("href").lstrip("#")
        heading = page.locator(f"xpath=//sup[@id='{target}']/preceding::h2[1]")
        expect(heading).to_have_id("participants")


def test_back_link_names_on_markdowns_own_html():
    """A hand-written page's HTML, as Python-Markdown writes it (href before class), is named too."""
    page = ('<p>Said<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup>.</p>'
            '<h2 id="more">More &amp; <em>less</em><a class="headerlink" href="#more" title="Permanent link">¶</a></h2>'
            '<p>Again<sup id="fnref2:1"><a class="footnote-ref" href="#fn:1">1</a></sup>.</p>'
            '<div class="footnote"><ol><li id="fn:1"><p>Source.&#160;'
            '<a class="footnote-backref" href="#fnref:1" title="Back to footnote 1 in the text">&#8617;</a>'
            '<a href="#fnref2:1" class="footnote-backref" title="Back to footnote 1 in the text">&#8617;</a></p></li></ol></div>')
    named = name_backlinks(page)
    assert 'aria-label="Back to footnote 1 at the start of the page, mention 1 of 2"' in named
    assert 'aria-label="Back to footnote 1 in “More &amp; less”, mention 2 of 2"' in named
    assert named.count("title=\"Back to footnote 1 in the text\"") == 0


@pytest.mark.browser
def test_footnote_marks_and_back_links_are_at_least_24_px_square(browser, real_served):
    with visit(browser, **PHONE) as page:
        page.goto(f"{real_served}{EVENT}")
        sizes = page.locator("a.footnote-ref, a.footnote-backref").evaluate_all(
            "links => links.map(a => { const r = a.getBoundingClientRect(); return [r.width, r.height]; })")
        assert len(sizes) > 40
        small = [size for size in sizes if size[0] < 24 or size[1] < 24]
        assert not small, small
        # Where nothing hovers, Material's hidden back-links are shown.
        expect(page.locator("a.footnote-backref").first).to_have_css("opacity", "1")


SCROLLING_BOX = """() => [...document.querySelectorAll('.md-typeset__scrollwrap')]
  .filter(box => box.scrollWidth > box.clientWidth)
  .map(box => { const style = getComputedStyle(box);
    return {image: style.backgroundImage, attachment: style.backgroundAttachment,
            tabindex: box.getAttribute('tabindex'), role: box.getAttribute('role'), name: box.getAttribute('aria-label')}; })"""


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_a_table_wider_than_a_phone_shows_that_it_scrolls(browser, real_served, scheme):
    with visit(browser, **PHONE) as page:
        page.goto(f"{real_served}{WIDE_TABLES}")
        page.evaluate("scheme => document.body.setAttribute('data-md-color-scheme', scheme)", scheme)
        boxes = page.evaluate(SCROLLING_BOX)
        assert boxes, "no table is wider than the phone: the test checks nothing"
        for box in boxes:
            assert box["image"].count("gradient") == 4, box
            assert box["attachment"].startswith("local, local"), box
            assert (box["tabindex"], box["role"], box["name"]) == ("0", "group", "Table, scrolls sideways"), box


AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_open_drawer_has_no_accessibility_violation(browser, real_served, scheme):
    with visit(browser, color_scheme=scheme, **PHONE) as page:
        open_first_footnote(page, real_served)
        expect(page.get_by_role("dialog", name="Footnote 1")).to_be_visible()
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate("""async () => (await axe.run('dialog.annals-footnote', {resultTypes: ['violations']}))
          .violations.map(v => [v.id, v.impact, v.nodes.map(n => n.target.join(' '))])""")
        assert not violations, violations
