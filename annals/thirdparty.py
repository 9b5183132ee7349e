"""Every use of another project's internals, in one place, each with the version it was read from.

Annals needs a few things MkDocs, Material and Jinja do not offer as API. Each
is wrapped here, says which version's source it was read from, and
``tests/test_thirdparty.py`` fails as soon as an upgrade changes either the
version or the internal itself: read the new source, then change the pin.
Nothing else in ``annals/`` touches a private name of another project.
"""

from __future__ import annotations

import logging
from typing import Any

import jinja2
import jinja2.compiler

READ_FROM = {"mkdocs": "1.6.1", "mkdocs-material": "9.8.2", "jinja2": "3.1.6"}
"""The versions whose source the internals below were read from (pinned in pyproject.toml)."""


# --- MkDocs 1.6.1, mkdocs/livereload/__init__.py: LiveReloadServer ---------------------------------
# Its own file watcher requests a rebuild by setting _want_rebuild under _rebuild_cond; there is no
# public call for it, and server.watch() takes no filter for editors' swap files.

def can_request_rebuild(server: Any) -> bool:
    """Whether ``server`` has the internals :func:`request_rebuild` uses (MkDocs 1.6's live reload server)."""
    return all(hasattr(server, name) for name in ("observer", "_rebuild_cond", "_want_rebuild"))


def request_rebuild(server: Any) -> None:
    """Ask the live reload server for a rebuild, as its own watcher does."""
    with server._rebuild_cond:
        server._want_rebuild = True
        server._rebuild_cond.notify_all()


# --- MkDocs 1.6.1, mkdocs/commands/build.py: the dirty-build warning ------------------------------------

DIRTY_WARNING = "A 'dirty' build is being performed"
"""The start of the warning MkDocs logs on every dirty build; under ``strict: true`` it aborts the preview."""


class _QuietDirtyWarning(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(DIRTY_WARNING)


def quiet_dirty_warning() -> None:
    """Drop MkDocs' warning about dirty builds (matched by its text: it has no other mark)."""
    logging.getLogger("mkdocs.commands.build").addFilter(_QuietDirtyWarning())


# --- MkDocs 1.6.1, mkdocs/structure/files.py: File.is_modified ----------------------------------------
# A dirty build asks each file is_modified(); a plain method, so one instance may answer otherwise.

def always_modified(file: Any) -> None:
    """Make MkDocs' dirty build always build ``file`` (a hand-written page: the nav needs its title)."""
    file.is_modified = _true


def _true() -> bool:
    return True


# --- Jinja 3.1.6, jinja2/compiler.py: CodeGenerator._output_child_pre / _output_child_post --------------

class MarkdownOnlyCodeGenerator(jinja2.compiler.CodeGenerator):
    """Each printed value goes through the environment's finalize (``escape_markdown``) only, not HTML
    escaping after it.

    ``escape_markdown`` always returns ``Md``, which HTML escaping would hand back
    unchanged in a new object: a second call per value, an eighth of rendering
    time at 10,000 entries. Set as an environment's ``code_generator_class``.
    """

    def _skips_escape(self, frame: Any, finalize: Any) -> bool:
        return bool(frame.eval_ctx.autoescape and not frame.eval_ctx.volatile and finalize.src is not None)

    def _output_child_pre(self, node: Any, frame: Any, finalize: Any) -> None:
        if self._skips_escape(frame, finalize):
            self.write(finalize.src)
        else:
            super()._output_child_pre(node, frame, finalize)

    def _output_child_post(self, node: Any, frame: Any, finalize: Any) -> None:
        if self._skips_escape(frame, finalize):
            self.write(")")
        else:
            super()._output_child_post(node, frame, finalize)


__all__ = ["DIRTY_WARNING", "READ_FROM", "MarkdownOnlyCodeGenerator", "always_modified", "can_request_rebuild",
           "quiet_dirty_warning", "request_rebuild"]
