"""Apply one function to many items on every processor core; called by :mod:`portal.load` (reading
the data files) and :mod:`portal.site.rendering` (rendering the pages).

Why: reading and validating ten thousand data files, or rendering ten thousand pages, takes
seconds on one core. Worker processes are forked (they start with the modules already imported)
and each takes a contiguous run of the items; the results come back in the order of the items, so
the output is the same as from a plain loop. Few items, one core, or a platform without ``fork``
run the plain loop, because starting processes costs more than it saves there. Workers die with
the process that started them (:mod:`portal.common.processes`), also when it is killed.

What every run needs (the page renderer and the plan, say) is passed once as ``shared``: the pool's
initializer hands it to each worker, and with ``fork`` it reaches the worker with the process's
memory instead of being pickled, so ten thousand planned pages cost nothing to hand over.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import chain
from typing import Any, Generic, TypeVar

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


class _Worker:
    """What a worker process holds: the ``shared`` value its initializer received. One instance
    per worker process, made by :func:`_start_worker`; the parent process never has one."""

    shared: Any = None


def _start_worker(parent: int, shared: Any) -> None:
    die_with_parent(parent)
    _Worker.shared = shared


def _run_in_worker(function: Callable[[Any, Sequence[Item]], list[Result]], run: Sequence[Item]) -> list[Result]:
    return function(_Worker.shared, run)


def start_ordered_map(
    function: Callable[[Any, Sequence[Item]], list[Result]], items: Sequence[Item], *, min_items: int,
    shared: Any = None,
) -> PendingMap[Result]:
    """Start computing ``function(shared, items)`` run by run in worker processes (when there are
    ``min_items`` or more, else at once in this process); ``.result()`` collects it.

    ``function`` maps a run of items to one result per item; it, the items and the results must
    pickle (``shared`` need not: it reaches the workers through the fork).
    """
    workers = _usable_cores()
    if len(items) < min_items or workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return PendingMap(None, [], function(shared, items))
    size = -(-len(items) // (workers * CHUNKS_PER_WORKER))
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                               initializer=_start_worker, initargs=(os.getpid(), shared))
    runs = [pool.submit(_run_in_worker, function, items[start:start + size]) for start in range(0, len(items), size)]
    return PendingMap(pool, runs)


def ordered_map(
    function: Callable[[Any, Sequence[Item]], list[Result]], items: Sequence[Item], *, min_items: int,
    shared: Any = None,
) -> list[Result]:
    """``function(shared, items)``, computed as :func:`start_ordered_map` does; waits for the results."""
    return start_ordered_map(function, items, min_items=min_items, shared=shared).result()


def _usable_cores() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1
