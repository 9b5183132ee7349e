"""The real site: every entry in entries/ checks clean and the strict build passes."""

from pathlib import Path

import pytest

from annals.pipeline import check

REPO = Path(__file__).parents[1]


def test_real_entries_have_no_problems():
    _, problems, _ = check(REPO / "entries", display_root=REPO)
    assert [str(p) for p in problems] == []


@pytest.mark.slow
def test_real_site_builds_strictly_with_every_section(real_site):
    for page in ["index.html", "about/index.html", "chronology/index.html", "events/index.html",
                 "people/index.html", "organizations/index.html", "places/index.html", "sources/index.html"]:
        assert (real_site / page).is_file(), page
