"""The benchmark stays runnable: its synthetic corpus is valid and renders."""

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest

from annals.pipeline import check, generate

REPO = Path(__file__).parents[1]


def load_bench():
    spec = importlib.util.spec_from_file_location("bench", REPO / "scripts" / "bench.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_synthetic_corpus_is_valid_and_renders(tmp_path):
    counts = load_bench().make_corpus(200, tmp_path)
    assert sum(counts.values()) == 200 and set(counts) == {"event", "person", "organization", "place", "source"}
    _, problems, found = check(tmp_path)
    assert [str(p) for p in problems] == [] and found == 200
    pages, warnings, *_ = generate(tmp_path, REPO / "templates")
    assert warnings == []
    assert len(pages) > 200


def test_the_hub_shaped_corpus_has_hubs_and_their_timelines_are_split(tmp_path):
    load_bench().make_corpus(400, tmp_path, hubs=True)
    site, problems, _ = check(tmp_path)
    assert [str(p) for p in problems] == []
    events = [k for k in site.entries if k[0] == "event"]
    leader = max((k[1] for k in site.entries if k[0] == "person"), key=lambda p: len(site.participations(("person", p))))
    assert len(site.participations(("person", leader))) > len(events) / 2, "the leader should take part in most events"
    pages, *_ = generate(tmp_path, REPO / "templates", timeline_limit=20)
    parts = [p for p in pages if p.uri.startswith(f"people/{leader}/")]
    assert parts and all(p.content.count("](../../events/") <= 20 for p in parts)


def test_generation_is_measured_beside_libyaml_in_a_fresh_process(tmp_path, capsys):
    bench = load_bench()
    assert bench.main(["--sizes", "60", "--build-max", "0", "--keep", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    row = next(line.split() for line in out.splitlines() if line.strip().startswith("60 "))
    entries_per_s, libyaml_per_s, ratio = float(row[1]), float(row[2]), float(row[3])
    assert entries_per_s > 0 and libyaml_per_s > 0
    assert abs(ratio - libyaml_per_s / entries_per_s) < 0.02 * ratio + 0.01
    assert "Largest generated Markdown per section" in out and "people" in out


@pytest.mark.browser
def test_the_byte_bench_counts_what_chromium_downloads(tmp_path):
    """The reader's bytes for a first search and a filtered view, on a small corpus: real responses, counted.
    A process of its own: Playwright's sync API runs one instance per thread, and the suite's browser has one."""
    done = subprocess.run([sys.executable, str(REPO / "scripts" / "bench_bytes.py"), "--sizes", "120",
                           "--keep", str(tmp_path)], capture_output=True, text=True, timeout=600, check=False)
    out = done.stdout
    assert done.returncode == 0, out + done.stderr
    rows = re.findall(r"^\s+120 (home \+ first search|filtered chronology)\s+(\d+)\s+([\d.]+)\s+([\d.]+)", out, re.M)
    assert [r[0] for r in rows] == ["home + first search", "filtered chronology"], out
    for _, requests, raw, gz in rows:
        assert int(requests) >= 3 and 0 < float(gz) < float(raw), out
