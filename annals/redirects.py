"""Pages at the old addresses of renamed entries, each sending the reader on to the entry's page.

``annals mv`` keeps an entry's old id under ``former_ids``; the engine maps
each old page address to the new one (``annals.render.redirects``), and after
MkDocs has built the site this writes a small HTML page at each old address,
as the mkdocs-redirects plugin does: a refresh to the new page, a canonical
link to it and ``noindex``, and a plain link for browsers that do not follow
refreshes. No script: the site's pages load none inline. Written after the
build, so they are in no sitemap, nav or search index. A redirect never
replaces a page MkDocs built (a hand-written page at that address wins, and
the build says so).
"""

from __future__ import annotations

import posixpath
import re
from html import escape
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

__all__ = ["redirect_html", "with_redirected_links", "write_redirects"]

_LINK_TARGET = re.compile(r"(?P<lead>\]\(\s*|^\s{0,3}\[[^\]\n]+\]:\s*)(?P<target>[^\s)#\[\]]+\.md)(?P<fragment>#[^\s)]*)?",
                          re.MULTILINE)
"""An inline link's or a link definition's target that names a Markdown page, as MkDocs resolves them (without
brackets, so that each search stops at the next link: linear time on any page)."""


def redirect_html(to: str, canonical: str) -> str:
    """The page at an old address: ``to`` is relative to it, ``canonical`` the new page's full address if known."""
    to, canonical = escape(to, quote=True), escape(canonical, quote=True)
    return ("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Moved</title>\n"
            "<meta name=\"robots\" content=\"noindex\">\n"
            f"<link rel=\"canonical\" href=\"{canonical}\">\n"
            f"<meta http-equiv=\"refresh\" content=\"0; url={to}\">\n</head>\n<body>\n"
            f"<p>This page has moved to <a href=\"{to}\">{to}</a>.</p>\n</body>\n</html>\n")


def with_redirected_links(markdown: str, page_uri: str, redirects: dict[str, str]) -> str:
    """A hand-written page's Markdown with each link to a former id's page pointed at the entry's page now.

    Only in memory: the file stays as written (``annals mv`` lists the pages to update). Without it, a page
    linking to an entry by its old address would fail the strict build that ``annals check`` called clean.
    """
    if not redirects:
        return markdown
    folder = posixpath.dirname(page_uri)

    def redirected(match: re.Match) -> str:
        target = posixpath.normpath(posixpath.join(folder, match["target"]))
        if target not in redirects:
            return match.group(0)
        relative = posixpath.relpath(redirects[target], folder or ".")
        return f"{match['lead']}{relative}{match['fragment'] or ''}"

    return _LINK_TARGET.sub(redirected, markdown)


def write_redirects(config: MkDocsConfig, redirects: dict[str, str]) -> None:
    """Write a redirect page at each old address (``events/old.md`` -> ``events/new.md``) in the built site."""
    for old_uri, new_uri in redirects.items():
        old, new = (File(uri, None, config.site_dir, config.use_directory_urls) for uri in (old_uri, new_uri))
        path = Path(old.abs_dest_path)
        if path.exists():
            raise PluginError(f"Annals: {old_uri} is a former id's address, but a page was built there; "
                              f"remove that page, or the former id from the entry now at {new_uri}")
        relative = get_relative_url(new.url, old.url)
        canonical = config.site_url + new.url if config.site_url else relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(redirect_html(relative, canonical), encoding="utf-8")
