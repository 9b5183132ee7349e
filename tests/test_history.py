"""Git history is read as data (issue 21): no commit message, author or date can forge a revision, a link or a crash.

A scratch repository holds the fixture corpus and hostile commits: a subject
with forged record and field separators (U+001E, U+001F) naming a fake commit
and a link into another repository, control characters, HTML in the subject
and the author, a NUL in a message (git refuses it; a hand-made object holds
it), a date git cannot parse and dates past year 9999.
"""

from __future__ import annotations

import json
import logging
import os
import re
import subprocess
from pathlib import Path

import feedparser
import pytest

from annals.history import Revision, _subjects, entry_history
from tests.conftest import PUBLISHED_REPO_URL, fixture_project, mkdocs_build

FORGED_ID = "../../../attacker/evil/blob/main"
FORGED_SUBJECT = (f"Fix a typo\x1e{FORGED_ID}\x1f1999-01-01T00:00:00+00:00\x1fforged subject"
                  f"\x1e{'0' * 40}\x1f1999-01-01T00:00:00+00:00\x1fforged too")
HTML_SUBJECT = "<script>alert(2101)</script> & <img src=x onerror=alert(2102)>"
CONTROL_SUBJECT = "Red \x1b[31malert\x07 \u202eevil\u202c"
GIT_ENV = {"GIT_AUTHOR_NAME": "Good Editor", "GIT_AUTHOR_EMAIL": "good@example.org",
           "GIT_COMMITTER_NAME": "Good Editor", "GIT_COMMITTER_EMAIL": "good@example.org",
           "GIT_AUTHOR_DATE": "2026-01-02T03:04:05+00:00", "GIT_COMMITTER_DATE": "2026-01-02T03:04:05+00:00",
           "GIT_CONFIG_NOSYSTEM": "1", "HOME": "/nonexistent"}


def git(repo: Path, *args: str, env: dict[str, str] | None = None, stdin: bytes | None = None) -> str:
    """Run git in ``repo`` with a fixed identity and dates; its output."""
    done = subprocess.run(["git", "-C", str(repo), *args], input=stdin, capture_output=True, check=True,
                          env=os.environ | GIT_ENV | (env or {}))
    return done.stdout.decode("utf-8").strip()


def touch(repo: Path, path: str) -> None:
    """Change an entry file without changing what it says (a YAML comment)."""
    with open(repo / path, "a", encoding="utf-8") as file:
        file.write("# edited\n")


def commit(repo: Path, path: str, message: str, **env: str) -> str:
    """Commit a change of ``path`` with ``message`` (sent as a file: any character git takes); its id."""
    touch(repo, path)
    git(repo, "add", path)
    git(repo, "commit", "-q", "-F", "-", env=env, stdin=message.encode("utf-8"))
    return git(repo, "rev-parse", "HEAD")


def crafted(repo: Path, path: str, committer: str, message: bytes) -> str:
    """A commit git's porcelain would not write (a bad date line, a NUL): a hand-made object, now HEAD."""
    touch(repo, path)
    git(repo, "add", path)
    tree, parent = git(repo, "write-tree"), git(repo, "rev-parse", "HEAD")
    body = (f"tree {tree}\nparent {parent}\nauthor Good Editor <good@example.org> 1767323045 +0000\n"
            f"committer {committer}\n\n").encode() + message
    made = git(repo, "hash-object", "-t", "commit", "-w", "--literally", "--stdin", stdin=body)
    git(repo, "update-ref", "HEAD", made)
    return made


@pytest.fixture(scope="module")
def hostile_repo(tmp_path_factory) -> dict:
    """The fixture project in a git repository whose last commits are hostile; the ids, by role."""
    repo = tmp_path_factory.mktemp("hostile-history")
    config = fixture_project(repo)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "Import the corpus")
    ids = {"config": config, "repo": repo, "import": git(repo, "rev-parse", "HEAD")}
    ids["forged"] = commit(repo, "entries/event/early-contact.yml", FORGED_SUBJECT)
    ids["html"] = commit(repo, "entries/event/pledge.yml", HTML_SUBJECT + "\n\nbody <b>text</b>",
                         GIT_AUTHOR_NAME="<img src=x onerror=alert(2103)>", GIT_COMMITTER_NAME="</title><script>x")
    ids["control"] = commit(repo, "entries/event/forum-2019.yml", CONTROL_SUBJECT)
    ids["future"] = commit(repo, "entries/event/secret-meeting.yml", "From the future",
                           GIT_COMMITTER_DATE="@300000000000 +0000")
    ids["overflow"] = commit(repo, "entries/event/secret-meeting.yml", "Last day of 9999 here, 10000 in UTC",
                             GIT_COMMITTER_DATE="@253402311600 -0500")  # 9999-12-31T22:00:00-05:00
    ids["bad_date"] = crafted(repo, "entries/event/summit-2002.yml", "Bad <bad@example.org> notadate +0000",
                              b"No date\n")
    ids["nul"] = crafted(repo, "entries/event/next-round.yml", "Good Editor <good@example.org> 1767323045 +0000",
                         b"Before\0after\x1e" + FORGED_ID.encode() + b"\n")
    return ids


def test_git_refuses_a_nul_in_a_message_so_only_a_hand_made_object_holds_one(tmp_path):
    git(tmp_path, "init", "-q")
    done = subprocess.run(["git", "-C", str(tmp_path), "commit", "--allow-empty", "-q", "-F", "-"],
                          input=b"a\0b", capture_output=True, env=os.environ | GIT_ENV)
    assert done.returncode != 0 and b"NUL" in done.stderr


@pytest.mark.parametrize("commit", [FORGED_ID, "0" * 39, "g" * 40, "A" * 40, "0" * 41, "", "HEAD",
                                    "0" * 40 + "\n", "0" * 40 + "/../x"])
def test_a_revision_takes_only_a_full_commit_id(commit):
    with pytest.raises(ValueError, match="not a full commit id"):
        Revision(commit, "2026-01-02T03:04:05+00:00", "subject")


@pytest.mark.parametrize("time", ["11476-08-15T05:20:00+00:00", "%cI", "", "2026-02-30T00:00:00+00:00",
                                  "1969-12-31T23:59:59+00:00", "9999-12-31T22:00:00-05:00",
                                  "2026-01-02T03:04:05+99:00", "2026-01-02", "2026-01-02T03:04:05+00:00\x1ex"])
def test_a_revision_takes_only_a_real_date_within_bounds(time):
    with pytest.raises(ValueError, match="is not a real one between 1970 and 9999"):
        Revision("0" * 40, time, "subject")


def test_a_revision_shows_control_characters_as_escapes():
    revision = Revision("a" * 64, "1970-01-01T00:00:00+00:00", CONTROL_SUBJECT)
    assert revision.subject == r"Red \x1b[31malert\x07 \u202eevil\u202c"
    assert revision.date == "1970-01-01"


def test_the_history_read_is_the_real_one_and_hostile_commits_are_left_out(hostile_repo, caplog):
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.annals"):
        history = entry_history(hostile_repo["repo"] / "entries")
    ids = hostile_repo
    assert history is not None and history.head == ids["nul"]
    by_commit = {c.revision.commit: c for c in history.recent}
    assert set(by_commit) == {ids["import"], ids["forged"], ids["html"], ids["control"], ids["nul"]}
    assert [(c.key, c.revision.commit) for c in history.recent[:4]] == [
        (("event", "next-round"), ids["nul"]), (("event", "forum-2019"), ids["control"]),
        (("event", "pledge"), ids["html"]), (("event", "early-contact"), ids["forged"])]
    assert history.last[("event", "early-contact")].revision.subject == FORGED_SUBJECT.replace(
        "\x1e", r"\x1e").replace("\x1f", r"\x1f")
    assert history.last[("event", "early-contact")].revision.time == "2026-01-02T03:04:05+00:00"
    assert history.last[("event", "pledge")].revision.subject == HTML_SUBJECT, "text, escaped where it is shown"
    assert history.last[("event", "next-round")].revision.subject == rf"Before\x00after\x1e{FORGED_ID}"
    for skipped, key in (("future", "secret-meeting"), ("overflow", "secret-meeting"), ("bad_date", "summit-2002")):
        assert history.last[("event", key)].revision.commit == ids["import"], f"{skipped} is not history"
        assert any(ids[skipped] in r.getMessage() and r.levelno == logging.INFO for r in caplog.records), skipped
    assert all(r.levelno < logging.WARNING for r in caplog.records), "a warning would fail every strict build"


def test_only_commits_git_has_are_read_and_each_object_ends_where_git_says(hostile_repo):
    repo, ids = hostile_repo["repo"], hostile_repo
    tree = git(repo, "rev-parse", f"{ids['html']}^{{tree}}")
    subjects = _subjects(repo, ["0" * 40, tree, ids["html"], ids["forged"], FORGED_ID, ids["nul"]])
    assert subjects == {ids["html"]: HTML_SUBJECT, ids["forged"]: FORGED_SUBJECT,
                        ids["nul"]: f"Before\0after\x1e{FORGED_ID}"}, "unknown ids and a tree are not commits"


def test_a_site_built_from_hostile_history_builds_strictly_and_shows_only_real_revisions(hostile_repo, tmp_path):
    ids = hostile_repo
    build = mkdocs_build(ids["config"], tmp_path / "site", cwd=ids["repo"], env={"ANNALS_REPO_URL": PUBLISHED_REPO_URL})
    for skipped in ("future", "overflow", "bad_date"):
        assert re.search(rf"INFO .*commit {ids[skipped]} out of the entries' history", build.stderr), build.stderr
    site = build.site
    real = {ids[k] for k in ("import", "forged", "html", "control", "nul")}
    dataset = json.loads((site / "data" / "entries.json").read_text(encoding="utf-8"))
    changed = {e["id"]: e["last_changed"] for e in dataset["entries"] if e["type"] == "event"}
    assert changed["early-contact"] == {"commit": ids["forged"], "date": "2026-01-02"}
    assert changed["secret-meeting"]["commit"] == ids["import"] == changed["summit-2002"]["commit"]
    assert {c["commit"] for c in changed.values()} <= real
    page = (site / "events" / "early-contact" / "index.html").read_text(encoding="utf-8")
    assert f'href="{PUBLISHED_REPO_URL}/blob/{ids["forged"]}/entries/event/early-contact.yml"' in page
    assert f"revision {ids['forged'][:7]}" in page and "2 January 2026" in page
    every_page = "".join(p.read_text(encoding="utf-8") for p in sorted(site.rglob("*.html")))
    assert "attacker" not in every_page and "0000000" not in every_page and "1999" not in every_page
    assert "alert(210" not in every_page and "evil" not in every_page, "pages show no subject or author"
    feed = feedparser.parse((site / "feeds" / "changes.atom").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    summaries = [entry.summary for entry in feed.entries]
    assert {re.search(r"commit ([0-9a-f]{7})", s).group(1) for s in summaries} == {c[:7] for c in real}
    assert any(HTML_SUBJECT in s for s in summaries), "the subject is text in the feed"
    assert any(r"Red \x1b[31malert\x07 \u202eevil\u202c" in s for s in summaries)
    atom = (site / "feeds" / "changes.atom").read_text(encoding="utf-8")
    assert "<script>" not in atom and "<img" not in atom and "alert(2103)" not in atom and FORGED_ID not in atom.replace(r"\x1e" + FORGED_ID, "")
