"""The benchmark stays runnable: its synthetic corpus is valid and renders."""

import importlib.util
from pathlib import Path

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
    pages, warnings = generate(tmp_path, REPO / "templates")
    assert warnings == []
    assert len(pages) > 200
