"""``data/sources.json`` (CSL-JSON) and ``data/sources.bib`` (BibTeX): every source, for reference managers.

Zotero, Mendeley, Pandoc and citeproc read CSL-JSON; LaTeX and most other tools
read BibTeX. Both hold what the source's page shows: title, outlet, bylines,
publication date, address, when it was read (``accessed``) and an archived
copy (``archive_url``, in the note: neither format has a field for it).

BibTeX values are escaped by ``annals.render.citing.bibtex_text``, as in every
Cite block: BibTeX counts braces whatever precedes them, so a brace of the text
is written ``\\textbraceleft{}`` or ``\\textbraceright{}``, never as a brace, and
each author is braced whole. Real BibTeX reads one entry per source, every
field as written (``tests/test_export_readers.py``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from annals.dates import EdtfDate
from annals.render.citing import bibtex_entry
from annals.site import Site

SOURCES_CSL = "data/sources.json"
SOURCES_BIB = "data/sources.bib"

_SINGLE_DATE_RE = re.compile(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?([?~%])?")


def sources_csl(site: Site) -> Iterator[str]:
    """Every source as a CSL-JSON item, by id, a line at a time."""
    yield "[\n"
    for number, valid in enumerate(sorted(site.of_type("source"), key=lambda v: v.key)):
        yield ("" if number == 0 else ",\n") + json.dumps(_csl_item(valid.entry), ensure_ascii=False)
    yield "\n]\n"


def _csl_item(source) -> dict:
    item = {"id": source.id, "type": "article-newspaper" if source.publisher else "article",
            "title": source.title, "container-title": source.publisher,
            "author": [{"literal": name} for name in source.authors] or None,
            "issued": csl_date(source.published) if source.published else None,
            "accessed": csl_date(source.accessed) if source.accessed else None,
            "URL": source.url or source.archive_url, "language": source.language,
            "note": archive_note(source)}
    return {key: value for key, value in item.items() if value}


def csl_date(date: EdtfDate) -> dict:
    """A single EDTF date as CSL: its known parts, ``circa`` when uncertain; a date with X digits as text."""
    match = _SINGLE_DATE_RE.fullmatch(date.text)
    if match is None:
        return {"literal": date.text}
    parts = [int(p) for p in match.groups()[:3] if p]
    return {"date-parts": [parts], **({"circa": True} if match.group(4) else {})}


def archive_note(source) -> str | None:
    """Where an archived copy is, when the source has one besides its address."""
    if source.archive_url and source.url:
        return f"Archived copy: {source.archive_url}"
    return None


def sources_bib(site: Site) -> Iterator[str]:
    """Every source as a BibTeX entry (``@article`` with the outlet as journal, ``@misc`` without one), by id, an
    entry at a time."""
    for number, valid in enumerate(sorted(site.of_type("source"), key=lambda v: v.key)):
        yield ("" if number == 0 else "\n") + _bib_entry(valid.entry)


def _bib_entry(source) -> str:
    date = csl_date(source.published).get("date-parts", [[]])[0] if source.published else []
    fields = {"title": source.title, "journal": source.publisher, "author": list(source.authors),
              "year": str(date[0]) if date else None, "month": str(date[1]) if len(date) > 1 else None,
              "date": source.published.text if source.published else None,
              "url": source.url or source.archive_url, "urldate": source.accessed.text if source.accessed else None,
              "language": source.language, "note": archive_note(source)}
    return bibtex_entry("article" if source.publisher else "misc", source.id, fields)
