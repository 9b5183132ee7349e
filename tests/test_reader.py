"""A reader on the real site in Chromium: the chronology's order, its filters, its timeline, a phone's width."""

import pytest
from conftest import REPO, visit
from playwright.sync_api import expect

from annals.pipeline import check


def chronology_order(page) -> list[str]:
    """The events of the chronology page, top to bottom, by their page's name (``abductee-rally-2024``)."""
    hrefs = page.eval_on_selector_all("article td a[href*='events/']", "links => links.map(a => a.getAttribute('href'))")
    names = [href.rstrip("/").split("/")[-1] for href in hrefs if "#" not in href]
    return list(dict.fromkeys(names))


def test_vague_dates_follow_the_dated_events_of_their_month_and_year(browser, real_served):
    with visit(browser) as page:
        page.goto(f"{real_served}chronology/")
        order = chronology_order(page)
        position = {name: order.index(name) for name in order}
        # "mid-May 2024" comes after 11 May 2024.
        assert position["abductee-rally-2024"] < position["secret-meeting-ulaanbaatar-2024"]
        # "June 2024, after the report of 13 June" comes after 6 June 2024.
        assert position["ubd-2024-north-korea-absent"] < position["hayashi-response-2024"]
        # The Moon-Kim meeting, dated only "2018", comes after every February 2018 event,
        # under its own heading.
        february = [name for name in order if name in {"japan-accepts-chat-2018", "us-sanctions-2018-02"}]
        assert february and all(position[name] < position["moon-kim-first-meeting-2018"] for name in february)
        heading = page.locator("h3", has_text="2018: date not known more precisely")
        assert heading.count() == 1
        assert "moon-kim-first-meeting-2018" in heading.evaluate(
            "h => h.nextElementSibling.querySelector('a[href*=\"events/\"]').getAttribute('href')")
        # The rule is stated on the page.
        assert page.get_by_text("How vague dates are placed:").count() == 1
        # Date cells give dates in plain words, not the reporters' quotes.
        assert page.locator("article td", has_text='("').count() == 0


@pytest.fixture(scope="module")
def real_events():
    """The real entries' events, read with Annals' own loader: what the pages should show."""
    site, _, _ = check(REPO / "entries")
    return [v.entry for v in site.of_type("event")]


def shown_events(page) -> set[str]:
    hrefs = page.eval_on_selector_all(
        "article tr:not([hidden]) td a[href*='events/']", "links => links.map(a => a.getAttribute('href'))")
    return {href.rstrip("/").split("/")[-1] for href in hrefs if "#" not in href}


def test_filters_narrow_the_chronology_and_live_in_the_address(browser, real_served, real_events):
    person = "kim-yo-jong"
    hers = [e for e in real_events if any(p.person == person for p in e.participants)]
    status = min(e.status for e in hers)
    expected = {e.id for e in hers if e.status == status}
    assert len(hers) > len(expected) > 0, "the test needs her events to differ in status"
    with visit(browser) as page:
        page.goto(f"{real_served}chronology/")
        total = len(shown_events(page))
        form = page.get_by_role("search", name="Filter the chronology")
        form.get_by_label("Person").select_option(person)
        form.get_by_label("Status").select_option(status)
        # The filter index arrives by fetch: the count line says when the view has answered.
        words = "1 event matches." if len(expected) == 1 else f"{len(expected)} events match."
        expect(page.get_by_role("status")).to_have_text(words)
        assert shown_events(page) == expected
        assert f"person={person}" in page.url and f"status={status}" in page.url
        # A year with no matching event loses its heading too, and its link in the table of contents.
        assert page.locator("article h2:visible", has_text="2012").count() == 0
        toc = page.eval_on_selector_all(
            ".md-sidebar--secondary .md-nav--secondary a.md-nav__link[href^='#']",
            "links => links.map(a => [a.checkVisibility(), document.getElementById(a.hash.slice(1)).checkVisibility()])")
        assert toc and all(link == heading for link, heading in toc), toc
        assert [True, True] in toc and [False, False] in toc

        page.reload()  # the address alone restores the view, once values.json has arrived and the form is built
        expect(page.get_by_role("status")).to_have_text(words)
        assert shown_events(page) == expected
        assert form.get_by_label("Person").input_value() == person

        form.get_by_role("button", name="Show all").click()
        assert len(shown_events(page)) == total
        assert "?" not in page.url


def test_without_javascript_the_whole_chronology_is_there(browser, real_served, real_events):
    if isinstance(browser, str):
        pytest.fail(browser)
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{real_served}chronology/?person=kim-yo-jong")
        assert page.locator("form.annals-filters").count() == 0
        assert shown_events(page) == {e.id for e in real_events}
    finally:
        context.close()


WIDEST = """() => {
  // The visual timeline scrolls sideways inside its box: the box counts, not what scrolls in it.
  const shown = [...document.querySelectorAll('article *')].filter(
    e => e.getClientRects().length > 0 && !e.parentElement.closest('.annals-visual'));
  const right = Math.max(...shown.map(e => e.getBoundingClientRect().right));
  return {right, page: document.documentElement.scrollWidth, cards: document.querySelectorAll('article tr').length};
}"""


@pytest.mark.parametrize("path", ["chronology/", "people/kim-yo-jong/", "places/ulaanbaatar/",
                                  "organizations/mongolia-mfa/"])
def test_on_a_phone_no_timeline_is_wider_than_the_screen(browser, real_served, path):
    with visit(browser) as page:
        page.set_viewport_size({"width": 390, "height": 844})
        page.goto(f"{real_served}{path}")
        widest = page.evaluate(WIDEST)
        assert widest["cards"] > 0, "the page should have a timeline"
        assert widest["page"] <= 390 and widest["right"] <= 390, widest
        # Rows are cards: the status badge of the first row is whole and on screen.
        badge = page.locator("article td .annals-status").first.bounding_box()
        assert badge["x"] >= 0 and badge["x"] + badge["width"] <= 390


MARKS = """() => [...document.querySelectorAll('article .annals-visual svg a')].map(a => ({
  href: new URL(a.getAttribute('href'), location.href).href,
  title: a.querySelector('title').textContent,
  shown: a.getAttribute('display') !== 'none',
}))"""


def test_the_visual_timeline_has_a_working_mark_for_every_event(browser, real_served, real_events):
    with visit(browser) as page:
        page.goto(f"{real_served}chronology/")
        svg = page.locator("article .annals-visual svg.annals-timeline:not(.annals-legend)")  # the chart, not its legend
        assert svg.count() == 1
        assert svg.get_attribute("aria-labelledby") == "annals-visual-title"
        marks = page.evaluate(MARKS)
        by_event = {mark["href"].rstrip("/").split("/")[-1]: mark for mark in marks}
        assert len(marks) == len(real_events) and set(by_event) == {e.id for e in real_events}
        for event in real_events:  # each mark is named by its event, date and status
            assert by_event[event.id]["title"].startswith(event.title) and f"({event.status})" in by_event[event.id]["title"]
        # Every mark's link leads to its event's page.
        for mark in marks[:: max(1, len(marks) // 6)]:
            page.goto(mark["href"])
            assert page.locator("article h1").inner_text().strip().startswith(mark["title"].split(",")[0][:20])
            page.go_back()
        # Filtering the chronology hides the marks of the events it hides.
        page.get_by_role("search", name="Filter the chronology").get_by_label("Person").select_option("kim-yo-jong")
        shown = {m["href"] for m in page.evaluate(MARKS) if m["shown"]}
        rows = page.eval_on_selector_all("article tr:not([hidden]) td:nth-child(2) a", "as => as.map(a => a.href)")
        assert shown == set(rows) and 0 < len(shown) < len(marks)


def test_a_person_page_draws_the_events_of_its_timeline(browser, real_served):
    with visit(browser) as page:
        page.goto(f"{real_served}people/kim-yo-jong/")
        marks = page.evaluate(MARKS)
        rows = page.eval_on_selector_all("article td:nth-child(2) a[href*='events/']", "as => as.map(a => a.href)")
        assert marks and {m["href"] for m in marks} == set(rows)


def test_shared_events_on_a_person_page_lead_to_the_chronology_of_those_events(browser, real_served, real_events):
    """Kim Yo Jong's page counts the events she shares with Mike Pence; the count leads to the chronology
    filtered to both of them, which shows those events."""
    both = {e.id for e in real_events if {"kim-yo-jong", "mike-pence"} <= {p.person for p in e.participants}}
    assert both, "the test needs an event they share"
    with visit(browser) as page:
        page.goto(f"{real_served}people/kim-yo-jong/")
        section = page.locator("h2#shared-events")
        assert section.count() == 1
        row = page.locator("article table tr", has=page.get_by_role("link", name="Mike Pence", exact=True)).filter(
            has=page.locator("a[href*='chronology']"))
        link = row.get_by_role("link", name=f"{len(both)} event" + ("s" if len(both) > 1 else ""))
        link.click()
        page.wait_for_load_state()
        assert page.url.startswith(f"{real_served}chronology/?")
        assert page.url.split("?", 1)[1] == "person=kim-yo-jong&person=mike-pence"
        assert both <= shown_events(page)
