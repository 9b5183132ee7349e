"""The visual timeline's SVG: one mark per event, stacked apart, vague dates as ranges, empty years as breaks,
labels that fit, a legend and a skip link; entry text only as escaped text; on every timeline of the real site."""

import re
import xml.etree.ElementTree as ElementTree
from html.parser import HTMLParser
from itertools import combinations
from pathlib import Path

from test_link import PAPER, event, linked

from annals.render.visual import LINK_PREFIX, timeline_svg
from annals.render.visual.axis import BREAK_WIDTH, YEAR_WIDTH
from annals.render.visual.legend import END_ID, SCROLL_HINT
from annals.render.visual.marks import DOT, text_width

SVG = "{http://www.w3.org/2000/svg}"


def an_event(stem: str, date: str, kind: str = "talks", status: str = "reported", title: str | None = None) -> str:
    return (f"id: {stem}\ntitle: '{title or stem.title()}'\ndate: '{date}'\nkind: {kind}\nstatus: {status}\n"
            "sources: [paper]\n")


def visual_of(files: dict) -> ElementTree.Element:
    """The whole visual (skip link, chart, legend) as XML: well-formed, so every text is escaped."""
    site, problems = linked(PAPER | files)
    assert problems == []
    return ElementTree.fromstring(f"<div>{timeline_svg(site.events_in_order(), 'Test <site>')}</div>")


def svg_of(files: dict) -> ElementTree.Element:
    return visual_of(files).find(f"{SVG}svg")


def marks(svg) -> dict[str, ElementTree.Element]:
    return {a.get("href"): a for a in svg.iter(f"{SVG}a")}


def box(element) -> tuple[float, float, float, float]:
    return tuple(float(element.get(name)) for name in ("x", "y", "width", "height"))


def overlap(a, b) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


def test_one_linked_mark_per_event_and_a_lane_per_kind():
    svg = svg_of({"event/a": event("a", "2012-05-01"), "event/b": event("b", "2014")})
    assert set(marks(svg)) == {f"{LINK_PREFIX}events/a.md", f"{LINK_PREFIX}events/b.md"}
    assert svg.find(f"{SVG}title").text == "Timeline of Test <site>: 2 events, 2012–2014"
    assert [t.text for t in svg.iter(f"{SVG}text") if t.get("class") == "annals-lane"] == ["talks"]


def test_marks_at_one_place_are_stacked_apart_each_with_its_own_area():
    files = {f"event/{s}": an_event(s, "2018-02") for s in ("a", "b", "c")}
    files |= {"event/d": an_event("d", "2018-02-10"), "event/e": an_event("e", "2018-02", kind="statement"),
              "event/f": an_event("f", "2018")}
    svg = svg_of(files)
    areas = {href: box(a.find(f"{SVG}rect[@class='annals-hit']")) for href, a in marks(svg).items()}
    assert len(areas) == 6
    crossing = [(a, b) for a, b in combinations(sorted(areas), 2) if overlap(areas[a], areas[b])]
    assert crossing == []
    for a in marks(svg).values():  # everything a mark draws lies inside its area
        hit = box(a.find(f"{SVG}rect[@class='annals-hit']"))
        dot = box(a.find(f"{SVG}rect[@class='annals-dot']"))
        assert hit[0] <= dot[0] and dot[0] + dot[2] <= hit[0] + hit[2] and hit[1] <= dot[1]


def test_a_vague_date_is_a_dot_in_the_middle_of_a_dashed_range_not_a_bar():
    svg = svg_of({"event/day": event("day", "2012-05-01"), "event/year": event("year", "2012"),
                  "event/span": event("span", "2012-03-01/2012-06-30")})
    year = marks(svg)[f"{LINK_PREFIX}events/year.md"]
    dot, line = box(year.find(f"{SVG}rect[@class='annals-dot']")), year.find(f"{SVG}line[@class='annals-range']")
    assert dot[2] == DOT
    start, end = float(line.get("x1")), float(line.get("x2"))
    assert end - start > YEAR_WIDTH[0] - 4 and abs((start + end) / 2 - (dot[0] + DOT / 2)) < 1
    day = marks(svg)[f"{LINK_PREFIX}events/day.md"]
    assert day.find(f"{SVG}line") is None and box(day.find(f"{SVG}rect[@class='annals-dot']"))[2] == DOT
    span = marks(svg)[f"{LINK_PREFIX}events/span.md"]  # a known span of days: a bar over them, no range
    assert span.find(f"{SVG}line") is None and box(span.find(f"{SVG}rect[@class='annals-dot']"))[2] > DOT


def test_years_without_events_are_a_break_in_the_axis():
    svg = svg_of({"event/a": event("a", "2002-09-17"), "event/b": event("b", "2012-11-15")})
    years = {t.text: t.get("class") for t in svg.iter(f"{SVG}text") if "annals-year" in t.get("class")}
    assert years == {"2002": "annals-year", "2003–11": "annals-year annals-year--break", "2012": "annals-year"}
    assert len([r for r in svg.iter(f"{SVG}rect") if r.get("class") == "annals-break"]) == 1
    dots = sorted(box(r)[0] for r in svg.iter(f"{SVG}rect") if r.get("class") == "annals-dot")
    assert dots[1] - dots[0] < 2 * YEAR_WIDTH[2] + BREAK_WIDTH  # not nine empty years apart


def test_labels_are_short_titles_that_fit_before_the_next_mark():
    long = "Japanese and North Korean officials meet on the sidelines of the Ulaanbaatar Dialogue"
    files = {f"event/m{day}": an_event(f"m{day}", f"2018-03-{day:02}", title=long) for day in (1, 8, 15, 22, 29)}
    files["event/short"] = an_event("short", "2019-01-01", title="Talks")
    svg = svg_of(files)
    labels = {href: a.find(f"{SVG}text").text for href, a in marks(svg).items()}
    assert labels[f"{LINK_PREFIX}events/short.md"] == "Talks"
    assert all(label.endswith("…") and long.startswith(label[:-1]) for href, label in labels.items()
               if "/m" in href)
    for a in marks(svg).values():
        hit, text = box(a.find(f"{SVG}rect[@class='annals-hit']")), a.find(f"{SVG}text")
        assert float(text.get("x")) + text_width(text.text) <= hit[0] + hit[2]


def test_a_skip_link_leads_past_the_marks_to_the_legend_of_lanes_and_styles():
    visual = visual_of({"event/a": an_event("a", "2012-05-01", status="confirmed"),
                        "event/b": an_event("b", "2012", status="planned")})
    skip, chart, legend = list(visual)
    assert skip.tag == "a" and skip.get("href") == f"#{END_ID}" and "Skip" in skip.text
    assert chart.tag == legend.tag == f"{SVG}svg" and legend.get("id") == END_ID
    words = [t.text for t in legend.iter(f"{SVG}text")]
    assert "confirmed" in words and "planned" in words and "reported" not in words
    assert any("lane per kind" in w for w in words) and "known only to the month or year" in words


def test_a_chart_wider_than_a_phone_says_it_scrolls():
    def hint(files) -> bool:
        return SCROLL_HINT in [t.text for t in visual_of(files).iter(f"{SVG}text")]
    assert not hint({"event/a": an_event("a", "2012-05-01")})
    assert hint({f"event/e{y}": an_event(f"e{y}", f"{y}-05-01") for y in (2002, 2008, 2012, 2016, 2020, 2024)})


def test_same_events_same_bytes():
    files = {f"event/{s}": an_event(s, d) for s, d in [("a", "2018-02"), ("b", "2018-02"), ("c", "2002")]}
    site, _ = linked(PAPER | files)
    assert timeline_svg(site.events_in_order(), "x") == timeline_svg(site.events_in_order(), "x")


def test_hostile_titles_stay_text():
    hostile = "</title><script>alert(1)</script>"
    files = {"event/x": f"id: x\ntitle: '{hostile}'\ndate: 2012\nkind: talks\nstatus: reported\nsources: [paper]\n"}
    site, _ = linked(PAPER | files)
    text = timeline_svg(site.events_in_order(), "x")
    assert "<script" not in text and re.search(r"&lt;/title&gt;&lt;script&gt;", text)
    chart = ElementTree.fromstring(f"<div>{text}</div>").find(f"{SVG}svg")
    assert chart.find(f"{SVG}a/{SVG}title").text.startswith(hostile)


def test_no_events_no_timeline():
    assert timeline_svg([], "nothing") is None


# --- On the real site: every timeline page's marks are its events, once each ---------------

class TimelinePage(HTMLParser):
    """A built page's visual timeline marks and the events its tables list (the Event column's link)."""

    def __init__(self, text: str):
        super().__init__()
        self.marks: list[str] = []
        self.rows: list[str] = []
        self.hidden: list[str] = []
        self.areas: list[tuple[float, float, float, float]] = []
        """Each mark's clickable area: its ``annals-hit`` rectangle, or all its rectangles together."""
        self._rects: list[tuple[tuple[float, ...], bool]] | None = None
        self._svg = 0
        self._row: list[str] | None = None
        self._row_links: list[list[str]] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "svg" and "annals-timeline" in (attrs.get("class") or "") and "annals-legend" not in attrs["class"]:
            self._svg = 1
        elif tag == "a" and self._svg:
            self.marks.append(attrs["href"])
            self._rects = []
            if attrs.get("display") == "none":
                self.hidden.append(attrs["href"])
        elif tag == "rect" and self._rects is not None:
            self._rects.append((box(attrs), attrs.get("class") == "annals-hit"))
        elif tag == "tr":
            self._row, self._row_links = [], []
        elif tag == "td" and self._row is not None:
            self._row_links.append([])
        elif tag == "a" and self._row is not None and self._row_links:
            self._row_links[-1].append(attrs.get("href"))
        elif tag == "span" and self._row is not None and "annals-status" in (attrs.get("class") or ""):
            self._row.append("status")

    def handle_endtag(self, tag):
        if tag == "svg":
            self._svg = 0
        elif tag == "a" and self._rects is not None:
            hit = [r for r, is_hit in self._rects if is_hit] or [r for r, _ in self._rects]
            left, top = min(r[0] for r in hit), min(r[1] for r in hit)
            self.areas.append((left, top, max(r[0] + r[2] for r in hit) - left, max(r[1] + r[3] for r in hit) - top))
            self._rects = None
        elif tag == "tr" and self._row is not None:
            if self._row and len(self._row_links) > 1 and self._row_links[1]:  # a timeline row: a status badge
                self.rows.append(self._row_links[1][0])
            self._row = None


def timeline_pages(site: Path) -> dict[str, TimelinePage]:
    return {str(p.relative_to(site)): TimelinePage(p.read_text(encoding="utf-8"))
            for p in sorted(site.rglob("*.html")) if 'class="annals-visual"' in p.read_text(encoding="utf-8")}


def test_every_timeline_of_the_real_site_marks_each_of_its_events_once_apart(real_site):
    pages = timeline_pages(real_site)
    assert "chronology/index.html" in pages and len(pages) > 10
    for name, page in pages.items():
        assert page.rows, f"{name}: a visual timeline without a table of events"
        assert sorted(page.marks) == sorted(set(page.rows)), f"{name}: marks {page.marks} != events {page.rows}"
        assert page.hidden == [], f"{name}: marks hidden in the built page: {page.hidden}"
        crossing = [(page.marks[a], page.marks[b]) for a, b in combinations(range(len(page.areas)), 2)
                    if overlap(page.areas[a], page.areas[b])]
        assert crossing == [], f"{name}: marks whose areas overlap: {crossing}"
    assert len(pages["chronology/index.html"].marks) == len(list((Path(__file__).parents[1] / "entries" /
                                                                  "event").glob("*.yml")))


def test_each_year_page_of_a_hubs_timeline_draws_its_own_events(tmp_path):
    from annals.pipeline import check
    from annals.publication import Publication
    from annals.render import render
    from annals.settings import Settings
    for folder in ("person", "source", "event"):
        (tmp_path / folder).mkdir()
    (tmp_path / "person" / "hub.yml").write_text("id: hub\nname: Hub Person\n")
    (tmp_path / "source" / "wire.yml").write_text("id: wire\npublisher: Wire\nurl: https://wire.example/a\n")
    for n in range(12):  # 6 in 2016, 6 in 2017, all at one date each year
        (tmp_path / "event" / f"e{n:02d}.yml").write_text(
            f"id: e{n:02d}\ntitle: Event {n}\ndate: '{2016 + n // 6}-03'\nkind: meeting\nstatus: reported\n"
            "participants:\n  - person: hub\nsources: [wire]\n")
    site, problems, _ = check(tmp_path)
    assert problems == []
    settings = Settings(templates=Path(__file__).parents[1] / "templates", timeline_limit=4)
    pages = {p.uri: p for p in render(site, settings, Publication())}
    parts = sorted(uri for uri in pages if uri.startswith("people/hub/"))
    assert len(parts) == 4
    for uri in parts:
        assert '<div class="annals-visual"></div>' in pages[uri].content
        chart = ElementTree.fromstring(f"<div>{pages[uri].visual}</div>").find(f"{SVG}svg")
        listed = re.findall(r"\]\((?:\.\./)+(events/e\d+\.md)\)", pages[uri].content)
        assert sorted(marks(chart)) == sorted(f"{LINK_PREFIX}{e}" for e in listed), uri
