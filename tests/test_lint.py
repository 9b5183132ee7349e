"""Warnings for likely slips: shown by `annals check`, failing `annals check --strict`."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from annals.cli import main
from annals.history import OldDate, base_revision, event_dates_at
from annals.lint import VERSION_HINT
from annals.pipeline import Before, check

CORPUS = Path(__file__).parent / "fixtures" / "corpus" / "entries"
TALKS = "entries/event/talks-2012.yml"


@pytest.fixture
def corpus(tmp_path, monkeypatch) -> Path:
    """A copy of the fixture entries, as the current directory sees them: `entries/...`."""
    shutil.copytree(CORPUS, tmp_path / "entries")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "entries"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, 1))


def warnings_of(entries: Path, before: Before | None = None) -> list[str]:
    _, problems, _ = check(entries, before=before)
    assert all(p.is_warning for p in problems), [str(p) for p in problems]
    return [str(p) for p in problems]


def test_a_bare_web_address_is_a_warning_at_its_line_and_column(corpus):
    edit(corpus / "event/talks-2012.yml", "met\n  for two days", "met\n  for two days (see www.gazette.example/talks)")
    assert warnings_of(corpus) == [
        f"{TALKS}:19:21: warning: 'www.gazette.example/talks' is a bare web address: readers see it as text, "
        "not as a link (cite the article as a source with [@source-id], or write a link: "
        "[what it is](https://...))"]


def test_an_http_link_is_a_warning_and_https_is_not(corpus):
    edit(corpus / "event/talks-2012.yml", "a *turning point*", "a [turning point](http://review.example/a)")
    assert warnings_of(corpus) == [
        f"{TALKS}:20:21: warning: link to 'http://review.example/a' uses http:// (link the https:// address; "
        "if the site has none, link an archived copy on https://web.archive.org)"]
    edit(corpus / "event/talks-2012.yml", "http://review", "https://review")
    assert warnings_of(corpus) == []


def test_warnings_fail_only_a_strict_check(corpus, capsys):
    edit(corpus / "event/talks-2012.yml", "for two days", "for two days, https://gazette.example/talks,")
    assert main(["check", "--since", "none"]) == 0
    out = capsys.readouterr().out
    assert "1 warning\n" in out and "they fail `annals check --strict`" in out
    assert main(["check", "--strict", "--since", "none"]) == 1
    assert capsys.readouterr().out.splitlines()[-1] == "1 warning"


def test_warnings_and_errors_are_counted_apart(corpus, capsys):
    edit(corpus / "event/talks-2012.yml", "for two days", "for two days, https://gazette.example/talks,")
    edit(corpus / "event/next-round.yml", "kind: talks", "kind: chat")
    assert main(["check", "--since", "none"]) == 1
    assert capsys.readouterr().out.splitlines()[-1] == "1 problem found, 1 warning"


def test_on_github_a_warning_is_a_warning_annotation(corpus, capsys, monkeypatch):
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    edit(corpus / "event/talks-2012.yml", "for two days", "for two days, https://gazette.example/talks,")
    main(["check", "--since", "none"])
    annotations = [line for line in capsys.readouterr().out.splitlines() if line.startswith("::")]
    assert len(annotations) == 1 and annotations[0].startswith(f"::warning file={TALKS},line=19,col=17")


# --- an event's date changed since the branch started -------------------------------------


def git(where: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(where), *args], capture_output=True, text=True, check=True,
                          env={"GIT_AUTHOR_NAME": "Ed", "GIT_AUTHOR_EMAIL": "ed@example.org",
                               "GIT_COMMITTER_NAME": "Ed", "GIT_COMMITTER_EMAIL": "ed@example.org",
                               "HOME": str(where), "PATH": "/usr/bin:/bin"})
    return done.stdout


@pytest.fixture
def repository(corpus) -> Path:
    """The fixture entries in a git repository with one commit on `main`."""
    root = corpus.parent
    edit(corpus / "person/ann-example.yml", "led one delegation [@gazette-talks].",
         "led one delegation at [[event:talks-2012]] on 15–16 November 2012 [@gazette-talks].")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "entries")
    git(root, "commit", "-q", "-m", "entries")
    return root


def test_a_changed_event_date_lists_the_text_that_still_gives_the_old_one(repository, capsys):
    entries = repository / "entries"
    edit(entries / "event/talks-2012.yml", "date: 2012-11-15/2012-11-16", "date: 2012-11-14/2012-11-15")
    assert main(["check"]) == 0
    assert main(["check", "--strict"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == "2 warnings", out
    assert re.fullmatch(
        rf"{TALKS}:3:7: warning: the date changed from 15–16 November 2012 \(at [0-9a-f]{{7}}, where this branch "
        r"left main\) to 14–15 November 2012, but text still gives the old date: "
        r"entries/person/ann-example\.yml:18:71 \(review each place listed\)", out[-3]), out[-3]
    assert out[-2] == (
        "entries/person/ann-example.yml:18:71: warning: '15–16 November 2012' is the old date of event "
        "'talks-2012', which is now 14–15 November 2012 (update the text, or keep the old date as a version "
        "under the event's `disagreements` if a source still gives it, "
        "beside a version with the new date and the source that gives it (a disagreement has two versions or more))")


def test_a_date_made_only_less_certain_leaves_the_text_that_gives_it_alone(repository):
    entries = repository / "entries"
    edit(entries / "event/talks-2012.yml", "date: 2012-11-15/2012-11-16", "date: 2012-11-15?/2012-11-16?")
    revision, name = base_revision(entries)
    assert warnings_of(entries, Before(name, event_dates_at(entries, revision))) == []


def test_fixing_the_old_date_everywhere_clears_the_warning(repository):
    entries = repository / "entries"
    edit(entries / "event/talks-2012.yml", "date: 2012-11-15/2012-11-16", "date: 2012-11-14/2012-11-15")
    revision, name = base_revision(entries)
    before = Before(name, event_dates_at(entries, revision))
    found = warnings_of(entries, before)
    assert found, "the corpus mentions the talks' old date; the test needs it to"
    for path in sorted(entries.rglob("*.yml")):
        path.write_text(path.read_text().replace("15–16 November 2012", "14–15 November 2012"))
    assert warnings_of(entries, before) == []


def test_an_old_date_kept_under_disagreements_is_not_a_slip(repository):
    entries = repository / "entries"
    edit(entries / "event/talks-2012.yml", "date: 2012-11-15/2012-11-16", "date: 2012-11-14/2012-11-15")
    for path in sorted(entries.rglob("*.yml")):
        path.write_text(path.read_text().replace("15–16 November 2012", "14–15 November 2012"))
    with (entries / "event/talks-2012.yml").open("a") as file:
        file.write("disagreements:\n  - about: the dates of the talks\n    versions:\n"
                   "      - says: the talks were held on 15–16 November 2012\n"
                   "        date: 2012-11-15/2012-11-16\n        sources: [gazette-talks]\n"
                   "      - says: the talks began on 14 November\n"
                   "        date: 2012-11-14/2012-11-15\n        sources: [weekly-review]\n")
    revision, name = base_revision(entries)
    assert warnings_of(entries, Before(name, event_dates_at(entries, revision))) == []


def test_without_git_the_date_check_is_skipped_and_a_wrong_revision_is_an_error(corpus, capsys):
    assert base_revision(corpus) is None
    assert main(["check"]) == 0
    assert main(["check", "--since", "no-such-revision"]) == 2
    assert "annals check: cannot compare with git revision 'no-such-revision'" in capsys.readouterr().err


# --- Every way of writing the old date, everywhere it is written (issue 23) ----------------

OLD_DATE_FORMS = {
    # old date: (a new date that leaves none of these true, the ways of writing the old date found)
    "2012-11-15": ("2012-11-17", ["15 November 2012", "15 November", "November 15, 2012", "November 15",
                                  "2012-11-15"]),
    "2012-11-15/2012-11-16": ("2012-11-20/2012-11-21", [
        "15–16 November 2012", "15-16 November 2012", "15 and 16 November 2012", "15–16 November",
        "15-16 November", "15 and 16 November", "November 15–16, 2012", "November 15-16, 2012",
        "November 15 and 16, 2012", "November 15–16", "November 15-16", "November 15 and 16",
        "2012-11-15/2012-11-16", "15 November 2012", "15 November", "November 15, 2012", "November 15",
        "2012-11-15", "16 November"]),
    "2012-11-30/2012-12-01": ("2012-12-07/2012-12-08", ["30 November – 1 December 2012",
                                                        "30 November – 1 December", "2012-11-30/2012-12-01",
                                                        "1 December"]),
    "2012-11-15?": ("2012-11-17?", ["15 November 2012 (uncertain)", "2012-11-15?"]),
    "2012-11-15/..": ("2012-11-20/..", ["from 15 November 2012", "2012-11-15/..", "15 November"]),
    "2012-11": ("2012-12", ["November 2012", "2012-11"]),
    "2012-11/2012-12": ("2013-01/2013-02", ["November–December 2012", "November-December 2012",
                                            "2012-11/2012-12", "December 2012"]),
    "2012": ("2013", ["2012"]),
    "2012/2013": ("2014/2015", ["2012–2013", "2012-2013", "2012/2013", "2013"]),
    "201X": ("202X", ["2010s", "201X"]),
}
"""Every form the check finds, by the kind of date it was: what CONTRIBUTING.md lists, in the same order."""

SPAN, MOVED_EARLIER, MOVED_LATER = "2012-11-15/2012-11-16", "2012-11-14/2012-11-15", "2012-11-16/2012-11-17"
STALE_DATE_CASES = [(old, new, f"[{form}]", True) for old, (new, forms) in OLD_DATE_FORMS.items() for form in forms] + [
    # (old date, new date, the text with what the check should flag in [brackets], flagged)
    # The editor's report: the talks moved a day, their own summary still gave the old days.
    (SPAN, MOVED_LATER, "The delegations met on [15 and 16 November 2012]; on [15 November], morning, they "
                        "agreed the agenda.", True),
    (SPAN, MOVED_LATER, "They met on [15 and 16\nNovember 2012], the text wrapped across a line.", True),
    (SPAN, MOVED_LATER, "On [November 15-16, 2012] and on [2012-11-15] the talks went on.", True),
    # Still true of the new date: never flagged.
    (SPAN, MOVED_EARLIER, "On 15 November, morning, they agreed the agenda.", False),
    (SPAN, MOVED_EARLIER, "On 15 November 2012, on November 15 and on 2012-11-15 they met.", False),
    (SPAN, MOVED_EARLIER, "The talks, [15–16 November 2012], ended on [16 November].", True),
    (SPAN, MOVED_LATER, "The talks ended on 16 November 2012.", False),
    (SPAN, "2013-11-15/2013-11-16", "They met on 15 and 16 November, as every year.", False),
    (SPAN, "2013-11-15/2013-11-16", "They met on [15 and 16 November 2012].", True),
    ("2012-11-15", "2012-11-16", "In November 2012 (2012-11), in 2012, the year's talks.", False),
    ("2012-11-15", "2013-11-15", "On 15 November, on November 15, then on [15 November 2012].", True),
    ("2012", "2012-11-15", "The talks of 2012.", False),
    ("2012-11", "2012-11-15", "The talks of November 2012 (2012-11).", False),
    ("2012-11-15", "2012-11-15?", "On 15 November 2012.", False),  # only less certain: the days are the same
    ("2012-11-15", "2012-11", "The talks of November 2012, on [15 November].", True),  # the day is no longer known
    # Whole words only: not inside a longer number, a range or a web address.
    ("2012-11-15", "2012-11-17", "Filed as 2012-11-150, page 115 November, on 14–15 November.", False),
    ("2012", "2013", "On 2012-11-15, the 2012–2013 season (12012, see gazette.example.org/2012/11/19).", False),
    ("2012", "2013", "The talks of [2012].", True),
]
"""``(old date, new date, text, flagged)``: after an edit moves talks-2012 from the old date to the new, the
text in its summary is flagged or not; what is flagged is in [brackets]."""

SUMMARY = ("summary: |\n  The delegations of [[person:ann-example|Ann Example]] and [[person:ben-sample]] met\n"
           "  for two days [@gazette-talks, \"frank and sincere\"]. Analysts later called the talks\n"
           "  a *turning point* [@weekly-review].\n")


def old_dates_found(old: str, new: str = MOVED_LATER, text: str | None = None, *, date_text: str | None = None) -> list[str]:
    """What `annals check` flags as talks-2012's old date ``old`` after an edit to ``new`` (``text`` its summary):
    ``path:line:column 'phrase'`` each."""
    entries = Path("entries")
    talks = entries / "event/talks-2012.yml"
    talks.write_text(re.sub(r"(?m)^date: .*$", f"date: {new}", talks.read_text(), count=1))
    if text is not None:
        edit(entries / "event/talks-2012.yml", SUMMARY, "summary: |\n" + "".join(f"  {line}\n" for line in text.splitlines()))
    _, problems, _ = check(entries, before=Before("main", {"talks-2012": OldDate(old, date_text)}))
    found = [(p, re.fullmatch(r"'(.*)' is the old date of event 'talks-2012', which is now .*", p.message, re.S))
             for p in problems]
    return [f"{p.path}:{p.line}:{p.column} {match.group(1)!r}" for p, match in found if match]


@pytest.mark.parametrize(("old", "new", "text", "flagged"), STALE_DATE_CASES)
def test_text_giving_the_old_date_is_flagged_and_text_still_true_is_not(corpus, old, new, text, flagged):
    expected = [" ".join(part.split()) for part in re.findall(r"\[(.*?)\]", text, re.S)]
    assert flagged == bool(expected)
    found = old_dates_found(old, new, text.replace("[", "").replace("]", ""))
    assert [f.split(" ", 1)[1] for f in found] == [repr(phrase) for phrase in expected]
    assert all(f.startswith(f"{TALKS}:") for f in found), found


def test_the_contributing_guide_lists_exactly_the_forms_the_check_finds():
    guide = (Path(__file__).parents[1] / "CONTRIBUTING.md").read_text()
    listed = re.search(r"it\s+finds\s+the\s+old\s+date\s+written\s+as:\n(.*?)\n\n", guide, re.S)
    assert listed, "CONTRIBUTING.md no longer says which ways of writing an old date the check finds"
    items = [re.findall(r"`([^`]+)`", item) for item in re.split(r"\n\s*- ", "\n" + listed.group(1))[1:]]
    assert {item[0]: item[1:] for item in items} == {old: forms for old, (_, forms) in OLD_DATE_FORMS.items()}


def test_the_old_date_is_found_in_every_text_of_the_event_and_in_the_sources_it_cites(corpus):
    talks, gazette = corpus / "event/talks-2012.yml", corpus / "source/gazette-talks.yml"
    edit(talks, "title: Two-day talks in Port Alder", "title: Talks of 15 November in Port Alder")
    edit(talks, "text: We agreed to meet again.", "text: We agreed on 15 November to meet again.")
    edit(talks, "sources:\n  - gazette-talks\n", "sources:\n  - gazette-talks\ndate_note: The gazette gives "
                                                  "15–16 November 2012.\n")
    edit(gazette, "two days of talks", "talks on 15 and 16 November")
    with gazette.open("a") as file:
        file.write("note: Dated 2012-11-15 in the print edition.\n")
    assert old_dates_found(SPAN) == [
        f"{TALKS}:2:17 '15 November'", f"{TALKS}:22:22 '15 November'", f"{TALKS}:27:30 '15–16 November 2012'",
        "entries/source/gazette-talks.yml:10:42 '15 and 16 November'",
        "entries/source/gazette-talks.yml:11:13 '2012-11-15'"]
    edit(gazette, "id: gazette-talks\ntitle: Delegations meet", "id: gazette-talks\ntitle: On 15 November, delegations meet")
    assert len(old_dates_found(SPAN, MOVED_LATER)) == 5, "a source's title is as printed: not the editors' to update"


DISAGREEMENT = ("disagreements:\n  - about: the dates of the talks ({about})\n    versions:\n"
                "      - says: {first}\n{first_date}        sources: [gazette-talks]\n"
                "      - says: the talks began on 16 November\n        date: 2012-11-16/2012-11-17\n"
                "        sources: [weekly-review]\n")


@pytest.mark.parametrize(("about", "first", "first_date", "flagged"), [
    # A version that records the old date as its sources' account is not a slip, nor are that source's words.
    ("sources differ", "the talks were held on 15–16 November 2012", "        date: 2012-11-15/2012-11-16\n", []),
    # Its text gives a date it does not record: update the text, or give the version that date.
    ("sources differ", "the talks were held on 15–16 November 2012", "",
     [f"{TALKS}:31:38 '15–16 November 2012'"]),
    ("sources differ", "the talks were held on 15–16 November 2012", "        date: 2012-11-16/2012-11-17\n",
     [f"{TALKS}:31:38 '15–16 November 2012'"]),
    # The disagreement's other text is the editors' own.
    ("first said to be 15 November", "the talks were held on 15–16 November 2012",
     "        date: 2012-11-15/2012-11-16\n", [f"{TALKS}:29:53 '15 November'"]),
])
def test_under_disagreements_a_version_may_give_the_old_date_it_records(corpus, about, first, first_date, flagged):
    with (corpus / "event/talks-2012.yml").open("a") as file:
        file.write(DISAGREEMENT.format(about=about, first=first, first_date=first_date))
    edit(corpus / "source/gazette-talks.yml", "two days of talks", "the talks of 15–16 November 2012")
    gazette = ["entries/source/gazette-talks.yml:10:46 '15–16 November 2012'"] if first_date != \
        "        date: 2012-11-15/2012-11-16\n" else []
    assert old_dates_found(SPAN, MOVED_LATER) == sorted(flagged + gazette)
    _, problems, _ = check(Path("entries"), before=Before("main", {"talks-2012": OldDate(SPAN, None)}))
    in_versions = [f"{p.path}:{p.line}:{p.column}" for p in problems if p.hint == VERSION_HINT]
    assert in_versions == [spot.split(" ")[0] for spot in flagged if ":31:" in spot]


def test_an_old_date_text_full_of_regex_characters_is_matched_as_written(corpus):
    edit(corpus / "event/talks-2012.yml", "met\n  for two days", "met\n  (.*) [a-z]+ days")
    assert old_dates_found(SPAN, MOVED_LATER, date_text="(.*) [a-z]+") == [f"{TALKS}:19:3 '(.*) [a-z]+'"]
    assert old_dates_found(SPAN, MOVED_LATER, date_text="(.*)+ x") == []
    assert old_dates_found(SPAN, MOVED_LATER, date_text="(" * 20_000) == [], "a long one is one run, not deep nesting"


def test_check_since_a_revision_lists_every_place_the_talks_old_dates_are_written(repository, capsys):
    """End to end, on a git repository: the editor's report (issue 23), the talks moved by one day."""
    entries = repository / "entries"
    edit(entries / "event/talks-2012.yml", "met\n  for two days", "met on 15 and 16 November 2012\n"
                                                                  "  (15 November, morning) for two days")
    edit(entries / "source/gazette-talks.yml", "two days of talks", "the talks of 15–16 November 2012")
    git(repository, "commit", "-q", "-am", "the talks as first dated")
    edit(entries / "event/talks-2012.yml", "date: 2012-11-15/2012-11-16", f"date: {MOVED_LATER}")
    assert main(["check", "--strict", "--since", "main"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == "5 warnings", out
    assert out[-6] == (
        f"{TALKS}:3:7: warning: the date changed from 15–16 November 2012 (at main) to 16–17 November 2012, but "
        "text still gives the old date: entries/event/talks-2012.yml:18:90, entries/event/talks-2012.yml:19:4, "
        "entries/person/ann-example.yml:18:71, entries/source/gazette-talks.yml:10:46 (review each place listed)")
    assert out[-5:-1] == [
        f"{TALKS}:18:90: warning: '15 and 16 November 2012' is the old date of event 'talks-2012', which is now "
        "16–17 November 2012 (update the text, or keep the old date as a version under the event's "
        "`disagreements` if a source still gives it, "
        "beside a version with the new date and the source that gives it (a disagreement has two versions or more))",
        f"{TALKS}:19:4: warning: '15 November' is the old date of event 'talks-2012', which is now "
        "16–17 November 2012 (update the text, or keep the old date as a version under the event's "
        "`disagreements` if a source still gives it, "
        "beside a version with the new date and the source that gives it (a disagreement has two versions or more))",
        "entries/person/ann-example.yml:18:71: warning: '15–16 November 2012' is the old date of event "
        "'talks-2012', which is now 16–17 November 2012 (update the text, or keep the old date as a version "
        "under the event's `disagreements` if a source still gives it, "
        "beside a version with the new date and the source that gives it (a disagreement has two versions or more))",
        "entries/source/gazette-talks.yml:10:46: warning: '15–16 November 2012' is the old date of event "
        "'talks-2012', which is now 16–17 November 2012 (update the text, or keep the old date as a version "
        "under the event's `disagreements` if a source still gives it, "
        "beside a version with the new date and the source that gives it (a disagreement has two versions or more))"]


def test_a_source_no_entry_cites_is_a_warning(corpus):
    (corpus / "source" / "stray.yml").write_text("id: stray\npublisher: Paper\nurl: https://paper.example/a\n")
    assert warnings_of(corpus) == [
        "entries/source/stray.yml:1:5: warning: no entry cites source 'stray' (cite it where it supports a fact, "
        "with [@stray] or in an event's `sources:`; a source that supports nothing does not belong on the site)"]


def test_a_tag_description_no_entry_uses_is_a_warning_with_the_fix(corpus):
    (corpus / "tag" / "stray-tag.yml").write_text("id: stray-tag\ndescription: Nothing carries it.\n")
    assert warnings_of(corpus) == [
        "entries/tag/stray-tag.yml:1:5: warning: no entry has the tag 'stray-tag' that this file describes (add "
        "`stray-tag` to the `tags:` of the entries it fits, or delete this file: only a tag in use has a page to "
        "show its description)"]
    edit(corpus / "event" / "pledge.yml", "id: pledge\n", "id: pledge\ntags: [stray-tag]\n")
    assert warnings_of(corpus) == []


def test_a_tag_description_needs_its_text_and_takes_no_summary(corpus):
    (corpus / "tag" / "talks.yml").write_text("id: talks\nsummary: Talks.\n")
    _, problems, _ = check(corpus)
    assert [str(p) for p in problems] == [
        "entries/tag/talks.yml:1:1: missing field 'description' (add `description: ...`)",
        "entries/tag/talks.yml:2:10: a tag says what it means in `description:`; its page shows no summary "
        "(remove `summary:`, or put what it says in `description:`)"]


# --- Statuses held to the evidence (issues 13 and 20) --------------------------------

SUMMIT = "entries/event/summit-2002.yml"


def test_confirmed_with_no_party_on_the_record_is_a_warning_with_the_fix(corpus):
    edit(corpus / "event/summit-2002.yml", "  speaker: ben-sample\n", "")
    (warning,) = warnings_of(corpus)
    assert warning.startswith(
        f"{SUMMIT}:6:9: warning: status 'confirmed' does not follow from the sources: no party has confirmed it on the record, "
        "and the reports go back to one outlet (The Weekly Review, which does not rest its report on people it "
        "does not name), and that is 'reported'")
    assert "make it `reported`" in warning and "`issued_by: party`" in warning


def test_two_independent_outlets_without_a_party_are_reported_not_confirmed(corpus):
    edit(corpus / "event/summit-2002.yml", "  speaker: ben-sample\n", "")
    edit(corpus / "event/summit-2002.yml", "sources: [weekly-review]", "sources: [weekly-review, gazette-talks]")
    (warning,) = warnings_of(corpus)
    assert "the reports go back to 2 independent outlets (The Alder Gazette, The Weekly Review), and that is " \
           "'reported'" in warning
    edit(corpus / "event/summit-2002.yml", "status: confirmed", "status: reported")
    assert warnings_of(corpus) == []


def test_a_party_on_the_record_makes_it_confirmed_whatever_the_outlets(corpus):
    assert warnings_of(corpus) == []  # summit-2002: one outlet, and a participant's own words
    edit(corpus / "event/summit-2002.yml", "  speaker: ben-sample\n", "")
    edit(corpus / "source/weekly-review.yml", "publisher:", "issued_by: party\npublisher:")
    # The source is a party's own publication: the summit is confirmed; a reported event citing it is too.
    assert [w for w in warnings_of(corpus) if w.startswith(SUMMIT)] == []
    assert any("status 'reported' does not follow from the sources: a party confirmed it on the record" in w
               for w in warnings_of(corpus))


def test_a_quote_of_someone_who_did_not_take_part_puts_no_party_on_the_record(corpus):
    edit(corpus / "event/summit-2002.yml", "  speaker: ben-sample\n", "  speaker: ann-example\n")
    (warning,) = warnings_of(corpus)
    assert "status 'confirmed' does not follow from the sources: no party has confirmed it on the record" in warning


def test_one_outlet_resting_on_unnamed_people_is_unconfirmed_and_a_second_outlet_makes_it_reported(corpus):
    edit(corpus / "event/summit-2002.yml", "status: confirmed", "status: unconfirmed")
    edit(corpus / "event/summit-2002.yml", "  speaker: ben-sample\n", "")
    (warning,) = warnings_of(corpus)
    assert warning.startswith(f"{SUMMIT}:6:9: warning: status 'unconfirmed' does not follow from the sources")
    assert "then write `unnamed_sources: true`" in warning
    (corpus / "event/summit-2002.yml").write_text((corpus / "event/summit-2002.yml").read_text()
                                                  + "unnamed_sources: true\n")
    assert warnings_of(corpus) == []  # one outlet's claim, resting on unnamed people
    edit(corpus / "event/summit-2002.yml", "sources: [weekly-review]", "sources: [weekly-review, gazette-talks]")
    (warning,) = warnings_of(corpus)
    assert warning.startswith(f"{SUMMIT}:6:9: warning: status 'unconfirmed' does not follow from the sources: "
                              "no party has confirmed it on the record, and the reports go back to 2 independent outlets")
    assert warning.endswith("(make it `reported`)")


def test_relays_of_one_report_count_as_one_outlet(corpus):
    edit(corpus / "event/summit-2002.yml", "  speaker: ben-sample\n", "")
    edit(corpus / "event/summit-2002.yml", "status: confirmed", "status: unconfirmed")
    edit(corpus / "event/summit-2002.yml", "sources: [weekly-review]", "sources: [weekly-review, gazette-talks]")
    (corpus / "event/summit-2002.yml").write_text((corpus / "event/summit-2002.yml").read_text()
                                                  + "unnamed_sources: true\n")
    assert "2 independent outlets" in warnings_of(corpus)[0]
    # Both retell one agency's story: one account, so one outlet's unnamed sources: unconfirmed holds.
    for source in ("weekly-review", "gazette-talks"):
        (corpus / f"source/{source}.yml").write_text((corpus / f"source/{source}.yml").read_text()
                                                     + "relays: [valley-forum]\n")
    assert warnings_of(corpus) == []


def test_an_editors_status_needs_its_reason_and_a_sources_status_takes_none(corpus):
    edit(corpus / "event/next-round.yml", "status_reason:", "note:")
    (warning,) = warnings_of(corpus)
    assert warning.startswith("entries/event/next-round.yml:5:9: warning: status 'postponed' is the editors' "
                              "judgement, not the sources' count, and needs their reason (say why in `status_reason:`")
    (corpus / "event/summit-2002.yml").write_text((corpus / "event/summit-2002.yml").read_text()
                                                  + "status_reason: because\n")
    assert any(w.startswith(f"{SUMMIT}:16:16: warning: the sources decide status 'confirmed'") for w in warnings_of(corpus))


def test_statuses_are_judged_only_once_every_reference_resolves(corpus):
    edit(corpus / "event/summit-2002.yml", "  speaker: ben-sample\n", "")
    edit(corpus / "event/summit-2002.yml", "sources: [weekly-review]", "sources: [weekly-reviw]")
    _, problems, _ = check(corpus)
    assert [p.message for p in problems if "status" in p.message] == []
    assert any("unknown source 'weekly-reviw'" in p.message for p in problems)
