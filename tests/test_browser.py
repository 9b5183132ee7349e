"""The built fixture site driven in a real headless Chromium, the way a reader uses it.

The fixture corpus is built with ``mkdocs build --strict`` (see conftest.py),
served on 127.0.0.1, and walked through Playwright's sync API: no mocks. Every
test also checks that the page loaded nothing from any other host.

Chromium comes from the Debian package (``/usr/bin/chromium``), never from
Playwright's own download. Without it the tests are skipped on a workstation
and fail under CI (``CI=true``).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from conftest import OUR_SCRIPTS, SEARCH_TIMEOUT_MS, visit
from playwright.sync_api import expect

EVENT = "Two-day talks in Port Alder"
SOURCE = "Delegations meet in Port Alder"
PLEDGE = 'A pledge to meet "without preconditions"'


def expect_h1(page, text: str) -> None:
    """The page's title heading, ignoring MkDocs' permalink mark after it."""
    expect(page.locator("article h1")).to_have_text(re.compile(rf"^\s*{re.escape(text)}\s*¶?\s*$"))


def table_after(page, heading_id: str):
    """The first table after a section heading (Material wraps tables in scroll boxes)."""
    return page.locator(f"xpath=//article//h2[@id='{heading_id}']/following::table[1]")


@pytest.mark.browser
def test_reader_walks_from_chronology_to_footnote_to_source_and_back(browser, served_site):
    base = served_site
    with visit(browser) as page:
        page.goto(f"{base}chronology/")
        expect_h1(page, "Chronology")

        page.locator("article table").get_by_role("link", name=EVENT, exact=True).click()
        expect(page).to_have_url(f"{base}events/talks-2012/")
        expect_h1(page, EVENT)

        first_ref = page.locator("a.footnote-ref").first
        expect(first_ref).to_have_attribute("href", "#fn:1")
        first_ref.click()
        expect(page).to_have_url(f"{base}events/talks-2012/#fn:1")
        footnote = page.locator("div.footnote li[id='fn:1']")
        expect(page.locator("div.footnote li:target")).to_have_attribute("id", "fn:1")
        expect(footnote).to_be_in_viewport()
        expect(footnote).to_contain_text(SOURCE)

        footnote.get_by_role("link", name=SOURCE, exact=True).click()
        expect(page).to_have_url(f"{base}sources/gazette-talks/")
        expect_h1(page, SOURCE)

        citing = table_after(page, "events-citing-this-source")
        expect(page.locator("article h2#events-citing-this-source")).to_contain_text("Events citing this source")
        citing.get_by_role("link", name=EVENT, exact=True).click()
        expect(page).to_have_url(f"{base}events/talks-2012/")
        expect_h1(page, EVENT)


@pytest.mark.browser
def test_a_disputed_date_in_the_chronology_leads_to_each_version_and_its_source(browser, served_site):
    base = served_site
    with visit(browser) as page:
        page.goto(f"{base}chronology/")
        page.locator("article table").get_by_role("link", name="date disputed").click()
        expect(page).to_have_url(f"{base}events/secret-meeting/#where-sources-disagree")
        heading = page.locator("article h2#where-sources-disagree")
        expect(heading).to_be_in_viewport()
        versions = page.locator("xpath=//article//h2[@id='where-sources-disagree']/following::ul[1]")
        expect(versions).to_contain_text("8–14 May 2024")
        expect(versions).to_contain_text("20 May 2024 (approx.)")
        expect(versions.locator("a.footnote-ref")).to_have_count(2)
        versions.locator("a.footnote-ref").last.click()
        page.locator("div.footnote li:target").get_by_role("link").first.click()
        expect(page).to_have_url(f"{base}sources/courier-relay/")


@pytest.mark.browser
def test_participant_page_lists_the_events_of_that_person(browser, served_site):
    base = served_site
    with visit(browser) as page:
        page.goto(f"{base}events/talks-2012/")
        expect_h1(page, EVENT)

        table_after(page, "participants").get_by_role("link", name="Ben Sample", exact=True).click()
        expect(page).to_have_url(f"{base}people/ben-sample/")
        expect_h1(page, "Ben Sample")

        timeline = table_after(page, "timeline")
        for title, href in ((EVENT, "../../events/talks-2012/"), (PLEDGE, "../../events/pledge/")):
            expect(timeline, f"Ben Sample's Timeline table should list {title!r}").to_contain_text(title)
            expect(timeline.get_by_role("link", name=title, exact=True)).to_have_attribute("href", href)


@pytest.mark.browser
def test_search_finds_a_place_by_its_alias(browser, served_site):
    base = served_site
    with visit(browser) as page:
        page.goto(base)
        search = page.locator("input.md-search__input")
        search.click()
        # Material reacts to key events, so type rather than fill.
        search.press_sequentially("Alderport")

        hit = page.locator(".md-search-result__item a.md-search-result__link[href*='/places/port-alder/']").first
        expect(hit).to_be_visible(timeout=SEARCH_TIMEOUT_MS)
        expect(hit).to_contain_text("Port Alder")
        target = urlsplit(hit.get_attribute("href"))
        assert (target.scheme, target.netloc, target.path, target.fragment) == (
            "http", urlsplit(base).netloc, "/places/port-alder/", ""), target
        hit.click()
        expect(page).to_have_url(re.compile(rf"^{re.escape(base)}places/port-alder/(\?[^#]*)?(#.*)?$"))
        expect_h1(page, "Port Alder")


@pytest.mark.browser
def test_untrusted_text_is_shown_as_text_never_as_markup(browser, served_site):
    base = served_site
    with visit(browser) as page:
        page.goto(f"{base}events/summit-2002/")
        article = page.locator("article")
        expect_h1(page, "The 2002 summit")
        expect(article).to_contain_text("Names like A_B & C|D [x] stay text.")
        _assert_only_material_scripts(page, base)

        page.goto(f"{base}events/secret-meeting/")
        article = page.locator("article")
        expect_h1(page, "Secret meeting near Port Alder")
        expect(article).to_contain_text("The cost was 5 < 6")
        expect(article.locator("code", has_text="<not html>")).to_have_text("<not html>")
        expect(article.get_by_role("link", name="the paper", exact=True)).to_have_attribute(
            "href", "https://daily.example.org/a_b?x=1&y=2")
        _assert_only_material_scripts(page, base)


@pytest.mark.browser
def test_markup_in_names_is_shown_as_text_and_never_runs(browser, served_site):
    base = served_site
    with visit(browser) as page:
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(f"{base}organizations/odd-name/")
        expect_h1(page, 'Odd <script>alert("name")</script> & Co')
        article = page.locator("article")
        expect(article).to_contain_text("<img src=x onerror=alert(1)>")
        expect(article).to_contain_text("[click](javascript:alert(2))")
        expect(article.locator("img")).to_have_count(0)
        expect(article.locator("a[href^='javascript']")).to_have_count(0)
        _assert_only_material_scripts(page, base)
        page.goto(f"{base}organizations/")
        expect(page.locator("article")).to_contain_text('Odd <script>alert("name")</script> & Co')
        _assert_only_material_scripts(page, base)
        assert dialogs == []


def _assert_only_material_scripts(page, base: str) -> None:
    """No script in the content; every script on the page is Material's own or one of Annals' (OUR_SCRIPTS)."""
    expect(page.locator("article script")).to_have_count(0)
    article_html = page.locator("article").inner_html()
    assert "<script" not in article_html.lower(), "the article holds a <script> element"
    scripts = page.locator("script").evaluate_all(
        "els => els.map(e => ({src: e.src, id: e.id, type: e.type, inHead: !!e.closest('head')}))")
    assert scripts, "Material's scripts are missing"
    for script in scripts:
        if script["src"]:
            assert (script["src"].startswith(f"{base}assets/javascripts/")
                    or script["src"] in {f"{base}{ours}" for ours in OUR_SCRIPTS}), f"unexpected script: {script}"
        else:
            # Material's inline scripts: its settings (JSON) and small bootstrap snippets
            # outside the article, which the check above already keeps script-free.
            # Annals' JSON-LD (annals/render/structured.py) is data, never run.
            ours = script["id"] == "annals-structured-data" and script["type"] == "application/ld+json"
            assert script["id"] in ("", "__config") or ours, f"unexpected inline script: {script}"


@pytest.mark.browser
def test_the_palette_follows_the_system_setting_and_remembers_the_readers_choice(browser, served_site):
    scheme = "() => document.body.getAttribute('data-md-color-scheme')"
    with visit(browser) as page:
        page.emulate_media(color_scheme="light")
        page.goto(served_site)
        assert page.evaluate(scheme) == "default"
    with visit(browser) as page:
        page.emulate_media(color_scheme="dark")
        page.goto(served_site)
        assert page.evaluate(scheme) == "slate", "a reader whose system is dark gets the dark palette"
        page.locator("label[title='Light mode']:visible").click()
        expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "default")
        page.goto(served_site + "chronology/")
        assert page.evaluate(scheme) == "default", "the reader's own choice is remembered across pages"


@pytest.mark.browser
def test_cite_this_page_has_a_copy_button(browser, served_site):
    with visit(browser) as page:
        page.goto(served_site + "events/talks-2012/")
        cite = page.locator("pre", has_text="@misc{").first
        expect(cite).to_be_visible()
        button = cite.locator("button[data-md-type='copy']")  # Material 9.8's copy button
        expect(button).to_have_count(1)
        expect(button).to_have_attribute("title", re.compile("[Cc]opy"))
        assert button.get_attribute("data-clipboard-target").endswith("> code")


@pytest.mark.parametrize("width, scheme", [(1280, "light"), (1280, "dark"), (390, "light"), (390, "dark")])
def test_an_entry_pages_left_sidebar_leads_to_its_section_its_year_and_the_events_around(
        browser, served_site, width, scheme):
    """Entry pages are in no nav; their left sidebar (a phone's drawer) lists the few links the engine hands it."""
    if isinstance(browser, str):
        pytest.fail(browser)
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    try:
        page = context.new_page()
        page.goto(served_site + "events/talks-2012/")
        if width < 500:  # a phone: the sidebar is the drawer, after the site's sections
            page.locator("header label.md-header__button[for='__drawer']").click()
            expect(page.locator(".md-sidebar--primary").get_by_role("link", name="Chronology", exact=True)).to_be_visible()
        around = page.get_by_role("list", name="Around this entry")
        links = around.get_by_role("link")
        expect(links).to_have_count(4)
        links.last.scroll_into_view_if_needed()
        for link in links.all():
            expect(link).to_be_in_viewport()
        assert [a.inner_text() for a in links.all()] == [
            "All events", "2012 in the chronology", "Earlier: An early back channel", "Later: Preparatory contacts"]
        hrefs = [a.get_attribute("href") for a in links.all()]
        assert hrefs == ["../", "../../chronology/?from=2012&to=2012", "../early-contact/", "../month-span/"]
        links.nth(1).click()
        page.wait_for_load_state()
        assert page.url == served_site + "chronology/?from=2012&to=2012"
    finally:
        context.close()
