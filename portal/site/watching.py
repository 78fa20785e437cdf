"""The preview's file watcher (called by :mod:`portal.site.plugin` in ``on_serve``): MkDocs' own
watcher, but looking for changes as often as the watched folders allow.

MkDocs' preview server compares snapshots of the watched folders every 0.5 s (watchdog's polling
observer). That works on every file system, also on network drives and in folders shared with a
container or WSL, where the kernel's change notices do not arrive; but on average a quarter of a
second of every save's way to the preview is spent waiting for the next look. The portal therefore
hands MkDocs a server like its own, built with MkDocs' public ``polling_interval``, watching the same
paths plus the data folder, and looking every :data:`FASTEST` seconds when a snapshot is cheap.
Looking costs time of its own, so the interval grows with the watched trees: polling takes at most
:data:`SHARE` of one core, and never waits longer than MkDocs does (:data:`SLOWEST`). The real data
(about 300 files, a snapshot of everything watched takes about 5 ms) is looked at every 0.1 s;
10,000 records (about 80 ms) every 0.5 s, as before.

No look is taken while the preview builds (:func:`paused_while_building`): a build reads every data
file anyway, and at 10,000 records a look (snapshot and comparison, about 0.15 s every 0.5 s) took a
quarter of a core and turns at Python's lock with the build it slowed. A file saved during a build is
seen by the first look after it, which compares with the last look before it, so nothing is missed;
MkDocs would rebuild only after the running build anyway.

Where the kernel reports changes (Linux' inotify, through watchdog), a report wakes the look at
once (:class:`_Observer`); the comparison of snapshots still decides what changed, and polling
goes on as before for the folders where no reports come (network drives, WSL). At 10,000 records
the wait for the next look took 0.5 to 1 s of a broken save's way to its error page, while the
last save's exports and search index were still running. The data folder is watched folder by
folder (:func:`by_folder`), so that a report looks only at the folder of one kind (350 hubs
instead of 10,000 files: a look of about 0.2 s under load became a few milliseconds); a folder
made later is watched from then on, and the files already in it count as changed
(:class:`_NewFolders`).
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from mkdocs.livereload import LiveReloadServer
from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirModifiedEvent,
    DirMovedEvent,
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers.api import BaseObserver, ObservedWatch
from watchdog.observers.polling import PollingEmitter
from watchdog.utils.dirsnapshot import DirectorySnapshot

log = logging.getLogger("mkdocs.plugins.portal")

FASTEST = 0.1
"""Shortest interval between two looks (seconds), where the kernel does not report changes."""
SETTLE = 0.03
"""How long no further change must be seen before a rebuild starts (seconds; MkDocs' ``build_delay``,
which is 0.1 s): an editor writes a file in one go or through a renamed copy within a few
milliseconds, and each change seen restarts the wait, so a ``git checkout`` of many files still
builds once. A save seen only after a rebuild started makes one more rebuild, as with MkDocs' own
delay. Why: the wait is part of every save's way to the preview, 0.07 s of it saved."""
SLOWEST = 0.5
"""Longest interval: MkDocs' own."""
SHARE = 0.05
"""The share of one core that polling may take."""
CHANGES: list[type[FileSystemEvent]] = [FileModifiedEvent, FileCreatedEvent, FileDeletedEvent, FileMovedEvent,
                                        FileClosedEvent, DirCreatedEvent, DirDeletedEvent, DirMovedEvent,
                                        DirModifiedEvent]
"""The kernel's reports that wake a look: changes, not a build reading the files."""


def interval_for(snapshot_seconds: float) -> float:
    """Seconds between two looks when one look at every watched path takes ``snapshot_seconds``."""
    return min(SLOWEST, max(FASTEST, snapshot_seconds / SHARE))


def snapshot_seconds(paths: Iterable[tuple[str, bool]]) -> float:
    """How long one look at the watched ``(path, recursive)`` pairs takes now."""
    start = time.perf_counter()
    for path, recursive in paths:
        if Path(path).is_dir():
            DirectorySnapshot(path, recursive=recursive)
    return time.perf_counter() - start


def watching_faster(server: LiveReloadServer, also: Iterable[str]) -> LiveReloadServer:
    """A server like ``server`` (not yet serving) that watches what it watches and the paths
    ``also``, every :func:`interval_for` seconds."""
    watched = {emitter.watch.raw_path: emitter.watch.is_recursive for emitter in server.observer.emitters}
    also = [os.path.abspath(path) for path in also]  # as LiveReloadServer.watch names them
    for path in also:
        watched.update(by_folder(path))
    host, port = server.server_address[:2]
    interval = interval_for(snapshot_seconds(watched.items()))
    idle = threading.Event()
    faster = LiveReloadServer(builder=paused_while_building(server.builder, idle), host=str(host), port=int(port),
                              root=server.root, mount_path=server.mount_path, shutdown_delay=server.shutdown_delay,
                              polling_interval=interval)
    # MkDocs types its observer as the polling one and uses only what every observer has
    faster.observer = _Observer(idle, interval)  # type: ignore[assignment]
    faster.error_handler = server.error_handler
    faster.build_delay = min(SETTLE, server.build_delay)
    for path, recursive in sorted(watched.items()):
        faster.watch(path, recursive=recursive)
    for path in also:
        if os.path.isdir(path):
            faster.observer.schedule(_NewFolders(faster), path)
    return faster


def by_folder(path: str) -> dict[str, bool]:
    """The ``(path, recursive)`` watches that cover the folder ``path``: itself without its
    folders, and each of its folders with everything in it."""
    if not os.path.isdir(path):
        return {path: True}
    with os.scandir(path) as entries:
        return {path: False, **{entry.path: True for entry in entries if entry.is_dir()}}


class _NewFolders(FileSystemEventHandler):
    """Watches a folder made in a folder watched :func:`by_folder` after the server started, and
    stops watching one that was removed (so that one made again with its name is watched)."""

    def __init__(self, server: LiveReloadServer) -> None:
        self._server = server

    def on_created(self, event: FileSystemEvent) -> None:
        if event.is_directory:
            self._server.watch(os.fsdecode(event.src_path))

    def on_deleted(self, event: FileSystemEvent) -> None:
        if event.is_directory:
            with contextlib.suppress(KeyError):  # not watched (a folder inside a folder of a kind)
                self._server.unwatch(os.fsdecode(event.src_path))


def paused_while_building(builder: Callable[[], None], idle: threading.Event) -> Callable[[], None]:
    """``builder``, clearing ``idle`` while it runs (the watcher's emitters wait for it)."""
    idle.set()

    def build() -> None:
        idle.clear()
        try:
            builder()
        finally:
            idle.set()

    return build


class _Observer(BaseObserver):
    """watchdog's polling observer, whose emitters take no look while a build runs (``idle`` is
    clear) and look at once when the kernel reports a change in their folder."""

    def __init__(self, idle: threading.Event, interval: float) -> None:
        self._wakeups: dict[str, threading.Event] = {}
        self._watching = threading.Event()  # (Thread has a _started of its own)
        super().__init__(_emitter_waiting_for(idle, self._wakeups, self._watching), timeout=interval)
        self._reports = _kernel_reports()
        self._reported: dict[str, ObservedWatch] = {}  # watched path -> its watch for the kernel's reports

    def schedule(self, event_handler: FileSystemEventHandler, path: str | Path, **kwargs) -> ObservedWatch:
        watch = super().schedule(event_handler, path, **kwargs)
        wake = self._wakeups.setdefault(watch.path, threading.Event())
        if self._reports is not None and os.path.isdir(path):
            try:
                self._reported[watch.path] = self._reports.schedule(
                    _Waking(wake), path, recursive=watch.is_recursive, event_filter=CHANGES)
            except OSError as exc:  # scheduled while running, and no more watches allowed: polling alone
                log.debug("Keine Meldungen des Betriebssystems über Änderungen in %s: %s", path, exc)
        return watch

    def unschedule(self, watch: ObservedWatch) -> None:
        super().unschedule(watch)
        reported = self._reported.pop(watch.path, None)
        if reported is not None and self._reports is not None:
            with contextlib.suppress(KeyError):  # already gone with its folder
                self._reports.unschedule(reported)

    def start(self) -> None:
        super().start()
        self._watching.set()
        if self._reports is not None:
            try:
                self._reports.start()
            except OSError as exc:  # no more watches allowed (fs.inotify.max_user_watches): polling alone
                log.debug("Keine Meldungen des Betriebssystems über Änderungen: %s", exc)
                self._reports.stop()
                self._reports = None

    def stop(self) -> None:
        if self._reports is not None and self._reports.is_alive():
            self._reports.stop()
        super().stop()

    def join(self, timeout: float | None = None) -> None:
        if self._reports is not None and self._reports.is_alive():
            self._reports.join(timeout)
        super().join(timeout)


def _kernel_reports() -> BaseObserver | None:
    """An observer of the kernel's change reports, or None where the system has none."""
    try:
        from watchdog.observers.inotify import InotifyObserver
    except Exception:  # not Linux (watchdog raises its own error types there)
        return None
    try:
        return InotifyObserver()
    except OSError:
        return None


class _Waking(FileSystemEventHandler):
    """Sets ``wake`` on every report of a change."""

    def __init__(self, wake: threading.Event) -> None:
        self._wake = wake

    def on_any_event(self, event: FileSystemEvent) -> None:
        self._wake.set()


def _emitter_waiting_for(idle: threading.Event, wakeups: dict[str, threading.Event],
                         started: threading.Event) -> type[PollingEmitter]:
    """watchdog's polling emitter, taking each look only while ``idle`` is set, and at once when
    the event for its folder in ``wakeups`` is set (else after the interval). One added after
    the observer ``started`` (a new folder) reports the files it finds first as made."""

    class Emitter(PollingEmitter):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self._wake = wakeups.setdefault(self.watch.path, threading.Event())

        def on_thread_start(self) -> None:
            if started.is_set():  # compared with nothing: its files are new
                self._wake.set()
            else:
                super().on_thread_start()

        def on_thread_stop(self) -> None:
            super().on_thread_stop()
            self._wake.set()  # no wait for the interval

        def queue_events(self, timeout: float) -> None:
            self._wake.wait(timeout)  # a report of a change, or the interval
            self._wake.clear()
            if self.stopped_event.is_set():
                return
            while not idle.wait(timeout):  # a build runs
                if self.stopped_event.is_set():
                    return
            super().queue_events(0)

    return Emitter
