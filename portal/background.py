"""Run one function in a forked background process while the caller goes on; called by the
MkDocs glue (:mod:`portal.mkdocs_hooks`) for the link check of the pages' content.

Why a process and not a thread: the work is pure Python, so a thread would take turns with the
theme's rendering on one core instead of using the second. Why fork: the child starts with the
caller's memory (10,000 page contents), so nothing has to be copied into it; only the result
comes back. Where ``fork`` is not available (Windows), the function runs when its result is
asked for, which gives the same result later.
"""

from __future__ import annotations

import gc
import multiprocessing
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Generic, TypeVar

T = TypeVar("T")
_job: Callable[[], object] | None = None


def _run_job() -> object:
    assert _job is not None  # set by Background before the fork
    return _job()


class Background(Generic[T]):
    """``function()`` computed in a forked process; :meth:`result` waits for it."""

    def __init__(self, function: Callable[[], T]) -> None:
        global _job
        self._function = function
        self._pool: ProcessPoolExecutor | None = None
        if "fork" not in multiprocessing.get_all_start_methods():
            return
        _job = function
        gc.freeze()  # the child's garbage collector leaves the inherited objects (and their pages) alone
        try:
            self._pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"))
            self._future = self._pool.submit(_run_job)  # forks now, with _job set
        finally:
            gc.unfreeze()
            _job = None

    def result(self) -> T:
        if self._pool is None:
            return self._function()
        try:
            return self._future.result()  # type: ignore[return-value]
        finally:
            self._pool.shutdown()
