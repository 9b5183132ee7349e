"""The site's search: a Pagefind index of the built pages, written into ``site/pagefind/``.

Material's own search sends every reader one ``search_index.json`` that grows
with the whole site. Pagefind splits its index into small chunks, and a
reader's browser fetches only those of the words typed
(``docs/javascripts/annals-search.js``). The plugin runs :func:`index_site`
after MkDocs has written every page, so ``mkdocs build``, ``annals build``,
the Pages workflow and ``make serve`` (after each rebuild) all have it.

Only a page whose article carries ``data-pagefind-body`` is indexed: entry
pages and prose pages (see :func:`is_searched`), never a generated listing
(the chronology, section indexes, tag pages, a hub's year pages); the theme
prints the attribute (``templates/theme/main.html``) when the plugin has set
:data:`SEARCHED` in the page's meta. Inside an article, what only leads
elsewhere or repeats what is there is left out (:data:`LEFT_OUT`).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError

from annals.entry_types import ENTRY_TYPES
from annals.export import DATA_PAGE
from annals.reference import REFERENCE
from annals.render.context import OutputFile

SEARCHED = "annals_searched"
"""The page meta key that tells the theme to mark the article as the text search indexes."""

FOLDER = "pagefind"
"""Where the index goes inside the site; ``annals-search.js`` loads ``pagefind/pagefind.js`` from there."""

PROSE_PAGES = frozenset({DATA_PAGE, REFERENCE})
"""Generated pages that are prose, not lists of entries: found by search like the hand-written ones."""

LEFT_OUT = (
    ".headerlink",  # the ¶ after each heading (else every title ends in it)
    ".annals-visual",  # the visual timeline: its table says the same in words
    ".annals-unsearched",  # "In the chronology", "Mentioned in", "Cite this page"... (see with_unsearched)
    ".footnote-backref",  # the ↩ back to the text
    ".md-content__button",  # Material's edit button
)
"""Parts of an indexed article that search leaves out: navigation, and what repeats the text beside it."""


UNSEARCHED = ('<div class="annals-unsearched"></div>', '<div class="annals-unsearched-end"></div>')
"""What the templates put before and after a part search leaves out (raw HTML: entry text can hold none,
``annals.markdown.rules``, so only a template can mark a part)."""

_ENTRY_SECTIONS = frozenset(kind.section for kind in ENTRY_TYPES.values() if kind.own_pages)

_UNSEARCHED_RE = re.compile(f"{re.escape(UNSEARCHED[0])}(.*?){re.escape(UNSEARCHED[1])}", re.DOTALL)


def with_unsearched(html: str) -> str:
    """A page's sanitized HTML with each part the templates marked for search to leave out in one element."""
    return _UNSEARCHED_RE.sub(r'<div class="annals-unsearched">\1</div>', html)


def is_searched(page: OutputFile) -> bool:
    """Whether a generated page's text is found by search: an entry's own page or a prose page, not a listing
    (a tag's entry is shown on its tag's page, which is a listing)."""
    section, _, name = page.uri.partition("/")
    return (page.entry_path is not None and section in _ENTRY_SECTIONS and "/" not in name) or page.uri in PROSE_PAGES


def index_site(site_dir: str) -> None:
    """Write the search index of the pages in ``site_dir`` into its ``pagefind/`` folder, replacing any before.

    Pagefind's own command (``python -m pagefind``, its extended binary), which returns once every file is
    written: the Python API's service could be stopped while it still wrote (a cut pagefind-worker.js).
    The same pages give the same bytes (Pagefind names its files by their content).
    """
    shutil.rmtree(Path(site_dir) / FOLDER, ignore_errors=True)  # under serve: no chunk of an earlier build stays
    left_out = [argument for selector in LEFT_OUT for argument in ("--exclude-selectors", selector)]
    command = [sys.executable, "-m", "pagefind", "--site", site_dir, "--output-subdir", FOLDER, "--silent", *left_out]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise PluginError(f"Pagefind could not index {site_dir}:\n{done.stdout}{done.stderr}")
