"""Child processes that never outlive the build: called by :mod:`portal.common.fanout` (rendering and
reading workers), :mod:`portal.site.background` (the link check) and :mod:`portal.site.search_index` (Pagefind),
and by :mod:`portal.site.siteswap` to tell whether a leftover's build is still running; and the
allocator setting of a long-lived preview process (:func:`few_allocator_arenas`, called by the build
session for ``mkdocs serve``).

Why: a build killed from outside (an out-of-memory kill, a cancelled job, ``kill -9``) runs no
clean-up code, and its workers would wait for work forever. On Linux each child asks the kernel
to kill it when its parent dies (``PR_SET_PDEATHSIG``); elsewhere the parent's clean-up on
Ctrl-C, SIGTERM and errors is all there is.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys

_PR_SET_PDEATHSIG = 1
_M_ARENA_MAX = -8  # glibc's mallopt parameter
_LIBC = ctypes.CDLL(None, use_errno=True) if sys.platform.startswith("linux") else None
"""Loaded here, in the parent, so a freshly forked child need not load a library."""


def die_with_parent(parent: int) -> None:
    """In a child of ``parent``: be killed when ``parent`` dies, and leave Ctrl-C to it (the parent
    stops its children itself; a worker's own KeyboardInterrupt would only print a traceback)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if _LIBC is not None:
        _LIBC.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the line above
        os._exit(1)


def alive(pid: int) -> bool:
    """Whether a process with this id exists (possibly another's, if the id was reused)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def few_allocator_arenas(arenas: int = 2) -> None:
    """Let the C allocator (glibc) keep at most ``arenas`` memory pools for all threads of this
    process, instead of up to eight per core.

    Why: under ``mkdocs serve`` the file watcher's threads (one per watched folder, and the kernel's
    change reports) allocate beside the builds; with a pool for each thread, memory freed in one
    pool stayed out of reach of the others, and the preview process grew by 16 to 18 MB over 50
    saves of the real data (median 103 MB). With two pools: +2 MB, median 88 MB, saves as fast
    (whole-process figures of the edit benchmark). No effect where the C library is not glibc."""
    if _LIBC is not None and hasattr(_LIBC, "mallopt"):
        _LIBC.mallopt(_M_ARENA_MAX, arenas)
