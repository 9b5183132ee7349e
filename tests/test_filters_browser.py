"""The chronology's filters across a split chronology, in Chromium: a 1,000-entry hub-shaped corpus built with
a page limit of 50, so its chronology is one page per year (and parts), and one person takes part in most events.

A filtered view answers from the filter index (annals/render/filters.py) and lists the matches of every year;
the address reproduces it, Back undoes a step, a "from" year after the "to" year is refused, the table of
contents follows the view, and a hostile name shows as text.
"""

import json
import re
import shutil
from collections import Counter

import pytest
from conftest import FIXTURE_CONFIG, REPO, serve_folder, session_site, visit
from test_bench import load_bench

from annals.pipeline import check

pytestmark = [pytest.mark.browser, pytest.mark.slow]

HOSTILE_NAME = "<img src=x onerror=\"window.annalsRan=1\">Hostile & Co"
"""The name given to one person who shares an event with the hub: a row must show it as these characters."""


def _hub_project(target):
    """The hub corpus as a project with ``page_limit: 50``; one of the hub's fellows gets a hostile name."""
    target.mkdir(parents=True, exist_ok=True)
    entries = target / "entries"
    load_bench().make_corpus(1000, entries, hubs=True)
    fellow = _hubs_fellow(entries)
    person = entries / "person" / f"{fellow}.yml"
    text = person.read_text(encoding="utf-8")
    person.write_text(re.sub(r"(?m)^name: .*$", "name: " + json.dumps(HOSTILE_NAME), text, count=1),
                      encoding="utf-8")
    shutil.copytree(FIXTURE_CONFIG.parent / "docs", target / "docs")
    config = target / "mkdocs.yml"
    config.write_text(
        f"INHERIT: {json.dumps(str(REPO / 'mkdocs.yml'))}\nsite_name: Hub corpus\ndocs_dir: docs\n"
        f"theme:\n  custom_dir: {json.dumps(str(REPO / 'templates' / 'theme'))}\n"
        "plugins:\n  - search\n  - annals:\n      entries: entries\n      page_limit: 50\n"
        f"      templates: {json.dumps(str(REPO / 'templates'))}\n", encoding="utf-8")
    return config


def _hubs_fellow(entries):
    """A person who shares the first event of the person in most events (the hub)."""
    site, problems, _ = check(entries)
    assert [p for p in problems if not p.is_warning] == []
    counts = Counter(p.person for v in site.of_type("event") for p in v.entry.participants if p.person)
    hub = counts.most_common(1)[0][0]
    first = next(v for v in site.events_in_order()
                 if any(p.person == hub for p in v.entry.participants)
                 and any(p.person and p.person != hub for p in v.entry.participants))
    return next(p.person for p in first.entry.participants if p.person and p.person != hub)


@pytest.fixture(scope="module")
def hub(request):
    """The built hub site, its address while served, the hub person and the years and events of theirs."""
    built = session_site(request, "filters-hub", _hub_project)
    site, _, _ = check(built.site.parent / "project" / "entries")
    events = [v for v in site.events_in_order() if any(p.person for p in v.entry.participants)]
    counts = Counter(p.person for v in events for p in v.entry.participants if p.person)
    person = counts.most_common(1)[0][0]
    theirs = [v for v in events if any(p.person == person for p in v.entry.participants)]
    with serve_folder(built.site) as base:
        yield {"base": base, "site": built.site, "person": person,
               "events": {v.entry.id for v in theirs}, "years": sorted({v.entry.date.year for v in theirs}),
               "statuses": Counter(v.entry.status for v in theirs)}


def results(page) -> list[str]:
    """The events the filtered view lists, in order, by id."""
    hrefs = page.eval_on_selector_all(".annals-filters__results td:nth-child(2) a",
                                      "links => links.map(a => a.getAttribute('href'))")
    return [href.rstrip("/").split("/")[-1] for href in hrefs]


def settled(page, expected: str | None = None) -> str:
    """The count line once the view has answered (with ``expected``: once it says that)."""
    page.wait_for_function("""expected => {
      const line = document.querySelector('.annals-filters__count');  // not there until the script has run
      if (!line) return false;
      const text = line.textContent;
      return expected === null ? /match/.test(text) : text === expected;
    }""", arg=expected)
    return page.locator(".annals-filters__count").inner_text()


def matching(n: int) -> str:
    return "1 event matches." if n == 1 else f"{n} events match."


def show_everything(page) -> list[str]:
    """Press "Show more" until the view has listed every match; the events listed."""
    settled(page)
    for _ in range(100):
        more = page.locator(".annals-filters__more")
        if more.count() == 0:
            return results(page)
        before = len(results(page))
        more.click()
        page.wait_for_function(f"() => document.querySelectorAll('.annals-filters__results tbody tr').length > {before}")
    raise AssertionError("Show more never ran out")


def test_the_hub_corpus_is_split_by_year(hub):
    pages = sorted(p.parent.name for p in (hub["site"] / "chronology" / "by").glob("*/index.html"))
    assert len(hub["years"]) > 10 and len(pages) > 10
    assert len(hub["events"]) > 200, "the hub person should be in hundreds of events"


def test_a_filter_for_one_person_lists_their_events_from_every_year_page(browser, hub):
    year = hub["years"][len(hub["years"]) // 2]
    with visit(browser) as page:
        page.goto(f"{hub['base']}chronology/by/{year}/")
        page.get_by_role("search", name="Filter the chronology").get_by_label("Person").select_option(
            hub["person"])
        settled(page, matching(len(hub["events"])))
        first = results(page)
        assert len(first) == 100, "the first screenful, read from the index, not the page's rows"
        listed = show_everything(page)
        assert set(listed) == hub["events"] and len(listed) == len(hub["events"])
        headings = page.eval_on_selector_all(".annals-filters__results h2", "hs => hs.map(h => h.textContent)")
        assert headings == [str(y) for y in hub["years"]]
        # Rows look like the page's own: the status badge of each.
        assert page.locator(".annals-filters__results td .annals-status").count() == len(listed)
        address = page.url
        assert f"person={hub['person']}" in address
    with visit(browser) as again:  # the address alone reproduces the view, on a new page
        again.goto(address)
        settled(again, matching(len(hub["events"])))
        assert results(again) == first
        assert again.get_by_label("Person").input_value() == hub["person"]


def test_back_undoes_a_filter_step(browser, hub):
    status = min(hub["statuses"])
    year = hub["years"][0]
    with visit(browser) as page:
        page.goto(f"{hub['base']}chronology/by/{year}/")
        own_rows = page.locator("article > table tbody tr, article .md-typeset__table tbody tr").count()
        form = page.get_by_role("search", name="Filter the chronology")
        form.get_by_label("Person").select_option(hub["person"])
        settled(page, matching(len(hub["events"])))
        form.get_by_label("Status").select_option(status)
        settled(page, matching(hub["statuses"][status]))
        assert "status=" in page.url and len(results(page)) == min(100, hub["statuses"][status])
        page.go_back()
        settled(page, matching(len(hub["events"])))
        assert form.get_by_label("Status").input_value() == ""
        assert form.get_by_label("Person").input_value() == hub["person"]
        assert "status=" not in page.url
        page.go_back()
        page.wait_for_function("() => document.querySelector('.annals-filters__results').hidden")
        assert form.get_by_label("Person").input_value() == ""
        assert page.locator("article tbody tr:visible").count() == own_rows > 0


def test_a_from_year_after_the_to_year_is_refused(browser, hub):
    with visit(browser) as page:
        page.goto(f"{hub['base']}chronology/by/{hub['years'][0]}/?person={hub['person']}")
        settled(page)
        form = page.get_by_role("search", name="Filter the chronology")
        form.get_by_label("To year").select_option(str(hub["years"][2]))
        settled(page)
        shown, address = results(page), page.url
        form.get_by_label("From year").select_option(str(hub["years"][5]))
        message = page.get_by_role("alert")
        assert "after" in message.inner_text() and message.is_visible()
        assert form.get_by_label("From year").get_attribute("aria-invalid") == "true"
        assert page.url == address and results(page) == shown
        form.get_by_label("From year").select_option(str(hub["years"][1]))  # a range the right way round
        assert not message.is_visible()
        settled(page)
        assert "from=" in page.url and set(results(page)) < set(shown)


def test_the_table_of_contents_lists_the_years_shown(browser, hub):
    first, last = hub["years"][3], hub["years"][6]
    with visit(browser) as page:
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(f"{hub['base']}chronology/by/{hub['years'][0]}/?person={hub['person']}&from={first}&to={last}")
        settled(page)
        toc = page.eval_on_selector_all(".md-nav--secondary a.md-nav__link:visible",
                                        "links => links.map(a => a.textContent.trim())")
        assert toc == [str(y) for y in hub["years"] if first <= y <= last]
        page.locator(".md-nav--secondary a.md-nav__link:visible").last.click()
        assert page.url.endswith(f"#annals-year-{last}")


def test_a_hostile_name_in_a_filtered_row_shows_as_text(browser, hub):
    with visit(browser) as page:
        page.goto(f"{hub['base']}chronology/?person={hub['person']}")
        settled(page)
        cell = page.locator(".annals-filters__results td", has_text=HOSTILE_NAME)
        assert cell.count() >= 1
        assert page.locator(".annals-filters__results img").count() == 0
        assert page.evaluate("() => window.annalsRan") is None


def test_a_name_typed_on_the_index_of_years_finds_the_person_and_filters_by_them(browser, hub):
    with visit(browser) as page:
        page.goto(f"{hub['base']}chronology/")  # the split chronology's index: no rows of its own
        assert page.locator("article td").count() == 0
        name = page.evaluate("id => fetch('../filters/names/' + id.slice(0, 3) + '.json').then(r => r.json())"
                             ".then(d => d.names.find(n => n[1] === id)[2])", hub["person"])
        page.get_by_label("Find a name").fill(name[:6])
        page.get_by_role("button", name=re.compile(f"^{re.escape(name)} \\(person")).click()
        settled(page, matching(len(hub["events"])))
        assert page.url.endswith(f"chronology/?person={hub['person']}")
        assert len(results(page)) == 100
