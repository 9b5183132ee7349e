"""A reader on the real site in Chromium: the chronology's order, its filters, its timeline, a phone's width."""

import pytest

from conftest import serve_folder, visit


@pytest.fixture(scope="module")
def real_served(real_site):
    with serve_folder(real_site) as base:
        yield base


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
