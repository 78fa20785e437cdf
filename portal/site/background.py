"""Run one function in a forked background process while the caller goes on; called by the
MkDocs glue (:mod:`portal.site.plugin`) for the link check of the pages' content, and by
:mod:`portal.site.build` for the exported files.

Why a process and not a thread: the work is pure Python, so a thread would take turns with the
theme's rendering on one core instead of using the second. Why fork: the child starts with the
caller's memory (10,000 page contents), so nothing has to be copied into it. The child leaves its
result in a file and exits at once, so it holds no memory while the build goes on. Where ``fork``
is not available (Windows), the function runs when its result is asked for, with the same result.
The child dies with its parent (:mod:`portal.common.processes`); :meth:`Background.cancel` stops it when
the build fails or is interrupted. Its result file is named after the parent's process id, so a
later build can remove it if the parent was killed (:mod:`portal.site.siteswap`).

The child starts by freezing every object it inherited (``gc.freeze`` joins Python's lists of
objects, writing to a few of them only): its cycle collector then leaves them, and with them the
memory pages it shares with the caller, alone. The caller's objects stay as they were.
Why not freeze in the caller before the fork, as before: under ``mkdocs serve`` that froze the
build's objects that the next build throws away, and what is frozen is never freed by a collection
(:mod:`portal.site.session`). Once the child runs, :class:`Background` drops the function, and what
it refers to (the catalogue, every page's content), so that the caller can free it.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import pickle
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Generic, TypeVar

from portal.common.processes import die_with_parent
from portal.site.siteswap import work_prefix

T = TypeVar("T")
NICENESS = 10
"""Background work that is not on the longer path (the link check, the search index) yields the
processor to the caller."""


class BackgroundError(RuntimeError):
    """The background process ended without a result (killed, or its result file not written)."""


class Background(Generic[T]):
    """``function()`` computed in a forked process; :meth:`result` waits for it. The process runs
    with :data:`NICENESS` unless ``yielding`` is false (work the caller will soon wait for)."""

    def __init__(self, function: Callable[[], T], *, yielding: bool = True, deferred: bool = False) -> None:
        self._function: Callable[[], T] | None = function  # until the child has it, or it is stopped
        self._yielding = yielding
        self._started = False
        self._stopped = False  # killed or cancelled: its result is not to be computed any more
        self._process: multiprocessing.process.BaseProcess | None = None
        self._result_file: Path | None = None
        if not deferred:
            self.start()

    def start(self) -> None:
        """Fork the process, unless it was started already (with ``deferred``, the caller says when;
        :meth:`result` starts it at the latest)."""
        if self._started:
            return
        self._started = True
        if "fork" not in multiprocessing.get_all_start_methods():
            return
        try:
            handle, name = tempfile.mkstemp(prefix=work_prefix("background"))
            os.close(handle)
            self._result_file = Path(name)
            self._process = multiprocessing.get_context("fork").Process(
                target=_run_and_store, args=(self._function, self._result_file, os.getpid(), self._yielding),
                daemon=True,
            )
            self._process.start()
            self._function = None
        except BaseException:  # also Ctrl-C or SIGTERM at this moment: nothing may stay behind
            self.cancel()
            raise

    def result(self) -> T:
        """The function's return value; its exception if it raised one. Raises
        :class:`BackgroundError` when the process was lost, or stopped before it could run."""
        self.start()
        if self._process is None or self._result_file is None:
            if self._stopped:  # never forked (stopped first, or no fork): not run here either
                raise BackgroundError("Die Hintergrundarbeit wurde angehalten, bevor sie begann.")
            assert self._function is not None  # dropped only when forked or stopped
            return self._function()
        self._process.join()
        try:
            outcome = self._result_file.read_bytes()
        finally:
            self._result_file.unlink(missing_ok=True)
        if not outcome:
            raise BackgroundError(f"Der Hintergrundprozess endete ohne Ergebnis (Exit-Code {self._process.exitcode}).")
        failed, value = pickle.loads(outcome)
        if failed:
            raise value
        return value

    def kill(self) -> None:
        """Stop the process if it still runs, without waiting for its end (:meth:`cancel` waits);
        one not started yet never starts."""
        self._started = self._stopped = True
        self._function = None
        if self._process is not None and self._process.pid is not None and self._process.is_alive():
            self._process.kill()

    def cancel(self) -> None:
        """Stop the process if it still runs, wait for it and remove its result file; one not started
        yet never starts."""
        self._started = self._stopped = True
        self._function = None
        if self._process is not None and self._process.pid is not None:
            if self._process.is_alive():
                self._process.kill()
            self._process.join()
        if self._result_file is not None:
            self._result_file.unlink(missing_ok=True)


def _run_and_store(function: Callable[[], object], result_file: Path, parent: int, yielding: bool) -> None:
    gc.freeze()  # the inherited objects: see the module's docstring
    die_with_parent(parent)
    if yielding:
        os.nice(NICENESS)
    try:
        outcome = (False, function())
    except BaseException as exc:  # handed to the caller, who raises it
        outcome = (True, exc)
    try:
        with open(result_file, "r+b") as stream:  # never created here: a caller that gave up removed it
            stream.write(pickle.dumps(outcome))
    except OSError:  # a full disk (the caller reports the missing result), or the caller gave up
        with contextlib.suppress(OSError):
            os.truncate(result_file, 0)
        os._exit(1)
