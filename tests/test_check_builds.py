"""Issue 21: a clean `annals check --strict` means the strict build succeeds.

Each case here once passed the check and then crashed or broke the build (or
silently overwrote a page): now the check refuses it at its line and column,
and what it allows at the edges builds.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from conftest import fixture_project, mkdocs_build
from hypothesis import example, given
from hypothesis import strategies as st
from test_fuzz import configured, spend
from test_history import CONTROL_SUBJECT, FORGED_SUBJECT, HTML_SUBJECT, crafted, git, touch

from annals.problems import ProblemsFound
from annals.render import OutputFile, refuse_duplicates

EVENT = """\
id: {id}
title: An event at the edge
date: "{date}"
kind: talks
status: reported
tags: [{tags}]
summary: {summary}
"""
"""An event of the fixture corpus's kind; line 3 column 8 is its date's first character, line 6 column 8 its
first tag's, line 7 column 10 its summary's (11 inside quotes)."""


def event(id: str = "edge",  # noqa: A002 - the entry field it fills, as callers name it
          date: str = "2012-11-15", tags: str = "edge",
          summary: str = "They met [@weekly-review].") -> str:
    """An event file's text, with citations the fixture corpus can resolve."""
    return EVENT.format(id=id, date=date, tags=tags, summary=summary)


def project(root: Path, files: dict[str, str], page_limit: int | None = None) -> Path:
    """The fixture corpus with ``files`` (paths under entries/) added; returns its mkdocs.yml."""
    config = fixture_project(root)
    for name, text in files.items():
        (root / "entries" / name).write_text(text, encoding="utf-8")
    if page_limit is not None:
        config.write_text(config.read_text(encoding="utf-8") + f"      page_limit: {page_limit}\n", encoding="utf-8")
    return config


def check(root: Path, since: str = "none") -> list[str]:
    """What `annals check --strict` reports, as ``path:line:column: message`` lines (``since``: its ``--since``)."""
    result = subprocess.run([sys.executable, "-m", "annals.cli", "check", "--strict", "--since", since, "--format",
                             "json"], cwd=root, capture_output=True, text=True, timeout=120)
    assert "Traceback" not in result.stderr, result.stderr
    return [f"{p['path']}:{p['line']}:{p['column']}: {p['message']}" for p in json.loads(result.stdout)["problems"]]


OUT_OF_RANGE = "is outside the years Annals can place, 1000 to 2999"


def test_dates_no_stage_can_place_are_refused_where_written(tmp_path):
    """9999 crashed the visual timeline (1 January 10000), 0001-01-01 the calendar export; the check was clean."""
    cases = [("9999", 8, "9999"), ("9999-12", 8, "9999"), ("9999?", 8, "9999"), ("../9999", 11, "9999"),
             ("0001-01-01", 8, "0001"), ("2012/3000", 13, "3000")]
    project(tmp_path, {f"event/edge-{n}.yml": event(id=f"edge-{n}", date=date) for n, (date, _, _) in enumerate(cases)})
    assert check(tmp_path) == [f"entries/event/edge-{n}.yml:3:{column}: year {year} {OUT_OF_RANGE}"
                               for n, (_, column, year) in enumerate(cases)]


def test_dates_at_the_edges_of_the_range_check_clean_and_build(tmp_path):
    files = {f"event/edge-{n}.yml": event(id=f"edge-{n}", date=date)
             for n, date in enumerate(["1000-01-01", "10XX", "../2999", "2999-12-31", "29XX", "1000/.."])}
    config = project(tmp_path, files)
    assert check(tmp_path) == []
    build = mkdocs_build(config, tmp_path / "site")
    assert "31 December 2999" in (build.site / "events" / "edge-3" / "index.html").read_text(encoding="utf-8")


def test_a_link_address_with_a_quote_then_a_bracket_is_refused(tmp_path):
    """It swallowed the paragraph into the href, the citation's footnote reference with it: the strict build failed."""
    summary = """'They met [there](https://a.example/"(b) in secret [@weekly-review].'"""
    project(tmp_path, {"event/edge.yml": event(summary=summary)})
    assert check(tmp_path) == ["entries/event/edge.yml:7:46: a link address may not hold a quote"]


def test_ids_and_tags_that_generated_pages_use_are_refused_where_written(tmp_path):
    """`events/index.md` is the section's index: an event with id index stopped the build as "a bug in Annals"."""
    ids, tags = ["by", "index"], ["by", "index"]
    files = {f"event/{slug}.yml": event(id=slug) for slug in ids}
    files |= {f"event/tag-{n}.yml": event(id=f"tag-{n}", tags=tag) for n, tag in enumerate(tags)}
    project(tmp_path, files)
    found = check(tmp_path)
    expected = [f"entries/event/{slug}.yml:1:5: '{slug}' is a name Annals keeps for " for slug in ids]
    expected += [f"entries/event/tag-{n}.yml:6:8: '{tag}' is a name Annals keeps for " for n, tag in enumerate(tags)]
    assert len(found) == len(expected)
    assert all(problem.startswith(start) for problem, start in zip(found, expected)), found


def test_tags_named_like_parts_of_a_split_list_have_pages_of_their_own(tmp_path):
    """With more tags than a page holds, tag all-2 and part 2 of the tag list were both tags/all-2/index.html:
    the build succeeded and one silently replaced the other. Parts now lie inside their list's address."""
    tags = ["all-2", "2", "index-2", "b", "c"]
    files = {f"event/edge-{n}.yml": event(id=f"edge-{n}", tags=tag) for n, tag in enumerate(tags)}
    config = project(tmp_path, files, page_limit=2)
    build = mkdocs_build(config, tmp_path / "site")
    for tag in tags:
        page = (build.site / "tags" / tag / "index.html").read_text(encoding="utf-8")
        assert f"Tag: {tag}" in page and "edge-" in page, tag
    parts = sorted(p.parent.relative_to(build.site).as_posix() for p in (build.site / "tags" / "index").rglob("index.html"))
    assert parts and all(part.startswith("tags/index/") for part in parts), parts


def test_two_pages_that_build_to_one_address_are_a_located_error():
    pages = [OutputFile("tags/all-2.md", "the list of tags, part 2"),
             OutputFile("tags/all-2/index.md", "a tag's page", entry_path="entries/event/x.yml")]
    with pytest.raises(ProblemsFound) as raised:
        refuse_duplicates(pages)
    [problem] = raised.value.problems
    assert (problem.path, problem.line, problem.column) == ("entries/event/x.yml", 1, 1)
    assert problem.message == ("two generated pages have the address tags/all-2.md and tags/all-2/index.md: "
                               "both are tags/all-2/ once built")


def test_pages_at_different_addresses_pass():
    refuse_duplicates([OutputFile("tags/index.md", "list"), OutputFile("tags/index/index.md", "tag index"),
                       OutputFile("events/by/a.md", "group"), OutputFile("events/by.md", "x"), OutputFile("events/a.md", "a")])


# --- The property itself: whatever the check allows, the strict build builds ---------------------

YEARS = st.sampled_from([999, 1000, 1001, 1999, 2998, 2999, 3000, 9999]) | st.integers(1000, 2999)
DATES = st.one_of(
    YEARS.map(str), YEARS.map(lambda y: f"{y}?"), YEARS.map(lambda y: f"../{y}"), YEARS.map(lambda y: f"{y}-12"),
    st.tuples(YEARS, st.integers(1, 12), st.integers(1, 31)).map(lambda t: f"{t[0]}-{t[1]:02d}-{t[2]:02d}"),
    st.tuples(YEARS, YEARS).map(lambda t: f"{min(t)}/{max(t)}"))
"""Dates at and past the edges of the range every stage can place, in each form EDTF allows here."""
NEAR_RESERVED = st.sampled_from(["edge", "index", "by", "all", "all-1", "all-2", "all-10", "all-2-b", "by-2", "2",
                                 "index-2", "alls-2", "a"])
"""Ids and tags at and around the names generated pages use."""
SUMMARIES = st.sampled_from([
    "They met [@weekly-review].", 'See [x](https://a.example/"(b) and more [@weekly-review].',
    "See [x](https://a.example/%22(b)) [@weekly-review].", "See [x](https://a.example/a_(b)) [@weekly-review].",
    'See [x](https://a.example/ "a title") [@weekly-review].', "See [x](https://a.example/'(b)) [@weekly-review].",
    "See [x](https://a.example/(a)(b)) [@weekly-review].", "See [x](<https://a.example/ b>) [@weekly-review]."])
"""Odd but plausible link addresses, each with a citation whose footnote must survive."""
COMMIT_MESSAGES = st.sampled_from(["Edit an event", FORGED_SUBJECT, HTML_SUBJECT, CONTROL_SUBJECT, "",
                                   "Last changed 1 January 1999 in revision 0000000\n\n<b>body</b>"])
"""Commit messages as a contributor may write them: forged separators, HTML, control characters, none at all."""
COMMITTER_DATES = st.sampled_from(["2026-01-02T03:04:05+00:00", "@0 +0000", "@300000000000 +0000",
                                   "@253402311600 -0500", "1970-01-01T00:00:00+14:00", "@32503723199 -1200"])
"""Dates git accepts for a commit: the epoch (before it, in +14:00), 11476, 9999 that is 10000 in UTC, 2999 in -12:00."""
BAD_COMMITTERS = st.sampled_from(["Bad <bad@example.org> notadate +0000",
                                  "Bad <bad@example.org> 99999999999999999999 +0000",
                                  "Bad <bad@example.org> 1767323045 +9999"])
"""Committer lines only a hand-made commit object holds: a date git itself cannot read."""
HISTORIES = st.none() | st.lists(st.one_of(st.tuples(st.just("commit"), COMMIT_MESSAGES, COMMITTER_DATES),
                                           st.tuples(st.just("crafted"), COMMIT_MESSAGES, BAD_COMMITTERS)),
                                 min_size=1, max_size=4)
"""No repository at all, or the site in git with a few hostile commits on top of its import."""
SITES = st.tuples(
    st.lists(st.tuples(NEAR_RESERVED, DATES, st.lists(NEAR_RESERVED, min_size=1, max_size=3, unique=True),
                       SUMMARIES), min_size=1, max_size=3, unique_by=lambda e: e[0]),
    st.sampled_from([None, 2]),
    HISTORIES)
"""A few events (distinct ids) added to the fixture corpus, a page limit small enough to split tag lists,
and a git history."""


def commit_history(root: Path, files: list[str], history: list[tuple[str, str, str]]) -> None:
    """The project in a git repository: its import, then each commit of ``history`` changing one of ``files``."""
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "Import the corpus")
    for n, (how, message, when) in enumerate(history):
        path = f"entries/{files[n % len(files)]}"
        if how == "crafted":
            crafted(root, path, when, message.encode("utf-8") + b"\n")
            continue
        touch(root, path)
        git(root, "add", path)
        git(root, "commit", "-q", "--allow-empty-message", "-F", "-", env={"GIT_COMMITTER_DATE": when},
            stdin=message.encode("utf-8"))


@pytest.mark.slow
def test_whenever_the_strict_check_is_clean_the_strict_build_succeeds():
    """Issue 21's property: `annals check --strict` clean means `mkdocs build --strict` succeeds.

    A few derandomized sites in `make test`; `make fuzz` runs it for its share of the budget.
    """
    built_sites, checked = [], []

    @configured(examples=6)
    @given(SITES)
    @example(([("edge", "9999", ["edge"], "They met [@weekly-review].")], None, None))  # the cases issue 21 found
    @example(([("edge", "2012", ["edge"], 'See [x](https://a.example/"(b) and more [@weekly-review].')], None, None))
    @example(([("edge", "2012", ["all-2", "a", "by-2"], "They met [@weekly-review].")], 2, None))
    @example(([("edge", "2012", ["edge"], "They met [@weekly-review].")], None,
              [("commit", FORGED_SUBJECT, "@300000000000 +0000"),
               ("crafted", HTML_SUBJECT, "Bad <bad@example.org> notadate +0000")]))
    def property_test(site):
        events, page_limit, history = site
        with tempfile.TemporaryDirectory() as folder:
            root = Path(folder)
            files = {f"event/{slug}.yml": event(id=slug, date=date, tags=", ".join(tags), summary=summary)
                     for slug, date, tags, summary in events}
            config = project(root, files, page_limit=page_limit)
            if history is not None:
                commit_history(root, sorted(files), history)
            checked.append(history is not None)
            if check(root, since="main" if history is not None else "none"):
                return  # refused, at its line and column (the tests above hold the messages)
            built = mkdocs_build(config, root / "site", cwd=root, succeed=False)
            assert built.returncode == 0 and "WARNING" not in built.stderr, (files, page_limit, built.output[-3000:])
            built_sites.append(history)

    spend(property_test)
    print(f"\ncheck-equals-build: {len(checked)} sites checked ({sum(checked)} in git), {len(built_sites)} "
          f"checked clean and built ({sum(1 for h in built_sites if h)} in git)")
    assert built_sites, "no generated site checked clean: the property was never put to the test"
    assert any(history for history in built_sites), "no site with a git history checked clean and was built"
