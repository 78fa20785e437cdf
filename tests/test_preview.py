"""``mkdocs serve`` tells the truth, seen in a real browser (Debian's Chromium driven by Playwright):
while the data or a page's macro is broken, every address shows an error page listing each
``file:line:col: field: message`` in the site's look, the server keeps running, and the next good
save brings the site back by itself. The data folder is served from outside the project, as
``PORTAL_DATA=/somewhere mkdocs serve`` does, and must be watched all the same."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import MINIMAL, REPO
from tests.test_browser import CHROMIUM, FLAGS

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian package chromium is not installed")
expect = pytest.importorskip("playwright.sync_api").expect

PATIENCE = 30_000  # ms: an upper bound for a rebuild to show, never a measurement
ERROR_HEADING = "Die Vorschau kann nicht gebaut werden"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def preview(tmp_path):
    """``mkdocs serve`` of a project copy with its data folder elsewhere: (base URL, project, data)."""
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy(REPO / "mkdocs.yml", project)
    shutil.copytree(REPO / "docs", project / "docs")
    for shared in ("overrides", "portal"):
        (project / shared).symlink_to(REPO / shared)
    data = tmp_path / "elsewhere" / "daten"
    shutil.copytree(MINIMAL, data)
    port = _free_port()
    env = {**os.environ, "PORTAL_DATA": str(data), "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1764000000",
           "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])}
    log = (tmp_path / "serve.log").open("w")
    # started with Ctrl-C ignored, as a background job of a script starts it: the server must stop on
    # Ctrl-C all the same (portal.site.session), which the end of this fixture checks
    ignoring_ctrl_c = ["sh", "-c", 'trap "" INT; exec "$@"', "sh"]
    server = subprocess.Popen([*ignoring_ctrl_c, sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
                              cwd=project, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + PATIENCE / 1000
    while True:
        try:
            urllib.request.urlopen(base, timeout=5).close()
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail("mkdocs serve did not start: " + (tmp_path / "serve.log").read_text()[-2000:])
            time.sleep(0.1)
    yield base, project, data, server
    server.send_signal(signal.SIGINT)
    server.wait(timeout=60)
    log.close()


@pytest.fixture
def page():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser.new_page(locale="de-DE")
        browser.close()


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def expect_error_page(page, *errors: str) -> None:
    expect(page.locator("h1")).to_have_text(ERROR_HEADING, timeout=PATIENCE)
    listed = page.locator("li code").all_inner_texts()
    for error in errors:
        assert any(error in item for item in listed), listed
    header = page.evaluate("getComputedStyle(document.querySelector('.md-header')).backgroundColor")
    assert header not in ("", "rgba(0, 0, 0, 0)", "transparent")  # the site's style sheets apply


def expect_site_back(page):
    """The page the browser shows reloads by itself once a rebuild succeeds (MkDocs' live reload;
    not on a 404 page, which MkDocs serves without it)."""
    expect(page.locator("h1")).not_to_have_text(ERROR_HEADING, timeout=PATIENCE)


def test_broken_data_shows_an_error_page_everywhere_until_the_next_good_save(preview, page):
    base, _, data, server = preview
    page.goto(base + "netzwerke/")
    expect(page.locator("h1")).to_have_text("Transformations-Netzwerke")

    record = data / "netzwerke" / "beispiel-netz.yml"
    line = next(number for number, text in enumerate(record.read_text(encoding="utf-8").splitlines(), 1)
                if text.startswith("stand:"))
    replace_in(record, "\nstand:", "\nstnad:")
    # the open page reloads by itself and lists every error with file, line, column and field
    expect_error_page(page, "daten/netzwerke/beispiel-netz.yml:2:1: stand: Pflichtfeld fehlt",
                      f"daten/netzwerke/beispiel-netz.yml:{line}:1: stnad: unbekanntes Feld")
    for address in ("gibt-es-nicht/", "", "hubs/traweba/"):
        page.goto(base + address)
        expect_error_page(page)

    replace_in(record, "\nstnad:", "\nstand:")
    expect_site_back(page)
    page.goto(base + "netzwerke/")
    expect(page.locator("h1")).to_have_text("Transformations-Netzwerke")
    assert server.poll() is None


def test_a_failing_macro_shows_an_error_page_and_the_server_keeps_running(preview, page):
    base, project, _, server = preview
    page.goto(base)
    start = project / "docs" / "index.md"
    line = next(number for number, text in enumerate(start.read_text(encoding="utf-8").splitlines(), 1)
                if "{{ naechste_termine(3) }}" in text)
    replace_in(start, "{{ naechste_termine(3) }}", "{{ verweis('gibt-es-nicht') }}")
    expect_error_page(page, f"docs/index.md:{line}:1: verweis: es gibt keinen Eintrag mit der Id 'gibt-es-nicht'")
    assert server.poll() is None  # mkdocs-macros would have ended it (exit 100)

    replace_in(start, "{{ verweis('gibt-es-nicht') }}", "{{ naechste_termine(3) }}")
    expect_site_back(page)
    assert server.poll() is None
