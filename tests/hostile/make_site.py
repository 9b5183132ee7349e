"""Writes tests/hostile/site/entries/: the hostile entries that must build and stay inert.

Each family below is one kind of attack. For every family there is one entry of
each type (event, source, place, person, organization) whose every text field
holds one of the family's payloads, rotating so that each payload lands in
names and titles too (and so in <title>, headings, indexes, footnotes, search).
Summaries and notes hold what entry Markdown may hold near the same attack.

Run it after changing a family or adding a field, and commit what it writes:

    .venv/bin/python tests/hostile/make_site.py

tests/test_hostile.py checks that the files on disk are exactly what this writes.
"""

from __future__ import annotations

import sys
from pathlib import Path

ZWSP, ZWNJ, ZWJ = "\u200b", "\u200c", "\u200d"
TYPES = ["event", "source", "place", "person", "organization", "tag"]
HERE = Path(__file__).parent

FAMILIES = [
    dict(slug="title-breakout", cases=["title breakout"],
         payloads=["</title><script>alert(1)</script>",
                   "</title><img src=x onerror=alert(1)>",
                   "</textarea><script>alert(1)</script>",
                   "\"><script>alert(1)</script>",
                   "'><svg onload=alert(1)>",
                   "</script><script>alert(1)</script>",
                   "</a><script>alert(1)</script>",
                   "</h1><script>alert(1)</script>"],
         summary="A `</title><script>alert(1)</script>` in a name must not end the page title "
                 "[@title-breakout]. See [[place:title-breakout]] and [[person:title-breakout]].",
         note="Names like ``</title><script>alert(1)</script>`` stay text [@title-breakout].",
         url="https://example.org/</title><script>alert(1)</script>",
         archive_url="https://archive.example/</title><img/src=x/onerror=alert(1)>"),
    dict(slug="raw-html",
         cases=["raw HTML: img onerror, svg onload, iframe, script, object, style, base, meta refresh"],
         payloads=["<img src=x onerror=alert(1)>",
                   "<svg onload=alert(1)>",
                   "<iframe src=\"javascript:alert(1)\"></iframe>",
                   "<script>alert(1)</script>",
                   "<object data=\"javascript:alert(1)\"></object>",
                   "<style>@import url(https://tracker.example/x.css)</style>",
                   "<a href=\"javascript:alert(1)\">click</a>",
                   "<math><mtext><img src=x onerror=alert(1)></mtext></math>",
                   "<!--><img src=x onerror=alert(1)>-->",
                   "<details open ontoggle=alert(1)>",
                   "<body onload=alert(1)>",
                   "<base href=\"https://tracker.example/\">",
                   "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
                   "<link rel=stylesheet href=https://tracker.example/x.css>",
                   "<input autofocus onfocus=alert(1)>"],
         summary="Raw HTML shown as code: `<img src=x onerror=alert(1)>`, `<svg onload=alert(1)>` and "
                 "`<iframe src=\"javascript:alert(1)\"></iframe>`; and 5 < 6 [@raw-html]. "
                 "See [[organization:raw-html]].",
         note="A `<script>alert(1)</script>` in code is text [@raw-html].",
         url="https://example.org/<img/src=x/onerror=alert(1)>",
         archive_url="https://archive.example/<svg/onload=alert(1)>"),
    dict(slug="code-span", cases=["code-span tricks: unequal backtick runs, escaped backtick, remote image inside"],
         payloads=["`<img src=x onerror=alert(1)>``",
                   "\\`<img src=x onerror=alert(1)>`",
                   "`![](https://tracker.example/x.png)``",
                   "``<svg onload=alert(1)>`",
                   "`` ` ``<script>alert(1)</script>",
                   "\\``<iframe src=javascript:alert(1)>`"],
         summary="Balanced spans stay code: ``a`<img src=x onerror=alert(1)>`b`` and "
                 "`![](https://tracker.example/x.png)` [@code-span].",
         note="Also `` `<svg onload=alert(1)>` `` is code [@code-span].",
         url="https://example.org/`<img/src=x/onerror=alert(1)>``",
         archive_url="https://archive.example/``x`"),
    dict(slug="reference-definition",
         cases=["reference definitions, footnotes, citations and mentions written in plain text"],
         payloads=["[full statement]: javascript:alert(3)",
                   "> [full statement]: javascript:alert(3)",
                   "- [x]: javascript:alert(3)",
                   "[x]: https://tracker.example/x.png",
                   "[x] : javascript:alert(3)",
                   "[^1]: a hand-made footnote",
                   "[@reference-definition]",
                   "[[place:reference-definition|a mention]]"],
         summary="Read the [full statement](https://example.org/statement) [@reference-definition]. "
                 "A bare [full statement] and [x] stay text. See [[place:reference-definition]].",
         note="Also a bare [full statement][] and [x][] [@reference-definition].",
         url="https://example.org/[full%20statement]:javascript:alert(3)",
         archive_url="https://archive.example/[x]"),
    dict(slug="schemes", cases=["javascript:/data:/vbscript:/obfuscated schemes, autolinks"],
         payloads=["javascript:alert(1)",
                   "jAvAsCrIpT:alert(1)",
                   "java&#x09;script:alert(1)",
                   "&#106;avascript:alert(1)",
                   "<javascript:alert(1)>",
                   "<1@x.example>",
                   "[click](javascript:alert(2))",
                   "[click](  javascript:alert(2))",
                   "data:text/html,<script>alert(1)</script>",
                   "vbscript:msgbox(1)",
                   "<JAVASCRIPT:alert(1)>",
                   "[x](&#106;avascript:alert(1))",
                   "<https://tracker.example/autolink>"],
         summary="Only web links: [a query](https://example.org/?next=javascript:alert(1)), "
                 "[upper case](HTTPS://EXAMPLE.ORG/UPPER) and the words javascript:alert(1) [@schemes].",
         note="The text vbscript:msgbox(1) is not a link [@schemes].",
         url="https://example.org/?u=javascript:alert(1)",
         archive_url="https://archive.example/data:text/html,x"),
    dict(slug="remote-image", cases=["remote images"],
         payloads=["![](https://tracker.example/x.png)",
                   "![x][r]",
                   "<img src=https://tracker.example/x.png>",
                   "![](//tracker.example/x.png)",
                   "`![](https://tracker.example/x.png)``",
                   "url(https://tracker.example/x.png)"],
         summary="A link to an image is not an image: [the picture](https://tracker.example/x.png) "
                 "[@remote-image].",
         note="And `![](https://tracker.example/x.png)` in code is text [@remote-image].",
         url="https://tracker.example/x.png",
         archive_url="https://tracker.example/x.png?archived"),
    dict(slug="template-syntax", cases=["Jinja and snippet syntax"],
         payloads=["{{ 7*7 }}",
                   "{% raw %}",
                   "{#",
                   "{{ config }}",
                   "--8<-- \"/etc/passwd\"",
                   "{% include '/etc/passwd' %}",
                   "${7*7}",
                   "{{ ''.__class__.__mro__ }}",
                   "#}{{ 7*7 }}",
                   "{%- endraw %}"],
         summary="Template syntax is text: {{ 7*7 }}, {% raw %}, {# and {%- endraw %} [@template-syntax]. "
                 "The snippet `--8<-- \"/etc/passwd\"` is code.",
         note="{{ config.site_name }} {#- x -#} [@template-syntax]",
         url="https://example.org/{{7*7}}",
         archive_url="https://archive.example/{%25raw%25}"),
    dict(slug="workflow-commands", cases=["GitHub workflow commands"],
         payloads=["::warning::x",
                   "::add-mask::secret",
                   "::stop-commands::pwned",
                   "::error file=entries/event/x.yml,line=1::forged",
                   "::set-output name=x::y",
                   "::group::x",
                   "::endgroup::",
                   "%0A::warning::x"],
         summary="::warning::x\n\n::add-mask::secret\n\n::stop-commands::pwned\n\nAll text [@workflow-commands].",
         note="::error::in a note [@workflow-commands]",
         url="https://example.org/::warning::x",
         archive_url="https://archive.example/::add-mask::secret"),
    dict(slug="block-markup", cases=["block markup in plain-text fields"],
         payloads=["1986. looks like a list",
                   "+ plus",
                   "# Heading",
                   "> quote",
                   "!!! note",
                   "---",
                   "| a | b |",
                   "* star",
                   "=== setext",
                   "- dash",
                   "***",
                   "```",
                   ":   definition"],
         summary="> A quote\n\n+ plus\n+ list\n\n1986. looks like a list\n\n!!! note \"Note\"\n"
                 "    Inside an admonition [@block-markup].\n\n| a | b |\n| :-- | --: |\n| 1 | 2 |",
         note="+ plus in a note\n\n> a quote in a note [@block-markup]",
         url="https://example.org/#---",
         archive_url="https://archive.example/|a|b|"),
    dict(slug="entities", cases=["HTML entities"],
         payloads=["&lt;script&gt;alert(1)&lt;/script&gt;",
                   "&#60;img src=x onerror=alert(1)&#62;",
                   "&#x3C;svg onload=alert(1)&#x3E;",
                   "&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;",
                   "&amp;lt;img src=x onerror=alert(1)&amp;gt;",
                   "&#x6A;avascript:alert(1)",
                   "AT&T &copy; &nbsp; &"],
         summary="In code, `&lt;script&gt;alert(1)&lt;/script&gt;` is shown as written, and AT&T is text "
                 "[@entities]. See [[person:entities]].",
         note="And `&#60;img src=x onerror=alert(1)&#62;` in code [@entities].",
         url="https://example.org/&lt;script&gt;",
         archive_url="https://archive.example/&#60;img&#62;"),
    dict(slug="unicode", cases=["Unicode tricks: zero-width characters (bidi overrides are refused)"],
         payloads=[f"Zero{ZWSP}Width Name",
                   f"zero{ZWNJ}non{ZWJ}joiner",
                   f"java{ZWSP}script:alert(1)",
                   f"<{ZWSP}img src=x onerror=alert(1)>",
                   "Ul\u0430\u0430nbaatar (Cyrillic a)",
                   "Z\u0335\u031ba\u0334l\u0337g\u0338o",
                   "\U0001F469\u200d\U0001F4BB"],
         summary=f"Zero{ZWSP}width and joiner{ZWJ} characters are text [@unicode].",
         note=f"java{ZWSP}script:alert(1) is text [@unicode].",
         url=f"https://example.org/zero{ZWSP}width",
         archive_url="https://archive.example/\u0430"),
    dict(slug="dom-clobbering", cases=["DOM clobbering: names that are the ids of Material's own elements"],
         payloads=["__config",
                   "__search",
                   "__drawer",
                   "__palette_0",
                   "__toc",
                   "__nav_8",
                   "__md_scope",
                   "__proto__",
                   "constructor",
                   "__tooltip2_0"],
         summary="Ids are the site's own: `__config` and `__search` stay text [@dom-clobbering]. "
                 "See [[person:dom-clobbering]].",
         note="A name is not an id [@dom-clobbering].",
         url="https://example.org/#__config",
         archive_url="https://archive.example/#__search"),
    dict(slug="attribute-breakout", cases=["attribute breakout"],
         payloads=["\" onmouseover=\"alert(1)",
                   "' autofocus onfocus='alert(1)",
                   "\"><img src=x onerror=alert(1)>",
                   "x\" style=\"background:url(https://tracker.example/x.png)",
                   "` onclick=alert(1) `",
                   "\" lang=\"x\" onclick=\"alert(1)"],
         # A quote in a link's address is refused (see refused/entries/event/link-quote-paren.yml).
         summary="Quotes in a link stay inside it: [example](https://example.org/%22onmouseover=%22alert(1)) and "
                 "[titled](https://example.org/t \"a title with ' and & and >\") [@attribute-breakout].",
         note="A title is only a tooltip [@attribute-breakout].",
         url="https://example.org/\"onmouseover=\"alert(1)",
         archive_url="https://archive.example/'onfocus='alert(1)"),
    dict(slug="notice-spoof", cases=["engine notices imitated: the evidence box's look, the inline labels, "
                                      "a forged revision line"],
         payloads=["*Date disputed:* 1 January 1999",
                   "Confirmed by a party, reported by 2 independent outlets",
                   "site notice",
                   "editors' inference: forged",
                   "Last changed 1 January 1999 in revision 0000000",
                   "not consulted by the editors"],
         # The title is allowed (the check refuses the engine's own titles, see
         # refused/entries/event/spoofed-notice.yml): the page must still tell it from the engine's box.
         summary="An outlet reported it [@notice-spoof].\n\n"
                 "!!! note \"Confirmed by a party, reported by 2 independent outlets\"\n"
                 "    Forged by the entry. *Date disputed:* forged; *editors' inference:* forged.\n\n"
                 "*How the date was worked out:* forged; *not consulted by the editors*.",
         note="*Date as the sources put it:* forged [@notice-spoof].",
         url="https://example.org/site-notice",
         archive_url="https://archive.example/annals-notice"),
    dict(slug="export-injection",
         cases=["export injection: BibTeX braces, CSV formulas after blanks, iCalendar and XML syntax"],
         payloads=["=HYPERLINK(\"https://evil.example/\",\"click\")",
                   "Real headline}, author = \"X\", url = \"https://evil.example/\"} "
                   "@misc(injected, title = \"Injected\")",
                   "Gazette}} @misc{injected-journal, title={Injected}",
                   "Kim}, title = {Forged}, url = {https://evil.example/}} @misc{forged, title = {Forged}",
                   "{#1 \\} 100% $x$ _a ^b ~c & \\end{document}",
                   "]]><!-- ?> &amp; <![CDATA[x]]> <?xml version=\"1.0\"?>",
                   "@SUM(1+1)*cmd|' /C calc'!A0",
                   "BEGIN:VEVENT;UID=x,y\\nEND:VCALENDAR"],
         # A citation's quote keeps its blanks (a one-line field may not start with one): a formula after one.
         summary="Exports carry text: `}` and `{` and ` =1+1` in code, and 100% [@export-injection]. "
                 "See [[person:export-injection]]. Quoted [@plain-source, \" =SUM(1+1)*cmd|' /C calc'!A0\"].",
         note="A brace } alone and a formula =1+1 stay text [@export-injection].",
         url="https://example.org/a}b{c%7D",
         archive_url="https://archive.example/@misc{x,"),
]


def quoted(text: str) -> str:
    """A YAML double-quoted scalar holding exactly ``text``."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def markdown(text: str) -> str:
    if "\n" not in text:
        return quoted(text)
    return "|-\n" + "\n".join(f"  {line}" if line else "" for line in text.split("\n"))


def header(entry_type: str, family: dict) -> str:
    return (f"# BUILT hostile {entry_type}: {'; '.join(family['cases'])}.\n"
            f"# Every text field of this {entry_type} holds a payload of the family '{family['slug']}' "
            "(see ../../../README.md);\n"
            "# the build must succeed and every page must show each payload as text, run nothing, load nothing.\n")


def _common(family: dict, offset: int, entry_type: str) -> list[str]:
    slug, payloads = family["slug"], family["payloads"]
    pick = lambda i: quoted(payloads[(offset + i) % len(payloads)])  # noqa: E731
    # A source may not cite itself: its own texts cite the plain source instead.
    cited = "plain-source" if entry_type == "source" else slug
    summary, note = (family[k].replace(f"[@{slug}]", f"[@{cited}]") for k in ("summary", "note"))
    second = "[plain-source]" if cited == "plain-source" else f"[{cited}, plain-source]"
    return (["aliases:"] + [f"  - {quoted(p)}" for p in payloads]
            + [f"tags: [hostile, {slug}]", f"summary: {markdown(summary)}", f"note: {markdown(note)}",
               "disagreements:", f"  - about: {pick(1)}", "    versions:",
               f"      - says: {pick(2)}", f"        sources: [{cited}]",
               f"      - says: {pick(3)}", f"        sources: {second}"])


def _named(family: dict, offset: int) -> list[str]:
    slug, payloads = family["slug"], family["payloads"]
    pick = lambda i: quoted(payloads[(offset + i) % len(payloads)])  # noqa: E731
    raw = lambda i: payloads[(offset + i) % len(payloads)]  # noqa: E731
    # The Korean name is two payloads written together: the first is its family name, the second the given name.
    return [f"name: {pick(0)}", "native_names:", f"  - text: {quoted(raw(4) + raw(8))}", "    lang: ko-Hang",
            f"    family_name: {pick(4)}", f"  - text: {pick(5)}", "    lang: ja-Jpan",
            "spellings:", f"  - text: {pick(6)}", f"    sources: [{slug}]", f"  - text: {pick(7)}",
            "country: NO"]


def entry_text(entry_type: str, family: dict) -> str:
    slug, payloads = family["slug"], family["payloads"]
    offset = TYPES.index(entry_type)
    pick = lambda i: quoted(payloads[(offset + i) % len(payloads)])  # noqa: E731
    following = FAMILIES[(FAMILIES.index(family) + 1) % len(FAMILIES)]["slug"]
    lines = [f"id: {slug}"]
    if entry_type == "event":
        lines += [f"title: {pick(0)}", "date: 2012-11-15", f"date_text: {pick(1)}", f"date_note: {pick(8)}",
                  f"place: {slug}",
                  "kind: talks", "status: postponed", f"status_reason: {pick(9)}", "unnamed_sources: true",
                  "participants:",
                  f"  - person: {slug}", f"    organization: {slug}", f"    side: {pick(2)}",
                  f"    role: {pick(3)}", f"    sources: [{slug}]",
                  f"  - side: {pick(4)}", f"    role: {pick(5)}",
                  # The link is the editors' inference: its hostile note shows on the page.
                  "related:", f"  - event: {following}", "    relation: related-to", f"    note: {pick(7)}",
                  f"sources: [{slug}]", "quote:", f"  text: {pick(6)}", f"  source: {slug}", f"  speaker: {slug}"]
    elif entry_type == "source":
        lines += [f"title: {pick(0)}", f"publisher: {pick(1)}", "authors:"]
        lines += [f"  - {quoted(p)}" for p in payloads[:4]]
        lines += ["published: 2012-11-16", f"url: {quoted(family['url'])}",
                  f"archive_url: {quoted(family['archive_url'])}", "accessed: 2024-01-02", "language: en",
                  "cites: [plain-source]", f"relays: [{slug}]"]
    elif entry_type == "place":
        lines += _named(family, offset) + ["located_in: plain-place", "coordinates:", "  lat: 47.9", "  lon: 106.9"]
    elif entry_type == "person":
        lines += _named(family, offset) + [
            "roles:", f"  - title: {pick(1)}", f"    organization: {slug}", "    from: 2001", "    to: 2003",
            f"    sources: [{slug}]", f"  - title: {pick(2)}"]
    elif entry_type == "tag":  # the tag every hostile entry of the family carries; it takes no other text
        return header(entry_type, family) + "\n".join(lines + [f"description: {markdown(family['summary'])}"]) + "\n"
    else:
        lines += _named(family, offset) + ["parent: plain-org"]
    return header(entry_type, family) + "\n".join(lines + _common(family, offset, entry_type)) + "\n"


HELPERS = {
    "source/plain-source.yml":
        "# Helper (not hostile): the source every hostile source relays and every disagreement cites.\n"
        "id: plain-source\ntitle: A plain source\npublisher: The Plain Gazette\npublished: 2012-11-15\n"
        "url: https://plain.example/a\n",
    "place/plain-place.yml":
        "# Helper (not hostile): the place every hostile place lies in; its page lists them all.\n"
        "id: plain-place\nname: Plain Place\ncountry: MN\n",
    "organization/plain-org.yml":
        "# Helper (not hostile): the parent of every hostile organization; its page lists them all.\n"
        "id: plain-org\nname: Plain Organization\n",
}


def site_entries() -> dict[str, str]:
    """Every file of site/entries/, by path relative to it."""
    files = {f"{t}/{family['slug']}.yml": entry_text(t, family) for family in FAMILIES for t in TYPES}
    return files | HELPERS


def main(root: Path = HERE / "site" / "entries") -> None:
    for relative, text in site_entries().items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    print(f"wrote {len(site_entries())} files to {root}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "site" / "entries")
