"""What ``mkdocs serve`` adds for Annals: the problems as a page, quiet editor files, a clean stop.

While an entry has problems, its page shows them and the rest of the site stays
(``annals.render.drafts``, ``annals.banner``). When nothing can be generated, the
preview is not left hanging on the last good site: one standalone page listing the problems (``error_page``) stands at every
address (``annals.preview`` sets the good site aside meanwhile). Its script asks
the server for the next build, as MkDocs' live reload script does, so the
browser shows the site again by itself after the next good build.
"""

from __future__ import annotations

import os
import signal
import threading
from html import escape
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, NoReturn

import watchdog.events

from annals.thirdparty import can_request_rebuild, request_rebuild
from annals.load import is_editor_file
from annals.problems import Problem, printable

if TYPE_CHECKING:
    from mkdocs.livereload import LiveReloadServer

_STYLE = """
body { font: 16px/1.5 system-ui, sans-serif; margin: 0; background: #fff5f5; color: #1a1a1a; }
main { max-width: 60rem; margin: 0 auto; padding: 2rem 1rem; }
h1 { color: #a40000; font-size: 1.5rem; }
ol { padding-left: 1.5rem; }
li { margin: 0 0 1rem; padding: .75rem 1rem; background: #fff; border-left: 4px solid #c00; }
code { font: .95em ui-monospace, monospace; overflow-wrap: anywhere; }
p { margin: .25rem 0; overflow-wrap: anywhere; }
.hint { color: #444; }
"""

_POLL_SCRIPT = """
(function () {
  function poll(epoch) {
    var request = new XMLHttpRequest();
    request.onloadend = function () {
      var now = parseFloat(this.responseText);
      if (epoch !== null && now > epoch) { location.reload(); return; }
      setTimeout(function () { poll(isNaN(now) ? epoch : now); }, this.status === 200 ? 0 : 3000);
    };
    request.open("GET", "/livereload/" + (epoch === null ? 0 : epoch) + "/0");
    request.send();
  }
  poll(null);
})();
"""
"""For 404.html, which MkDocs serves without its live reload script: learn the current
build (any build is newer than 0), then wait for a newer one, as MkDocs' script does."""

_POLICY = ("default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
           "connect-src 'self'; base-uri 'none'; form-action 'none'")
"""Nothing from anywhere else; scripts may only ask this server whether a new build is ready."""


def error_page(problems: list[Problem], *, poll: bool = False) -> str:
    """A standalone HTML page listing every problem, every value escaped; ``poll`` adds a reload script."""
    count = len(problems)
    heading = f"{count} problem{'s' if count != 1 else ''} in the entries"
    items = "\n".join(_problem_item(p) for p in sorted(problems))
    script = f"<script>{_POLL_SCRIPT}</script>\n" if poll else ""
    return (
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<meta http-equiv=\"Content-Security-Policy\" content=\"{_POLICY}\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<meta name=\"robots\" content=\"noindex\">\n"
        f"<title>Annals: {heading}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
        f"<main id=\"annals-problems\">\n<h1>The site cannot be built: {heading}</h1>\n"
        "<p>Fix them and save the file: this page turns back into the site by itself.</p>\n"
        f"<ol>\n{items}\n</ol>\n</main>\n{script}</body>\n</html>\n")


def _problem_item(problem: Problem) -> str:
    where = f"{problem.path}:{problem.line}:{problem.column}"
    hint = f"\n<p class=\"hint\">{_text(problem.hint)}</p>" if problem.hint else ""
    return (f"<li class=\"problem\"><code class=\"where\">{_text(where)}</code>\n"
            f"<p class=\"message\">{_text(problem.message)}</p>{hint}</li>")


def _text(value: str) -> str:
    return escape(printable(value), quote=True)


class _Changes(watchdog.events.FileSystemEventHandler):
    """Asks the live reload server for a rebuild on every change but an editor file's."""

    def __init__(self, server: LiveReloadServer):
        super().__init__()
        self.server = server

    def on_any_event(self, event: watchdog.events.FileSystemEvent) -> None:
        """Request a rebuild, as MkDocs' own watcher does, unless only editor files changed."""
        if event.is_directory or _only_editor_files(event):
            return
        request_rebuild(self.server)


def _only_editor_files(event: watchdog.events.FileSystemEvent) -> bool:
    paths = [event.src_path, getattr(event, "dest_path", "") or ""]
    return all(is_editor_file(os.path.basename(os.fsdecode(p))) for p in paths if p)


def watch(server: LiveReloadServer, path: Path) -> None:
    """Rebuild when a file under ``path`` changes, ignoring editor files.

    MkDocs' ``server.watch`` has no filter, and Vim alone writes a swap file
    every few seconds while typing; this handler requests the rebuild the way
    MkDocs 1.6's watcher does (``annals.thirdparty``). Without those internals, it falls back to ``watch``.
    """
    if not can_request_rebuild(server):
        server.watch(str(path))
        return
    server.observer.schedule(_Changes(server), str(path), recursive=True)


def stop_on_sigterm() -> None:
    """Make SIGTERM stop ``mkdocs serve`` as Ctrl-C does, so it removes its temporary site folder."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _interrupt)


def _interrupt(signum: int, frame: FrameType | None) -> NoReturn:
    raise KeyboardInterrupt
