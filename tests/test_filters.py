"""The chronology's filter index (annals/render/filters.py): bounded chunks however famous one person is,
every event of a list exactly once and in order, the names its rows need, the same bytes every time."""

import gzip
import json
from collections import Counter
from pathlib import Path

import pytest
from test_bench import load_bench

from annals.pipeline import check
from annals.render.filters import CHUNK_ROWS, NAMES_PER_PREFIX, filter_index, name_words

CORPUS = Path(__file__).parent / "fixtures" / "corpus" / "entries"
MAX_CHUNK_GZIPPED = 12_000
"""Bytes of one chunk file gzipped, at most: what one more step of a filtered view costs a reader."""
MAX_HEAD_GZIPPED = 2_000


def files_of(site) -> dict[str, str]:
    return {f.uri: f.content for f in filter_index(site)}


@pytest.fixture(scope="module")
def hub_index(tmp_path_factory):
    """A 5,000-entry hub-shaped corpus (one person in 60 % of its 2,000 events) and its filter index."""
    root = tmp_path_factory.mktemp("hub")
    load_bench().make_corpus(5000, root, hubs=True)
    site, problems, _ = check(root)
    assert [p for p in problems if not p.is_warning] == []
    counts = Counter(p.person for v in site.of_type("event") for p in v.entry.participants if p.person)
    hub, count = counts.most_common(1)[0]
    assert count > 1000, "the hub should take part in over a thousand events"
    return site, hub, files_of(site)


def read_list(files: dict[str, str], path: str) -> tuple[dict, list[dict]]:
    """A list's head and every row of it, in order, from its head and its chunk files."""
    head = json.loads(files[f"{path}.json"])
    if "rows" in head:
        return head, head["rows"]
    rows = []
    for number, (first, last, size) in enumerate(head["chunks"], 1):
        chunk = json.loads(files[f"{path}/{number}.json"])
        assert len(chunk["rows"]) == size and chunk["rows"][0]["y"] == first and chunk["rows"][-1]["y"] == last
        rows += chunk["rows"]
    return head, rows


def test_a_hubs_list_is_cut_into_small_chunks_that_hold_every_event_once_in_order(hub_index):
    site, hub, files = hub_index
    head, rows = read_list(files, f"filters/person/{hub}")
    theirs = [v for v in site.events_in_order() if any(p.person == hub for p in v.entry.participants)]
    assert [r["u"] for r in rows] == [f"events/{v.entry.id}/" for v in theirs]
    assert head["count"] == len(theirs) and sum(head["years"].values()) == len(theirs)
    assert len(head["chunks"]) == -(-len(theirs) // CHUNK_ROWS) > 10
    assert len(gzip.compress(files[f"filters/person/{hub}.json"].encode())) < MAX_HEAD_GZIPPED


def test_no_file_of_the_index_holds_more_than_one_chunk(hub_index):
    _, _, files = hub_index
    sizes = {uri: len(gzip.compress(text.encode())) for uri, text in files.items()}
    for uri, text in files.items():
        data = json.loads(text)
        assert len(data.get("rows", [])) <= CHUNK_ROWS, uri
    largest = max(sizes, key=sizes.get)
    assert sizes[largest] < MAX_CHUNK_GZIPPED, (largest, sizes[largest])


def test_a_chunk_names_every_id_its_rows_use(hub_index):
    site, hub, files = hub_index
    chunk = json.loads(files[f"filters/person/{hub}/1.json"])
    for row in chunk["rows"]:
        for field, facet in (("p", "person"), ("o", "organization")):
            for entry_id in row.get(field, []):
                assert chunk["names"][facet][entry_id] == site.entries[(facet, entry_id)].entry.label
        if "l" in row:
            assert chunk["names"]["place"][row["l"]] == site.entries[("place", row["l"])].entry.label


def test_every_event_is_in_the_all_list_and_the_lists_of_its_status_and_kind(hub_index):
    site, _, files = hub_index
    _, everything = read_list(files, "filters/all")
    assert len(everything) == len(site.of_type("event"))
    values = json.loads(files["filters/values.json"])
    assert sum(json.loads(files[f"filters/status/{s}.json"])["count"] for s in values["status"]) == len(everything)
    assert sum(json.loads(files[f"filters/kind/{k}.json"])["count"] for k in values["kind"]) == len(everything)
    assert values["pages"] == {"person": "people/", "organization": "organizations/", "place": "places/"}


def test_the_index_is_the_same_bytes_each_time():
    first, _, _ = check(CORPUS)
    second, _, _ = check(CORPUS)
    assert files_of(first) == files_of(second)
    assert all(text.endswith("}\n") and json.loads(text) for text in files_of(first).values())


def test_names_are_found_by_the_start_of_any_word_and_no_names_file_grows_with_the_site(hub_index):
    site, hub, files = hub_index
    label = site.entries[("person", hub)].entry.label
    for word in name_words(label):
        found = json.loads(files[f"filters/names/{word[:3]}.json"])["names"]
        assert ["person", hub, label] in [entry[:3] for entry in found]
    names = [json.loads(text)["names"] for uri, text in files.items() if uri.startswith("filters/names/")]
    assert names and max(len(n) for n in names) == NAMES_PER_PREFIX
    assert name_words("Ōno Yōko-san, 2nd") == ["ono", "yoko", "san", "2nd"]
