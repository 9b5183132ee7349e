"""Sanitizing in a forked process gives every page exactly what sanitizing it here gives."""

import subprocess
import sys
import threading
from pathlib import Path

from test_sanitize import HREFS_REFUSED, KEPT, REMOVED

from annals.sanitize.parallel import BATCH, Sanitizing
from annals.sanitize import make_cleaner


class FakePage:
    """What Sanitizing sets: a page's content (MkDocs' Page needs a whole config to exist)."""

    content = None


def pages_of_html() -> list[str]:
    """Hostile and legitimate HTML, more than two batches of it, so batches and the last partial one are used."""
    hostile = [html for html, _ in REMOVED] + [f'<p><a href="{href}">x</a></p>' for href in HREFS_REFUSED]
    htmls = hostile + KEPT
    return (htmls * (2 * BATCH // len(htmls) + 2))[: 2 * BATCH + 7]


def test_pages_sanitized_in_a_forked_process_match_sanitizing_here():
    """In a fresh interpreter: a test worker may have threads left by other tests, and then nothing forks."""
    here = Path(__file__).parent
    run = subprocess.run([sys.executable, "-c", "import test_sanitize_parallel; test_sanitize_parallel.check_forked_sanitizing()"],
                         cwd=here, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr


def check_forked_sanitizing() -> None:
    """Sanitize more than two batches of hostile and legitimate HTML in a forked process; compare."""
    cleaner = make_cleaner()
    htmls = pages_of_html()
    sanitizing = Sanitizing(cleaner, pages=len(htmls), cores=2, min_pages=1)
    pages = [FakePage() for _ in htmls]

    returned = [sanitizing.sanitize(page, html) for page, html in zip(pages, htmls)]
    assert returned == [""] * len(htmls)  # nothing unsanitized stands in for a page meanwhile
    assert sanitizing._pool is not None  # the child really ran
    sanitizing.finish()

    assert [page.content for page in pages] == [cleaner.clean(html) for html in htmls]
    assert any(page.content != html for page, html in zip(pages, htmls))  # hostile markup was removed
    assert sanitizing._pool is None


def test_with_another_thread_running_pages_are_sanitized_at_once():
    cleaner = make_cleaner()
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        sanitizing = Sanitizing(cleaner, pages=10_000, cores=2, min_pages=1)
        html = REMOVED[0][0]
        assert sanitizing.sanitize(FakePage(), html) == cleaner.clean(html)
        sanitizing.finish()
        assert sanitizing._pool is None
    finally:
        stop.set()
        other.join()


def test_few_pages_or_one_core_are_sanitized_at_once():
    cleaner = make_cleaner()
    html = REMOVED[1][0]
    for sanitizing in (Sanitizing(cleaner, pages=10, cores=2), Sanitizing(cleaner, pages=10_000, cores=1, min_pages=1)):
        assert sanitizing.sanitize(FakePage(), html) == cleaner.clean(html)
        sanitizing.finish()
