"""Benchmark Annals on synthetic corpora: pipeline speed, whole MkDocs build, memory, page weight.

    python scripts/bench.py [--sizes 1000 10000] [--keep DIR]

For each size N it writes a deterministic corpus of N entries (seeded with N:
~40% events, 25% people, 10% organizations, 10% places, 15% sources), checks
that it passes ``annals check``, then measures

* ``annals.pipeline.generate`` (load + validate + link + render), as entries/s,
  in a fresh process, beside bare libyaml (``yaml.CSafeLoader``) reading the same
  files in the same process (files/s), their ratio and the process's peak memory;
  sizes above ``--build-max`` (default 10,000; 100,000 is in the default sizes)
  stop here;
* a real ``mkdocs build --strict`` of the fixture site's mkdocs.yml (the repo's
  configuration by INHERIT) with ANNALS_ENTRIES pointing at the corpus: wall time, ms per page, peak RSS of the build process;
* a plain ``mkdocs build`` of the same Markdown without the Annals plugin
  (the generated pages written to a docs folder), and the ratio of the two;
* bytes of HTML per page, to show that per-page cost does not grow with N;
* ``mkdocs serve --dirty`` (what ``make serve`` runs): after its first build, the
  seconds from saving a one-line edit of one event to the server answering with
  the changed page.

The corpus is scale-free by construction: every reference picks its target
uniformly, so an entry's expected number of backlinks, citations and timeline
rows does not depend on N. Any page that grows with N is therefore a property
of Annals or MkDocs, not of the data; the report lists the largest pages and
the mean page size per section so such growth is visible.

Standard library plus the project's own dependencies only.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import defaultdict
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from annals import pipeline  # noqa: E402
from annals.beside import wrote  # noqa: E402
from annals.entry_types import ENTRY_TYPES  # noqa: E402
from annals.export import DATA_FILES, EXPORTS, Exports  # noqa: E402
from annals.link import link  # noqa: E402
from annals.lint import lint  # noqa: E402
from annals.load import load_entries  # noqa: E402
from annals.markdown import slugify  # noqa: E402
from annals.nav import with_sections  # noqa: E402
from annals.publication import Publication  # noqa: E402
from annals.render import render  # noqa: E402
from annals.render.indexes import CHRONOLOGY  # noqa: E402
from annals.search import SEARCH_INDEX  # noqa: E402
from annals.settings import Settings  # noqa: E402
from annals.validate import validate  # noqa: E402
from annals.vocabulary import EDITORS_DECIDE, EVENT_KINDS, RELATIONS, STATUSES  # noqa: E402

TEMPLATES = REPO / "templates"
FIXTURE = REPO / "tests" / "fixtures" / "corpus"
DOCS = FIXTURE / "docs"  # the fixture site's hand-written pages: they link to no real entry
CONFIG = FIXTURE / "mkdocs.yml"  # the real configuration (INHERIT), entries from ANNALS_ENTRIES
BASE_CONFIG = REPO / "mkdocs.yml"
FLAT_LIMIT = 1.5
"""ms/page at the largest N may be at most this many times ms/page at the smallest N."""

MIX = (("event", 0.40), ("person", 0.25), ("organization", 0.10), ("place", 0.10), ("source", 0.15))


# --- Synthetic corpus -------------------------------------------------------

FIRST_NAMES = ("Ann", "Ben", "Cho", "Dae", "Emi", "Farid", "Gan", "Hana", "Ito", "Jin", "Kenji", "Lena",
               "Min", "Nara", "Oyun", "Park", "Quinn", "Rei", "Sora", "Tomo", "Uri", "Vera", "Won",
               "Xiu", "Yuki", "Zaya", "Bat", "Dorj", "Haru", "Ji-ho", "Mi-rae", "Saran")
LAST_NAMES = ("Example", "Sample", "Test", "Kim", "Ri", "Pak", "Sato", "Tanaka", "Suzuki", "Bold",
              "Ganbaatar", "Nakamura", "Choe", "Han", "Jung", "Yoshida", "Erdene", "Stone", "Lee",
              "Mori", "Ochir", "Yamada", "Kang", "Hwang", "Ono", "Batbayar")
NATIVE_NAMES = (("안 예시", "ko-Hang"), ("佐藤 花子", "ja-Jpan"), ("Батбаяр", "mn-Cyrl"), ("리 진", "ko-Hang"))
COUNTRIES = ("JP", "KP", "KR", "MN", "CN", "US", "RU", "NO", "DE", "FR")
ROLE_TITLES = ("Ambassador", "Director-general", "Deputy minister", "Counsellor", "Chief negotiator",
               "Spokesperson", "Envoy", "Secretary", "Analyst", "Head of section")
PARTICIPANT_ROLES = ("head of delegation", "delegate", "host", "observer", "interpreter", "adviser")
SIDES = ("Westland", "Northland", "Eastland", "Southland")
ORG_KINDS = ("Ministry of Foreign Affairs", "Asia Bureau", "Cabinet Office", "Security Council",
             "Red Cross Society", "Trade Agency", "Friendship Association", "Research Institute",
             "Embassy", "Press Agency", "Forum Secretariat", "Liaison Office")
PLACE_SYLLABLES = ("al", "der", "port", "val", "ley", "ulan", "bat", "kha", "mor", "sen", "tor", "gol",
                   "bay", "ri", "na", "ko", "shi", "dal", "hen", "ost")
PLACE_KINDS = ("", " Hotel", " State House", " Guest House", " District", " Airport", " Province")
PUBLISHERS = tuple(f"The {a} {b}" for a in ("Alder", "Harbor", "Eastern", "Northern", "Valley", "Steppe",
                                                "Capital", "Coastal")
                   for b in ("Gazette", "Courier", "Daily", "Review", "Times", "Herald", "Wire"))
ADJECTIVES = ("Abrupt", "Brief", "Closed", "Delayed", "Early", "Frank", "Grand", "Hasty", "Informal",
              "Joint", "Key", "Late", "Modest", "New", "Open", "Private", "Quiet", "Renewed", "Secret",
              "Tense", "Unusual", "Vague", "Working", "Extended", "Young", "Zealous")
KIND_NOUNS = {"talks": "talks", "meeting": "meeting", "contact": "contact", "conference": "conference",
              "summit": "summit", "statement": "statement", "policy": "policy shift", "agreement": "agreement",
              "reception": "reception", "rally": "rally", "visit": "visit", "report": "press report",
              "other": "episode"}
HEADLINE_WORDS = ("officials", "delegations", "meet", "quietly", "agree", "deny", "report", "channel",
                  "talks", "resume", "stall", "envoy", "visit", "sources", "say", "plan", "summit",
                  "sidelines", "contacts", "confirmed", "rumoured", "capital", "ministry", "statement")
LANGUAGES = ("en", "ja", "ko", "mn", "ru", "zh")
TAGS = ("talks", "humanitarian", "abductions", "trade", "sports", "culture", "security", "sidelines")
FIRST_YEAR, YEARS = 1995, 30
HUB_SHARES = {"person": 0.6, "place": 0.5, "source": 0.4}
"""In the hub-shaped corpus: one person takes part in 60 % of events, one place hosts 50 %, one source is
cited by 40 %."""


class Corpus:
    """Ids already written, per type, in the order they were made (references point backwards)."""

    def __init__(self, n: int, hubs: bool = False):
        self.rng = random.Random(n)
        self.hubs = hubs
        self.ids: dict[str, list[str]] = defaultdict(list)
        self.counts = {t: round(n * share) for t, share in MIX}
        self.counts["source"] = n - sum(c for t, c in self.counts.items() if t != "source")

    def pick(self, entry_type: str, k: int = 1) -> list[str]:
        pool = self.ids[entry_type]
        return self.rng.sample(pool, min(k, len(pool)))

    def hub(self, entry_type: str, share: float) -> str | None:
        """In a hub-shaped corpus, the type's first entry with probability ``share``: real archives have a
        leader in most events, a city hosting half of them, a wire service cited by a third."""
        if self.hubs and self.ids[entry_type] and self.rng.random() < share:
            return self.ids[entry_type][0]
        return None


def _date(rng: random.Random) -> str:
    """An EDTF date of mixed precision within ~30 years."""
    year = FIRST_YEAR + rng.randrange(YEARS)
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    roll = rng.random()
    if roll < 0.40:
        return f"{year}-{month:02d}-{day:02d}"
    if roll < 0.60:
        return f"{year}-{month:02d}"
    if roll < 0.67:
        return f"{year}"
    if roll < 0.77:
        day = min(day, 25)  # the end day stays within the month
        return f"{year}-{month:02d}-{day:02d}/{year}-{month:02d}-{day + rng.randint(1, 3):02d}"
    if roll < 0.81:
        return f"{year}-{month:02d}/{year}-{min(12, month + 1):02d}"
    if roll < 0.87:
        return f"{year}-{month:02d}-XX"
    if roll < 0.93:
        return f"{year}-{month:02d}~"
    if roll < 0.97:
        return f"{year}-{month:02d}-{day:02d}?"
    if roll < 0.99:
        return f"{year}%"
    return f"{year}/.."


def _headline(rng: random.Random) -> str:
    words = rng.sample(HEADLINE_WORDS, rng.randint(4, 8))
    return " ".join(words).capitalize()


def _write(root: Path, entry_type: str, entry_id: str, data: dict) -> None:
    # safe_dump quotes anything that looks like a number or date; the loader reads text either way.
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    (root / entry_type / f"{entry_id}.yml").write_text(text, encoding="utf-8")


def _source(c: Corpus, i: int) -> dict:
    rng = c.rng
    publisher = rng.choice(PUBLISHERS)
    entry_id = f"{slugify(publisher.removeprefix('The '))}-{i}"
    data = {"id": entry_id, "title": _headline(rng), "publisher": publisher}
    if rng.random() < 0.5:
        data["authors"] = [f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
                           for _ in range(rng.randint(1, 2))]
    data["published"] = _date(rng).split("/")[0]
    data["url"] = f"https://example.org/{slugify(publisher)}/{entry_id}?page={i}&lang=en"
    if rng.random() < 0.2:
        data["archive_url"] = f"https://archive.example.org/{entry_id}"
    data["language"] = rng.choice(LANGUAGES)
    if c.ids["source"] and rng.random() < 0.15:
        data["cites"] = c.pick("source")  # an earlier source: no cycles
    if rng.random() < 0.2:
        data["summary"] = f"A report by {publisher} on {_headline(rng).lower()}."
    if rng.random() < 0.05:
        data["unverified"] = ["published"]
        data["note"] = "The page shows no date; the month is inferred from its content."
    return data


def _place(c: Corpus, i: int) -> dict:
    rng = c.rng
    name = "".join(rng.sample(PLACE_SYLLABLES, rng.randint(2, 3))).capitalize() + rng.choice(PLACE_KINDS)
    data = {"id": f"{slugify(name)}-{i}", "name": name}
    if rng.random() < 0.7:
        data["country"] = rng.choice(COUNTRIES)
    if c.ids["place"] and rng.random() < 0.5:
        data["located_in"] = c.pick("place")[0]  # an earlier place: no cycles
    if rng.random() < 0.4:
        data["coordinates"] = {"lat": round(rng.uniform(-60, 70), 4), "lon": round(rng.uniform(-170, 170), 4)}
    if rng.random() < 0.2:
        data["aliases"] = [name + " City"]
    if rng.random() < 0.2 and c.ids["source"]:
        data["summary"] = f"Called {name} by [@{c.pick('source')[0]}]."
    return data


def _organization(c: Corpus, i: int) -> dict:
    rng = c.rng
    name = f"{rng.choice(ORG_KINDS)} of {rng.choice(SIDES)}"
    data = {"id": f"{slugify(name)}-{i}", "name": name}
    if rng.random() < 0.6:
        data["country"] = rng.choice(COUNTRIES)
    if c.ids["organization"] and rng.random() < 0.4:
        data["parent"] = c.pick("organization")[0]  # an earlier organization: no cycles
    if rng.random() < 0.3:
        data["aliases"] = [f"{''.join(w[0] for w in name.split() if w[0].isupper())}-{i}"]
    if rng.random() < 0.3:
        data["summary"] = f"Based in [[place:{c.pick('place')[0]}]]."
    return data


def _person(c: Corpus, i: int) -> dict:
    rng = c.rng
    name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
    data = {"id": f"{slugify(name)}-{i}", "name": name}
    if rng.random() < 0.3:
        text, lang = rng.choice(NATIVE_NAMES)
        data["native_names"] = [{"text": text, "lang": lang}]
    if rng.random() < 0.2:
        data["spellings"] = [{"text": name.replace(" ", "-"), "sources": c.pick("source")}]
    if rng.random() < 0.8:
        data["country"] = rng.choice(COUNTRIES)
    roles = []
    for _ in range(rng.choice((0, 1, 1, 1, 2, 2, 3))):
        start = FIRST_YEAR + rng.randrange(YEARS)
        role = {"title": rng.choice(ROLE_TITLES), "organization": c.pick("organization")[0],
                "from": f"{start}-{rng.randint(1, 12):02d}"}
        if rng.random() < 0.6:
            role["to"] = str(min(start + rng.randint(1, 6), FIRST_YEAR + YEARS))
        role["sources"] = c.pick("source", rng.randint(1, 2))
        roles.append(role)
    if roles:
        data["roles"] = roles
    if rng.random() < 0.15:
        data["aliases"] = [name.split()[1] + " " + name.split()[0]]
    if rng.random() < 0.3:
        data["summary"] = f"A {rng.choice(ROLE_TITLES).lower()} named in reports [@{c.pick('source')[0]}]."
    return data


def _event(c: Corpus, i: int) -> dict:
    rng = c.rng
    kind = rng.choice(tuple(EVENT_KINDS))
    place = c.hub("place", HUB_SHARES["place"]) or c.pick("place")[0]
    title = f"{rng.choice(ADJECTIVES)} {KIND_NOUNS[kind]} number {i}"
    data = {"id": f"{slugify(title)}", "title": title, "date": _date(rng)}
    if rng.random() < 0.1:
        data["date_text"] = "reported without a precise date"
    data["place"] = place
    data["kind"] = kind
    data["status"] = rng.choice(tuple(STATUSES))
    participants, people = [], []
    for _ in range(rng.randint(1, 4)):
        participant = {}
        if rng.random() < 0.85:
            participant["person"] = c.pick("person")[0]
            people.append(participant["person"])
        if rng.random() < 0.7 or not participant:
            participant["organization"] = c.pick("organization")[0]
        if rng.random() < 0.3:
            participant["side"] = rng.choice(SIDES)
        if rng.random() < 0.7:
            participant["role"] = rng.choice(PARTICIPANT_ROLES)
        if rng.random() < 0.2:
            participant["sources"] = c.pick("source")
        participants.append(participant)
    leader = c.hub("person", HUB_SHARES["person"])
    if leader and leader not in people:
        participants.append({"person": leader, "role": rng.choice(PARTICIPANT_ROLES)})
        people.append(leader)
    data["participants"] = participants
    sources = c.pick("source", rng.randint(1, 3))
    wire = c.hub("source", HUB_SHARES["source"])
    if wire and wire not in sources:
        sources.append(wire)
    if c.ids["event"] and rng.random() < 0.3:
        targets = c.pick("event", rng.randint(1, 2))  # earlier events
        # A link cites the source that makes it, or (one in five) says why the editors make it.
        data["related"] = [{"event": t, "relation": rng.choice(tuple(RELATIONS)),
                            **({"sources": [sources[0]]} if rng.random() < 0.8 else
                               {"note": "The editors link the two: same place, same month."})} for t in targets]
    data["sources"] = sources  # every event cites at least one source
    mention = f"[[person:{people[0]}]]" if people else f"[[place:{place}]]"
    other = next((s for s in c.pick("source", 2) if s != sources[0]), sources[0])
    summary = (f"Officials including {mention} met, according to a report [@{sources[0]}] that "
               f"another outlet relayed [@{other}]. Analysts called it *{rng.choice(ADJECTIVES).lower()}*")
    if rng.random() < 0.3:
        summary += f' [@{sources[-1]}, "{_headline(rng).lower()}"]'
    if rng.random() < 0.2:
        summary += f"; see [the paper](https://example.org/papers/{i}?x=1&y=2)"
    data["summary"] = summary + ".\n"
    # The statuses `annals check` holds to the evidence: confirmed rests on a participant's own words here;
    # unconfirmed (one outlet resting on unnamed people) is not drawn, as the wire and relays give most
    # events two outlets; the editors' statuses give their reason.
    if data["status"] == "confirmed" and people:
        data["quote"] = {"text": _headline(rng) + ".", "source": sources[0], "speaker": people[0]}
    elif data["status"] in ("confirmed", "unconfirmed"):
        data["status"] = "reported"
    elif rng.random() < 0.1:
        data["quote"] = {"text": _headline(rng) + ".", "source": sources[0]}
    if data["status"] in EDITORS_DECIDE:
        data["status_reason"] = f"The reports say the {KIND_NOUNS[kind]} was {data['status']}."
    if rng.random() < 0.2:
        data["tags"] = rng.sample(TAGS, rng.randint(1, 2))
    if rng.random() < 0.05:
        data["note"] = f"Only one outlet reported the place [@{sources[0]}]."
    return data


BUILDERS = {"source": _source, "place": _place, "organization": _organization, "person": _person,
            "event": _event}
"""In dependency order: each type refers only to types made before it (or to earlier entries of its own)."""


def make_corpus(n: int, root: Path, hubs: bool = False) -> dict[str, int]:
    """Write N entries under ``root/<type>/<id>.yml``; return the count per type. ``hubs``: see HUB_SHARES."""
    corpus = Corpus(n, hubs)
    for entry_type in BUILDERS:
        (root / entry_type).mkdir(parents=True, exist_ok=True)
    for entry_type, builder in BUILDERS.items():
        for i in range(corpus.counts[entry_type]):
            data = builder(corpus, i)
            _write(root, entry_type, data["id"], data)
            corpus.ids[entry_type].append(data["id"])
    return dict(corpus.counts)


# --- Measuring --------------------------------------------------------------

def run_measured(cmd: list[str], env: dict, log: Path, cwd: Path) -> tuple[int, float, float]:
    """Run ``cmd``; return (exit code, wall seconds, peak RSS in MB of that process).

    Peak memory: os.wait4() reaps exactly this child and returns *its own*
    rusage, so ru_maxrss is the high-water mark of this build alone. That
    avoids both RUSAGE_CHILDREN (a running maximum over every child ever
    reaped, so a second, smaller build would report the first one's peak) and
    parsing /usr/bin/time output (absent on some machines, locale-dependent).
    MkDocs builds in one process and starts no workers, so the child's own
    peak is the build's peak. ru_maxrss is in KiB on Linux, bytes on macOS.
    """
    with open(log, "wb") as out:
        start = time.perf_counter()
        process = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=cwd)
        try:
            _, status, usage = os.wait4(process.pid, 0)
        except BaseException:
            process.kill()
            process.wait()
            raise
        wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    scale = 1 if sys.platform == "darwin" else 1024
    return process.returncode, wall, usage.ru_maxrss * scale / 2**20


def mkdocs_cmd(config: Path, site: Path, strict: bool) -> list[str]:
    cmd = [sys.executable, "-m", "mkdocs", "build", "--config-file", str(config), "--site-dir", str(site)]
    return cmd + (["--strict"] if strict else [])


def build_env(entries: Path | None = None) -> dict:
    env = os.environ | {"NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "0"}
    env.pop("ANNALS_ENTRIES", None)
    if entries is not None:
        env["ANNALS_ENTRIES"] = str(entries)
    return env


def reported_build_seconds(log: Path) -> float | None:
    """MkDocs' own 'Documentation built in X seconds' (excludes interpreter start and imports)."""
    found = re.findall(r"Documentation built in ([\d.]+) seconds", log.read_text(errors="replace"))
    return float(found[-1]) if found else None


def fail(message: str, log: Path | None = None) -> None:
    print(f"\nbench: {message}", file=sys.stderr)
    if log is not None and log.exists():
        tail = log.read_text(errors="replace").splitlines()[-40:]
        print("\n".join(f"  | {line}" for line in tail), file=sys.stderr)
    sys.exit(1)


# --- The plain MkDocs build -------------------------------------------------

class _EnvLoader(yaml.SafeLoader):
    """Reads mkdocs.yml: ``!ENV [NAME, default]`` becomes its default, as if NAME were unset."""


def _construct_env(loader: yaml.SafeLoader, node: yaml.Node):
    if isinstance(node, yaml.ScalarNode):
        return None  # !ENV NAME with NAME unset
    values = loader.construct_sequence(node, deep=True)
    return values[-1] if len(values) > 1 else None


def _construct_relative(loader: yaml.SafeLoader, node: yaml.Node):
    return loader.construct_scalar(node)


_EnvLoader.add_constructor("!ENV", _construct_env)
_EnvLoader.add_constructor("!relative", _construct_relative)


def plain_config(docs_dir: Path) -> dict:
    """The repo's mkdocs.yml minus the annals plugin, with paths made absolute.

    The nav gets the sections the plugin adds to it, so that both builds make
    the same pages: Material renders the nav into every one of them.
    """
    config = yaml.load(BASE_CONFIG.read_text(encoding="utf-8"), Loader=_EnvLoader)
    if config.get("nav"):
        config["nav"] = with_sections(config["nav"])
    plugins = config.get("plugins")
    if isinstance(plugins, list):
        config["plugins"] = [p for p in plugins
                             if not (p == "annals" or (isinstance(p, dict) and "annals" in p))]
    elif isinstance(plugins, dict):
        plugins.pop("annals", None)
    if not config.get("repo_url"):
        config.pop("edit_uri", None)  # as the annals plugin does: no repository, no edit links
    config["docs_dir"] = str(docs_dir)
    config.pop("site_dir", None)
    theme = config.get("theme")
    if isinstance(theme, dict) and theme.get("custom_dir"):
        theme["custom_dir"] = str((REPO / theme["custom_dir"]).resolve())
    if config.get("hooks"):
        config["hooks"] = [str((REPO / h).resolve()) for h in config["hooks"]]
    return config


def write_plain_docs(pages, exports: Exports, docs_dir: Path) -> None:
    """The hand-written docs plus every generated page and data file, as files."""
    shutil.copytree(DOCS, docs_dir)
    for page in pages:
        path = docs_dir / page.uri
        if path.exists():
            fail(f"generated page {page.uri} clashes with a hand-written file in docs/")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page.content, encoding="utf-8")
    exports.write(docs_dir)  # MkDocs copies them, as it would any file in docs/


def plain_build(pages, exports: Exports, work: Path, repeat: int) -> tuple[float, bool, float]:
    """Build the generated Markdown with MkDocs alone; return (best wall seconds, built strictly, peak MB)."""
    root = work / "plain"
    docs_dir = root / "docs"
    write_plain_docs(pages, exports, docs_dir)
    config = plain_config(docs_dir)
    config_path = root / "mkdocs.yml"
    for strict in (True, False):
        config["strict"] = strict  # the repo config says strict: true; a non-strict retry must say false
        config_path.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
        log = root / f"build-{'strict' if strict else 'loose'}.log"
        code, wall, peak = run_measured(mkdocs_cmd(config_path, root / "site", strict), build_env(), log, root)
        if code == 0:
            for _ in range(repeat - 1):
                code, again, more = run_measured(mkdocs_cmd(config_path, root / "site", strict), build_env(), log, root)
                if code != 0:
                    fail(f"a repeated plain mkdocs build failed with exit code {code}", log)
                wall, peak = min(wall, again), max(peak, more)
            return wall, strict, peak
        print(f"    plain mkdocs build --strict failed (exit {code}); retrying without --strict; "
              f"see {log}" if strict else "", flush=True)
    fail("the plain mkdocs build failed even without --strict", log)
    raise AssertionError


# --- HTML weight ------------------------------------------------------------

def html_sizes(site: Path) -> dict[str, int]:
    return {str(p.relative_to(site)): p.stat().st_size for p in site.rglob("*.html")}


def section_of(path: str) -> str:
    parts = path.split("/")
    if parts[0] in [t.section for t in ENTRY_TYPES.values()] + [CHRONOLOGY]:
        if len(parts) == 2 or parts[1] == "index.html":
            return f"{parts[0]} (index)"
        if parts[1] == "by":
            return f"{parts[0]} (index part)"
        return parts[0]
    return "other"


# --- Generation in a fresh process, beside bare libyaml ---------------------

def measure_generation(entries: Path) -> dict:
    """Run in a child process: libyaml alone, then the whole generation, on the same (cached) files.

    Every file is read once first, so both timings find them in the page cache.
    """
    import resource
    files = sorted(entries.rglob("*.yml"))
    texts = [f.read_bytes() for f in files]
    del texts
    t = time.perf_counter()
    for f in files:
        yaml.load(f.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    libyaml_s = time.perf_counter() - t
    t = time.perf_counter()
    made = pipeline.generate(entries, TEMPLATES)
    pages = made.files
    pages_s = time.perf_counter() - t
    with tempfile.TemporaryDirectory(prefix="annals-exports-") as folder:  # streamed, as a build writes them
        made.exports.write(folder)
        exported = {path: (Path(folder) / path).stat().st_size for path in EXPORTS}
    generate_s = time.perf_counter() - t
    largest: dict[str, tuple[int, str]] = {}
    for page in pages:
        section = section_of(_html_path(page.uri)) if page.uri.endswith(".md") else "data files (not pages)"
        size = len(page.content.encode("utf-8"))
        largest[section] = max(largest.get(section, (0, "")), (size, page.uri))
    for path, size in exported.items():
        largest["data files (not pages)"] = max(largest.get("data files (not pages)", (0, "")), (size, path))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * (1 if sys.platform == "darwin" else 1024) / 2**20
    return {"files": len(files), "libyaml_fps": len(files) / libyaml_s, "generate_s": generate_s, "pages_s": pages_s,
            "eps": len(files) / generate_s, "pages": len(pages), "peak_mb": peak, "largest_md": largest}


def _html_path(uri: str) -> str:
    """Where MkDocs writes a page: ``people/x.md`` -> ``people/x/index.html``."""
    return uri[:-len(".md")] + ".html" if uri.endswith("index.md") else uri[:-len(".md")] + "/index.html"


def generation_in_child(entries: Path) -> dict:
    result = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--measure-generation", str(entries)],
                            capture_output=True, text=True, env=build_env())
    if result.returncode != 0:
        fail(f"generation failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.splitlines()[-1])


# --- A one-entry edit under make serve ----------------------------------------

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _page(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


DATA_WRITTEN = wrote(DATA_FILES)
"""Serve's log line once the data files are written after a build (annals.beside)."""


def _settled(log: str) -> bool:
    return all(text in log for text in ("Serving on", DATA_WRITTEN, wrote(SEARCH_INDEX)))


def incremental_edit(entries: Path, work: Path) -> tuple[float, float, float]:
    """Serve the corpus as ``make serve`` does; return (first build s, until the data files and the search index
    are written too; s from saving an event edit to its page; s from saving it to serve's log saying the data
    files are written again).

    The edited event is the middle one by file name; its title gets a word added.
    """
    event = sorted((entries / "event").glob("*.yml"))[len(list((entries / "event").glob("*.yml"))) // 2]
    url_path = f"events/{event.stem}/"
    port = _free_port()
    log = work / "serve.log"
    command = [sys.executable, "-m", "mkdocs", "serve", "--dirty", "--config-file", str(CONFIG),
               "--dev-addr", f"127.0.0.1:{port}"]
    base = f"http://127.0.0.1:{port}/"
    with open(log, "w") as out:
        server = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=build_env(entries), cwd=REPO)
    try:
        start = time.perf_counter()
        deadline = start + 3600
        # Up, and done with what it writes after a build (annals.beside): an edit is timed from a settled server.
        while not _settled(log.read_text(errors="replace")) or not _page(base + url_path):
            if server.poll() is not None or time.perf_counter() > deadline:
                fail("mkdocs serve did not come up", log)
            time.sleep(0.2)
        first = time.perf_counter() - start
        marker = "Benchedit"
        text = event.read_text(encoding="utf-8")
        exported = log.read_text(errors="replace").count(DATA_WRITTEN)
        saved = time.perf_counter()
        event.write_text(re.sub(r"^title: (.*)$", rf"title: \1 {marker}", text, count=1, flags=re.M), encoding="utf-8")
        while marker not in _page(base + url_path):
            if time.perf_counter() - saved > 600:
                fail("the edit did not show within 10 minutes", log)
            time.sleep(0.02)
        seen = time.perf_counter() - saved
        while log.read_text(errors="replace").count(DATA_WRITTEN) == exported:
            if time.perf_counter() - saved > 600:
                fail("the data files were not written again within 10 minutes", log)
            time.sleep(0.02)
        data = time.perf_counter() - saved
        event.write_text(text, encoding="utf-8")
        return first, seen, data
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


# --- One size ---------------------------------------------------------------

def bench_size(n: int, work: Path, repeat: int = 1, hubs: bool = False, build: bool = True) -> dict:
    shape = "hub-shaped" if hubs else "uniform"
    print(f"\n== N = {n}, {shape} corpus ({work}); load average {_load()}", flush=True)
    phases: dict[str, float] = {}
    entries = work / "entries"

    t = time.perf_counter()
    counts = make_corpus(n, entries, hubs)
    phases["make corpus"] = time.perf_counter() - t
    print(f"  corpus: {', '.join(f'{c} {k}' for k, c in counts.items())} "
          f"({phases['make corpus']:.1f} s)", flush=True)

    t = time.perf_counter()
    site, problems, checked = pipeline.check(entries)
    phases["check"] = time.perf_counter() - t
    if problems:
        from annals.problems import format_problems
        print(format_problems(problems[:50]), file=sys.stderr)
        fail(f"the synthetic corpus has {len(problems)} problem(s) (first 50 above)")
    if checked != n:
        fail(f"annals check saw {checked} files, expected {n}")
    print(f"  annals check: {checked} entries, no problems ({phases['check']:.1f} s)", flush=True)
    del site

    generation = generation_in_child(entries)
    print(f"  pipeline.generate (fresh process): {generation['pages']} pages in {generation['generate_s']:.2f} s, "
          f"{generation['eps']:.0f} entries/s; libyaml alone {generation['libyaml_fps']:.0f} files/s "
          f"(ratio {generation['libyaml_fps'] / generation['eps']:.1f}); peak {generation['peak_mb']:.0f} MB",
          flush=True)
    result = {"n": n, "generation": generation, "built": build}
    if not build:
        return result

    t = time.perf_counter()
    made = pipeline.generate(entries, TEMPLATES)
    pages = made.files
    phases["pipeline.generate"] = time.perf_counter() - t
    print(f"  pipeline.generate: {len(pages)} pages in {phases['pipeline.generate']:.2f} s", flush=True)

    # Where the pipeline time goes: the steps of pipeline.check, then render, timed one by one.
    t = time.perf_counter()
    documents, _ = load_entries(entries)
    phases["  load"] = (t1 := time.perf_counter()) - t
    valid, _ = validate(documents)
    phases["  validate"] = (t2 := time.perf_counter()) - t1
    linked, _ = link(valid)
    phases["  link"] = (t3 := time.perf_counter()) - t2
    lint(linked)
    phases["  lint"] = (t4 := time.perf_counter()) - t3
    render(linked, Settings(templates=TEMPLATES), Publication())
    phases["  render"] = (t5 := time.perf_counter()) - t4
    Exports(linked, Settings(), Publication()).write(work / "exported")
    phases["  export (written beside the build)"] = time.perf_counter() - t5
    del documents, valid, linked

    hand_written = sum(1 for _ in DOCS.rglob("*.md"))
    page_count = sum(1 for page in pages if page.uri.endswith(".md")) + hand_written  # data files are not pages

    site_dir = work / "site"
    log = work / "build.log"
    print("  mkdocs build --strict (Annals) ...", flush=True)
    build_s, peak_mb = float("inf"), 0.0
    for _ in range(repeat):  # best wall time of `repeat` builds; peak memory is the largest seen
        code, wall, peak = run_measured(mkdocs_cmd(CONFIG, site_dir, strict=True), build_env(entries), log, REPO)
        if code != 0:
            fail(f"mkdocs build --strict failed with exit code {code}", log)
        build_s, peak_mb = min(build_s, wall), max(peak_mb, peak)
    phases["mkdocs build (Annals)"] = build_s
    inner = reported_build_seconds(log)
    print(f"    {build_s:.1f} s wall (MkDocs reports {inner} s), peak {peak_mb:.0f} MB", flush=True)

    sizes = html_sizes(site_dir)
    print("  mkdocs build (plain, no Annals) ...", flush=True)
    plain_s, plain_strict, plain_mb = plain_build(pages, made.exports, work, repeat)
    phases["mkdocs build (plain)"] = plain_s
    print(f"    {plain_s:.1f} s wall{'' if plain_strict else ' (not strict)'}, peak {plain_mb:.0f} MB", flush=True)

    print("  mkdocs serve --dirty: first build, then one event edited ...", flush=True)
    first_serve_s, edit_s, data_s = incremental_edit(entries, work)
    print(f"    first build {first_serve_s:.1f} s; the edit showed {edit_s:.2f} s after saving, "
          f"the data files were written again {data_s:.2f} s after saving", flush=True)

    by_section: dict[str, list[int]] = defaultdict(list)
    for path, size in sizes.items():
        by_section[section_of(path)].append(size)
    return result | {
        "serve_first_s": first_serve_s, "edit_s": edit_s, "data_s": data_s, "pages": page_count, "repeat": repeat, "phases": phases,
        "eps": n / phases["pipeline.generate"],
        "build_s": build_s, "inner_s": inner, "ms_page": 1000 * build_s / page_count, "peak_mb": peak_mb,
        "plain_s": plain_s, "plain_strict": plain_strict, "plain_mb": plain_mb, "ratio": build_s / plain_s,
        "kb_page": sum(sizes.values()) / page_count / 1024,
        "html_files": len(sizes),
        "sections": {k: (len(v), sum(v) / len(v) / 1024, max(v) / 1024) for k, v in by_section.items()},
        "largest": sorted(sizes.items(), key=lambda kv: -kv[1])[:5],
    }


# --- Report -----------------------------------------------------------------

def _load() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg()) + f" on {os.cpu_count()} CPUs"
    except OSError:
        return "unknown"


def report_generation(results: list[dict], shape: str) -> None:
    """Generation at every size: entries/s beside libyaml, ratio, peak memory, largest Markdown per section."""
    print(f"\nGeneration ({shape} corpus; fresh process per size; load + validate + link + lint + render, then the "
          "data files streamed to disk):")
    header = ("N", "entries/s", "libyaml files/s", "libyaml/Annals", "s", "of which pages s", "µs/entry", "peak MB")
    rows = [(f"{r['n']}", f"{g['eps']:.0f}", f"{g['libyaml_fps']:.0f}", f"{g['libyaml_fps'] / g['eps']:.2f}",
             f"{g['generate_s']:.2f}", f"{g['pages_s']:.2f}", f"{1e6 * g['generate_s'] / r['n']:.0f}",
             f"{g['peak_mb']:.0f}")
            for r in results for g in [r["generation"]]]
    _table(header, rows)
    sections = sorted({s for r in results for s in r["generation"]["largest_md"]})
    print("Largest generated Markdown per section (KB) at N = " + ", ".join(str(r["n"]) for r in results) + ":")
    for section in sections:
        cells = [r["generation"]["largest_md"].get(section, (0, ""))[0] / 1024 for r in results]
        print(f"  {section:<27}" + "".join(f"{c:9.1f}" for c in cells))
    small, large = results[0], results[-1]
    if len(results) > 1:
        per = [1e6 * r["generation"]["generate_s"] / r["n"] for r in (small, large)]
        print(f"Cost per entry at N={large['n']} is {per[1] / per[0]:.2f}x that at N={small['n']}.")


def _table(header: tuple, rows: list[tuple]) -> None:
    widths = [max(len(h), *(len(row[i]) for row in rows)) for i, h in enumerate(header)]
    line = "  ".join("-" * w for w in widths)
    print("  ".join(h.rjust(w) for h, w in zip(header, widths)))
    print(line)
    for row in rows:
        print("  ".join(c.rjust(w) for c, w in zip(row, widths)))
    print(line)


GOALS = {  # issue 25, each checked where the bench measures it
    "generation entries/s at 10,000": (">=", 2500),
    "libyaml files/s / generation entries/s at 10,000": ("<=", 6.0),
    "peak MB generating 100,000": ("<=", 1500),
    "strict build s / plain MkDocs s": ("<=", 1.05),
    "serve: one-entry edit shown after s, at 10,000": ("<=", 2.0),
}


def goal_rows(results: list[dict]) -> list[tuple[str, str, float]]:
    """(goal, where, measured) for every goal this run measured."""
    rows = []
    for r in results:
        g, n = r["generation"], r["n"]
        if n == 10000:
            rows += [("generation entries/s at 10,000", "", g["eps"]),
                     ("libyaml files/s / generation entries/s at 10,000", "", g["libyaml_fps"] / g["eps"])]
        if n == 100000:
            rows.append(("peak MB generating 100,000", "", g["peak_mb"]))
        if r["built"]:
            rows.append(("strict build s / plain MkDocs s", f"N={n}", r["ratio"]))
            if n == 10000:
                rows.append(("serve: one-entry edit shown after s, at 10,000", "", r["edit_s"]))
    return rows


def report_goals(results: list[dict], shape: str) -> None:
    """Each figure beside its goal (``GOALS``), and whether it is met."""
    rows = goal_rows(results)
    if not rows:
        return
    print(f"\nGoals ({shape} corpus):")
    table = []
    for name, where, value in rows:
        sign, target = GOALS[name]
        met = value >= target if sign == ">=" else value <= target
        table.append((name, where, f"{value:.2f}" if value < 100 else f"{value:.0f}", f"{sign} {target}",
                      "met" if met else f"NOT met ({value / target:.2f}x the goal)"))
    _table(("goal", "where", "measured", "goal", "verdict"), table)


def report(results: list[dict], shape: str) -> None:
    report_generation(results, shape)
    report_figures([r for r in results if r["built"]], shape)
    report_goals(results, shape)


def report_figures(results: list[dict], shape: str) -> None:
    if not results:
        return
    print(f"\nWhole builds ({shape} corpus):")
    header = ("N", "pages", "entries/s", "build s", "ms/page", "peak MB", "plain s", "ratio", "KB HTML/page",
              "serve edit s", "serve data s")
    rows = [(f"{r['n']}", f"{r['pages']}", f"{r['eps']:.0f}", f"{r['build_s']:.1f}", f"{r['ms_page']:.2f}",
             f"{r['peak_mb']:.0f}", f"{r['plain_s']:.1f}" + ("" if r["plain_strict"] else "*"),
             f"{r['ratio']:.2f}", f"{r['kb_page']:.1f}", f"{r['edit_s']:.2f}", f"{r['data_s']:.2f}") for r in results]
    _table(header, rows)
    if any(not r["plain_strict"] for r in results):
        print("* plain build not strict (strict failed)")
    print("entries/s: pipeline.generate in the bench process; build s: mkdocs build --strict wall time, "
          f"interpreter start included{'' if results[0]['repeat'] == 1 else ', best of ' + str(results[0]['repeat'])};\nratio: build s / plain s; pages: generated pages + hand-written docs pages;\n"
          "serve edit s: make serve (mkdocs serve --dirty), from saving a one-line event edit to the server answering "
          "with the changed page;\nserve data s: from saving it to serve's log saying the data files are written "
          "again (after the reload, annals/beside.py).")

    print("\nPhases (seconds):")
    names = list(results[0]["phases"])
    print("  " + "".join(f"{'N=' + str(r['n']):>12}" for r in results) + "  phase")
    for name in names:
        print("  " + "".join(f"{r['phases'][name]:12.2f}" for r in results) + f"  {name}")
    print("  " + "".join(f"{r['inner_s'] or float('nan'):12.2f}" for r in results)
          + "  (MkDocs' own 'Documentation built in', Annals build)")
    print("\nPeak memory (MB): " + ", ".join(f"N={r['n']}: Annals build {r['peak_mb']:.0f}, plain build "
                                           f"{r['plain_mb']:.0f}" for r in results))
    print("First build under serve, data files and search index written (s): " + ", ".join(f"N={r['n']}: {r['serve_first_s']:.1f}" for r in results))

    print("\nHTML per section (per N: files, mean KB, max KB):")
    sections = sorted({s for r in results for s in r["sections"]})
    for section in sections:
        cells = []
        for r in results:
            files, mean, largest = r["sections"].get(section, (0, 0.0, 0.0))
            cells.append(f"{files:>6} {mean:7.1f} {largest:7.1f}")
        print(f"  {section:<27}" + "   ".join(cells))
    for r in results:
        print(f"\nLargest HTML pages at N={r['n']}: "
              + ", ".join(f"{p} ({s / 1024:.0f} KB)" for p, s in r["largest"]))

    if len(results) > 1:
        small, large = min(results, key=lambda r: r["n"]), max(results, key=lambda r: r["n"])
        marginal = 1000 * (large["build_s"] - small["build_s"]) / max(1, large["pages"] - small["pages"])
        growth = large["ms_page"] / small["ms_page"]
        print(f"\nMarginal build cost between N={small['n']} and N={large['n']}: {marginal:.2f} ms/page "
              f"(fixed start-up cost excluded)")
        verdict = "flat" if growth <= FLAT_LIMIT else "NOT flat"
        print(f"ms/page at N={large['n']} is {growth:.2f}x that at N={small['n']} "
              f"(limit {FLAT_LIMIT}x): {verdict}")
    else:
        print(f"\nOnly one size (N={results[0]['n']}): flat/NOT flat needs two sizes")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000], metavar="N",
                        help="corpus sizes (default: 1000 10000 100000)")
    parser.add_argument("--build-max", type=int, default=10000, metavar="N",
                        help="sizes above N measure generation only, no MkDocs build (default: 10000)")
    parser.add_argument("--measure-generation", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--keep", type=Path, metavar="DIR",
                        help="work in DIR and keep corpora and sites there (default: a temporary folder)")
    parser.add_argument("--hubs", action="store_true",
                        help="a hub-shaped corpus: one person in 60%% of events, one place hosting 50%%, "
                             "one source cited by 40%% (default: references picked uniformly)")
    parser.add_argument("--repeat", type=int, default=1, metavar="R",
                        help="run each MkDocs build R times and keep the best wall time (default: 1)")
    args = parser.parse_args(argv)
    if args.measure_generation:
        print(json.dumps(measure_generation(args.measure_generation)))
        return 0
    if any(n < 20 for n in args.sizes):
        parser.error("each size must be at least 20 entries")

    if args.keep:
        base = args.keep.resolve()
        base.mkdir(parents=True, exist_ok=True)
        cleanup = None
    else:
        cleanup = tempfile.TemporaryDirectory(prefix="annals-bench-")
        base = Path(cleanup.name)
    started = time.perf_counter()
    try:
        results = []
        for n in args.sizes:
            work = base / f"n{n}"
            if work.exists():
                shutil.rmtree(work)
            work.mkdir()
            results.append(bench_size(n, work, max(1, args.repeat), args.hubs, build=n <= args.build_max))
            if n > args.build_max and not args.keep:
                shutil.rmtree(work)  # 100,000 files: not kept unless asked
        report(results, "hub-shaped" if args.hubs else "uniform")
    finally:
        if cleanup is not None:
            cleanup.cleanup()
    print(f"\nLoad average at the end: {_load()}")
    print(f"Total {time.perf_counter() - started:.0f} s" + (f"; kept in {base}" if args.keep else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
