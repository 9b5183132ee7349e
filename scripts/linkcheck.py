"""Check that every source's `url` and `archive_url` still answers: `make linkcheck`.

Not part of the test suite, which stays offline. Each address is asked with
HEAD (then a one-byte GET, for servers that refuse HEAD), with a timeout, and
redirects are followed. A dead address is reported as `path:line:column:` with
the answer. When no address's host can even be resolved, the machine has no
network: the check says so and is skipped (exit 0), never failed.

Exit status: 0 when every address answers (or without a network), 1 otherwise.
"""

from __future__ import annotations

import argparse
import socket
import sys
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from annals.pipeline import check
from annals.problems import printable

USER_AGENT = "Annals-linkcheck/1 (+https://github.com/; checks that cited sources still answer)"
ADDRESS_FIELDS = ("url", "archive_url")


@dataclass(frozen=True)
class Address:
    """One source address and where it is written."""

    where: str
    url: str


@dataclass(frozen=True)
class Answer:
    """What asking an address gave: ``ok``, or why not; ``unreachable`` when its host has no address."""

    ok: bool
    detail: str
    unreachable: bool = False


def addresses(entries: Path) -> list[Address]:
    """Every ``url`` and ``archive_url`` of every valid source, with its file, line and column."""
    site, _, _ = check(entries)
    found = []
    for key in sorted(k for k in site.entries if k[0] == "source"):
        valid = site.entries[key]
        for name in ADDRESS_FIELDS:
            url = getattr(valid.entry, name)
            if url:
                line, column = valid.document.locate((name,))
                found.append(Address(f"{valid.document.path}:{line}:{column}", url))
    return found


def ask(url: str, timeout: float) -> Answer:
    """Ask one address; HEAD first, then a one-byte GET if the server refuses HEAD."""
    host = urlsplit(url).hostname or ""
    try:
        socket.getaddrinfo(host, None)
    except (socket.gaierror, UnicodeError) as error:
        return Answer(False, f"its host '{host}' cannot be resolved ({error})", unreachable=True)
    answer = _request(url, "HEAD", timeout)
    if not answer.ok and ("HTTP 405" in answer.detail or "HTTP 403" in answer.detail or "HTTP 501" in answer.detail):
        answer = _request(url, "GET", timeout)
    return answer


def _request(url: str, method: str, timeout: float) -> Answer:
    headers = {"User-Agent": USER_AGENT, "Range": "bytes=0-0"} if method == "GET" else {"User-Agent": USER_AGENT}
    request = urllib.request.Request(url, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return Answer(True, f"HTTP {response.status}")
    except urllib.error.HTTPError as error:
        return Answer(False, f"HTTP {error.code} {error.reason}")
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        return Answer(False, f"no answer ({reason})")


def main(argv: list[str] | None = None) -> int:
    """Check every source address; print the dead ones; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=Path, default=Path("entries"))
    parser.add_argument("--timeout", type=float, default=20.0, help="seconds to wait for each address")
    parser.add_argument("--workers", type=int, default=8, help="addresses asked at once")
    args = parser.parse_args(argv)

    found = addresses(args.entries)
    with ThreadPoolExecutor(max_workers=args.workers) as pool:
        answers = list(pool.map(lambda a: ask(a.url, args.timeout), found))
    if found and all(a.unreachable for a in answers):
        print(f"linkcheck skipped: no host of the {len(found)} source addresses can be resolved; "
              "this machine seems to have no network")
        return 0
    dead = [(address, answer) for address, answer in zip(found, answers) if not answer.ok]
    for address, answer in dead:
        print(printable(f"{address.where}: {address.url} does not answer: {answer.detail} "
                        "(find where the article moved, or give `archive_url:` with an archived copy)"))
    print(f"{len(found)} source addresses checked, {len(dead)} not answering")
    return 1 if dead else 0


if __name__ == "__main__":
    sys.exit(main())
