"""What a filtered chronology view costs: the filter index's size, and the bytes (gzipped) a reader downloads.

    .venv/bin/python scripts/bench_filters.py 1000 10000      # hub-shaped corpora (see bench.py's HUB_SHARES)

For each size: the time to make the index (beside what it is made from), its files and bytes on disk, the
largest chunk gzipped, and the bytes gzipped of the filter script plus what a view for one person reads
until it shows a screenful (values.json, the person's head, and chunks until 100 matches or the step's
limit): the hub person (in 60 % of events), a typical person (the median of those in any event), and the
hub AND a rarer person (the smaller list is read). Not a timed test: a report.
"""

from __future__ import annotations

import gzip
import json
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SCREENFUL, STEP_CHUNKS = 100, 8  # as in docs/javascripts/annals-filters.js


def gz(text: str | bytes) -> int:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return len(gzip.compress(data, 9))


def view_bytes(files: dict[str, str], people: list[str]) -> int:
    """What the script reads for ``?person=a&person=b...``: every head, then the smallest list's chunks."""
    heads = {p: json.loads(files[f"filters/person/{p}.json"]) for p in people}
    total = gz(files["filters/values.json"]) + sum(gz(files[f"filters/person/{p}.json"]) for p in people)
    smallest = min(people, key=lambda p: heads[p]["count"])
    if "rows" in heads[smallest]:
        return total
    found = 0
    for number in range(1, min(len(heads[smallest]["chunks"]), STEP_CHUNKS) + 1):
        chunk = files[f"filters/person/{smallest}/{number}.json"]
        total += gz(chunk)
        found += sum(all(p in row.get("p", []) for p in people) for row in json.loads(chunk)["rows"])
        if found >= SCREENFUL:
            break
    return total


def measure(n: int) -> dict:
    sys.path.insert(0, str(REPO))
    sys.path.insert(0, str(REPO / "scripts"))
    import bench

    from annals.pipeline import check
    from annals.render.filters import filter_index

    with tempfile.TemporaryDirectory() as work:
        bench.make_corpus(n, Path(work), hubs=True)
        start = time.perf_counter()
        site, _, _ = check(Path(work))
        checked = time.perf_counter() - start
        start = time.perf_counter()
        files = {f.uri: f.content for f in filter_index(site)}
        made = time.perf_counter() - start
    counts = Counter(p.person for v in site.of_type("event") for p in v.entry.participants if p.person)
    ranked = [person for person, _ in counts.most_common()]
    typical = ranked[len(ranked) // 2]
    script = gz((REPO / "docs" / "javascripts" / "annals-filters.js").read_bytes())
    return {"entries": n, "events": len(site.of_type("event")), "check_s": checked, "index_s": made,
            "files": len(files), "disk_mb": sum(len(t.encode()) for t in files.values()) / 2**20,
            "largest_chunk_gz": max(gz(t) for u, t in files.items() if u.count("/") == 3),
            "hub_events": counts[ranked[0]], "script_gz": script,
            "hub_view_gz": script + view_bytes(files, [ranked[0]]),
            "typical_view_gz": script + view_bytes(files, [typical]),
            "hub_and_typical_gz": script + view_bytes(files, [ranked[0], typical]),
            "median_person_events": statistics.median(counts.values())}


def main(argv: list[str]) -> int:
    for n in [int(a) for a in argv] or [1000]:
        print(json.dumps(measure(n), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
