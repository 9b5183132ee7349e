"""The visual timeline's SVG: one mark per event, vague dates as bars, entry text only as escaped text."""

import re
import xml.etree.ElementTree as ElementTree

from annals.render.visual import LINK_PREFIX, timeline_svg
from test_link import PAPER, event, linked

SVG = "{http://www.w3.org/2000/svg}"


def svg_of(files: dict) -> ElementTree.Element:
    site, problems = linked(PAPER | files)
    assert problems == []
    text = timeline_svg(site.events_in_order(), "Test <site>")
    return ElementTree.fromstring(text)  # well-formed XML: every text escaped


def marks(svg) -> dict[str, ElementTree.Element]:
    return {a.get("href"): a for a in svg.iter(f"{SVG}a")}


def test_one_linked_mark_per_event_and_a_lane_per_kind():
    svg = svg_of({"event/a": event("a", "2012-05-01"), "event/b": event("b", "2014")})
    assert set(marks(svg)) == {f"{LINK_PREFIX}events/a.md", f"{LINK_PREFIX}events/b.md"}
    assert svg.find(f"{SVG}title").text == "Timeline of Test <site>: 2 events, 2012–2014"
    assert [t.text for t in svg.iter(f"{SVG}text") if t.get("class") == "annals-lane"] == ["talks"]


def test_a_vague_date_is_a_bar_over_the_days_it_may_mean():
    svg = svg_of({"event/day": event("day", "2012-05-01"), "event/year": event("year", "2012")})
    width = {href: float(a.find(f"{SVG}rect").get("width")) for href, a in marks(svg).items()}
    assert width[f"{LINK_PREFIX}events/year.md"] > 40 * width[f"{LINK_PREFIX}events/day.md"] / 8


def test_hostile_titles_stay_text():
    hostile = "</title><script>alert(1)</script>"
    files = {"event/x": f"id: x\ntitle: '{hostile}'\ndate: 2012\nkind: talks\nstatus: reported\nsources: [paper]\n"}
    site, _ = linked(PAPER | files)
    text = timeline_svg(site.events_in_order(), "x")
    assert "<script" not in text and re.search(r"&lt;/title&gt;&lt;script&gt;", text)
    assert ElementTree.fromstring(text).find(f"{SVG}a/{SVG}title").text.startswith(hostile)


def test_no_events_no_timeline():
    assert timeline_svg([], "nothing") is None
