"""The plugin puts the chronology, the section indexes and the Data page in the nav, and never an entry page.

Tags have no section of their own: their descriptions show on the tag pages (``EntryType.own_pages``)."""

from annals.nav import with_sections

SECTIONS = [{"Chronology": "chronology/index.md"}, {"Events": "events/index.md"}, {"People": "people/index.md"},
            {"Organizations": "organizations/index.md"}, {"Places": "places/index.md"},
            {"Sources": "sources/index.md"}]
DATA = {"Data": "data/index.md"}


def test_sections_follow_the_home_page():
    nav = [{"Home": "index.md"}, {"About": ["about.md", {"Entry reference": "reference/entries.md"}]}]
    assert with_sections(nav) == [nav[0], *SECTIONS, nav[1], DATA]


def test_a_section_the_site_owner_placed_stays_where_it_is():
    nav = ["index.md", {"Read": [{"Timeline": "chronology/index.md"}]}, "about.md"]
    assert with_sections(nav) == ["index.md", *SECTIONS[1:], {"Read": [{"Timeline": "chronology/index.md"}]},
                                  "about.md", DATA]


def test_the_data_page_stays_where_the_site_owner_placed_it():
    nav = ["index.md", {"About": ["about.md", {"Our data": "data/index.md"}]}]
    assert with_sections(nav) == ["index.md", *SECTIONS, {"About": ["about.md", {"Our data": "data/index.md"}]}]
