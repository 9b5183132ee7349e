"""The visual timeline in Chromium on the real site, as readers use it: every mark shown and reachable apart,
at desktop and phone width; every mark's colour 3:1 against the page in light and dark; a skip link past it."""

from itertools import combinations

import pytest
from conftest import visit
from test_visual import timeline_pages

from annals.vocabulary import STATUSES

WIDTHS = {"desktop": 1280, "phone": 390}
SCHEMES = ["default", "slate"]
"""Material's light and dark palettes, as the site's palette toggle sets them."""

MARKS = """() => [...document.querySelectorAll('.annals-visual svg.annals-timeline:not(.annals-legend) a')].map(a => {
  const r = a.getBoundingClientRect();
  return {href: a.getAttribute('href'), x: r.x, y: r.y, width: r.width, height: r.height};
})"""

VIEW = """() => {
  const box = document.querySelector('.annals-visual').getBoundingClientRect();
  return {left: box.left, right: box.right, page: document.documentElement.scrollWidth, screen: innerWidth};
}"""

CONTRAST = """statuses => {
  const rgb = text => (text.match(/[\\d.]+/g) || []).map(Number);
  const luminance = ([r, g, b]) => [r, g, b].map(v => v / 255)
    .map(v => v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)
    .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  const ratio = (a, b) => { const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
                            return (x + 0.05) / (y + 0.05); };
  const over = (top, alpha, bottom) => top.slice(0, 3).map((v, i) => v * alpha + bottom[i] * (1 - alpha));
  const page = rgb(getComputedStyle(document.body).backgroundColor);
  const chart = document.querySelector('.annals-visual svg.annals-timeline');
  // Every other lane is shaded: marks lie on the page's background or on that shade.
  const band = chart.querySelector('.annals-lane-band');
  const bandStyle = band && getComputedStyle(band);
  const bandFill = band ? rgb(bandStyle.fill) : page;
  const shaded = band ? over(bandFill, (bandFill[3] ?? 1) * Number(bandStyle.opacity), page) : page;
  const found = {};
  for (const status of statuses) {
    const group = document.createElementNS('http://www.w3.org/2000/svg', 'g');
    group.setAttribute('class', `annals-mark annals-mark--${status}`);
    const dot = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
    dot.setAttribute('class', 'annals-dot');
    group.appendChild(dot);
    chart.appendChild(group);
    const style = getComputedStyle(dot);
    // A mark is seen by its fill (solid) or its outline (hollow): the stronger of the two against the page.
    found[status] = Math.min(...[page, shaded].map(ground =>
      Math.max(ratio(rgb(style.fill), ground), Number(style.strokeWidth.replace('px', '')) >= 2
               ? ratio(rgb(style.stroke), ground) : 1)));
    group.remove();
  }
  return found;
}"""


def crossing(marks: list[dict]) -> list[tuple[str, str]]:
    """Pairs of marks whose clickable areas overlap (touching edges do not)."""
    def meet(a, b):
        return (a["x"] < b["x"] + b["width"] and b["x"] < a["x"] + a["width"]
                and a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["height"])
    return [(a["href"], b["href"]) for a, b in combinations(marks, 2) if meet(a, b)]


def timeline_failures(browser, site, served: str, width: int) -> list[str]:
    """What is wrong with the visual timelines of a built site once its scripts ran: marks missing or hidden,
    marks whose areas overlap, pages wider than the screen."""
    failures = []
    with visit(browser) as page:
        page.set_viewport_size({"width": width, "height": 900})
        for name, expected in timeline_pages(site).items():
            page.goto(f"{served}{name}")
            marks = page.evaluate(MARKS)
            hidden = [m["href"] for m in marks if m["width"] == 0 or m["height"] == 0]
            if len(marks) != len(expected.rows) or hidden:
                failures.append(f"{name}: {len(marks)} marks for {len(expected.rows)} events, hidden: {hidden}")
            if crossing(marks):
                failures.append(f"{name}: marks whose areas overlap: {crossing(marks)}")
            view = page.evaluate(VIEW)
            if view["page"] > view["screen"]:
                failures.append(f"{name}: the page is {view['page']} px wide on a {view['screen']} px screen")
    return failures


@pytest.mark.browser
@pytest.mark.parametrize("width", WIDTHS)
def test_every_mark_is_shown_apart_from_the_others_on_every_timeline(browser, real_site, real_served, width):
    failures = timeline_failures(browser, real_site, real_served, WIDTHS[width])
    assert not failures, "\n".join(failures)


@pytest.mark.browser
def test_an_event_with_a_disputed_date_keeps_its_mark(browser, fixture_site, served_site):
    assert "date disputed" in (fixture_site / "chronology" / "index.html").read_text(encoding="utf-8")
    failures = timeline_failures(browser, fixture_site, served_site, WIDTHS["desktop"])
    assert not failures, "\n".join(failures)


@pytest.mark.browser
@pytest.mark.parametrize("width", WIDTHS)
def test_the_chronology_opens_on_events(browser, real_served, width):
    with visit(browser) as page:
        page.set_viewport_size({"width": WIDTHS[width], "height": 900})
        page.goto(f"{real_served}chronology/")
        view, marks = page.evaluate(VIEW), page.evaluate(MARKS)
        seen = [m for m in marks if view["left"] <= m["x"] and m["x"] + 12 <= view["right"]]
        assert len(seen) >= (10 if width == "desktop" else 3), f"{len(seen)} of {len(marks)} marks in view"


@pytest.mark.browser
@pytest.mark.parametrize("scheme", SCHEMES)
def test_every_mark_style_is_3_to_1_against_the_page(browser, real_served, scheme):
    with visit(browser) as page:
        page.goto(f"{real_served}chronology/")
        page.evaluate("scheme => document.body.setAttribute('data-md-color-scheme', scheme)", scheme)
        page.wait_for_timeout(400)  # Material's colour transitions end before anything is measured
        ratios = page.evaluate(CONTRAST, list(STATUSES))
    assert set(ratios) == set(STATUSES)
    assert {s: r for s, r in ratios.items() if r < 3} == {}, ratios


@pytest.mark.browser
def test_a_keyboard_skips_past_the_marks_to_the_filters(browser, real_served):
    with visit(browser) as page:
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(f"{real_served}chronology/")
        # The filter form is built once values.json has arrived: the skip below must find it there.
        page.get_by_role("search", name="Filter the chronology").wait_for()
        for _ in range(60):  # the skip link comes before the first mark
            page.keyboard.press("Tab")
            where = page.evaluate("() => document.activeElement.matches('a.annals-skip') ? 'skip' : "
                                  "document.activeElement.closest('svg') ? 'mark' : 'other'")
            assert where != "mark", "a mark took the focus before the skip link"
            if where == "skip":
                break
        assert where == "skip"
        assert page.locator("a.annals-skip").is_visible()  # shown while it has the focus
        page.keyboard.press("Enter")
        page.keyboard.press("Tab")
        assert page.evaluate("() => !!document.activeElement.closest('.annals-filters__box')")
