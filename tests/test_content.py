"""The Ulaanbaatar Channel's own content: every seed sourced, every fact cited, nothing unreachable.

These tests read the seed articles and their metadata in ../shared/ (beside
the repository, as on every developer's machine and in CI) to check that
quotes are verbatim and addresses are not invented.
"""

import os
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest

from annals.markdown import CITATION_RE
from annals.fields import markdown_fields
from annals.model import STATUSES, Event
from annals.pipeline import check
from annals.render import entry_uri

REPO = Path(__file__).parents[1]
SHARED = REPO.parent / "shared"
SEED_SOURCES = {
    "000_24928e371868c06b.txt": "korea-herald-2019-06-06-ubd",
    "001_92b49b037850e267.txt": "mni-2024-06-secret-talks",
    "002_52f7a3d0630aa9f2.txt": "head-post-2024-japan-north-korea-meeting",
    "003_c5ca2f03f096bdd4.txt": "japan-times-2018-02-27-chat",
    "004_9578700c8de9717f.txt": "nklw-2012-11-19-talks-end",
}


def normalized(text: str) -> str:
    """Text compared without regard to typographic quotes, dashes or line breaks."""
    for fancy, plain in (("’", "'"), ("‘", "'"), ("“", '"'), ("”", '"'), ("–", "-"), ("—", "-")):
        text = text.replace(fancy, plain)
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def site():
    site, problems, _ = check(REPO / "entries", display_root=REPO)
    assert [str(p) for p in problems] == []
    return site


def require_shared() -> None:
    """The seed articles live beside the repository, not in it (they are others' copyrighted text).

    Where they are absent (a GitHub runner) these checks skip; our CI sets
    ANNALS_REQUIRE_SEEDS=1, so there a missing folder fails instead.
    """
    if not (SHARED / "seeds").is_dir():
        message = f"the seed articles are not beside this checkout ({SHARED / 'seeds'})"
        if os.environ.get("ANNALS_REQUIRE_SEEDS") == "1":
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="module")
def seeds() -> dict[str, str]:
    require_shared()
    folder = SHARED / "seeds"
    return {p.name: normalized(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.txt"))}


def test_each_seed_article_has_its_source_entry(site, seeds):
    assert sorted(seeds) == sorted(SEED_SOURCES)
    for seed, source_id in SEED_SOURCES.items():
        source = site.entries[("source", source_id)].entry
        assert normalized(source.title) in seeds[seed], f"{source_id}'s title is not the title of {seed}"


def test_every_source_is_cited_and_every_event_cites(site):
    sources = [k[1] for k in site.entries if k[0] == "source"]
    assert [s for s in sources if not site.cited_by.get(s)] == []
    events = [k for k in site.entries if k[0] == "event"]
    assert len(events) >= 25
    assert [e for e in events if not site.cited.get(e)] == []


def seed_table() -> list[dict[str, str]]:
    """The rows of the research file's table of seed articles: seed file, title, publisher, URL."""
    require_shared()
    rows = []
    for line in (SHARED / "sources.md").read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 6 and cells[0].endswith(".txt"):
            rows.append({"seed": cells[0], "title": cells[1], "publisher": cells[2], "url": cells[5]})
    return rows


def test_sources_the_research_file_lists_match_it(site):
    """The research file verifies what it lists; a source it does not list is not an error.

    A new source needs what `annals check` asks of every source (an address, or
    the reason there is none), not a line in a file outside the repository.
    """
    rows = seed_table()
    assert len(rows) == len(SEED_SOURCES), "the research file's seed table changed shape"
    for row in rows:
        source = site.entries[("source", SEED_SOURCES[row["seed"]])].entry
        assert source.url == row["url"], f"{source.id}: the research file gives {row['url']}"
        assert row["publisher"].startswith(source.publisher or "(none)"), \
            f"{source.id}: the research file names the publisher {row['publisher']!r}"


def quotes(site):
    """Every quote on the site with the source it is attributed to."""
    for key, valid in site.entries.items():
        entry = valid.entry
        if isinstance(entry, Event) and entry.quote:
            yield key, entry.quote.source, entry.quote.text
        for _, text in markdown_fields(entry):
            for match in CITATION_RE.finditer(text):
                if match.group("quote"):
                    yield key, match.group("id"), match.group("quote")


def test_every_quote_is_verbatim_from_a_seed_article(site, seeds):
    text_of = {source_id: seeds[seed] for seed, source_id in SEED_SOURCES.items()}
    found = list(quotes(site))
    assert found, "the content quotes nothing: the quote checks would be empty"
    for key, source_id, quote in found:
        assert source_id in text_of, f"{key}: quotes {source_id}, whose text the site does not hold"
        assert normalized(quote) in text_of[source_id], f"{key}: {quote!r} is not verbatim in {source_id}"


def test_status_meanings_on_the_methodology_page_match_the_schema():
    about = (REPO / "docs" / "about.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| (\w+) \| ([^|]+?) \|$", about, re.MULTILINE))
    rows.pop("Status", None)
    assert rows == STATUSES


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.hrefs += [v for k, v in attrs if k == "href" and v]


def crawl(site_dir: Path, start: str) -> set[str]:
    """Every page of the built site reachable by links from ``start``."""
    base = "http://site/"
    seen, pending = set(), [urljoin(base, start)]
    while pending:
        url = pending.pop()
        path = urlsplit(url).path
        if path in seen or not url.startswith(base):
            continue
        file = site_dir / path.lstrip("/") / "index.html" if path.endswith("/") else site_dir / path.lstrip("/")
        if not file.is_file():
            continue
        seen.add(path)
        parser = _Links()
        parser.feed(file.read_text(encoding="utf-8"))
        pending += [urldefrag(urljoin(url, href))[0] for href in parser.hrefs]
    return seen


@pytest.mark.slow
def test_no_entry_is_unreachable_from_the_chronology_or_an_index(site, real_site):
    starts = ["chronology/", "events/", "people/", "organizations/", "places/", "sources/"]
    reached = set().union(*(crawl(real_site, start) for start in starts))
    for key in site.entries:
        page = "/" + entry_uri(key).removesuffix(".md") + "/"
        assert page in reached, f"{page} cannot be reached from the chronology or an index page"
