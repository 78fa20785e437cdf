"""Run one function in a forked background process while the caller goes on; called by the
MkDocs glue (:mod:`portal.mkdocs_hooks`) for the link check of the pages' content.

Why a process and not a thread: the work is pure Python, so a thread would take turns with the
theme's rendering on one core instead of using the second. Why fork: the child starts with the
caller's memory (10,000 page contents), so nothing has to be copied into it. The child leaves its
result in a file and exits at once, so it holds no memory while the build goes on. Where ``fork``
is not available (Windows), the function runs when its result is asked for, with the same result.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Generic, TypeVar

T = TypeVar("T")
NICENESS = 10
"""Background work (this module, the search index) yields the processor to the caller, whose work
is usually the longer path."""


class Background(Generic[T]):
    """``function()`` computed in a forked process; :meth:`result` waits for it."""

    def __init__(self, function: Callable[[], T]) -> None:
        self._function = function
        self._process = None
        if "fork" not in multiprocessing.get_all_start_methods():
            return
        handle, name = tempfile.mkstemp(prefix="portal-background-")
        os.close(handle)
        self._result_file = Path(name)
        frozen_already = gc.get_freeze_count() > 0  # by the caller, who unfreezes them itself
        gc.freeze()  # the child's garbage collector leaves the inherited objects (and their pages) alone
        try:
            self._process = multiprocessing.get_context("fork").Process(
                target=_run_and_store, args=(function, self._result_file), daemon=True
            )
            self._process.start()
        finally:
            if not frozen_already:
                gc.unfreeze()

    def result(self) -> T:
        """The function's return value; its exception if it raised one."""
        if self._process is None:
            return self._function()
        self._process.join()
        try:
            outcome = self._result_file.read_bytes()
        finally:
            self._result_file.unlink(missing_ok=True)
        if not outcome:
            raise RuntimeError(f"der Hintergrundprozess endete ohne Ergebnis (Exit-Code {self._process.exitcode})")
        failed, value = pickle.loads(outcome)
        if failed:
            raise value
        return value


def _run_and_store(function: Callable[[], object], result_file: Path) -> None:
    os.nice(NICENESS)
    try:
        outcome = (False, function())
    except BaseException as exc:  # noqa: BLE001 - handed to the caller, who raises it
        outcome = (True, exc)
    result_file.write_bytes(pickle.dumps(outcome))
