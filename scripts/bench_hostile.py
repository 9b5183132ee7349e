"""Time ``annals check`` on hostile entries: every case must end within 5 s, located or clean.

    python scripts/bench_hostile.py [--limit-seconds 5] [--timeout 60] [--keep DIR] [--no-audit]

Entries come from strangers (issue 7), so no entry may make a check slow. For
each case below the script writes a corpus (one hostile event and the source it
cites) into a temporary folder and times the check:

* 60,000 nested ``[`` in one entry (this crashed libyaml's composer);
* 1 MB of hostile Markdown in one entry's summary, one pattern per case
  (``[[a:`` repeated, ``[@a, "`` repeated, backticks, ``<`` runs, ...), once with
  the size limit raised to 2 MB, so the text is really scanned, and once with the
  default limit, where the file must be refused before it is read;
* 256 KB that libyaml refuses early, so PyYAML's pure-Python parser reads it all;
  20,000 duplicate keys; 60,000 escaped control characters.

Each check runs in a child process of this script (``--worker``), which calls
``annals.pipeline.check`` as ``annals check`` does. A child process, rather
than a call in this process, because a hostile input may crash the interpreter
(libyaml's composer did, on deep nesting) or run for minutes inside one
regular expression, which cannot be interrupted: the parent kills the child
after ``--timeout`` seconds and reports the case as failed instead of hanging or
dying itself. The child calls ``pipeline.check`` rather than running the
``annals`` command so that the time shown is the check's own, not Python's
start-up and imports (the wall time of the whole child is shown beside it);
a case that crashes or times out fails.

Then an audit (``--no-audit`` skips it) finds every compiled regular expression
in the ``annals`` modules and times each on inputs built from its own
characters: every prefix of a string the pattern matches, repeated (the partial
matches that make a backtracking engine rescan), screened at 10 KB, the worst
three then at 100 KB, 400 KB and 1.6 MB. A pattern whose time grows more than
8x at both 4x steps (linear: 4x, quadratic: 16x), that needs more than 50 ms
for 10 KB or more than a second for one scan, is flagged.

Exits 1 if any case or pattern fails. Standard library and Annals only.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import itertools
import json
import pkgutil
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import annals  # noqa: E402
from annals.settings import DEFAULT_MAX_FILE_BYTES  # noqa: E402

MB = 1_000_000
RAISED_LIMIT = 2 * MB
"""The size limit for cases whose text must really be scanned."""
GROWTH_LIMIT = 8
"""Flag a pattern when 4x the input takes more than this many times as long (linear: ~4x, quadratic: ~16x)."""
SLOW_SECONDS = 1.0
"""Flag a pattern outright when one scan takes longer than this (or a twentieth of it on 10 KB)."""
NOISE_SECONDS = 0.005
"""Below this, timings are noise: a pattern this fast on 1.6 MB is not flagged."""

SOURCE = "id: paper\ntitle: A paper\npublisher: The Paper\n"
EVENT = "id: hostile\ntitle: A hostile summary\ndate: 2012-11-15\nkind: talks\nstatus: confirmed\nsources: [paper]\n"

MARKDOWN_PATTERNS = {
    "[[a: repeated": "[[a:",
    '[@a, " repeated': '[@a, "',
    "[[a:b| repeated": "[[a:b|",
    "]( repeated": "](",
    "backticks": "`",
    "< runs": "<",
    "[x]: runs": "[x]:",
    "*_ emphasis runs": "*_",
    "[x]: lines": "[x]:\n",
    "> - 1. prefixes": "> - 1. ",
    "` x`` runs": "` x``",
}
"""Case name -> text repeated to 1 MB in one summary."""


# --- Corpora -------------------------------------------------------------------

@dataclass(frozen=True)
class Case:
    """One corpus: the hostile event's text, and the size limit to check it with (None: the default)."""

    name: str
    event: str
    limit: int | None = None


def summary_case(name: str, unit: str, limit: int | None) -> Case:
    """An event whose summary is ``unit`` repeated to 1 MB (as a literal block, so every character is kept)."""
    text = (unit * (MB // len(unit) + 1))[:MB]
    block = "\n".join("  " + line for line in text.split("\n"))
    return Case(name, EVENT + "summary: |\n" + block + "\n", limit)


def cases() -> list[Case]:
    """Every hostile corpus, in the order of the table."""
    found = [Case("60,000 nested [", EVENT + "summary: " + "[" * 60_000 + "\n")]
    for name, unit in MARKDOWN_PATTERNS.items():
        found.append(summary_case(name, unit, RAISED_LIMIT))
        found.append(summary_case(name, unit, None))
    python_only = 'title: "\\ud800 libyaml refuses this escape"\n'
    found.append(Case("256 KB for PyYAML's parser", EVENT.replace("title: A hostile summary\n", python_only)
                      + "participants:\n" + "  - side: x\n" * 21_000))
    found.append(Case("20,000 duplicate keys", EVENT + "summary: x\n" * 20_000))
    found.append(Case("60,000 escaped controls", EVENT + 'summary: "' + "\\x01" * 60_000 + '"\n'))
    return found


def write_corpus(case: Case, folder: Path) -> Path:
    """The entries folder of one case."""
    entries = folder / "entries"
    (entries / "event").mkdir(parents=True)
    (entries / "source").mkdir()
    (entries / "source" / "paper.yml").write_text(SOURCE, encoding="utf-8")
    (entries / "event" / "hostile.yml").write_text(case.event, encoding="utf-8")
    return entries


# --- One check, in a child process ---------------------------------------------

def worker(entries: Path, limit: int | None) -> None:
    """Check ``entries`` as ``annals check`` does (with ``limit`` bytes per file if given); print JSON."""
    from annals import pipeline

    started = time.perf_counter()
    _, problems, count = pipeline.check(entries, max_file_bytes=limit or DEFAULT_MAX_FILE_BYTES)
    seconds = time.perf_counter() - started
    first = str(sorted(problems)[0]) if problems else f"{count} entries, no problems"
    print(json.dumps({"seconds": seconds, "problems": len(problems), "first": first}))


@dataclass
class Result:
    """What one case did: seconds inside the check, the first problem (or why it failed), pass or fail."""

    case: Case
    seconds: float | None
    wall: float
    result: str
    passed: bool


def run_case(number: int, case: Case, work: Path, limit_seconds: float, timeout: float) -> Result:
    """Write one corpus (in ``work/<number>-<name>``) and check it in a child process; a crash or timeout fails."""
    slug = re.sub(r"[^a-z0-9]+", "-", f"{case.name} {case.limit or 'default'}".lower()).strip("-")
    folder = work / f"{number:02d}-{slug}"
    if folder.exists():
        shutil.rmtree(folder)
    entries = write_corpus(case, folder)
    command = [sys.executable, __file__, "--worker", str(entries)]
    command += ["--bytes", str(case.limit)] if case.limit else []
    started = time.perf_counter()
    try:
        child = subprocess.run(command, capture_output=True, text=True, timeout=timeout, cwd=folder)
    except subprocess.TimeoutExpired:
        return Result(case, None, timeout, f"TIMEOUT: still running after {timeout:.0f} s", False)
    wall = time.perf_counter() - started
    if child.returncode != 0:
        last = (child.stderr.strip().splitlines() or [f"exit code {child.returncode}"])[-1]
        return Result(case, None, wall, f"CRASH ({child.returncode}): {last}", False)
    report = json.loads(child.stdout.strip().splitlines()[-1])
    return Result(case, report["seconds"], wall, report["first"], report["seconds"] < limit_seconds)


def print_table(results: list[Result], limit_seconds: float) -> None:
    """The results as a table: case, size limit, seconds, first problem, verdict."""
    header = ("case", "bytes limit", "seconds", "wall s", "result (first problem)", "verdict")
    rows = [(r.case.name, f"{r.case.limit or DEFAULT_MAX_FILE_BYTES:,}",
             "-" if r.seconds is None else f"{r.seconds:.2f}", f"{r.wall:.1f}", _shorten(r.result, 100),
             "PASS" if r.passed else "FAIL") for r in results]
    print_rows(header, rows)
    print(f"\nseconds: annals.pipeline.check in the child process; wall s: the whole child, interpreter start "
          f"and imports included.\nPASS: the check ended within {limit_seconds:g} s with a located problem or a "
          "clean result.")


def print_rows(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    """A plain-text table: the header, a rule, then each row, in columns as wide as their widest cell."""
    widths = [max(len(h), *(len(row[i]) for row in rows)) for i, h in enumerate(header)]
    print("  ".join(h.ljust(w) for h, w in zip(header, widths)))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths)))


def _shorten(text: str, width: int) -> str:
    text = "".join(c if c.isprintable() else "?" for c in text)
    return text if len(text) <= width else text[:width - 1] + "…"


# --- Audit: every compiled regular expression in annals --------------------------

def compiled_patterns() -> dict[str, re.Pattern]:
    """Every module-level compiled pattern in the annals package, by ``module.NAME`` (first name if shared)."""
    found: dict[tuple[str, int], str] = {}
    patterns: dict[str, re.Pattern] = {}
    # Every module, inside the packages too (annals.load.compose, annals.markdown.rules...).
    for info in sorted(pkgutil.walk_packages(annals.__path__, "annals."), key=lambda i: i.name):
        short = info.name.removeprefix("annals.")
        try:
            module = importlib.import_module(info.name)
        except Exception as error:  # noqa: BLE001 - a module being edited elsewhere: say so, audit the rest
            print(f"  ({info.name} not audited: {type(error).__name__}: {error})")
            continue
        for name, value in vars(module).items():
            if isinstance(value, re.Pattern) and (value.pattern, value.flags) not in found:
                found[value.pattern, value.flags] = f"{short}.{name}"
                patterns[f"{short}.{name}"] = value
    return patterns


def witnesses(pattern: re.Pattern) -> list[str]:
    """Strings the pattern (roughly) matches, from its parse tree: one of each repetition; the k-th
    alternative of every alternation for k = 0, 1, ... (so each alternative appears in one of them)."""
    parser = importlib.import_module("re._parser")
    tree = parser.parse(pattern.pattern if isinstance(pattern.pattern, str) else "", pattern.flags)
    found = [_witness(tree, k) for k in range(_widest_branch(tree))]
    return list(dict.fromkeys(w for w in found if w)) or ["a"]


def _widest_branch(items) -> int:
    """The most alternatives of any alternation in a parse tree (1 if none)."""
    widest = 1
    for op, arg in items:
        name = str(op)
        if name == "BRANCH":
            widest = max(widest, len(arg[1]), *(_widest_branch(b) for b in arg[1]))
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            widest = max(widest, _widest_branch(arg[2]))
        elif name in ("SUBPATTERN", "ATOMIC_GROUP"):
            widest = max(widest, _widest_branch(arg[-1]))
    return widest


def _witness(items, k: int) -> str:
    out = []
    for op, arg in items:
        name = str(op)
        if name == "LITERAL":
            out.append(chr(arg))
        elif name in ("NOT_LITERAL", "ANY"):
            out.append("a" if arg != ord("a") else "b")
        elif name == "IN":
            out.append(_member(arg))
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            low, _, sub = arg
            out.append(_witness(sub, k) * max(low, 1))
        elif name in ("SUBPATTERN", "ATOMIC_GROUP"):
            out.append(_witness(arg[-1], k))
        elif name == "BRANCH":
            out.append(_witness(arg[1][min(k, len(arg[1]) - 1)], k))
    return "".join(out)


def _member(items) -> str:
    """A character in a character class (or, for a negated class, one not in it)."""
    candidates = "a0 x-_.,:;|!?#*[]()<>`'\"@/\\\n\t"
    members = re.compile("[" + "".join(_class_text(op, arg) for op, arg in items) + "]")
    for char in candidates:
        if members.fullmatch(char):
            return char
    for op, arg in items:  # a class of unusual characters: its first one
        if str(op) in ("LITERAL", "RANGE"):
            return chr(arg if str(op) == "LITERAL" else arg[0])
    return "a"


def _class_text(op, arg) -> str:
    name = str(op)
    if name == "NEGATE":
        return "^"
    if name == "LITERAL":
        return re.escape(chr(arg))
    if name == "RANGE":
        return f"{re.escape(chr(arg[0]))}-{re.escape(chr(arg[1]))}"
    if name == "CATEGORY":
        return {"CATEGORY_DIGIT": r"\d", "CATEGORY_NOT_DIGIT": r"\D", "CATEGORY_SPACE": r"\s",
                "CATEGORY_NOT_SPACE": r"\S", "CATEGORY_WORD": r"\w", "CATEGORY_NOT_WORD": r"\W"}.get(str(arg), "")
    return ""


def seeds(pattern: re.Pattern) -> list[str]:
    """Short strings to repeat: every prefix of every witness (partial matches), alone and followed by a letter."""
    prefixes = {full[:i] for full in witnesses(pattern) for i in range(1, len(full) + 1)}
    return sorted(prefixes | {p + "a" for p in prefixes} | {p + " " for p in prefixes}, key=lambda s: (len(s), s))


def time_scan(pattern: re.Pattern, text: str, repeat: int = 3) -> float:
    """Best time of ``repeat`` full scans (``finditer``, as the checks use them) of ``text``, without GC pauses."""
    best = float("inf")
    for _ in range(repeat):
        gc.disable()
        try:
            started = time.perf_counter()
            for _ in pattern.finditer(text):
                pass
            best = min(best, time.perf_counter() - started)
        finally:
            gc.enable()
    return best


@dataclass
class Audit:
    """One pattern's worst input: the repeated unit, seconds per input size in characters, the verdict."""

    seed: str
    seconds: dict[int, float]
    flagged: bool

    @property
    def growth(self) -> float | None:
        """The smaller growth of the two 4x steps, when all three sizes were timed."""
        times = [t for size, t in sorted(self.seconds.items()) if size != SCREEN_SIZE]
        if len(times) < 3:
            return None
        return min(later / max(earlier, 1e-9) for earlier, later in itertools.pairwise(times))


SCREEN_SIZE = 10_000


def audit_pattern(pattern: re.Pattern, size: int = 100_000) -> Audit:
    """The worst input for a pattern, timed at ``size``, 4x and 16x ``size``, and whether it is super-linear.

    Every seed is screened once on 10 KB. One that needs more than
    ``SLOW_SECONDS``/20 there (best of three; a linear scan of 10 KB takes well
    under a millisecond) is flagged without going further. Otherwise the three
    slowest seeds are timed at ``size``, 4x and 16x ``size``: linear time grows
    about 4x per step, and a pattern is flagged when it grows more than
    ``GROWTH_LIMIT``x at both steps (a quadratic one grows 16x at each; a
    linear one may jump once, when its input or its backtracking stack
    outgrows a CPU cache) or when one run takes more than ``SLOW_SECONDS``.
    (10 KB against 100 KB alone is no measure: that step crosses a cache too.)
    """
    screen = {seed: time_scan(pattern, _repeat(seed, SCREEN_SIZE), repeat=1) for seed in seeds(pattern)}
    slowest = sorted(screen, key=lambda seed: -screen[seed])[:3]
    confirmed = time_scan(pattern, _repeat(slowest[0], SCREEN_SIZE))
    if confirmed > SLOW_SECONDS / 20:
        return Audit(slowest[0], {SCREEN_SIZE: confirmed}, True)
    worst = Audit("", {}, False)
    for seed in slowest:
        found = _growth(pattern, seed, size)
        found.seconds[SCREEN_SIZE] = screen[seed]
        if (found.flagged, found.growth or 0) > (worst.flagged, worst.growth or 0):
            worst = found
    return worst


def _growth(pattern: re.Pattern, seed: str, size: int) -> Audit:
    """``seed`` repeated to ``size``, 4x and 16x ``size``: the seconds, and whether that is super-linear."""
    seconds = {size: time_scan(pattern, _repeat(seed, size))}
    for factor in (4, 16):
        if max(seconds.values()) > SLOW_SECONDS:
            return Audit(seed, seconds, True)
        seconds[factor * size] = time_scan(pattern, _repeat(seed, factor * size), repeat=2)
    audit = Audit(seed, seconds, False)
    audit.flagged = seconds[16 * size] > NOISE_SECONDS and audit.growth > GROWTH_LIMIT
    return audit


def _repeat(seed: str, size: int) -> str:
    return (seed * (size // len(seed) + 1))[:size]


def audit() -> bool:
    """Time every compiled pattern in annals on its own adversarial inputs; print a table; True if none is flagged."""
    print("\nRegular expressions in annals, each on its own partial matches repeated to 10 KB, then 100 KB, "
          "400 KB and 1.6 MB for the slowest:")
    rows = []
    for name, pattern in compiled_patterns().items():
        found = audit_pattern(pattern)
        if found.flagged:  # these machines are shared: a flag must hold on a second measurement
            found = audit_pattern(pattern)
        cells = [f"{found.seconds[n] * 1000:.1f}" if n in found.seconds else "-"
                 for n in (SCREEN_SIZE, 100_000, 400_000, 1_600_000)]
        growth = "-" if found.growth is None else f"{found.growth:.1f}x"
        rows.append((name, repr(found.seed)[:24], *cells, growth, "SUPER-LINEAR" if found.flagged else "ok"))
    header = ("pattern", "worst input unit", "ms 10 KB", "ms 100 KB", "ms 400 KB", "ms 1.6 MB", "growth", "verdict")
    print_rows(header, rows)
    print(f"(growth: the smaller of the two 4x steps, linear about 4x; flagged above {GROWTH_LIMIT}x at both, "
          f"above {SLOW_SECONDS * 50:g} ms for 10 KB or above {SLOW_SECONDS:g} s for one scan; '-': not run)")
    return not any(row[-1] != "ok" for row in rows)


# --- Main ------------------------------------------------------------------------

ACCEPTED_HOSTILE_MARKDOWN = {
    "*a* emphasis, 5 paragraphs": ("*a*" * 1300 + "\n\n") * 5,
    "*_ runs, 5 paragraphs": ("*_" * 1900 + "\n\n") * 5,
    "closed [a] brackets": ("[a] " * 900 + "\n\n") * 5,
    "quotes 8 deep": ("> " * 8 + "x\n\n") * 1000,
    "one-character paragraphs": "'\n\n" * 6600,
}
"""Markdown that passes the check but is shaped to be slow: Python-Markdown must still be quick on it."""
REFUSED_SLOW_MARKDOWN = {
    "unpaired backticks": "~\\``#" * 3000,
    "unclosed [a brackets": "[a " * 6000,
    "lists 600 deep": "1. " * 600,
    "code then [": "`a` [" * 3000,
}
"""Markdown that took Python-Markdown seconds to minutes (or crashed it): the check must refuse it."""


def markdown_table(limit_seconds: float) -> bool:
    """Time Python-Markdown on accepted hostile text; confirm the slow shapes are refused."""
    import markdown as python_markdown

    from annals.markdown import markdown_issues

    print("\nPython-Markdown (the site's extensions) on hostile text that passes the check, and what it refuses:")
    clean = True
    for name, text in ACCEPTED_HOSTILE_MARKDOWN.items():
        accepted = not markdown_issues(text)
        started = time.perf_counter()
        python_markdown.markdown(text, extensions=["admonition", "footnotes", "tables", "toc"])
        seconds = time.perf_counter() - started
        passed = accepted and seconds < limit_seconds
        clean = clean and passed
        print(f"  {name:28} {len(text):>7,} chars  {seconds:6.2f} s  {'PASS' if passed else 'FAIL'}"
              f"{'' if accepted else ' (refused: not a test of speed any more)'}")
    for name, text in REFUSED_SLOW_MARKDOWN.items():
        refused = bool(markdown_issues(text))
        clean = clean and refused
        print(f"  {name:28} {len(text):>7,} chars  refused by the check: {'PASS' if refused else 'FAIL'}")
    return clean


def main(argv: list[str] | None = None) -> int:
    """Run every hostile case (and the audit); return 1 if any failed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit-seconds", type=float, default=5.0, help="a case passes below this (default 5)")
    parser.add_argument("--timeout", type=float, default=60.0, help="kill a case after this many seconds (default 60)")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="write the corpora into DIR and keep them")
    parser.add_argument("--no-audit", action="store_true", help="skip the audit of regular expressions")
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--bytes", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        worker(args.worker, args.bytes)
        return 0
    with tempfile.TemporaryDirectory(prefix="annals-hostile-") as temporary:
        work = args.keep.resolve() if args.keep else Path(temporary)
        work.mkdir(parents=True, exist_ok=True)
        results = []
        for number, case in enumerate(cases(), start=1):
            results.append(run_case(number, case, work, args.limit_seconds, args.timeout))
            print(f"  {case.name} ({'default' if case.limit is None else '2 MB'} limit): "
                  f"{'-' if results[-1].seconds is None else f'{results[-1].seconds:.2f} s'}", flush=True)
    print()
    print_table(results, args.limit_seconds)
    clean = all(r.passed for r in results)
    clean = markdown_table(args.limit_seconds) and clean
    if not args.no_audit:
        clean = audit() and clean
    return 0 if clean else 1


if __name__ == "__main__":
    sys.exit(main())
