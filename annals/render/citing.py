"""Citing an entry page, and the entry's history: plain text and BibTeX a reader can copy.

A page that changes cannot be cited by an access date alone, so the citation
names the commit that last changed the entry and links to the entry file as
that commit left it, when git and ``repo_url`` are known (see
``annals.publication``). BibTeX is written here for the sources export too.
"""

from __future__ import annotations

import datetime
import re

from annals.dates import MONTH_NAMES
from annals.publication import Publication
from annals.render.context import entry_uri
from annals.validate import Valid

# BibTeX counts every brace, whatever precedes it (``\}`` closes a field as ``}`` does), so no brace of the
# text is written as a brace: braces become commands, and the only braces in a value are the ``{}`` pairs
# written here, always balanced. Line breaks and tabs become spaces (a blank line would end a LaTeX paragraph).
_BIBTEX_ESCAPES = {"\\": r"\textbackslash{}", "{": r"\textbraceleft{}", "}": r"\textbraceright{}",
                   "%": r"\%", "&": r"\&", "$": r"\$", "#": r"\#", "_": r"\_", "^": r"\^{}", "~": r"\~{}",
                   "\t": " ", "\n": " ", "\r": " "}
_BIBTEX_TABLE = str.maketrans(_BIBTEX_ESCAPES)
_KEY_UNSAFE_RE = re.compile(r"[^A-Za-z0-9_:-]+")


def bibtex_text(value: str) -> str:
    """Text as a BibTeX field value shows it: every character BibTeX or LaTeX reads as markup escaped.

    The result holds no brace of ``value``: whatever the text, the field it is
    written into ends where Annals ends it (real BibTeX and pybtex read it so).
    """
    return value.translate(_BIBTEX_TABLE)


def bibtex_names(names: list[str]) -> str:
    """People or bodies as one BibTeX name list: each name braced whole, so BibTeX neither splits a
    name holding `` and `` into two nor reorders it into first and last names (CSL's ``literal``)."""
    return " and ".join("{" + bibtex_text(name) + "}" for name in names)


def bibtex_url(url: str) -> str:
    """An address as a verbatim BibTeX ``url``: braces and backslashes percent-encoded, nothing else."""
    return url.replace("{", "%7B").replace("}", "%7D").replace("\\", "%5C")


def bibtex_key(*parts: str) -> str:
    """A citation key from names and ids: letters, digits, ``_ : -`` only."""
    return _KEY_UNSAFE_RE.sub("-", "-".join(parts)).strip("-").lower()


def bibtex_entry(kind: str, key: str, fields: dict[str, str | list[str] | None]) -> str:
    """One BibTeX entry, fields in the order given, empty ones left out; values escaped, braced.

    ``url`` is read verbatim by BibTeX styles: only the characters that would end
    the field are percent-encoded there, so the address stays the one published.
    A list is a list of names (``author``), written by ``bibtex_names``.
    """
    lines = [f"@{kind}{{{key},"]
    lines += [f"  {name} = {{{_bibtex_value(name, value)}}}," for name, value in fields.items() if value]
    return "\n".join(lines) + "\n}\n"


def _bibtex_value(name: str, value: str | list[str]) -> str:
    if isinstance(value, list):
        return bibtex_names(value)
    return bibtex_url(value) if name == "url" else bibtex_text(value)


def long_date(iso_day: str) -> str:
    """``2026-11-27`` -> ``27 November 2026``."""
    day = datetime.date.fromisoformat(iso_day)
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def provenance(valid: Valid, publication: Publication) -> dict | None:
    """The entry's last change from git: its date, commit, and links to that revision and to its history."""
    change = publication.last_change((valid.entry_type, valid.key[1]))
    if change is None:
        return None
    return {"date": long_date(change.revision.date), "commit": change.revision.commit[:7],
            "revision_url": publication.revision_url(change), "history_url": publication.history_url(change)}


def page_citation(valid: Valid, publication: Publication) -> dict:
    """How to cite the entry's page: one line of text and a BibTeX entry."""
    change = publication.last_change((valid.entry_type, valid.key[1]))
    label, url = valid.entry.label, publication.page_url(entry_uri(valid.key))
    revision = publication.revision_url(change) if change else None
    parts = [publication.site_name, f"“{label}”"]
    if change is not None:
        parts.append(f"last changed {long_date(change.revision.date)} (revision {change.revision.commit[:7]}"
                     + (f", {revision})" if revision else ")"))
    parts.append(url or f"entry {valid.entry_type}/{valid.key[1]}")
    note = [f"Entry {valid.entry_type}/{valid.key[1]}"]
    if change is not None:
        note.append(f"revision {change.revision.commit}" + (f", {revision}" if revision else ""))
    fields = {"title": label, "howpublished": publication.site_name,
              "year": change.revision.date[:4] if change else None,
              "month": MONTH_NAMES[int(change.revision.date[5:7]) - 1] if change else None,
              "url": url, "note": "; ".join(note)}
    return {"text": ", ".join(parts) + ".",
            "bibtex": bibtex_entry("misc", bibtex_key(publication.site_name, valid.key[1]), fields)}
