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


def _corpus(root: Path, events: dict[str, list[str]]) -> None:
    """People a, b, c, organization o, and events (each with its participants' lines) that cite one source."""
    for folder in ("person", "organization", "source", "event"):
        (root / folder).mkdir()
    for person, name in (("a", "Ann"), ("b", "bea"), ("c", "Cy")):
        (root / "person" / f"{person}.yml").write_text(f"id: {person}\nname: {name}\n")
    (root / "organization" / "o.yml").write_text("id: o\nname: Bureau\n")
    (root / "source" / "s.yml").write_text("id: s\npublisher: Wire\nurl: https://wire.example/a\n")
    for event_id, participants in events.items():
        lines = "".join(f"  - {p}\n" for p in participants)
        (root / "event" / f"{event_id}.yml").write_text(
            f"id: {event_id}\ntitle: {event_id}\ndate: '2020'\nkind: meeting\nstatus: reported\nsources: [s]\n"
            f"participants:\n{lines}")


def test_shared_events_count_each_event_once_most_shared_first_then_by_name(tmp_path):
    _corpus(tmp_path, {
        "e1": ["person: a", "person: b", "organization: o"],
        "e2": ["person: a", "person: b", "person: b"],  # b twice: one shared event
        "e3": ["person: a\n    organization: o", "person: c"],  # a on behalf of o: both took part
        "e4": ["person: b", "person: c"],
        "e5": ["person: a"],
    })
    site, problems, _ = check(tmp_path)
    assert problems == []
    assert site.shared_events(("person", "a")) == [
        (("person", "b"), 2), (("organization", "o"), 2), (("person", "c"), 1)]  # equal counts by name, whatever the case: bea, Bureau
    assert site.shared_events(("organization", "o")) == [(("person", "a"), 2), (("person", "b"), 1),
                                                         (("person", "c"), 1)]
    assert site.shared_events(("person", "c")) == [(("person", "a"), 1), (("person", "b"), 1), (("organization", "o"), 1)]
