"""Bytes a reader downloads: the home page plus a first search, and a filtered chronology view.

    python scripts/bench_bytes.py [--sizes 1000 10000] [--keep DIR]

For each size N it writes the hub-shaped corpus of scripts/bench.py (one person in
60 % of events), builds it with ``mkdocs build --strict``, serves the folder
locally and drives headless Chromium through two visits, each in a new browser
context (an empty cache, as a first-time reader):

* **home + first search**: the home page, then ``/`` and the hub person's name
  typed into the search box, until the network has been idle for half a second;
* **filtered chronology**: ``chronology/?person=<hub person>``, until idle.

Every response body is counted twice: as served (raw) and gzipped at level 6,
which is what a static host that compresses text sends. The report also gives
the size of Material's lunr index (search/search_index.json) when the build has
one (none since Annals' own index, annals/search/), the figure a reader used to
download whole before any search, and the search's own share of the first visit
(what was fetched after the home page had loaded). The goal (issue 24) is under
300 KB gzipped for either visit at 10,000 entries.

This measures bytes, not time, so a busy machine does not change its figures.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import re
import shutil
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))
sys.path.insert(0, str(REPO / "tests"))

from bench import CONFIG, build_env, fail, make_corpus, mkdocs_cmd, run_measured  # noqa: E402
from conftest import serve_folder  # noqa: E402

GOAL_KB = 300
"""Issue 24: either visit under 300 KB gzipped at 10,000 entries."""


def gzipped(body: bytes) -> int:
    """Bytes of ``body`` gzipped as a static host would send it (level 6, no timestamp)."""
    return len(gzip.compress(body, compresslevel=6, mtime=0))


def hub_person(entries: Path) -> tuple[str, str]:
    """The hub person's id and name: the corpus writes it first (its id ends in -0)."""
    path = next((entries / "person").glob("*-0.yml"))
    name = re.search(r"^name: (.+)$", path.read_text(encoding="utf-8"), re.MULTILINE)
    assert name is not None, path
    return path.stem, name.group(1).strip().strip("'\"")


def visit_bytes(browser, url: str, then=None) -> dict:
    """Load ``url`` in a new context, run ``then(page)``, wait until idle; sum what was downloaded."""
    context = browser.new_context()
    page = context.new_page()
    bodies: list[tuple[str, bytes]] = []

    def keep(response):
        with contextlib.suppress(Exception):  # a redirect or an aborted request has no body
            bodies.append((response.url, response.body()))

    page.on("response", keep)
    page.goto(url, wait_until="networkidle")
    before = len(bodies)
    if then is not None:
        then(page)
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(600)
    context.close()
    raw = sum(len(b) for _, b in bodies)
    largest = sorted(((len(b), u) for u, b in bodies), reverse=True)[:3]
    return {"requests": len(bodies), "raw": raw, "gz": sum(gzipped(b) for _, b in bodies), "largest": largest,
            "then_requests": len(bodies) - before, "then_gz": sum(gzipped(b) for _, b in bodies[before:])}


def first_search(name: str):
    """What a reader does first: ``/`` to reach the search box, then a name typed."""
    def run(page):
        page.keyboard.press("/")
        page.keyboard.type(name, delay=40)
        page.wait_for_timeout(800)
    return run


def measure(n: int, work: Path, browser) -> dict:
    entries = work / "entries"
    make_corpus(n, entries, hubs=True)
    site = work / "site"
    code, wall, _ = run_measured(mkdocs_cmd(CONFIG, site, strict=True), build_env(entries), work / "build.log", REPO)
    if code != 0:
        fail(f"mkdocs build --strict failed with exit code {code}", work / "build.log")
    person_id, name = hub_person(entries)
    index = site / "search" / "search_index.json"
    lunr = index.read_bytes() if index.exists() else None
    with serve_folder(site) as base:
        home = visit_bytes(browser, base, first_search(name))
        filtered = visit_bytes(browser, f"{base}chronology/?person={person_id}")
    return {"n": n, "build_s": wall, "home": home, "filtered": filtered, "person": person_id,
            "lunr": (len(lunr), gzipped(lunr)) if lunr is not None else None}


def report(results: list[dict]) -> None:
    kb = 1024
    print(f"\n{'entries':>8} {'visit':<22} {'requests':>8} {'raw KB':>9} {'gzip KB':>8}  goal (gzip, at 10,000)")
    for r in results:
        for label, key in (("home + first search", "home"), ("filtered chronology", "filtered")):
            v = r[key]
            goal = f"< {GOAL_KB} KB: {'met' if v['gz'] < GOAL_KB * kb else 'NOT met'}" if r["n"] >= 10_000 else ""
            print(f"{r['n']:>8} {label:<22} {v['requests']:>8} {v['raw'] / kb:>9.1f} {v['gz'] / kb:>8.1f}  {goal}")
        search = r["home"]
        print(f"{r['n']:>8} {'(the search alone)':<22} {search['then_requests']:>8} {'':>9} {search['then_gz'] / kb:>8.1f}")
        if r["lunr"]:
            print(f"{r['n']:>8} {'(lunr search_index)':<22} {'':>8} {r['lunr'][0] / kb:>9.1f} {r['lunr'][1] / kb:>8.1f}")
        for key in ("home", "filtered"):
            print(f"         largest in {key}: " + ", ".join(f"{u.split('/', 3)[-1]} {s / kb:.1f} KB"
                                                          for s, u in r[key]["largest"]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000], metavar="N")
    parser.add_argument("--keep", type=Path, help="build under this folder and keep it")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    root = args.keep or Path(tempfile.mkdtemp(prefix="annals-bytes-"))
    results = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium")
            for n in args.sizes:
                work = root / str(n)
                shutil.rmtree(work, ignore_errors=True)
                work.mkdir(parents=True)
                print(f"== N = {n}, hub-shaped corpus ({work})", flush=True)
                results.append(measure(n, work, browser))
            browser.close()
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)
    report(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
