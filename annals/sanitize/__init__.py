"""What reaches a reader's browser: generated pages' HTML through an allowlist, titles as plain text.

Entry text arrives from strangers. ``annals/render.py`` escapes it and
``annals/model.py`` refuses raw HTML at the source, with good messages; this
module is the guarantee that holds when those checks miss something. It runs
on the HTML that Markdown made (the plugin's ``on_page_content`` hook), so it
judges what is published, not what was written.

* :func:`make_cleaner` builds the nh3 (Rust's ammonia) sanitizer for page
  content: exactly the elements, attributes and classes that Annals' templates
  (``templates/*.md.j2``) and the enabled Markdown extensions (admonition,
  footnotes, tables, toc with permalinks, MkDocs' fenced code) produce; links
  only to http(s) or relative to the site. Anything else is dropped.
* :func:`hide_notice_marks` and :func:`with_notices` give the engine's own notices
  (the evidence box, and the inline labels "date disputed", "editors' inference",
  "not consulted") the class ``annals-notice`` after sanitizing; no entry can
  make that class or that mark (see :data:`NOTICE_MARK`).
* :func:`plain_text` turns an HTML fragment (a page title, a table of contents
  entry) into its text, escaped for HTML. MkDocs keeps titles as HTML and
  Material prints them unescaped, so they must never hold markup.

Only pages Annals generates are sanitized: hand-written pages in ``docs/`` come
from the site's maintainers, are reviewed like code and may use any HTML that
MkDocs and Material support, so their content is left alone. Their titles and
table of contents still go through :func:`plain_text`, which cannot change
what they show.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

import nh3

from annals.settings import ADMONITIONS, CODE_LANGUAGES
from annals.vocabulary import STATUSES

if TYPE_CHECKING:
    from mkdocs.structure.toc import AnchorLink

TAGS = frozenset({
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "a", "ul", "ol", "li", "em", "strong", "code", "pre",
    "blockquote", "hr", "br", "table", "thead", "tbody", "tr", "th", "td", "div", "sup", "span",
})
"""Elements a generated page may hold; ``class`` is allowed separately, by :func:`allowed_classes`."""

ATTRIBUTES = {
    **{f"h{level}": {"id"} for level in range(1, 7)},
    "a": {"href", "title"},
    "li": {"id"},  # footnotes
    "sup": {"id"},  # footnote references
    "span": {"lang", "data-facets", "data-names"},  # native names; what the chronology's filters match on
}
"""Attributes per element, other than ``class``."""

URL_SCHEMES = frozenset({"http", "https"})

DROPPED_WITH_CONTENT = frozenset({
    "script", "style", "iframe", "object", "embed", "svg", "math", "noscript", "template", "textarea",
    "select", "title", "xmp", "noembed", "noframes",
})
"""Elements removed together with what they hold: their text would be code or noise, not prose."""

LANG_RE = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8}){0,4}")
"""A BCP 47 language tag, loosely: letters, digits and hyphens only, so never a quote."""

FACETS_RE = re.compile(r"[a-z]:[a-z0-9,-]*(?: [a-z]:[a-z0-9,-]*)*")
"""A chronology row's facets: ``p:ann,ben s:reported y:2012`` (see annals.render.timelines.facets)."""

ID_RE = re.compile(r"(?!__)[\w][\w.:-]*")
"""Heading slugs and footnote ids; ``__`` starts Material's own ids (``__config``, ``__search``), never ours."""

NOTICE_MARK = "\x1a"
"""Starts the text of an engine-made notice in generated Markdown: an admonition whose body begins with it,
or an emphasis (``*\x1adate disputed*``, see ``annals.render.markup.engine_notice``).

A control character that Python-Markdown does not strip as space (``\x1c``-``\x1f`` it does): the loader
refuses it in every entry file, typed or escaped, and an entry's
``&#26;`` is still an entity in Markdown's HTML, where :func:`hide_notice_marks` looks for the mark.
"""

NOTICE_CLASS = "annals-notice"
"""The class only the engine's notices carry: the sanitizer drops it, :func:`with_notices` adds it back."""

_NOTICE_TOKEN = "annals-notice-{}:"

# Browsers ignore C0 controls and spaces before a URL, and read "\" as "/" in http(s) URLs.
_URL_LEADING = "".join(chr(c) for c in range(0x21))


def allowed_classes(admonitions: Iterable[str] = ADMONITIONS,
                    code_languages: Iterable[str] = CODE_LANGUAGES) -> dict[str, set[str]]:
    """Classes per element: Markdown's own, the admonition kinds, code languages and the status badges."""
    return {
        "a": {"footnote-ref", "footnote-backref", "headerlink"},
        "div": {"admonition", "footnote", "annals-visual", "annals-unsearched", "annals-unsearched-end", *admonitions},
        "p": {"admonition-title"},
        "code": {f"language-{language}" for language in code_languages},
        "span": {"annals-status", "annals-facets", "annals-facet-names", *(f"annals-status--{status}" for status in STATUSES)},
    }


def make_cleaner(admonitions: Iterable[str] = ADMONITIONS,
                 code_languages: Iterable[str] = CODE_LANGUAGES) -> nh3.Cleaner:
    """The sanitizer for generated pages: build it once, call ``.clean(html)`` once per page."""
    return nh3.Cleaner(
        tags=set(TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        attribute_filter=_filter_attribute,
        allowed_classes=allowed_classes(admonitions, code_languages),
        url_schemes=set(URL_SCHEMES),
        url_relative=_site_relative,
        strip_comments=True,
        # No rel="noopener noreferrer": no link may carry target=, so no page opened
        # from here gets window.opener, and the browser's default referrer policy
        # sends other sites the origin only. Adding rel to every link would also
        # change the footnote and permalink markup Material styles.
        link_rel=None,
    )


def sanitize(fragment: str, cleaner: nh3.Cleaner | None = None) -> str:
    """An HTML fragment with everything outside the allowlist removed (see :func:`make_cleaner`)."""
    return (cleaner or _DEFAULT_CLEANER).clean(fragment)


def plain_text(fragment: str) -> str:
    """An HTML fragment's text, escaped for HTML text and quoted attributes: ``a <b>b</b> &amp; c`` -> ``a b &amp; c``."""
    return html.escape(text_of(fragment))


def plain_toc(items: Iterable[AnchorLink]) -> None:
    """Every title of a page's table of contents (MkDocs' HTML, which Material prints unescaped) made
    :func:`plain_text`."""
    for item in items:
        item.title = plain_text(item.title)
        plain_toc(item.children)


def text_of(fragment: str) -> str:
    """An HTML fragment's text, unescaped: ``a <b>b</b> &amp; c`` -> ``a b & c``."""
    text = _TEXT_ONLY.clean(fragment) if "<" in fragment else fragment  # no tag: nothing for nh3 to strip
    return html.unescape(text)


def hide_notice_marks(fragment: str) -> tuple[str, str]:
    """Markdown's HTML with each engine notice's mark made a token the sanitizer keeps, and that token.

    The token is a digest of the page, so no text on the page can hold it in advance and the
    output stays the same from build to build.
    """
    token = _NOTICE_TOKEN.format(hashlib.sha256(fragment.encode("utf-8", "surrogatepass")).hexdigest()[:32])
    return fragment.replace(NOTICE_MARK, token), token


def with_notices(fragment: str, token: str) -> str:
    """Sanitized HTML whose admonitions and emphases start with ``token`` carry :data:`NOTICE_CLASS`; no mark or token left."""
    boxes = re.compile(r'(<div class="admonition[^"<>]*)(">\n?<p class="admonition-title">[^<]*</p>\n?<p>)'
                       + re.escape(token))
    fragment = boxes.sub(rf"\1 {NOTICE_CLASS}\2", fragment)
    fragment = fragment.replace(f"<em>{token}", f'<em class="{NOTICE_CLASS}">')
    return fragment.replace(token, "").replace(NOTICE_MARK, "")


def _filter_attribute(tag: str, name: str, value: str) -> str | None:
    """Values the allowlist of names cannot judge; None drops the attribute."""
    if name == "lang":
        return value if LANG_RE.fullmatch(value) else None
    if name == "id":
        return value if ID_RE.fullmatch(value) else None
    if name == "data-facets":
        return value if FACETS_RE.fullmatch(value) else None
    if name == "data-names":
        return value if _is_json_object(value) else None
    if name == "title" and "<" in value:
        # Material's content.tooltips shows a title through innerHTML.
        return None
    return value


def _is_json_object(text: str) -> bool:
    try:
        return isinstance(json.loads(text), dict)
    except ValueError:
        return False


def _site_relative(url: str) -> str | None:
    """A fragment or a path relative to this page; never ``//host``, ``/path`` or ``\\host``."""
    stripped = url.lstrip(_URL_LEADING)
    if stripped.startswith(("/", "\\")) or "\\" in stripped:
        return None
    return url


_DEFAULT_CLEANER = make_cleaner()
_TEXT_ONLY = nh3.Cleaner(tags=set(), clean_content_tags=set(DROPPED_WITH_CONTENT), attributes={},
                         link_rel=None)
