"""The preview's watcher (portal.site.watching): the server the portal hands to ``mkdocs serve``
watches everything MkDocs watches plus the data folder, and looks more often when looking is cheap."""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.livereload import LiveReloadServer

from portal.site import watching


def test_the_interval_follows_the_cost_of_a_look_within_bounds():
    assert watching.interval_for(0.0) == watching.FASTEST
    assert watching.interval_for(10.0) == watching.SLOWEST
    middle = (watching.FASTEST + watching.SLOWEST) / 2 * watching.SHARE
    assert watching.interval_for(middle) == pytest.approx(middle / watching.SHARE)
    assert watching.interval_for(0.004) < watching.interval_for(0.008) <= watching.interval_for(0.08)


def _server(tmp_path: Path) -> LiveReloadServer:
    def builder(config=None):
        pass

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
    server = _server(tmp_path)
    data = tmp_path / "elsewhere" / "data"
    data.mkdir(parents=True)
    faster = watching.watching_faster(server, also=[str(data)])
    assert _watched(faster) == {**_watched(server), str(data): True}
    assert faster.observer.timeout == watching.FASTEST < server.observer.timeout
    assert (faster.builder, faster.root, faster.mount_path, faster.url) == \
           (server.builder, server.root, server.mount_path, server.url)
    assert faster.error_handler(404) == b"error page"
    assert faster.build_delay == server.build_delay


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
