"""Apply one function to many items on every processor core; called by :mod:`portal.load`.

Why: reading and validating ten thousand data files takes seconds on one core, and CI runs
``check`` on a fresh clone, so nothing can be cached between runs. Worker processes are forked
(they start with the modules already imported) and each takes a contiguous run of the items; the
results come back in the order of the items, so the output is the same as from a plain loop. Few
items, one core, or a platform without ``fork`` run the plain loop, because starting processes
costs more than it saves there.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from itertools import chain
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

CHUNKS_PER_WORKER = 4
"""More runs than workers, so that a worker that finishes early takes another run."""


def ordered_map(
    function: Callable[[Sequence[Item]], list[Result]], items: Sequence[Item], *, min_items: int
) -> list[Result]:
    """``function(items)``, computed run by run in worker processes when there are ``min_items`` or more.

    ``function`` maps a run of items to one result per item; it and the results must pickle.
    """
    workers = _usable_cores()
    if len(items) < min_items or workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return function(items)
    size = -(-len(items) // (workers * CHUNKS_PER_WORKER))
    runs = [items[start:start + size] for start in range(0, len(items), size)]
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        return list(chain.from_iterable(pool.map(function, runs)))


def _usable_cores() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1
