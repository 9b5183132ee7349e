"""The plugin puts the chronology and the section indexes in the nav, and never an entry page."""

from annals.plugin import with_sections

SECTIONS = [{"Chronology": "chronology/index.md"}, {"Events": "events/index.md"}, {"People": "people/index.md"},
            {"Organizations": "organizations/index.md"}, {"Places": "places/index.md"},
            {"Sources": "sources/index.md"}]


def test_sections_follow_the_home_page():
    nav = [{"Home": "index.md"}, {"About": ["about.md", {"Entry reference": "reference/entries.md"}]}]
    assert with_sections(nav) == [nav[0], *SECTIONS, nav[1]]


def test_a_section_the_site_owner_placed_stays_where_it_is():
    nav = ["index.md", {"Read": [{"Timeline": "chronology/index.md"}]}, "about.md"]
    assert with_sections(nav) == ["index.md", *SECTIONS[1:], {"Read": [{"Timeline": "chronology/index.md"}]},
                                  "about.md"]
