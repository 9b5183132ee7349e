"""The engine's own notices (issue 21): entry text cannot make a box or a label that passes for the engine's.

The evidence box and the inline labels ("date disputed", "editors' inference",
"not consulted") carry the class ``annals-notice``, which the sanitizer drops
from everything else and the plugin adds back only where the engine put its
mark (``annals.sanitize.NOTICE_MARK``) in the Markdown it generated.
"""

import re
import subprocess
import sys
from pathlib import Path

import markdown
import pytest
from conftest import REPO, fixture_project, serve_folder, session_site, visit

from annals.markdown import markdown_issues
from annals.markdown.notices import ENGINE_TITLE_RE
from annals.render.evidence import _title
from annals.render.markup import engine_notice, markdown_link
from annals.sanitize import NOTICE_CLASS, NOTICE_MARK, hide_notice_marks, sanitize, with_notices

SPOOF_TITLE = "Confirmed by a party, reported by 2 independent outlets"
"""Close to the engine's titles, yet allowed by the check: the page must still tell the two apart."""
SPOOFED_EVENT = f"""\
id: pledge
title: A pledge to meet "without preconditions"
date: 2023-05?
kind: statement
status: reported
summary: |
  An outlet reported a pledge [@weekly-review].

  !!! note "{SPOOF_TITLE}"
      Forged by the entry.

  !!! warning "Single-outlet report (as this entry says)"
      Also forged.

  *Date disputed:* forged too; *editors' inference:* and *not consulted*, forged.
participants:
  - person: ben-sample
sources: [weekly-review, gazette-talks]
"""


def published(markdown_text: str) -> str:
    """Markdown made into HTML, then the plugin's steps around the sanitizer."""
    html, token = hide_notice_marks(markdown.markdown(markdown_text, extensions=["admonition"]))
    return with_notices(sanitize(html), token)


def notice_classes(html: str) -> list[str]:
    return re.findall(r'<div class="(admonition[^"]*)">', html)


def test_only_the_engines_mark_makes_a_notice():
    page = published('!!! note "Single-outlet report"\n\n    ' f'{NOTICE_MARK}The engine.\n\n'
                     '!!! note annals-notice "Single-outlet report"\n\n    An entry.\n')
    assert notice_classes(page) == [f"admonition note {NOTICE_CLASS}", "admonition note"]
    assert NOTICE_MARK not in page and "annals-notice-" not in page


def test_only_the_engines_mark_makes_an_inline_notice():
    page = published(f"A date ({engine_notice('date disputed')}); *date disputed*, an entry's.")
    assert re.findall(r"<em[^>]*>[^<]*</em>", page) == [
        f'<em class="{NOTICE_CLASS}">date disputed</em>', "<em>date disputed</em>"]


def test_an_inline_notice_may_hold_a_link():
    page = published(engine_notice(markdown_link({"label": "date disputed", "url": "#where"})))
    assert f'<em class="{NOTICE_CLASS}"><a href="#where">date disputed</a></em>' in page


@pytest.mark.parametrize("forged", [
    '!!! note "Single-outlet report"\n\n    &#26;Entity.\n',
    '!!! note "Single-outlet report"\n\n    &#x1a;Entity.\n',
    '<div class="admonition note annals-notice"><p class="admonition-title">x</p></div>\n',
    '*&#26;date disputed*', '<em class="annals-notice">date disputed</em>',
])
def test_an_entry_cannot_make_the_mark_or_the_class(forged):
    page = published(forged)
    assert NOTICE_CLASS not in page.replace("annals-notice-", ""), page
    assert NOTICE_MARK not in page


def test_a_token_from_another_page_does_not_mark():
    _, token = hide_notice_marks("another page")
    page = published(f'!!! note "Single-outlet report"\n\n    {token}Guessed.\n')
    assert notice_classes(page) == ["admonition note"]


def test_the_token_is_the_same_for_the_same_page():
    assert hide_notice_marks("<p>a</p>") == hide_notice_marks("<p>a</p>")
    assert hide_notice_marks("<p>a</p>")[1] != hide_notice_marks("<p>b</p>")[1]


def spoofed_project(root: Path) -> Path:
    """The fixture corpus with an event whose summary imitates the evidence box; passes ``annals check``."""
    config = fixture_project(root / "project")
    (config.parent / "entries" / "event" / "pledge.yml").write_text(SPOOFED_EVENT, encoding="utf-8")
    check = subprocess.run([sys.executable, "-m", "annals.cli", "check", "--entries", str(config.parent / "entries")],
                           capture_output=True, text=True, cwd=REPO)
    assert check.returncode == 0, check.stdout
    return config


@pytest.fixture(scope="module")
def spoofed_site(request) -> Path:
    return session_site(request, "notices-spoofed", spoofed_project).site


def test_the_built_page_marks_the_engines_box_only(spoofed_site):
    page = (spoofed_site / "events" / "pledge" / "index.html").read_text(encoding="utf-8")
    classes = notice_classes(page)
    assert classes.count(f"admonition note {NOTICE_CLASS}") == 1, classes
    assert "admonition note" in classes and "admonition warning" in classes, classes
    assert NOTICE_MARK not in page and "annals-notice-" not in page


def test_the_built_pages_mark_the_engines_labels_only(spoofed_site):
    spoofed = (spoofed_site / "events" / "pledge" / "index.html").read_text(encoding="utf-8")
    assert "<em>Date disputed:</em>" in spoofed and f'<em class="{NOTICE_CLASS}"' not in spoofed
    inferred = (spoofed_site / "events" / "secret-meeting" / "index.html").read_text(encoding="utf-8")
    assert f'<em class="{NOTICE_CLASS}">editors’ inference:</em>' in inferred.replace("'", "’"), inferred
    assert NOTICE_MARK not in inferred and "annals-notice-" not in inferred


ENGINE_LABELS = frozenset({"date disputed", "Date disputed:", "Date as the sources put it:",
                           "How the date was worked out:", "editors’ inference:", "not consulted by the editors",
                           "not consulted"})
"""Every inline label the templates and footnotes write as the engine's (``engine_notice``)."""
NOTICE_RE = re.compile(r'<(div|em) class="([^"]*\bannals-notice\b[^"]*)">(.*?)</\1>', re.DOTALL)


def engine_notices(html: str) -> list[str]:
    """What each element marked as the engine's says: a box's title, a label's text."""
    found = []
    for tag, _, inner in NOTICE_RE.findall(html):
        if tag == "div":
            inner = re.search(r'<p class="admonition-title">([^<]*)</p>', inner).group(1)
        found.append(" ".join(re.sub(r"<[^>]+>", "", inner).replace("&#x27;", "’").replace("'", "’").split()))
    return found


@pytest.mark.parametrize("site_name", ["real_site", "fixture_site", "hostile_site"])
def test_on_every_built_page_only_the_engines_words_are_marked_as_its_notices(request, site_name):
    site = request.getfixturevalue(site_name)
    marked = {}
    for page in sorted(site.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        assert NOTICE_MARK not in html and "annals-notice-" not in html, page
        marked[page.relative_to(site).as_posix()] = engine_notices(html)
    strays = {uri: said for uri, notices in marked.items()
              if (said := [n for n in notices if n not in ENGINE_LABELS and not ENGINE_TITLE_RE.fullmatch(n)])}
    assert not strays, strays
    assert sum(map(len, marked.values())) > 0
    if site_name == "hostile_site":  # every spoof there is plain text, plain italics or an unmarked box
        spoofed = (site / "events" / "notice-spoof" / "index.html").read_text(encoding="utf-8")
        boxes = re.findall(r'<div class="admonition[^"]*">\s*<p class="admonition-title">([^<]*)', spoofed)
        assert SPOOF_TITLE in boxes and len(boxes) == 3 and spoofed.count(f" {NOTICE_CLASS}\">") == 1, boxes
        assert spoofed.count("<em>Date disputed:</em>") == 1 and "<em>How the date was worked out:</em>" in spoofed


def test_in_chromium_the_engines_labels_look_unlike_entry_text(browser, spoofed_site):
    with serve_folder(spoofed_site) as base, visit(browser) as page:
        look = """element => { const style = getComputedStyle(element);
            return [style.fontStyle, style.backgroundColor]; }"""
        page.goto(f"{base}events/secret-meeting/")
        engine = page.locator("article em.annals-notice", has_text="inference")
        engine_look = engine.evaluate(look)
        page.goto(f"{base}events/pledge/")
        assert page.locator("article em.annals-notice").count() == 0
        spoof = page.locator("article em", has_text="Date disputed:")
        assert spoof.evaluate(look) != engine_look and engine_look[0] == "normal", engine_look


def test_in_chromium_the_spoof_is_not_the_engines_box(browser, spoofed_site):
    with serve_folder(spoofed_site) as base, visit(browser) as page:
        page.goto(f"{base}events/pledge/")
        boxes = page.eval_on_selector_all(".admonition", """boxes => boxes.map(box => ({
            notice: box.classList.contains("annals-notice"),
            title: box.querySelector(".admonition-title").textContent.trim()}))""")
        engine = [box for box in boxes if box["notice"]]
        assert len(engine) == 1 and engine[0]["title"] != SPOOF_TITLE, boxes
        spoofs = [box["title"] for box in boxes if not box["notice"]]
        assert SPOOF_TITLE in spoofs and "Single-outlet report (as this entry says)" in spoofs, boxes
        assert page.locator("article .annals-notice").count() == 1


def test_every_title_the_engine_gives_its_box_is_one_an_entry_may_not_take():
    titles = {_title(outlets, on_record) for outlets in range(6) for on_record in (False, True)} | {"Editorial note"}
    assert all(ENGINE_TITLE_RE.fullmatch(title) for title in titles), titles


@pytest.mark.parametrize("text, offset, message", [
    ('!!! note "Single-outlet report"\n    x', 0, "title of the engine's notice"),
    ('> !!! warning "A party confirmed it on the record; one outlet reported it."\n>     x', 2, "title"),
    ('- ??? note "3  independent outlets reported it"', 2, "title"),
    ('!!! note annals-notice "Mine"\n    x', 0, "an 'annals-' class"),
])
def test_the_check_refuses_an_admonition_with_an_engine_title_or_class(text, offset, message):
    issues = markdown_issues(text)
    assert len(issues) == 1 and issues[0][0] == offset and message in issues[0][1], issues


@pytest.mark.parametrize("text", ['!!! note "Single-outlet report (as this entry says)"\n    x',
                                  '`!!! note "Single-outlet report"`', '!!! warning "A note"\n    x'])
def test_other_admonitions_pass_the_check(text):
    assert markdown_issues(text) == []
