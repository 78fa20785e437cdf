"""The built portal in a real browser (Debian's Chromium driven by Playwright): no request leaves
the site's own host, nothing is stored in the browser, and every page template passes axe-core's
WCAG 2.1 A/AA rules in the light and the dark colour scheme."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.conftest import REPO

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]
TEMPLATES = [
    "", "netzwerke/", "netzwerke/teammit/", "hubs/", "hubs/traweba/", "themen/", "themen/wasserstoff/",
    "veranstaltungen/", "veranstaltungen/vernetzungstreffen-stuttgart-2023/", "organisationen/",
    "organisationen/bmwe/", "foerderung/", "foerderung/aufruf-regionale-transformationsnetzwerke-2021/",
    "laender/", "laender/de-bw/", "cluster/", "mitmachen/felder/", "impressum/", "aktuelles/", "404.html",
    "suche/?q=Wasserstoff",
]

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian package chromium is not installed")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # the browser cancels requests when a test moves on; that is not a failure


@pytest.fixture(scope="module")
def server(real_site):
    httpd = _Server(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(real_site)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield instance
        instance.close()


def recording_context(browser, **options):
    """A browser context that records every request to another host and aborts it."""
    context = browser.new_context(locale="de-DE", **options)
    foreign: list[str] = []

    def route(route_request):
        url = route_request.request.url
        if urlparse(url).hostname == "127.0.0.1" or url.startswith(("data:", "blob:")):
            route_request.continue_()
        else:
            foreign.append(url)
            route_request.abort()

    context.route("**/*", route)
    return context, foreign


def all_pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).parent.as_posix() + "/" for p in site.rglob("index.html"))


def test_no_page_requests_another_host_or_stores_anything(browser, server, real_site):
    context, foreign = recording_context(browser)
    page = context.new_page()
    for path in all_pages(real_site):
        page.goto(server + path.removeprefix("./"), wait_until="load")
    assert foreign == []
    assert context.cookies() == []
    assert page.evaluate("Object.keys(localStorage).filter(k => !k.includes('__palette'))") == []
    assert page.evaluate("sessionStorage.length") == 0
    context.close()


def test_search_from_the_header_finds_a_network_by_its_acronym(browser, server):
    context, foreign = recording_context(browser)
    page = context.new_page()
    page.goto(server + "themen/", wait_until="networkidle")
    page.fill("#portal-header-q", "TrAIBeR")
    page.press("#portal-header-q", "Enter")
    page.wait_for_selector(".pagefind-ui__result", timeout=30000)
    results = page.inner_text(".pagefind-ui__results")
    assert "TrAIBeR.NRW" in results
    page.click(".pagefind-ui__result-link >> nth=0")
    page.wait_for_load_state("load")
    assert page.url.startswith(server) and "/netzwerke/" in page.url
    assert foreign == []
    context.close()


def test_search_filters_by_kind_land_and_topic(browser, server):
    """The filter tables (rewritten into a fixed order by portal/search.py) still work in the browser."""
    context, _ = recording_context(browser)
    page = context.new_page()
    page.goto(server + "suche/?q=Netzwerk", wait_until="networkidle")
    page.wait_for_selector(".pagefind-ui__result", timeout=30000)
    assert page.locator(".pagefind-ui__filter-name").all_inner_texts()[:3] == ["Art", "Land", "Thema"]
    found = page.evaluate("""async () => {
        const pagefind = await import(new URL('../pagefind/pagefind.js', location.href).href);
        const search = await pagefind.search(null, {filters: {Land: 'Sachsen', Art: 'Transformations-Netzwerk'}});
        const pages = await Promise.all(search.results.map(r => r.data()));
        return pages.map(p => [p.url, p.filters.Land]);
    }""")
    assert sorted(url for url, _ in found) == ["/netzwerke/itas/", "/netzwerke/molewa/"]
    assert all("Sachsen" in lands for _, lands in found)
    context.close()


def test_the_recorder_catches_a_third_party_request(browser, server, real_site):
    """Negative control: an external image must be caught, or the test above proves nothing."""
    probe = real_site / "probe-extern"
    probe.mkdir(exist_ok=True)
    (probe / "index.html").write_text('<img src="https://tracker.example.com/p.gif" alt="">', encoding="utf-8")
    try:
        context, foreign = recording_context(browser)
        context.new_page().goto(server + "probe-extern/", wait_until="load")
        assert foreign == ["https://tracker.example.com/p.gif"]
        context.close()
    finally:
        shutil.rmtree(probe)


@pytest.mark.skipif(not AXE.is_file(), reason="axe-core not installed (npm ci)")
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_page_templates_have_no_wcag_violations(browser, server, scheme):
    context, _ = recording_context(browser, color_scheme=scheme)
    page = context.new_page()
    problems = {}
    for path in TEMPLATES:
        page.goto(server + path, wait_until="networkidle")
        page.add_script_tag(path=str(AXE))
        result = page.evaluate(
            "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a','wcag2aa','wcag21a','wcag21aa']}})"
        )
        found = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]
        if found:
            problems[path] = found
    context.close()
    assert problems == {}
