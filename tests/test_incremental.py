"""Under ``mkdocs serve`` a rebuild reuses what has not changed (data files read before, pages that
read the same, the theme's pages); what it publishes must be the same, byte for byte, as a build
from scratch of the same data. Builds here run in this process with one build session, as serve
runs them, and are compared with ``mkdocs build`` in a fresh process."""

from __future__ import annotations

import dataclasses
import errno
import filecmp
import gc
import logging
import os
import shutil
import threading
import time
import urllib.error
import urllib.request
import weakref
from pathlib import Path
from types import SimpleNamespace

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort
from mkdocs.livereload import LiveReloadServer

from portal.exports.addresses import CATALOGUE_JSON
from portal.site import afterwards, generated, plugin, rendering, siteswap
from portal.site import preview as preview_glue
from portal.site import session as session_module
from portal.site.afterwards import Lull
from portal.site.background import Background
from portal.site.build import Exports
from portal.site.search_index import OUTPUT
from portal.site.session import BuildSession, session_of
from portal.site.theme_cache import ThemeCache
from tests.conftest import MINIMAL, REPO, build_site
from tests.test_preview import preview  # noqa: F401 - the fixture: mkdocs serve with its data folder elsewhere
from tests.test_site import project_copy

EPOCH = "1767225600"


def _differences(left: Path, right: Path) -> list[str]:
    """Files that differ or exist on one side only (relative paths)."""
    found = []

    def walk(compared: filecmp.dircmp, prefix: str) -> None:
        found.extend(prefix + name for name in compared.left_only + compared.right_only + compared.funny_files)
        _, mismatch, errors = filecmp.cmpfiles(compared.left, compared.right, compared.common_files, shallow=False)
        found.extend(prefix + name for name in mismatch + errors)
        for name, sub in compared.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(left, right), "")
    return sorted(found)


class Serve:
    """Builds in this process, one after the other, with one session that reuses between builds."""

    def __init__(self, site: Path) -> None:
        self.site = site
        self.config = REPO / "mkdocs.yml"
        self.session = None

    def build(self, settle: bool = True):
        config = load_config(str(self.config), site_dir=str(self.site))
        if self.session is None:
            self.session = session_of(config)
            self.session.reuse_between_builds()
        build(config)
        if settle:  # exports, search index and link check finish after the site is served
            self.session.settle()
        return self.session


@pytest.fixture
def serve(tmp_path, monkeypatch):
    monkeypatch.chdir(REPO)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    running = Serve(tmp_path / "served")
    yield running
    if running.session is not None:
        running.session.abandon()
        running.session.stop_reusing()


@pytest.fixture
def data(tmp_path, monkeypatch) -> Path:
    """A copy of the minimal catalogue as the served data folder."""
    folder = tmp_path / "data"
    shutil.copytree(MINIMAL, folder)
    monkeypatch.setenv("PORTAL_DATA", str(folder))
    return folder


def _same_as_a_fresh_build(data: Path, served: Path, tmp_path: Path, name: str, config: Path | None = None) -> None:
    fresh = tmp_path / f"fresh-{name}"
    result = build_site(data, fresh, epoch=EPOCH, config=config)
    assert result.returncode == 0, result.stderr[-3000:]
    assert _differences(served, fresh) == [], name


def test_a_rebuild_after_each_kind_of_change_equals_a_fresh_build(serve, data, tmp_path, monkeypatch):
    monkeypatch.setenv("PORTAL_SITE_URL", "http://127.0.0.1:8000/")  # as serve's: the sitemap lists every page
    serve.build()

    hub = data / "hubs" / "transfer-x.yml"
    hub.write_text(hub.read_text(encoding="utf-8").replace("\nname: ", "\nname: Geändert ", 1), encoding="utf-8")
    session = serve.build()
    assert session.theme_cache.reused > 0  # unchanged record pages came from the last build
    _same_as_a_fresh_build(data, serve.site, tmp_path, "changed")

    network = data / "netzwerke" / "beispiel-netz.yml"
    added = data / "netzwerke" / "zweites-netz.yml"
    added.write_text(network.read_text(encoding="utf-8").replace("name: Beispielnetzwerk", "name: Zweites Netzwerk"),
                     encoding="utf-8")
    serve.build()
    _same_as_a_fresh_build(data, serve.site, tmp_path, "added")

    added.rename(data / "netzwerke" / "umbenanntes-netz.yml")
    serve.build()
    _same_as_a_fresh_build(data, serve.site, tmp_path, "renamed")

    (data / "netzwerke" / "umbenanntes-netz.yml").unlink()
    serve.build()
    _same_as_a_fresh_build(data, serve.site, tmp_path, "deleted")

    event = data / "veranstaltungen" / "beispiel-zukunft.yml"  # the topic pages list the event or not
    event.write_text(event.read_text(encoding="utf-8").replace("themen: [datenoekosysteme]",
                                                               "themen: [batterie-wertschoepfung]"), encoding="utf-8")
    serve.build()
    _same_as_a_fresh_build(data, serve.site, tmp_path, "back-links")

    # an offer in Saxony's Wegweiser, by two providers
    shutil.copytree(MINIMAL.parent / "golden" / "angebote", data / "angebote")
    serve.build()
    provider = data / "organisationen" / "beispiel-hochschule.yml"  # the Wegweiser section names it
    provider.write_text(provider.read_text(encoding="utf-8").replace("\nname: ", "\nname: Neu ", 1), encoding="utf-8")
    serve.build()
    assert "Neu Beispiel-Hochschule" in (serve.site / "hilfe" / "de-sn" / "index.html").read_text(encoding="utf-8")
    _same_as_a_fresh_build(data, serve.site, tmp_path, "provider")


def test_pages_taken_as_published_before_the_configuration_turned_out_changed_are_rendered_after_all(
        serve, data, tmp_path, monkeypatch):
    """A rebuild takes a record page whose inputs are unchanged as published before MkDocs builds the
    navigation (portal.site.generated.PublishedPage); when the navigation or the configuration
    turns out changed, the theme renders it after all, with the new configuration."""
    monkeypatch.setenv("PORTAL_SITE_URL", "http://127.0.0.1:8000/")
    serve.config = project_copy(tmp_path) / "mkdocs.yml"
    built_after_all = []
    monkeypatch.setattr(generated.PublishedPage, "built_after_all",
                        _spied(generated.PublishedPage.built_after_all, built_after_all))
    serve.build()
    serve.build()  # nothing changed: the record pages stay as published, and are not built
    assert serve.session.theme_cache.reused > 0 and not built_after_all
    text = serve.config.read_text(encoding="utf-8")
    serve.config.write_text(text.replace("\nsite_name: ", "\nsite_name: Neu im Test ", 1), encoding="utf-8")
    serve.build()
    assert built_after_all
    record = (serve.site / "hubs" / "transfer-x" / "index.html").read_text(encoding="utf-8")
    assert "– Neu im Test Transformationsportal Automobil</title>" in record
    _same_as_a_fresh_build(data, serve.site, tmp_path, "configuration", serve.config)


def test_a_file_added_to_or_removed_from_the_theme_folder_shows_in_the_next_rebuild(serve, data, tmp_path):
    """The theme's files are listed again only when a theme folder changed (portal.site.theme_files)."""
    project = project_copy(tmp_path)
    (project / "overrides").unlink()
    shutil.copytree(REPO / "overrides", project / "overrides")
    for folder in [project / "overrides", *(path for path in (project / "overrides").rglob("*") if path.is_dir())]:
        os.utime(folder, ns=(1_600_000_000_000_000_000,) * 2)  # not touched for a while
    serve.config = project / "mkdocs.yml"
    serve.build()
    serve.build()
    added = project / "overrides" / "assets" / "neu.txt"
    added.write_text("Neu im Theme\n", encoding="utf-8")
    serve.build()
    assert (serve.site / "assets" / "neu.txt").read_text(encoding="utf-8") == "Neu im Theme\n"
    _same_as_a_fresh_build(data, serve.site, tmp_path, "theme-added", serve.config)
    added.unlink()
    serve.build()
    assert not (serve.site / "assets" / "neu.txt").exists()


@pytest.mark.parametrize("src_uri", ["hubs/transfer-x.md", "index.md", "laender/de-sn.md", "hilfe/README.md",
                                     "organisationen/grüne wiese.md"])
@pytest.mark.parametrize("directory_urls", [True, False])
def test_a_page_that_stays_published_gets_the_file_mkdocs_would_make_for_it(src_uri, directory_urls, monkeypatch):
    """A page taken as published gets its file from the paths its file had in the published site
    (portal.site.generated.PagePaths), not from MkDocs; it must be the file MkDocs makes, also
    when the configuration changed how addresses are made."""
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    def configuration(site_dir: str, directory_urls: bool):
        config = load_config(str(REPO / "mkdocs.yml"), site_dir=site_dir, use_directory_urls=directory_urls)
        config.plugins._current_plugin = "portal"  # as in on_files, where MkDocs notes who generated a file
        return config

    config = configuration("/tmp/site-a", directory_urls)
    published = generated.File.generated(config, src_uri, content="", inclusion=generated.InclusionLevel.NOT_IN_NAV)
    paths = generated.PagePaths.of(published)
    for now in (config, configuration("/tmp/site-b", directory_urls), configuration("/tmp/site-b", not directory_urls)):
        made = generated.File.generated(now, src_uri, content="", inclusion=generated.InclusionLevel.NOT_IN_NAV)
        again = paths.file(now)
        assert (again.dest_uri, again.url, again.name, again.abs_dest_path) == (made.dest_uri, made.url, made.name,
                                                                               made.abs_dest_path)
        assert vars(again) == vars(made)


def _spied(method, calls: list):
    def spy(self, *args):
        calls.append(self)
        return method(self, *args)
    return spy


def test_a_rebuild_leaves_the_unchanged_pages_in_place_and_says_nothing_about_them(serve, data, caplog):
    """An unchanged page of the served site stays the file it was: nothing is written for it, and
    MkDocs says nothing about it. A changed page is written anew (pages of records that are gone go,
    with their folders: see the test above)."""
    serve.build()
    unchanged, changed = "foerderung/beispiel-aufruf/index.html", "hubs/transfer-x/index.html"
    before = {name: (serve.site / name).stat().st_ino for name in (unchanged, changed)}
    hub = data / "hubs" / "transfer-x.yml"
    hub.write_text(hub.read_text(encoding="utf-8").replace("\nname: ", "\nname: Geändert ", 1), encoding="utf-8")
    with caplog.at_level(logging.INFO):
        serve.build()
    assert (serve.site / unchanged).stat().st_ino == before[unchanged]
    assert (serve.site / changed).stat().st_ino != before[changed]
    assert "Geändert" in (serve.site / changed).read_text(encoding="utf-8")
    assert not [record for record in caplog.records if "foerderung/beispiel-aufruf" in record.getMessage()]


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def test_after_a_preview_build_its_garbage_is_collected_and_what_the_preview_keeps_is_frozen(serve, data):
    """Between saves the cycle collector leaves what the preview keeps alone (portal.site.afterwards),
    after it has freed what the last build left behind; when the preview stops, it gets it back."""
    gc.unfreeze()
    gc.disable()  # no automatic collections: only the one after the build may free the cycle
    try:
        garbage = weakref.ref(_Cycle())
        session = serve.build()
        assert garbage() is None
        assert gc.get_freeze_count() > 0
        session.stop_reusing()
        assert gc.get_freeze_count() == 0
    finally:
        gc.enable()


def test_what_a_preview_rebuild_throws_away_is_freed_while_what_the_first_build_kept_stays_frozen(
        serve, data, monkeypatch):
    """Each save makes a new catalogue, MkDocs pages and navigation, which MkDocs and its plugins hold
    until the next build; the collection after that build must free them, and leave the preview's
    kept objects frozen, so that it does not walk them again (portal.site.session)."""
    catalogues = []
    start = session_module.start_build

    def starting(*args):
        build = start(*args)
        catalogues.append(weakref.ref(build.catalogue))
        return build

    monkeypatch.setattr(session_module, "start_build", starting)
    gc.unfreeze()
    gc.disable()  # no automatic collections: only those after the builds may free anything
    try:
        hub = data / "hubs" / "transfer-x.yml"
        good = hub.read_text(encoding="utf-8")
        serve.build()
        frozen = gc.get_freeze_count()
        walked = weakref.ref(_Cycle())  # garbage among the frozen objects: freed only if they are walked
        gc.freeze()
        for name in ("Eins", "Zwei", "Drei"):
            hub.write_text(good.replace("\nname: ", f"\nname: {name} ", 1), encoding="utf-8")
            serve.build()
            assert gc.get_freeze_count() >= frozen * 0.9  # the first build's kept objects, not unfrozen
        # the first build's was frozen with what the preview keeps; the last one's is in use
        assert [alive() is None for alive in catalogues[1:]] == [True, True, False]
        assert gc.get_freeze_count() <= frozen + 1  # nothing of the rebuilds froze
        assert walked() is not None  # the collections after the rebuilds did not walk the frozen objects
    finally:
        gc.enable()


def test_a_preview_rebuild_pauses_automatic_collections_unless_the_theme_renders_most_pages(
        serve, data, monkeypatch):
    """A rebuild leaves collecting to the collection after it (see portal.site.session); the first
    build, and a theme that renders more pages than it keeps, collect as usual, and so does
    everything after a build, also after one that bad data stopped. Off before, off after."""
    seen = []
    add_pages, theme_starts = generated.add_pages, BuildSession.theme_starts

    def adding(*args):
        seen.append(("files", gc.isenabled()))
        return add_pages(*args)

    def starting(session, rendering, kept):
        theme_starts(session, rendering, kept)
        seen.append(("theme", gc.isenabled()))

    monkeypatch.setattr(plugin, "add_pages", adding)
    monkeypatch.setattr(BuildSession, "theme_starts", starting)
    hub = data / "hubs" / "transfer-x.yml"
    good = hub.read_text(encoding="utf-8")
    serve.build()
    hub.write_text(good.replace("\nname: ", "\nname: Neu ", 1), encoding="utf-8")
    session = serve.build()
    assert seen == [("files", True), ("theme", True), ("files", False), ("theme", False)] and gc.isenabled()
    session.theme_cache.forget()  # as after a change to a template: the theme renders every page
    hub.write_text(good.replace("\nname: ", "\nname: Alles ", 1), encoding="utf-8")
    serve.build()
    assert seen[-2:] == [("files", False), ("theme", True)] and gc.isenabled()
    hub.write_text(good + "\nname: [kaputt\n", encoding="utf-8")
    with pytest.raises(Abort):
        serve.build()
    assert gc.isenabled()
    gc.disable()
    try:
        hub.write_text(good, encoding="utf-8")
        serve.build()
        hub.write_text(good.replace("\nname: ", "\nname: Wieder ", 1), encoding="utf-8")
        serve.build()
        assert seen[-2:] == [("files", False), ("theme", False)] and not gc.isenabled()
    finally:
        gc.enable()


def test_a_rebuild_that_fails_while_it_updates_the_served_folder_leaves_the_next_one_complete(
        serve, data, tmp_path, monkeypatch):
    """Should the served folder's update stop half-way (a full disk), the preview takes nothing
    from it the next time: the next good rebuild equals a fresh build."""
    serve.build()
    hub = data / "hubs" / "transfer-x.yml"
    original = hub.read_text(encoding="utf-8")
    replace = siteswap._replace

    def replace_then_fail(source, target):
        replace(source, target)
        if target == serve.site / "hubs" / "transfer-x" / "index.html":
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(siteswap, "_replace", replace_then_fail)
    hub.write_text(original.replace("\nname: ", "\nname: Halb ", 1), encoding="utf-8")
    with pytest.raises(OSError):
        serve.build()
    assert "Halb" in (serve.site / "hubs" / "transfer-x" / "index.html").read_text(encoding="utf-8")
    monkeypatch.setattr(siteswap, "_replace", replace)
    hub.write_text(original, encoding="utf-8")  # back to what the served pages were made from
    serve.build()
    _same_as_a_fresh_build(data, serve.site, tmp_path, "after a failed update")


def test_a_rebuild_spreads_pages_that_were_big_over_the_cores_with_the_same_result(serve, data, tmp_path, monkeypatch):
    """Whether a rebuild renders on every core depends on how big the pages to render again were in
    the last build, not on their number. Pages rendered in worker processes bring back what they
    read: the next change to the same record renders them again (else they would keep the old name),
    and each result equals a fresh build."""
    spread: list[tuple[int, bool]] = []
    start = rendering.start_ordered_map

    def watched(function, items, *, min_items, shared=None):
        spread.append((len(items), len(items) >= min_items))
        return start(function, items, min_items=min_items, shared=shared)

    monkeypatch.setattr(rendering, "start_ordered_map", watched)
    serve.build()
    assert spread[-1][1] is False  # a small catalogue from scratch: one process
    monkeypatch.setattr(rendering, "PARALLEL_FROM_BYTES", 1)  # as if the pages had been big
    hub = data / "hubs" / "transfer-x.yml"
    for name in ("Zuerst ", "Dann "):
        hub.write_text(hub.read_text(encoding="utf-8").replace("\nname: ", f"\nname: {name}", 1), encoding="utf-8")
        serve.build()
        assert spread[-1][1] is True
        _same_as_a_fresh_build(data, serve.site, tmp_path, name.strip())
    assert spread[-1][0] == spread[-2][0] < spread[0][0]  # the same pages again, not every page


def _page_showing(url: str, text: str, patience: float = 60) -> str:
    """The page at ``url`` once it contains ``text`` (``patience``: an upper bound, never a measurement)."""
    deadline = time.monotonic() + patience
    while True:
        try:
            with urllib.request.urlopen(url, timeout=patience) as response:
                body = response.read().decode("utf-8")
        except urllib.error.HTTPError as error:  # a new page: not found until the rebuild is served
            body = error.read().decode("utf-8", errors="replace")
        if text in body or time.monotonic() > deadline:
            return body
        time.sleep(0.1)


def test_a_save_in_the_served_data_folder_shows_on_the_served_page(preview, tmp_path):  # noqa: F811
    base, _, data, server = preview
    hub = data / "hubs" / "transfer-x.yml"
    hub.write_text(hub.read_text(encoding="utf-8").replace("\nname: ", "\nname: Frisch gespeichert ", 1),
                   encoding="utf-8")
    assert "Frisch gespeichert" in _page_showing(base + "hubs/transfer-x/", "Frisch gespeichert")

    added = data / "hubs" / "neuer-hub.yml"
    added.write_text(hub.read_text(encoding="utf-8").replace("Frisch gespeichert", "Ganz neu"), encoding="utf-8")
    assert "Ganz neu" in _page_showing(base + "hubs/neuer-hub/", "Ganz neu")
    log = (tmp_path / "serve.log").read_text(encoding="utf-8")
    assert "unverändert übernommen" in log
    assert "excluded from the built site" not in log  # docs/index.md links to overviews the preview kept
    assert server.poll() is None


@pytest.fixture
def held_exports(monkeypatch):
    """Exports wait before they take their place in the served site until the event is set (or the
    next rebuild stops them)."""
    release = threading.Event()
    original = Exports.place

    def place(self, site_dir, change):
        while not release.is_set() and change(lambda: None):  # False once the run is stopped
            time.sleep(0.01)
        original(self, site_dir, change)

    monkeypatch.setattr(Exports, "place", place)
    return release


def test_a_preview_forks_its_exports_writer_and_link_check_only_once_the_save_is_served(serve, data, monkeypatch):
    """Each fork copies the preview's process (about 1 GB at 10,000 records): not on the way to the page."""
    serve.build()
    hub = data / "hubs" / "transfer-x.yml"
    hub.write_text(hub.read_text(encoding="utf-8").replace("\nname: ", "\nname: Gespeichert ", 1), encoding="utf-8")
    served_when_forked = []
    start = Background.start

    def spied(self):
        if not self._started:
            page = serve.site / "hubs" / "transfer-x" / "index.html"
            served_when_forked.append("Gespeichert" in page.read_text(encoding="utf-8"))
        start(self)

    monkeypatch.setattr(Background, "start", spied)
    serve.build()
    assert served_when_forked and all(served_when_forked)
    assert "Gespeichert" in (serve.site / CATALOGUE_JSON).read_text(encoding="utf-8")


def test_the_preview_serves_a_save_before_its_exports_and_never_lacks_one(serve, data, tmp_path, held_exports):
    held_exports.set()
    serve.build()
    before = (serve.site / CATALOGUE_JSON).read_text(encoding="utf-8")
    files = {path.relative_to(serve.site) for path in serve.site.rglob("*") if path.is_file()}
    held_exports.clear()

    hub = data / "hubs" / "transfer-x.yml"
    hub.write_text(hub.read_text(encoding="utf-8").replace("\nname: ", "\nname: Sofort ", 1), encoding="utf-8")
    session = serve.build(settle=False)
    assert "Sofort" in (serve.site / "hubs" / "transfer-x" / "index.html").read_text(encoding="utf-8")
    assert (serve.site / CATALOGUE_JSON).read_text(encoding="utf-8") == before  # the previous build's
    assert {path.relative_to(serve.site) for path in serve.site.rglob("*") if path.is_file()} == files

    hub.write_text(hub.read_text(encoding="utf-8").replace("name: Sofort ", "name: Danach ", 1), encoding="utf-8")
    serve.build(settle=False)  # stops the held exports of the save before
    held_exports.set()
    session.settle()
    assert "Danach" in (serve.site / CATALOGUE_JSON).read_text(encoding="utf-8")
    _same_as_a_fresh_build(data, serve.site, tmp_path, "exports afterwards")
    assert not list(serve.site.rglob("*.portal-new"))


def test_a_save_that_stops_the_last_exports_does_not_wait_for_their_end_and_they_change_nothing(
        serve, data, held_exports, monkeypatch):
    """At 10,000 records the exports take longer than an editor's pause between two saves; the
    save that stops them goes on while the stopped run ends its processes and removes its files."""
    held_exports.set()
    serve.build()
    hub = data / "hubs" / "transfer-x.yml"
    hub.write_text(hub.read_text(encoding="utf-8").replace("\nname: ", "\nname: Zuerst ", 1), encoding="utf-8")
    held_exports.clear()
    placing, held_place = threading.Event(), Exports.place

    def place(self, site_dir, change):
        placing.set()
        held_place(self, site_dir, change)

    monkeypatch.setattr(Exports, "place", place)
    session = serve.build(settle=False)  # its exports are written, and held before they take their place
    run = session.afterwards
    assert placing.wait(timeout=60)
    served = {path: path.read_bytes() for path in serve.site.rglob("*") if path.is_file()}
    assert b"Zuerst" not in served[serve.site / CATALOGUE_JSON]  # the previous build's, still

    ending, closing = threading.Event(), threading.Event()
    folders = []
    close = Exports.close

    def held_close(self):
        folders.append(self.folder)
        ending.set()
        closing.wait()
        close(self)

    monkeypatch.setattr(Exports, "close", held_close)
    monkeypatch.setattr(Background, "kill", lambda self: None)  # the files get written: still none may be placed
    stopping = threading.Thread(target=session.stop_afterwards)
    stopping.start()
    try:
        stopping.join(timeout=60)  # else it would wait for the run's end, forever
        assert not stopping.is_alive(), "stopping the exports waited for their end"
        held_exports.set()  # too late: the run was stopped
        assert ending.wait(timeout=60)
        assert {path: path.read_bytes() for path in serve.site.rglob("*") if path.is_file()} == served
    finally:
        closing.set()
    run.join()
    assert not folders[0].exists()
    assert not run.running


def test_a_stopped_run_removes_its_exports_folder_only_once_the_next_save_is_served(
        serve, data, held_exports, monkeypatch):
    """At 10,000 records a stopped run's exports folder holds thousands of files, and removing them
    while the next save builds made that save slower (portal.site.afterwards.Lull)."""
    held_exports.set()
    serve.build()
    hub = data / "hubs" / "transfer-x.yml"
    hub.write_text(hub.read_text(encoding="utf-8").replace("\nname: ", "\nname: Zuerst ", 1), encoding="utf-8")
    held_exports.clear()
    stopped = serve.build(settle=False).afterwards  # its exports are held before they take their place
    building, tidying = [], threading.Event()
    closed: list[tuple[Path, bool]] = []  # each exports folder removed, and whether a build ran then
    close, wait, start_build, published = Exports.close, Lull.wait, BuildSession.start_build, BuildSession.published

    def spied_close(self):
        closed.append((self.folder, bool(building)))
        tidying.set()
        close(self)

    def spied_wait(self):
        tidying.set()
        wait(self)

    def spied_start_build(self, *args):
        building.append(True)
        started = start_build(self, *args)  # stops the held run
        assert tidying.wait(timeout=60), "the stopped run did not get to its folder"
        return started

    def spied_published(self, site_dir):
        building.clear()
        published(self, site_dir)

    monkeypatch.setattr(Exports, "close", spied_close)
    monkeypatch.setattr(Lull, "wait", spied_wait)
    monkeypatch.setattr(BuildSession, "start_build", spied_start_build)
    monkeypatch.setattr(BuildSession, "published", spied_published)
    hub.write_text(hub.read_text(encoding="utf-8").replace("name: Zuerst ", "name: Danach ", 1), encoding="utf-8")
    serve.build(settle=False)
    assert "Danach" in (serve.site / "hubs" / "transfer-x" / "index.html").read_text(encoding="utf-8")
    stopped.join()
    assert closed and not any(during_build for _, during_build in closed)
    assert not any(folder.exists() for folder, _ in closed)


def test_a_save_does_not_wait_while_the_last_run_removes_the_search_index_its_own_replaced(
        serve, data, monkeypatch):
    """At 10,000 records the replaced index has more than 10,000 files (one per page and more); the
    next save must not wait for their removal, and none of them stays."""
    serve.build()  # a served search index, which the next run replaces
    before = _fragments(serve.site)
    removing, release = threading.Event(), threading.Event()
    rmtree = shutil.rmtree

    def held_rmtree(path, *args, **kwargs):
        if Path(path).name.startswith(f".{OUTPUT}"):
            removing.set()
            release.wait(timeout=60)
        rmtree(path, *args, **kwargs)

    monkeypatch.setattr(shutil, "rmtree", held_rmtree)
    hub = data / "hubs" / "transfer-x.yml"
    hub.write_text(hub.read_text(encoding="utf-8").replace("\nname: ", "\nname: Ersetzt ", 1), encoding="utf-8")
    session = serve.build(settle=False)
    run = session.afterwards
    try:
        assert removing.wait(timeout=120), "the run did not replace the served index"
        assert _fragments(serve.site) != before  # the new index is served
        stopping = threading.Thread(target=session.stop_afterwards)
        stopping.start()
        stopping.join(timeout=30)
        assert not stopping.is_alive(), "the next save waited for the replaced index's removal"
    finally:
        release.set()
    run.join()
    assert not [path for path in serve.site.iterdir() if path.name.startswith(f".{OUTPUT}")]
    assert (serve.site / OUTPUT / "pagefind-entry.json").is_file()


def _fragments(site: Path) -> set[str]:
    """The names of the served search index's result fragments (named by their content's digest)."""
    return {path.name for path in (site / OUTPUT / "fragment").iterdir()}


def test_the_lull_holds_tidying_up_while_a_build_runs_and_until_its_page_had_time_to_be_served(monkeypatch):
    monkeypatch.setattr(afterwards, "SERVED_FIRST", 0.05)
    lull = Lull()
    lull.wait()  # idle from the start
    lull.building()
    waiting = threading.Thread(target=lull.wait)
    waiting.start()
    waiting.join(timeout=0.3)
    assert waiting.is_alive()
    lull.built()
    waiting.join(timeout=30)
    assert not waiting.is_alive()


def _get(server: LiveReloadServer, path: str) -> tuple[str, str]:
    """(status, body) of the preview server's answer to a request for ``path``."""
    status = []
    body = server.get_app()({"PATH_INFO": path, "REQUEST_METHOD": "GET"},
                            lambda line, headers: status.append(line))
    return status[0], b"".join(body).decode("utf-8")


def _previewing(site: Path, builder, mount_path: str = "/") -> LiveReloadServer:
    """The preview's server for ``site`` (not serving: requests go to its application directly)."""
    server = LiveReloadServer(builder=builder, host="127.0.0.1", port=0, root=str(site), mount_path=mount_path)
    return preview_glue.showing_errors(server, "Portal", lambda: None)


@pytest.mark.parametrize("mount", ["/", "/portal/"])  # a project page is served under its repository's name
def test_while_a_rebuild_failed_every_page_address_answers_with_its_errors_and_the_site_stays(tmp_path, mount):
    site = tmp_path / "site"
    (site / "hubs" / "x").mkdir(parents=True)
    (site / "daten").mkdir()
    (site / "assets" / "stylesheets").mkdir(parents=True)
    (site / "hubs" / "x" / "index.html").write_text("Hub X", encoding="utf-8")
    (site / "index.html").write_text("Start", encoding="utf-8")
    (site / "daten" / "katalog.json").write_text("{}", encoding="utf-8")
    (site / "assets" / "stylesheets" / "portal.css").write_text("h1 {}", encoding="utf-8")
    before = {path: path.read_bytes() for path in site.rglob("*") if path.is_file()}
    failing = threading.Event()
    failing.set()

    def builder() -> None:
        if failing.is_set():
            raise RuntimeError("data/hubs/x.yml:1:1: name: fehlt")

    server = _previewing(site, builder, mount)
    server.builder()
    for address in ("", "hubs/x/", "hubs/x/index.html", "gibt-es-nicht/"):
        status, body = _get(server, mount + address)
        assert status.startswith("200") and "data/hubs/x.yml:1:1: name: fehlt" in body, address
        assert f'href="{mount}assets/stylesheets/portal.css"' in body  # in the site's look
    assert _get(server, mount + "daten/katalog.json") == ("200 OK", "{}")
    assert _get(server, mount + "assets/stylesheets/portal.css")[1] == "h1 {}"
    assert {path: path.read_bytes() for path in site.rglob("*")
            if path.is_file() and path.name != preview_glue.ERROR_FILE} == before  # the site is never touched

    failing.clear()
    server.builder()
    assert _get(server, mount + "hubs/x/") == ("200 OK", "Hub X")
    assert {path: path.read_bytes() for path in site.rglob("*") if path.is_file()} == before


def test_a_page_asked_for_during_the_repairing_build_gets_the_repaired_site(tmp_path):
    site = tmp_path / "site"
    (site / "hubs" / "x").mkdir(parents=True)
    (site / "hubs" / "x" / "index.html").write_text("Hub X", encoding="utf-8")
    repairing, release = threading.Event(), threading.Event()

    def builder() -> None:
        if not repairing.is_set():
            raise RuntimeError("kaputt")
        release.wait()

    server = _previewing(site, builder)
    server.builder()
    repairing.set()
    build = threading.Thread(target=server.builder)
    build.start()
    answers: list[tuple[str, str]] = []
    request = threading.Thread(target=lambda: answers.append(_get(server, "/hubs/x/")))
    request.start()
    request.join(0.3)
    assert answers == []  # it waits for the running build, as MkDocs' server does
    release.set()
    build.join()
    request.join()
    assert answers == [("200 OK", "Hub X")]


def test_the_save_that_repairs_broken_data_reuses_the_pages_from_before(serve, data, tmp_path):
    serve.build()
    server = _previewing(serve.site, serve.build)
    hub = data / "hubs" / "transfer-x.yml"
    good = hub.read_text(encoding="utf-8")
    hub.write_text(good + "\nname: [kaputt\n", encoding="utf-8")
    server.builder()
    assert "transfer-x.yml" in _get(server, "/hubs/transfer-x/")[1]

    hub.write_text(good.replace("\nname: ", "\nname: Repariert ", 1), encoding="utf-8")
    server.builder()
    assert serve.session.theme_cache.reused > 0  # the failed build left the published pages alone
    assert "Repariert" in _get(server, "/hubs/transfer-x/")[1]
    _same_as_a_fresh_build(data, serve.site, tmp_path, "repaired")  # no error page left either


@dataclasses.dataclass(eq=False)
class _File:
    src_uri: str
    dest_uri: str
    inclusion: object = None


def _theme_page(name: str) -> SimpleNamespace:
    """A generated page of ``hubs/`` as the theme cache sees it."""
    file = _File(src_uri=f"hubs/{name}.md", dest_uri=f"hubs/{name}/index.html")
    return SimpleNamespace(file=file, url=f"hubs/{name}/", title=name, meta={}, edit_url=None,
                           canonical_url=None, is_homepage=False, toc="", previous_page=None,
                           next_page=None, ancestors=[])


def test_mkdocs_does_not_call_a_kept_page_excluded_when_a_hand_written_page_links_to_it(tmp_path, caplog):
    """MkDocs leaves a kept page out of its page loop and would say of every link to it that it is
    "excluded from the built site"; it is not (the link is made as to any other page), so the
    preview drops that notice for kept pages, and only for them."""
    site = tmp_path / "site"
    (site / "hubs" / "a").mkdir(parents=True)
    (site / "hubs" / "a" / "index.html").write_text("<html></html>", encoding="utf-8")

    cache = ThemeCache()
    try:
        for _ in range(2):  # the first build renders the page, the second keeps it
            cache.navigation(SimpleNamespace(items=[]), [], "configuration")
            kept, other = _theme_page("a"), _theme_page("b")
            cache.reuse([(kept, b"body a", None), (other, b"body b", None)])
            cache.published(site)
        assert cache.kept == ["hubs/a/index.html"]
        notices = logging.getLogger("mkdocs.structure.pages")
        with caplog.at_level(logging.INFO, logger="mkdocs.structure.pages"):
            for target in ("hubs/a.md", "hubs/b.md"):
                notices.info("Doc file 'index.md' contains a link to '%s' which is excluded from the built site.",
                             target)
        assert [record.getMessage() for record in caplog.records] == [
            "Doc file 'index.md' contains a link to 'hubs/b.md' which is excluded from the built site."]
    finally:
        cache.close()


@pytest.mark.parametrize("present, kept", [(None, ["hubs/a/index.html"]), (frozenset(), []),
                                           (frozenset({"hubs/a/index.html", "hubs/b/index.html"}),
                                            ["hubs/a/index.html", "hubs/b/index.html"])])
def test_a_page_stays_as_published_only_where_the_published_site_has_its_file(tmp_path, present, kept):
    """By the served folder's own account of its files where it has one, else by looking."""
    site = tmp_path / "site"
    (site / "hubs" / "a").mkdir(parents=True)
    (site / "hubs" / "a" / "index.html").write_text("<html></html>", encoding="utf-8")

    cache = ThemeCache()
    try:
        for _ in range(2):  # the first build renders the pages, the second keeps those the site has
            cache.navigation(SimpleNamespace(items=[]), [], "configuration")
            cache.reuse([(_theme_page("a"), b"body a", None), (_theme_page("b"), b"body b", None)])
            cache.published(site, present)
        assert cache.kept == kept
    finally:
        cache.close()
