"""Apply one function to many items on every processor core; called by :mod:`portal.load` (reading
the data files) and :mod:`portal.site.build` (rendering the pages).

Why: reading and validating ten thousand data files, or rendering ten thousand pages, takes
seconds on one core, and CI runs on a fresh clone, so nothing can be cached between runs. Worker
processes are forked (they start with the modules already imported) and each takes a contiguous
run of the items; the results come back in the order of the items, so the output is the same as
from a plain loop. Few items, one core, or a platform without ``fork`` run the plain loop,
because starting processes costs more than it saves there. Workers die with the process that
started them (:mod:`portal.common.processes`), also when it is killed.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import chain
from typing import Generic, TypeVar

from portal.common.processes import die_with_parent

Item = TypeVar("Item")
Result = TypeVar("Result")

CHUNKS_PER_WORKER = 4
"""More runs than workers, so that a worker that finishes early takes another run."""


class PendingMap(Generic[Result]):
    """The results of :func:`start_ordered_map`, computed while the caller goes on."""

    def __init__(self, pool: ProcessPoolExecutor | None, runs: list[Future[list[Result]]],
                 results: list[Result] | None = None) -> None:
        self._pool = pool
        self._runs = runs
        self._results = results

    def result(self) -> list[Result]:
        """Every result, in the order of the items; the function's exception if it raised one."""
        if self._results is None:
            try:
                self._results = list(chain.from_iterable(run.result() for run in self._runs))
            finally:
                self.cancel()
        return self._results

    def cancel(self) -> None:
        """Stop the workers (runs not yet started are dropped) and wait for them to exit."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


def start_ordered_map(
    function: Callable[[Sequence[Item]], list[Result]], items: Sequence[Item], *, min_items: int
) -> PendingMap[Result]:
    """Start computing ``function(items)`` run by run in worker processes (when there are
    ``min_items`` or more, else at once in this process); ``.result()`` collects it.

    ``function`` maps a run of items to one result per item; it and the results must pickle.
    """
    workers = _usable_cores()
    if len(items) < min_items or workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return PendingMap(None, [], function(items))
    size = -(-len(items) // (workers * CHUNKS_PER_WORKER))
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                               initializer=die_with_parent, initargs=(os.getpid(),))
    runs = [pool.submit(function, items[start:start + size]) for start in range(0, len(items), size)]
    return PendingMap(pool, runs)


def ordered_map(
    function: Callable[[Sequence[Item]], list[Result]], items: Sequence[Item], *, min_items: int
) -> list[Result]:
    """``function(items)``, computed as :func:`start_ordered_map` does; waits for the results."""
    return start_ordered_map(function, items, min_items=min_items).result()


def _usable_cores() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1
