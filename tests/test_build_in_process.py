"""The whole build of the small golden catalogue, run by MkDocs inside the test process (as ``mkdocs build
--strict`` does, with ``PORTAL_DATA`` pointing at the fixture), so coverage tools see the glue.

Also guards the theme parts shared per folder (overrides/main.html, ``portal_share``): a build with
sharing switched off must produce every HTML file byte for byte the same.
"""

from __future__ import annotations

import signal
import sys
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urljoin

import pytest
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.structure.pages import Page

from portal.site import theme
from portal.site.generated import GeneratedPage
from tests.conftest import REPO
from tests.site_helpers import page_file, parse, visible_text

FIXTURE = REPO / "tests" / "fixtures" / "golden"


def build_in_process(sites: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    """Build the golden catalogue into each of ``sites`` in this process, as ``mkdocs build --strict``
    does, between one start and one shutdown of the plugins (MkDocs keeps the plugin objects across
    configurations, as under ``mkdocs serve``). The site named "unshared" renders every theme part
    for its page alone: the key for shared parts (portal.site.theme.shared_key) answers None."""
    monkeypatch.setenv("PORTAL_DATA", str(FIXTURE))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764000000")
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.chdir(REPO)
    handlers = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM)}
    excepthook = sys.excepthook
    config = load_config(str(REPO / "mkdocs.yml"), strict=True)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        for name, site in sites.items():
            config = load_config(str(REPO / "mkdocs.yml"), site_dir=str(site), strict=True)
            if name == "unshared":
                monkeypatch.setattr(theme, "shared_key", lambda *args: None)
            mkdocs_build(config)
    finally:
        config.plugins.on_shutdown()
        for number, handler in handlers.items():  # the build's Ctrl-C handling is not pytest's
            signal.signal(number, handler)
        sys.excepthook = excepthook


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("in-process")
    built = {"shared": folder / "site", "unshared": folder / "unshared"}
    with pytest.MonkeyPatch.context() as monkeypatch:
        build_in_process(built, monkeypatch)
    return built


@pytest.fixture(scope="module")
def site(sites) -> Path:
    return sites["shared"]


def links(site: Path, url: str) -> set[str]:
    """The site pages ``url`` links to, as site-relative URLs (``angebote/x/``)."""
    base = f"https://site.invalid/{url}"
    return {urljoin(base, attrs["href"]).removeprefix("https://site.invalid/").split("#")[0]
            for tag, attrs in parse(page_file(site, url.rstrip("/"))).elements if tag == "a" and attrs.get("href")}


def test_a_record_page_has_its_title_facts_and_edit_link(site):
    page = page_file(site, "angebote/beispiel-werkstatt")
    text = visible_text(page)
    html = page.read_text(encoding="utf-8")
    assert "<title>Beispielwerkstatt Batterie – Transformationsportal Automobil</title>" in html
    assert "Beispielwerkstatt Batterie" in text and "Beispiel-Hochschule" in text
    assert ("https://github.com/transformationsportal-automobil/portal/edit/main/"
            "tests/fixtures/golden/angebote/beispiel-werkstatt.yml") in html


def test_the_overview_lists_the_record_and_the_provider_links_back(site):
    assert "angebote/beispiel-werkstatt/" in links(site, "angebote/")
    assert "angebote/beispiel-werkstatt/" in links(site, "netzwerke/beispiel-netz/")
    assert "netzwerke/beispiel-netz/" in links(site, "angebote/beispiel-werkstatt/")


def test_every_record_of_the_fixture_has_its_page_and_the_search_index_exists(site):
    for folder in FIXTURE.iterdir():
        for record in folder.glob("*.yml") if folder.is_dir() else ():
            segment = "foerderung" if folder.name == "foerderprogramme" else folder.name
            assert page_file(site, f"{segment}/{record.stem}").is_file(), record
    assert (site / "pagefind").is_dir()


def test_shared_theme_parts_equal_an_unshared_render(sites):
    site, unshared = sites["shared"], sites["unshared"]
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    assert pages == sorted(p.relative_to(unshared).as_posix() for p in unshared.rglob("*.html"))
    differing = [name for name in pages if (site / name).read_bytes() != (unshared / name).read_bytes()]
    assert not differing, f"Pages whose shared theme parts differ from their own render: {differing[:20]}"


@pytest.mark.parametrize("base", ["http://127.0.0.1:8000/", "https://example.org/portal", "https://example.org/a%20b/"])
@pytest.mark.parametrize("url", ["hubs/transfer-x/", "hilfe/de-sn/", "angebote/", "", "./", "Seite/x/", "a/../b/"])
def test_a_generated_page_has_the_canonical_address_mkdocs_would_give_it(base, url):
    """The generated pages append their address to the site's where ``urljoin`` gives the same
    (portal.site.generated); every other address goes the way MkDocs goes."""
    ours, theirs = GeneratedPage.__new__(GeneratedPage), Page.__new__(Page)
    ours.file = theirs.file = SimpleNamespace(url=url)
    ours._set_canonical_url(base)
    Page._set_canonical_url(theirs, base)
    assert (ours.canonical_url, ours.abs_url) == (theirs.canonical_url, theirs.abs_url)
