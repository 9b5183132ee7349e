"""`make linkcheck` against a real HTTP server on this machine (the test suite itself stays offline)."""

import importlib.util
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

REPO = Path(__file__).parents[1]


def load_linkcheck():
    spec = importlib.util.spec_from_file_location("linkcheck", REPO / "scripts" / "linkcheck.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


class Handler(BaseHTTPRequestHandler):
    """/ok answers, /gone is 404, /no-head refuses HEAD but answers GET."""

    def do_HEAD(self):
        self.send_response({"/ok": 200, "/no-head": 405}.get(self.path, 404))
        self.end_headers()

    def do_GET(self):
        self.send_response(206 if self.path in ("/ok", "/no-head") else 404)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def write_source(entries: Path, source_id: str, url: str, archive_url: str = "") -> None:
    (entries / "source").mkdir(parents=True, exist_ok=True)
    extra = f"archive_url: {archive_url}\n" if archive_url else ""
    (entries / "source" / f"{source_id}.yml").write_text(f"id: {source_id}\npublisher: Paper\nurl: {url}\n{extra}")


def test_dead_addresses_are_reported_with_their_place(server, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    write_source(tmp_path / "entries", "alive", f"{server}/ok", archive_url=f"{server}/no-head")
    write_source(tmp_path / "entries", "moved", f"{server}/gone")
    assert load_linkcheck().main(["--timeout", "10"]) == 1
    assert capsys.readouterr().out.splitlines() == [
        f"entries/source/moved.yml:3:6: {server}/gone does not answer: HTTP 404 Not Found (find where the "
        "article moved, or give `archive_url:` with an archived copy)",
        "3 source addresses checked, 1 not answering",
    ]


def test_all_answering_passes(server, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    write_source(tmp_path / "entries", "alive", f"{server}/ok")
    assert load_linkcheck().main([]) == 0
    assert capsys.readouterr().out == "1 source addresses checked, 0 not answering\n"


def test_without_a_network_the_check_is_skipped_not_failed(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    write_source(tmp_path / "entries", "far", "https://no-such-host.invalid/article")
    assert load_linkcheck().main([]) == 0
    assert capsys.readouterr().out.startswith("linkcheck skipped: no host of the 1 source addresses")
