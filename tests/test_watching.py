"""The preview's watcher (portal.site.watching): the server the portal hands to ``mkdocs serve``
watches everything MkDocs watches plus the data folder, and looks more often when looking is cheap."""

from __future__ import annotations

import shutil
import sys
import threading
import time
from pathlib import Path

import pytest
from mkdocs.livereload import LiveReloadServer
from watchdog.events import FileSystemEventHandler
from watchdog.observers import polling

from portal.site import watching


def test_the_interval_follows_the_cost_of_a_look_within_bounds():
    assert watching.interval_for(0.0) == watching.FASTEST
    assert watching.interval_for(10.0) == watching.SLOWEST
    middle = (watching.FASTEST + watching.SLOWEST) / 2 * watching.SHARE
    assert watching.interval_for(middle) == pytest.approx(middle / watching.SHARE)
    assert watching.interval_for(0.004) < watching.interval_for(0.008) <= watching.interval_for(0.08)


def _server(tmp_path: Path, built: list | None = None) -> LiveReloadServer:
    def builder(config=None):
        if built is not None:
            built.append(True)

    server = LiveReloadServer(builder=builder, host="127.0.0.1", port=8123, root=str(tmp_path / "site"),
                              mount_path="/portal/")
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    server.watch(str(tmp_path / "docs"))
    server.watch(str(tmp_path / "mkdocs.yml"))
    server.error_handler = lambda code: b"error page"
    return server


def _watched(server: LiveReloadServer) -> dict[str, bool]:
    return {emitter.watch.raw_path: emitter.watch.is_recursive for emitter in server.observer.emitters}


def test_the_new_server_watches_what_mkdocs_watched_and_the_data_folder(tmp_path, monkeypatch):
    monkeypatch.setattr(watching, "snapshot_seconds", lambda paths: 0.001)
    built: list[bool] = []
    server = _server(tmp_path, built)
    data = tmp_path / "elsewhere" / "data"
    (data / "hubs").mkdir(parents=True)
    (data / "themen").mkdir()
    (data / "site.yml").write_text("titel: x\n", encoding="utf-8")
    faster = watching.watching_faster(server, also=[str(data)])
    # the data folder folder by folder: a save looks at its own folder only
    assert _watched(faster) == {**_watched(server), str(data): False, str(data / "hubs"): True,
                                str(data / "themen"): True}
    assert faster.observer.timeout == watching.FASTEST < server.observer.timeout
    assert (faster.root, faster.mount_path, faster.url) == (server.root, server.mount_path, server.url)
    faster.builder()
    assert built == [True]  # MkDocs' builder, wrapped
    assert faster.error_handler(404) == b"error page"
    assert faster.build_delay == watching.SETTLE < server.build_delay  # a rebuild starts sooner


def test_a_large_tree_is_looked_at_no_more_often_than_mkdocs_does(tmp_path, monkeypatch):
    monkeypatch.setattr(watching, "snapshot_seconds", lambda paths: 2.0)
    server = _server(tmp_path)
    assert watching.watching_faster(server, also=[]).observer.timeout == server.observer.timeout


def test_a_look_covers_every_watched_folder(tmp_path, monkeypatch):
    (tmp_path / "a").mkdir()
    looked = []
    original = watching.DirectorySnapshot

    def snapshot(path, recursive=True):
        looked.append((path, recursive))
        return original(path, recursive=recursive)

    monkeypatch.setattr(watching, "DirectorySnapshot", snapshot)
    watching.snapshot_seconds([(str(tmp_path / "a"), True), (str(tmp_path / "missing"), True)])
    assert looked == [(str(tmp_path / "a"), True)]


def _recorded_looks(monkeypatch) -> list[str]:
    """The folders the watcher's emitters take snapshots of, from now on."""
    looks: list[str] = []
    original = polling.DirectorySnapshot

    def snapshot(path, *args, **kwargs):
        looks.append(path)
        return original(path, *args, **kwargs)

    monkeypatch.setattr(polling, "DirectorySnapshot", snapshot)
    return looks


def test_no_look_is_taken_while_the_preview_builds_and_a_save_during_a_build_is_seen_after_it(tmp_path, monkeypatch):
    monkeypatch.setattr(watching, "snapshot_seconds", lambda paths: 0.001)  # a look every 0.1 s
    data = tmp_path / "data"
    data.mkdir()
    record = data / "netz.yml"
    record.write_text("name: Netz\n", encoding="utf-8")
    looks = _recorded_looks(monkeypatch)
    building, release = threading.Event(), threading.Event()
    looks_while_building: list[int] = []

    def builder():
        building.set()
        threading.Event().wait(0.3)  # a look that began just before the build has ended by now
        before = len(looks)
        record.write_text("name: Netz Nord\n", encoding="utf-8")  # the editor saves during the build
        release.wait(30)
        looks_while_building.append(len(looks) - before)

    server = LiveReloadServer(builder=builder, host="127.0.0.1", port=8124, root=str(tmp_path / "site"))
    faster = watching.watching_faster(server, also=[str(data)])
    changed = threading.Event()
    handler = FileSystemEventHandler()
    handler.on_modified = lambda event: changed.set() if event.src_path == str(record) else None  # type: ignore[method-assign]
    faster.observer.schedule(handler, str(data), recursive=True)
    faster.observer.start()
    try:
        for _ in range(3000):  # the first look, which later ones compare with
            if str(data) in looks:
                break
            threading.Event().wait(0.01)
        thread = threading.Thread(target=faster.builder)
        thread.start()
        assert building.wait(30)
        assert not changed.wait(1.0)  # ten intervals: no look, so the save is not seen yet
        release.set()
        thread.join(30)
        assert looks_while_building == [0]
        assert changed.wait(30)  # the first look after the build compares with the last one before it
    finally:
        release.set()
        faster.observer.stop()
        faster.observer.join()


def _watch_for_a_save(tmp_path: Path, monkeypatch, interval: float):
    """A served data folder watched every ``interval`` seconds: (observer, file, event set on its change)."""
    monkeypatch.setattr(watching, "SLOWEST", interval)
    monkeypatch.setattr(watching, "snapshot_seconds", lambda paths: interval)
    data = tmp_path / "data"
    data.mkdir()
    record = data / "netz.yml"
    record.write_text("name: Netz\n", encoding="utf-8")
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=8125, root=str(tmp_path / "site"))
    faster = watching.watching_faster(server, also=[str(data)])
    changed = threading.Event()
    handler = FileSystemEventHandler()
    handler.on_modified = lambda event: changed.set() if event.src_path == str(record) else None  # type: ignore[method-assign]
    faster.observer.schedule(handler, str(data), recursive=True)
    return faster.observer, record, changed


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the kernel's change reports: Linux' inotify")
def test_a_change_the_kernel_reports_is_looked_at_at_once(tmp_path, monkeypatch):
    observer, record, changed = _watch_for_a_save(tmp_path, monkeypatch, interval=600)
    observer.start()
    try:
        record.write_text("name: Netz Nord\n", encoding="utf-8")
        assert changed.wait(30)  # polling alone would look only after ten minutes
    finally:
        observer.stop()
        observer.join()


def test_without_the_kernel_s_reports_polling_still_sees_a_save(tmp_path, monkeypatch):
    def refused(self):
        raise OSError(28, "inotify watch limit reached")

    if sys.platform.startswith("linux"):
        from watchdog.observers.inotify import InotifyObserver

        monkeypatch.setattr(InotifyObserver, "start", refused)
    observer, record, changed = _watch_for_a_save(tmp_path, monkeypatch, interval=0.1)
    observer.start()  # does not fail
    try:
        record.write_text("name: Netz Nord\n", encoding="utf-8")
        assert changed.wait(60)
    finally:
        observer.stop()
        observer.join()


def _until(condition, patience: float = 30) -> bool:
    """Whether ``condition()`` holds within ``patience`` seconds (an upper bound, never a measurement)."""
    deadline = time.monotonic() + patience
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the kernel's change reports: Linux' inotify")
def test_a_reported_save_looks_only_at_the_folder_of_its_kind(tmp_path, monkeypatch):
    monkeypatch.setattr(watching, "SLOWEST", 600)
    monkeypatch.setattr(watching, "snapshot_seconds", lambda paths: 600)
    data = tmp_path / "data"
    (data / "hubs").mkdir(parents=True)
    (data / "themen").mkdir()
    hub = data / "hubs" / "hub.yml"
    hub.write_text("name: Hub\n", encoding="utf-8")
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=8126, root=str(tmp_path / "site"))
    faster = watching.watching_faster(server, also=[str(data)])
    looks = _recorded_looks(monkeypatch)
    faster.observer.start()
    try:
        assert _until(lambda: len(looks) == 3)  # the first looks, which later ones compare with
        looks.clear()
        hub.write_text("name: Hub Süd\n", encoding="utf-8")
        assert _until(lambda: faster._want_rebuild)  # MkDocs' flag, which its build loop waits for
        assert set(looks) == {str(data / "hubs")}
    finally:
        faster.observer.stop()
        faster.observer.join()


def test_a_folder_made_while_serving_is_watched_with_the_files_already_in_it(tmp_path, monkeypatch):
    monkeypatch.setattr(watching, "snapshot_seconds", lambda paths: 0.001)  # a look every 0.1 s
    data = tmp_path / "data"
    (data / "hubs").mkdir(parents=True)
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=8127, root=str(tmp_path / "site"))
    faster = watching.watching_faster(server, also=[str(data)])
    faster.observer.start()
    try:
        made = data / "angebote"
        made.mkdir()
        (made / "beratung.yml").write_text("name: Beratung\n", encoding="utf-8")  # saved at once with its folder
        assert _until(lambda: faster._want_rebuild)
        assert str(made) in _watched(faster)
        faster._want_rebuild = False
        (made / "beratung.yml").write_text("name: Erstberatung\n", encoding="utf-8")
        assert _until(lambda: faster._want_rebuild)  # watched from now on

        faster._want_rebuild = False
        shutil.rmtree(made)
        assert _until(lambda: str(made) not in _watched(faster))
        made.mkdir()  # made again with the same name: watched again
        (made / "check.yml").write_text("name: Check\n", encoding="utf-8")
        assert _until(lambda: str(made) in _watched(faster))
    finally:
        faster.observer.stop()
        faster.observer.join()
