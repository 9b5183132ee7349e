"""Which sources have no archived copy: ``annals archive-check``.

A news page can move or vanish; an archived copy (``archive_url``, with the
day it was read in ``accessed``) lets a reader check a citation years later.
This is a report for editors and maintainers, never a rule a pull request must
meet: it does not read the network (``make linkcheck`` does that).
"""

from __future__ import annotations

from annals.problems import Problem
from annals.site import Site

ARCHIVE_HINT = ("save the page in a web archive (web.archive.org/save or archive.today), then give "
                "`archive_url:` and the day you read it as `accessed:`")


def unarchived(site: Site) -> list[Problem]:
    """Every source without ``archive_url``, located at its ``url`` (or at the top of its file)."""
    found = []
    for valid in sorted(site.of_type("source"), key=lambda v: v.key):
        source = valid.entry
        if source.archive_url:
            continue
        what = "this source has no archived copy" + ("" if source.accessed else " and no access date")
        found.append(valid.document.problem(("url",), what, ARCHIVE_HINT).as_warning())
    return found
