"""Files Annals writes into the site folder itself, beside MkDocs' own work: the data files and the search index.

In a build MkDocs converts and writes the pages in one process. A job that
writes files of its own (``annals.export.Exports.write``, the search index)
runs meanwhile in a forked process, when there is a spare core and forking is
safe and worth it (``annals.render.parallel.can_fork``); :meth:`Beside.finish`
waits for it before the build ends, and does the job itself when there was no
process or the process failed, where an error can be reported without a
traceback.

Under ``mkdocs serve`` forking is unsafe (the server runs threads) and the
browser reloads the page as soon as a build ends: :meth:`Beside.finish_later`
does the job in a thread once the build is done, and :meth:`Beside.wait` waits
for it before the next build touches the site folder.
"""

from __future__ import annotations

import logging
import multiprocessing
import multiprocessing.process
import sys
import threading
from collections.abc import Callable

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from annals.render.parallel import can_fork

log = logging.getLogger("mkdocs.plugins.annals")


class Beside:
    """One job writing into the site folder: begun with :meth:`begin`, ended by :meth:`finish` or
    :meth:`finish_later`; :meth:`stop` ends it when the build failed."""

    def __init__(self) -> None:
        self._what = ""
        self._job: Callable[[], object] | None = None
        self._process: multiprocessing.process.BaseProcess | None = None
        self._thread: threading.Thread | None = None

    def begin(self, what: str, job: Callable[[], object], *, cores: int, jobs: int) -> None:
        """Start ``job`` (``what`` it writes, for an error) in a forked process if that is safe and there is a
        spare core for ``jobs`` pieces of work; else keep it for :meth:`finish`."""
        self.stop()
        self._what, self._job = what, job
        if cores > 1 and can_fork(jobs):
            self._process = multiprocessing.get_context("fork").Process(target=_quietly, args=(job,))
            self._process.start()

    def finish(self) -> None:
        """The job done: by the process :meth:`begin` started, or here; raises a ``PluginError`` if it cannot be."""
        job, self._job = self._job, None
        process, self._process = self._process, None
        if job is None:
            return
        if process is not None:
            process.join()
            if process.exitcode == 0:
                return
        try:  # no process, or one that failed: here, where an error can be reported
            job()
        except OSError as error:
            raise PluginError(f"Annals could not write {self._what}: {error}") from None

    def finish_later(self) -> None:
        """Under serve: the job done in a thread, after this build; an error is logged, as the build is over."""
        job, self._job = self._job, None
        if job is None:
            return
        self.wait()
        self._thread = threading.Thread(target=self._logged, args=(job, self._what), name="annals-beside",
                                        daemon=True)
        self._thread.start()

    def wait(self) -> None:
        """Wait for the thread :meth:`finish_later` started, if any."""
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def stop(self) -> None:
        """End the process of a build that failed, and forget its job."""
        if self._process is not None:
            self._process.terminate()
            self._process.join()
            self._process = None
        self._job = None

    @staticmethod
    def _logged(job: Callable[[], object], what: str) -> None:
        try:
            job()
        except Exception as error:  # noqa: BLE001 - the build is over: say so in the log, which serve shows
            log.error("Annals could not write %s: %s: %s", what, type(error).__name__, error)
        else:
            log.info("%s", wrote(what))


def wrote(what: str) -> str:
    """What serve's log says once ``what`` is written in the background (``make bench`` waits for it)."""
    return f"Annals wrote {what}"


def _quietly(job: Callable[[], object]) -> None:
    """In the forked process: the job, and no traceback if it fails (:meth:`Beside.finish` does it again)."""
    try:
        job()
    except Exception:  # noqa: BLE001
        sys.exit(1)


class WrittenBeside(File):
    """A file Annals writes into the site folder itself (:class:`Beside`): in MkDocs' list of files, so that
    links to it are checked and no hand-written file takes its place, but never copied by MkDocs."""

    def copy_file(self, dirty: bool = False) -> None:
        """Nothing to copy: the file is written beside the build."""
