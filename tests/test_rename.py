"""``annals mv``: an entry renamed with every reference to it, its old address kept alive.

Each test renames inside a copy of the fixture corpus through the real
command line, then reads the files back as an editor (a diff that touches
only the ids) and checks them as CI does.
"""

import shutil
from pathlib import Path

import pytest
from conftest import fixture_project, mkdocs_build, serve_folder, visit

from annals.cli import main

HERE = Path(__file__).parent
CORPUS = HERE / "fixtures" / "corpus" / "entries"

MENTIONS = """\
id: mentions-talks
name: Mentions Talks
# A comment the rename must keep.
summary: >-
  Folded text that mentions [[event:talks-2012]] and, on the next line,
  [[event:talks-2012|the talks]] again.
note: 'Quoted: [[event:talks-2012]] [@gazette-talks, "frank and sincere"]'
roles:
  - title: observer   # a trailing comment
    organization: asia-bureau
"""


@pytest.fixture
def entries(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "entries"
    shutil.copytree(CORPUS, folder)
    (folder / "person" / "mentions-talks.yml").write_text(MENTIONS, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return folder


def snapshot(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*.yml"))}


def mv(*args: str) -> int:
    return main(["mv", *args, "--entries", "entries"])


def check(capsys, *extra: str) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["check", "--entries", "entries", "--since", "none", *extra])
    return code, capsys.readouterr().out


def test_a_rename_rewrites_every_reference_and_only_the_ids(entries, capsys):
    before = snapshot(entries)
    assert mv("event/talks-2012", "talks-2012-ulaanbaatar") == 0
    out = capsys.readouterr().out
    assert "renamed entries/event/talks-2012.yml to entries/event/talks-2012-ulaanbaatar.yml" in out
    assert "entries/person/mentions-talks.yml: 3 references rewritten" in out
    after = snapshot(entries)
    assert "event/talks-2012.yml" not in after
    moved = after.pop("event/talks-2012-ulaanbaatar.yml")
    original = before.pop("event/talks-2012.yml")
    assert moved == original.replace("id: talks-2012\n", "id: talks-2012-ulaanbaatar\nformer_ids: [talks-2012]\n", 1)
    for name, text in before.items():  # every other file: only the id changed, comments and layout kept
        assert after[name] == text.replace("event:talks-2012]", "event:talks-2012-ulaanbaatar]").replace(
            "event:talks-2012|", "event:talks-2012-ulaanbaatar|").replace(
            "event: talks-2012\n", "event: talks-2012-ulaanbaatar\n"), name
    assert after["person/mentions-talks.yml"] != before["person/mentions-talks.yml"]
    assert "# A comment the rename must keep." in after["person/mentions-talks.yml"]
    assert check(capsys, "--strict") == (0, "28 entries checked, no problems found\n")


def test_a_source_rename_rewrites_citations_with_their_quotes(entries, capsys):
    assert mv("entries/source/gazette-talks.yml", "alder-gazette-2012") == 0
    text = (entries / "person" / "mentions-talks.yml").read_text(encoding="utf-8")
    assert '[@alder-gazette-2012, "frank and sincere"]\'' in text
    assert not any("gazette-talks" in t for n, t in snapshot(entries).items() if n != "source/alder-gazette-2012.yml")
    assert check(capsys)[0] == 0


def test_a_reference_to_a_former_id_names_the_entry_it_is_now(entries, capsys):
    mv("event/talks-2012", "talks-2012-ulaanbaatar")
    late = entries / "event" / "next-round.yml"  # a pull request written before the rename
    late.write_text(late.read_text(encoding="utf-8").replace("talks-2012-ulaanbaatar", "talks-2012"),
                    encoding="utf-8")
    code, out = check(capsys)
    assert code == 1
    assert "unknown event 'talks-2012': it was renamed to 'talks-2012-ulaanbaatar' (write " \
           "'talks-2012-ulaanbaatar' (entries/event/talks-2012-ulaanbaatar.yml lists 'talks-2012' under " \
           "former_ids))" in out
    assert "did you mean" not in out


def test_a_file_renamed_by_hand_points_at_annals_mv_not_a_look_alike(entries, capsys):
    (entries / "event" / "talks-2012.yml").rename(entries / "event" / "talks-2012-ub.yml")
    code, out = check(capsys)
    assert code == 1
    assert "run `annals mv event/talks-2012 talks-2012-ub` to update every reference too" in out
    assert "unknown event 'talks-2012': entries/event/talks-2012-ub.yml holds that id but is named " \
           "talks-2012-ub.yml (if you renamed that file, run `annals mv event/talks-2012 talks-2012-ub`" in out
    assert "did you mean" not in out
    assert mv("event/talks-2012", "talks-2012-ub") == 0  # finishes the rename
    assert check(capsys)[0] == 0


def test_renaming_back_and_again_keeps_each_old_id_once(entries, capsys):
    mv("event/talks-2012", "talks-a")
    mv("event/talks-a", "talks-b")
    assert "former_ids: [talks-2012, talks-a]\n" in (entries / "event" / "talks-b.yml").read_text(encoding="utf-8")
    mv("event/talks-b", "talks-2012")
    text = (entries / "event" / "talks-2012.yml").read_text(encoding="utf-8")
    assert "id: talks-2012\nformer_ids: [talks-a, talks-b]\n" in text
    assert check(capsys)[0] == 0


def test_a_former_id_in_use_is_refused(entries, capsys):
    path = entries / "event" / "pledge.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("id: pledge\n", "id: pledge\nformer_ids: [summit-2002]\n"),
                    encoding="utf-8")
    code, out = check(capsys)
    assert code == 1
    assert "entries/event/pledge.yml:2:14: the former id 'summit-2002' is in use: entries/event/summit-2002.yml " \
           "has it (remove it here; an old address can lead to one entry only)" in out


@pytest.mark.parametrize("args, message", [
    (["event/talks-2012", "next-round"], "entries/event/next-round.yml already exists"),
    (["event/nothing-here", "new-one"], "there is no event 'nothing-here'"),
    (["event/talks-2012", "Not An Id"], "'Not An Id' is not an id"),
    (["event/talks-2012", "index"], "'index' is not an id"),
    (["event/talks-2012", "talks-2012"], "'talks-2012' is already the entry's id"),
    (["meeting/talks-2012", "x"], "unknown entry type 'meeting'"),
])
def test_a_rename_that_cannot_be_done_changes_nothing(entries, capsys, args, message):
    before = snapshot(entries)
    assert mv(*args) == 2
    assert message in capsys.readouterr().err
    assert snapshot(entries) == before


def test_a_mention_the_loader_cannot_place_stops_the_whole_rename(entries, capsys):
    odd = entries / "person" / "odd-escape.yml"
    odd.write_text('id: odd-escape\nname: Odd\nsummary: "An escaped id: [[event:talks\\x2D2012]]"\n', encoding="utf-8")
    before = snapshot(entries)
    assert mv("event/talks-2012", "talks-2012-ulaanbaatar") == 2
    err = capsys.readouterr().err
    assert "entries/person/odd-escape.yml:3:" in err and "cannot rewrite this reference in place" in err
    assert snapshot(entries) == before


def test_a_file_that_does_not_load_stops_the_rename(entries, capsys):
    (entries / "event" / "broken.yml").write_text("id: broken\ntitle: [unclosed\n", encoding="utf-8")
    before = snapshot(entries)
    assert mv("event/talks-2012", "talks-2012-ulaanbaatar") == 2
    assert "entries/event/broken.yml did not load" in capsys.readouterr().err
    assert snapshot(entries) == before


@pytest.mark.slow
def test_the_old_address_opens_the_new_page_in_chromium(tmp_path, monkeypatch, browser):
    config = fixture_project(tmp_path / "project")
    monkeypatch.chdir(tmp_path / "project")
    assert mv("event/talks-2012", "talks-2012-ulaanbaatar") == 0
    build = mkdocs_build(config, tmp_path / "site")
    old = build.site / "events" / "talks-2012" / "index.html"
    assert '<meta http-equiv="refresh" content="0; url=../talks-2012-ulaanbaatar/">' in old.read_text()
    assert "events/talks-2012/" not in (build.site / "sitemap.xml").read_text()
    with serve_folder(build.site) as base, visit(browser) as page:
        page.goto(base + "events/talks-2012/")
        page.wait_for_url(base + "events/talks-2012-ulaanbaatar/")
        assert page.locator("h1").first.inner_text().startswith("Two-day talks in Port Alder")


def test_links_in_hand_written_pages_follow_a_renamed_entry():
    from annals.redirects import with_redirected_links

    moved = {"events/talks-2012.md": "events/talks-2012-ulaanbaatar.md"}
    markdown = ("The [talks](events/talks-2012.md#day-two), [again][t] and [another](events/pledge.md).\n\n"
                "[t]: events/talks-2012.md \"title\"\n")
    assert with_redirected_links(markdown, "index.md", moved) == (
        "The [talks](events/talks-2012-ulaanbaatar.md#day-two), [again][t] and [another](events/pledge.md).\n\n"
        "[t]: events/talks-2012-ulaanbaatar.md \"title\"\n")
    assert with_redirected_links("[t](../events/talks-2012.md)", "about/index.md", moved) == \
        "[t](../events/talks-2012-ulaanbaatar.md)"
    assert with_redirected_links("[t](events/talks-2012.md)", "about/index.md", moved) == "[t](events/talks-2012.md)"
