"""Under ``mkdocs serve`` a rebuild reuses what has not changed (data files read before, pages that
read the same, the theme's pages); what it publishes must be the same, byte for byte, as a build
from scratch of the same data. Builds here run in this process with one build session, as serve
runs them, and are compared with ``mkdocs build`` in a fresh process."""

from __future__ import annotations

import filecmp
import shutil
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from portal.exports.addresses import CATALOGUE_JSON
from portal.site import preview as preview_glue
from portal.site.build import Exports
from portal.site.session import session_of
from portal.site.siteswap import work_prefix
from tests.conftest import MINIMAL, REPO, build_site
from tests.test_preview import preview  # noqa: F401 - the fixture: mkdocs serve with its data folder elsewhere

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
        self.session = None

    def build(self, settle: bool = True):
        config = load_config(str(REPO / "mkdocs.yml"), site_dir=str(self.site))
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


def _same_as_a_fresh_build(data: Path, served: Path, tmp_path: Path, name: str) -> None:
    fresh = tmp_path / f"fresh-{name}"
    result = build_site(data, fresh, epoch=EPOCH)
    assert result.returncode == 0, result.stderr[-3000:]
    assert _differences(served, fresh) == [], name


def test_a_rebuild_after_each_kind_of_change_equals_a_fresh_build(serve, data, tmp_path):
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
    assert "unverändert übernommen" in (tmp_path / "serve.log").read_text(encoding="utf-8")
    assert server.poll() is None


@pytest.fixture
def held_exports(monkeypatch):
    """Exports wait before they take their place in the served site until the event is set (or the
    next rebuild stops them)."""
    release = threading.Event()
    original = Exports.place

    def place(self, site_dir, stopped):
        while not (release.is_set() or stopped()):
            time.sleep(0.01)
        original(self, site_dir, stopped)

    monkeypatch.setattr(Exports, "place", place)
    return release


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


@pytest.mark.parametrize("linked", [True, False])
def test_the_error_page_takes_the_place_of_every_page_and_never_writes_into_one(tmp_path, linked):
    site = tmp_path / "site"
    (site / "hubs" / "x").mkdir(parents=True)
    (site / "daten").mkdir()
    (site / "hubs" / "x" / "index.html").write_text("Hub X", encoding="utf-8")
    (site / "daten" / "katalog.json").write_text("{}", encoding="utf-8")
    (tmp_path / "kept.html").hardlink_to(site / "hubs" / "x" / "index.html")  # as ThemeCache.set_aside keeps it
    preview_glue.show_errors(site, ["data/hubs/x.yml:1:1: name: fehlt"], "/", "Portal", linked=linked)
    for page in ("index.html", "404.html", "hubs/x/index.html"):
        assert "data/hubs/x.yml:1:1: name: fehlt" in (site / page).read_text(encoding="utf-8")
    assert (tmp_path / "kept.html").read_text(encoding="utf-8") == "Hub X"
    assert (site / "daten" / "katalog.json").read_text(encoding="utf-8") == "{}"
    assert not [path for path in site.rglob(".*")]  # no work file left in the served folder
    if not linked:  # mkdocs serve --dirty writes the next build into the files it finds
        (site / "index.html").write_text("Start", encoding="utf-8")
        assert "name: fehlt" in (site / "hubs" / "x" / "index.html").read_text(encoding="utf-8")


def test_the_save_that_repairs_broken_data_reuses_the_pages_from_before(serve, data, tmp_path):
    serve.build()
    hub = data / "hubs" / "transfer-x.yml"
    good = hub.read_text(encoding="utf-8")
    hub.write_text(good + "\nname: [kaputt\n", encoding="utf-8")
    preview_glue.showing_errors(lambda config=None: serve.build(), serve.site, "/", "Portal", serve.session.abandon)()
    assert "transfer-x.yml" in (serve.site / "hubs" / "transfer-x" / "index.html").read_text(encoding="utf-8")

    hub.write_text(good.replace("\nname: ", "\nname: Repariert ", 1), encoding="utf-8")
    session = serve.build()
    assert session.theme_cache.reused > 0  # the error page had replaced them in the served site
    _same_as_a_fresh_build(data, serve.site, tmp_path, "repaired")
    aside = Path(tempfile.gettempdir()).glob(f"{work_prefix('theme')}*")
    deadline = time.monotonic() + 60  # an upper bound for the removal in a thread, never a measurement
    while (left := list(aside)) and time.monotonic() < deadline:
        time.sleep(0.05)
        aside = Path(tempfile.gettempdir()).glob(f"{work_prefix('theme')}*")
    assert left == []
