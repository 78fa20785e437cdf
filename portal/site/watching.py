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
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from mkdocs.livereload import LiveReloadServer
from watchdog.observers.api import BaseObserver
from watchdog.observers.polling import PollingEmitter
from watchdog.utils.dirsnapshot import DirectorySnapshot

FASTEST = 0.1
"""Shortest interval between two looks (seconds); MkDocs waits ``build_delay`` (0.1 s) after a
change anyway, to let an editor's save finish."""
SLOWEST = 0.5
"""Longest interval: MkDocs' own."""
SHARE = 0.05
"""The share of one core that polling may take."""


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
    watched.update((os.path.abspath(path), True) for path in also)  # as LiveReloadServer.watch names it
    host, port = server.server_address[:2]
    interval = interval_for(snapshot_seconds(watched.items()))
    idle = threading.Event()
    faster = LiveReloadServer(builder=paused_while_building(server.builder, idle), host=str(host), port=int(port),
                              root=server.root, mount_path=server.mount_path, shutdown_delay=server.shutdown_delay,
                              polling_interval=interval)
    # MkDocs types its observer as the polling one and uses only what every observer has
    faster.observer = BaseObserver(_emitter_waiting_for(idle), timeout=interval)  # type: ignore[assignment]
    faster.error_handler = server.error_handler
    faster.build_delay = server.build_delay
    for path, recursive in sorted(watched.items()):
        faster.watch(path, recursive=recursive)
    return faster


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


def _emitter_waiting_for(idle: threading.Event) -> type[PollingEmitter]:
    """watchdog's polling emitter, taking each look only while ``idle`` is set."""

    class Emitter(PollingEmitter):
        def queue_events(self, timeout: float) -> None:
            if self.stopped_event.wait(timeout):  # the interval, as watchdog waits it
                return
            while not idle.wait(timeout):  # a build runs
                if self.stopped_event.is_set():
                    return
            super().queue_events(0)

    return Emitter
