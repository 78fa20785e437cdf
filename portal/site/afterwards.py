"""Under ``mkdocs serve``, the exports, the search index and the link check finish after the rebuilt
site is served.

Used by the MkDocs glue (:mod:`portal.site.plugin`) in ``on_post_build`` when the build session reuses
between builds (:mod:`portal.site.session`). ``mkdocs build`` still waits for all of them before it
publishes anything (a link problem fails a strict build); the preview shows a save first.

Pagefind writes its index into a folder of its own while the new site is already served with the
previous index (a rebuild updates the served folder in place and leaves the index there,
:class:`portal.site.siteswap.ServedSite`); once Pagefind is done, its index takes that one's place
and the link check's problems are logged as warnings. The exported files (calendars, open data)
work the same way: the new site is served with the previous build's files, and each file is
replaced once the new ones are written (:meth:`portal.site.build.Exports.place`), before the link
check reads the finished site. The next rebuild stops a run that is still going
(:meth:`Afterwards.stop`) before it starts: it waits only until the run no longer changes the
served site; the run's thread then waits for its processes' end and removes its work folder by
itself. Why: at 10,000 records the exports take about 11 s, so a save within that time stopped a
run, and waiting for the exports' writer and the link check to end (each a fork of a process of
about 1 GB) and for the removal of the exports' folder took 0.08 to 0.17 s in front of every
such rebuild. For the same reason the thread forks both only now (``Background(deferred=True)``,
:meth:`portal.site.build.Exports.start_writing`), not while the build runs: each fork took about
0.04 s of the build's main process, and the niced exports still took turns with the rendering
processes (figures in LEISTUNG.md).

A run removes the exports' work folder and the index its own index replaced only while the
preview is idle (:class:`Lull`): no build runs, and the last one's page has had
:data:`SERVED_FIRST` to be served. Why: at 10,000 records the writer of a run stopped 14 s after
its save had written thousands of files, and removing them in the run's thread took 0.9 to 1.2 s
of the next rebuild, while it loaded the data and checked the pages, which took 0.1 to 0.2 s
longer for it (traced serve). With ``scripts/edit_benchmark.py --pause 14`` the median stayed (2.18
against 2.18 s, 28 saves each, four alternating pairs), but slow saves became rare: 1 of 28 took
2.5 s or more (at most 2.65 s) instead of 6 of 28 (at most 3.10 s). At the default pause of 2 s
the writer has written little when the next save comes. The replaced index (1,100 files at 1,000
records, one per page and more) was removed while the run still held the lock that a new save's
:meth:`Afterwards.stop` waits for, so a save in that moment waited for the removal.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

from portal.site.background import Background, BackgroundError
from portal.site.build import Exports
from portal.site.search_index import OUTPUT, SearchIndex, SearchIndexError

log = logging.getLogger("mkdocs.plugins.portal")

SERVED_FIRST = 0.5
"""Seconds the thread leaves the preview alone before it starts. First of all it hands the last
build's objects to the cycle collector, which holds Python's lock for its whole run (at 10,000
records about half a second), while the preview still has to end the build and serve the changed
page, which the browser asks for as soon as the build has ended. Started at once, the collection
held up the end of every rebuild: at 10,000 records 0.4 to 0.7 s (in-process rebuilds after a hub
rename, alternating, two series: 6.6 and 6.7 s against 7.3 and 7.1 s)."""


class Lull:
    """Whether the preview is idle: told by the build session when a build starts and when it has
    ended (published or failed); :meth:`wait` returns once no build runs and the last one ended
    :data:`SERVED_FIRST` ago."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._building = False
        self._ended = time.monotonic() - SERVED_FIRST  # idle from the start

    def building(self) -> None:
        with self._changed:
            self._building = True

    def built(self) -> None:
        with self._changed:
            self._building = False
            self._ended = time.monotonic()
            self._changed.notify_all()

    def wait(self) -> None:
        with self._changed:
            while True:
                left = None if self._building else self._ended + SERVED_FIRST - time.monotonic()
                if left is not None and left <= 0:
                    return
                self._changed.wait(left)


class Afterwards:
    """One build's exports, Pagefind run and link check finishing in a thread (see the module's
    docstring); closes ``exports`` when done, once the preview is idle (``lull``). ``collect`` is
    the collection after the build, made first (:meth:`portal.site.session.BuildSession.collect_after_build`)."""

    def __init__(self, search: SearchIndex, content_check: Background[list[str]],
                 check_theme: Callable[[Callable[[], bool]], list[str]], site_dir: Path,
                 exports: Exports, lull: Lull, collect: Callable[[], None]) -> None:
        self._collect = collect
        self._exports = exports
        self._lull = lull
        self._search = search
        self._content_check = content_check
        self._check_theme = check_theme
        self._site_dir = site_dir
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._site = threading.Lock()  # held while the thread changes the served site
        self._replaced: Path | None = None  # the folder that holds the index this run's index replaced
        self._thread = threading.Thread(target=self._finish, daemon=True)
        self._thread.start()

    def _finish(self) -> None:
        # The collection after the build (portal.site.session, BuildSession.collect_after_build)
        # frees what the builds left (MkDocs' pages, navigation and configuration), once the page is
        # served and while the served site waits for the editor's next save: an automatic full
        # collection would hardly ever come (the next build pauses them again), and each save would
        # keep several MB (measured: +190 MB over 50 saves of the real data). A run that is stopped
        # first leaves it to the next one; a new build's stop waits for a collection under way.
        self._wake.wait(SERVED_FIRST)
        try:
            if not self._unless_stopped(self._collect):
                return
            if not self._unless_stopped(self._start):
                return
            self._exports.place(self._site_dir, self._unless_stopped)
            problems = self._search.finish(while_indexing=lambda: list(dict.fromkeys(
                self._content_check.result() + self._check_theme(self._stop.is_set))))
            if not self._unless_stopped(self._place_index):
                return
        except Exception as exc:  # a thread's error would otherwise only print a traceback
            if not self._stop.is_set():
                reason = exc if isinstance(exc, (SearchIndexError, BackgroundError, OSError)) else repr(exc)
                log.error("Exporte, Suchindex oder Linkprüfung der Vorschau: %s", reason)
            return
        finally:  # after a stop, the processes are killed already; wait for their end here
            self._search.stop()
            self._content_check.cancel()
            self._lull.wait()  # and remove the exports' folder and the replaced index while no build runs
            self._exports.close()
            if self._replaced is not None:
                shutil.rmtree(self._replaced, ignore_errors=True)
        for problem in problems:
            log.warning(problem)

    def _start(self) -> None:
        """Fork the exports' writer and the link check (each a copy of the preview's process)."""
        self._exports.start_writing()
        self._content_check.start()

    def _unless_stopped(self, change: Callable[[], None]) -> bool:
        """Make ``change`` to the served site unless the run is stopped; whether it was made."""
        with self._site:
            if self._stop.is_set():
                return False
            change()
            return True

    def _place_index(self) -> None:
        """Put the new index in the served one's place; the replaced one is removed later, while
        no build runs (:meth:`_finish`)."""
        served = self._site_dir / OUTPUT
        if served.exists():
            self._replaced = Path(tempfile.mkdtemp(prefix=f".{OUTPUT}-", dir=self._site_dir))  # hidden: never served
            os.rename(served, self._replaced / OUTPUT)
        shutil.move(self._search.site_dir / OUTPUT, served)

    def wait(self) -> None:
        """Wait until the index is in place and the problems are logged (starting at once)."""
        self._wake.set()
        self._thread.join()

    def stop(self) -> None:
        """Stop writing the exports, Pagefind and the link check (a new rebuild starts), and return
        once the thread no longer changes the served site, which keeps the exports it has; the
        thread ends by itself (see the module's docstring)."""
        with self._site:  # a change under way ends first; none follows
            self._stop.set()
        self._wake.set()
        self._exports.stop_writing()
        self._content_check.kill()
        self._search.kill()

    @property
    def running(self) -> bool:
        """Whether the thread has not ended yet."""
        return self._thread.is_alive()

    def join(self) -> None:
        """Wait until the thread has ended (after :meth:`stop`: its processes and work folder are gone)."""
        self._thread.join()
