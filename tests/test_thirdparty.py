"""The other projects' internals Annals uses (``annals.thirdparty``) are still there, in the versions read.

Each test fails when an upgrade changes what it pins: read the new source, adapt
``annals/thirdparty.py``, then change ``READ_FROM`` and the pin in pyproject.toml.
"""

from __future__ import annotations

import importlib.metadata
import inspect
import logging
from pathlib import Path

import jinja2.compiler
import mkdocs.commands.build
import pytest
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import File

from annals import thirdparty
from annals.render.markup import make_environment


@pytest.mark.parametrize("distribution", sorted(thirdparty.READ_FROM))
def test_the_installed_version_is_the_one_read(distribution):
    assert importlib.metadata.version(distribution) == thirdparty.READ_FROM[distribution], (
        f"{distribution} changed: read its source again for annals/thirdparty.py, then update READ_FROM")


def test_mkdocs_live_reload_server_still_requests_rebuilds_as_thirdparty_does():
    source = inspect.getsource(LiveReloadServer)
    assert "self._rebuild_cond = threading.Condition()" in source and "self._want_rebuild = True" in source
    assert "self.observer" in source


def test_a_rebuild_request_sets_what_the_server_waits_for():
    class Server:
        import threading
        _rebuild_cond, _want_rebuild, observer = threading.Condition(), False, None
    server = Server()
    assert thirdparty.can_request_rebuild(server)
    thirdparty.request_rebuild(server)
    assert server._want_rebuild is True
    assert not thirdparty.can_request_rebuild(object())


def test_mkdocs_still_warns_about_dirty_builds_in_those_words(caplog):
    assert thirdparty.DIRTY_WARNING in inspect.getsource(mkdocs.commands.build)
    thirdparty.quiet_dirty_warning()
    with caplog.at_level(logging.WARNING, logger="mkdocs.commands.build"):
        logging.getLogger("mkdocs.commands.build").warning(thirdparty.DIRTY_WARNING + " (test)")
        logging.getLogger("mkdocs.commands.build").warning("another warning")
    assert [r.getMessage() for r in caplog.records] == ["another warning"]


def test_file_is_modified_is_still_a_method_an_instance_may_replace():
    assert inspect.isfunction(File.__dict__["is_modified"])
    file = File("a.md", "docs", "site", use_directory_urls=True)
    thirdparty.always_modified(file)
    assert file.is_modified() is True


def test_jinja_still_prints_values_through_the_two_hooks_overridden():
    for name in ("_output_child_pre", "_output_child_post"):
        assert inspect.signature(getattr(jinja2.compiler.CodeGenerator, name)).parameters.keys() == \
            {"self", "node", "frame", "finalize"}, name
    assert jinja2.Environment.code_generator_class is jinja2.compiler.CodeGenerator


def test_the_markdown_only_generator_prints_values_escaped_for_markdown_once():
    environment = make_environment(Path(__file__).parents[1] / "templates")
    assert environment.code_generator_class is thirdparty.MarkdownOnlyCodeGenerator
    assert environment.from_string("{{ x }}").render(x="*a* <b> &") == r"\*a\* &lt;b&gt; &amp;"
