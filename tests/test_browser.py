"""The built portal in a real browser (Debian's Chromium driven by Playwright): no request leaves
the site's own host, nothing is stored in the browser, and every page template passes axe-core's
WCAG 2.1 A/AA rules in the light and the dark colour scheme."""

from __future__ import annotations

import functools
import http.server
import re
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
    "suche/", "angebote/", "angebote/trafonetz-foerdermoeglichkeiten/", "publikationen/",
    "publikationen/retrason-transformationsstrategie-2025/", "hilfe/", "hilfe/de-sn/",
]

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian package chromium is not installed")
expect = pytest.importorskip("playwright.sync_api").expect


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


RESULT = ".portal-search__result"
STATUS = ".portal-search__status"


def paths_of(requests: list[str], part: str) -> list[str]:
    return [path for path in requests if part in path]


def recording_requests(context) -> list[str]:
    """Paths of every request of the context's pages and workers (Pagefind searches in a worker)."""
    requests: list[str] = []
    context.on("request", lambda request: requests.append(urlparse(request.url).path))
    return requests


def test_search_from_the_header_finds_a_network_by_its_acronym(browser, server):
    context, foreign = recording_context(browser)
    page = context.new_page()
    page.goto(server + "themen/", wait_until="networkidle")
    page.fill("#portal-header-q", "TrAIBeR")
    page.press("#portal-header-q", "Enter")
    expect(page.locator(STATUS)).to_have_text(re.compile(r"^\d+ Treffer für „TrAIBeR“$"), timeout=30000)
    assert page.input_value("#portal-suche-q") == "TrAIBeR"
    assert "TrAIBeR.NRW" in page.inner_text(".portal-search__results")
    expect(page.locator(f"{RESULT} mark").first).to_have_text(re.compile("traiber", re.I))
    page.click(f"{RESULT} h2 a")
    page.wait_for_load_state("load")
    assert page.url.startswith(server + "netzwerke/") and page.url.endswith("/")  # the page, not its search document
    expect(page.locator("h1")).to_contain_text("TrAIBeR")
    assert foreign == []
    context.close()


def test_typing_searches_and_keeps_the_query_in_the_address(browser, server):
    context, _ = recording_context(browser)
    page = context.new_page()
    page.goto(server + "suche/", wait_until="networkidle")
    expect(page.locator(STATUS)).to_have_attribute("aria-live", "polite")
    page.fill("#portal-suche-q", "Wasserstoff")
    expect(page.locator(STATUS)).to_contain_text("Treffer für „Wasserstoff“", timeout=30000)
    assert page.url.endswith("/suche/?q=Wasserstoff")
    assert "Wasserstoff und Brennstoffzelle" in page.locator(f"{RESULT} h2").all_inner_texts()
    page.fill("#portal-suche-q", "Quantenschaumgebäck")
    page.press("#portal-suche-q", "Enter")
    expect(page.locator(STATUS)).to_have_text(
        "Keine Treffer für „Quantenschaumgebäck“. Versuchen Sie einen anderen oder kürzeren Suchbegriff.")
    expect(page.locator(RESULT)).to_have_count(0)
    context.close()


def test_more_results_by_keyboard(browser, server):
    context, _ = recording_context(browser)
    page = context.new_page()
    page.goto(server + "suche/?q=Netzwerk", wait_until="networkidle")
    expect(page.locator(RESULT)).to_have_count(5, timeout=30000)
    more = page.get_by_role("button", name="Weitere Treffer anzeigen")
    more.focus()
    page.keyboard.press("Enter")
    expect(page.locator(RESULT)).to_have_count(10)
    expect(page.locator(f"{RESULT} h2 a").nth(5)).to_be_focused()  # the first of the new results
    context.close()


def test_filters_load_only_when_the_panel_opens_and_narrow_the_results(browser, server):
    context, foreign = recording_context(browser)
    requests = recording_requests(context)
    page = context.new_page()
    page.goto(server + "suche/?q=Wasserstoff", wait_until="networkidle")
    status = page.locator(STATUS)
    expect(status).to_contain_text("Treffer für „Wasserstoff“", timeout=30000)
    unfiltered = int(status.inner_text().split()[0])
    assert paths_of(requests, "/pagefind/fragment/") and paths_of(requests, "/pagefind/pagefind.js")
    assert paths_of(requests, "/pagefind/filter/") == []  # a first search needs no filter table
    assert paths_of(requests, "pagefind-ui") == []

    page.get_by_text("Filter", exact=True).click()
    expect(page.locator(".portal-search__filters legend")).to_have_text(["Art", "Land", "Thema", "Format", "Kosten"])
    assert paths_of(requests, "/pagefind/filter/")
    page.get_by_label(re.compile(r"^Transformations-Netzwerk \(\d+\)$")).check()
    expect(page.locator(".portal-search__chosen")).to_have_text("(1 gewählt)")
    expect(status).to_contain_text("Treffer für „Wasserstoff“")
    filtered = int(status.inner_text().split()[0])
    assert 0 < filtered < unfiltered
    kinds = page.locator(".portal-search__kind").all_text_contents()
    assert kinds and set(kinds) == {"Transformations-Netzwerk"}

    page.get_by_role("button", name="Alle Filter aufheben").click()
    expect(status).to_have_text(f"{unfiltered} Treffer für „Wasserstoff“")
    assert foreign == []
    context.close()


def test_filters_alone_list_the_networks_of_a_land(browser, server):
    """Filter tables (rewritten into a fixed order by portal/site/search_index.py) work without a search term;
    several values of one filter mean "or"."""
    context, _ = recording_context(browser)
    page = context.new_page()
    page.goto(server + "suche/", wait_until="networkidle")
    page.get_by_text("Filter", exact=True).click()
    page.get_by_label(re.compile(r"^Transformations-Netzwerk \(")).check()
    page.get_by_label(re.compile(r"^Sachsen \(")).check()
    status = page.locator(STATUS)
    saxony, thuringia = _network_urls("DE-SN"), _network_urls("DE-TH")
    expect(status).to_have_text(f"{len(saxony)} Treffer für die gewählten Filter", timeout=30000)
    links = page.locator(f"{RESULT} h2 a")

    def shown() -> set[str]:
        return {urlparse(href).path for href in links.evaluate_all("links => links.map(a => a.href)")}

    assert shown() <= saxony and len(shown()) == min(len(saxony), 5)
    page.get_by_label(re.compile(r"^Thüringen \(\d+\)$")).check()
    expect(status).to_have_text(f"{len(saxony | thuringia)} Treffer für die gewählten Filter")
    assert shown() <= saxony | thuringia and (len(saxony | thuringia) > 5 or thuringia <= shown())
    context.close()


def _network_urls(land: str) -> set[str]:
    """The pages of the networks in ``land``, from the data (an added network changes the page, not the test)."""
    from portal.load.loader import load_catalogue

    return {f"/{n.url}" for n in load_catalogue(REPO / "data").netzwerke if land in n.laender}


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


def wcag_violations(page) -> list:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a','wcag2aa','wcag21a','wcag21aa']}})"
    )
    return [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]


@pytest.mark.skipif(not AXE.is_file(), reason="axe-core not installed (npm ci)")
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_page_templates_have_no_wcag_violations(browser, server, scheme):
    # axe-core is injected as an inline script, which the pages' policy rightly refuses
    context, _ = recording_context(browser, color_scheme=scheme, bypass_csp=True)
    page = context.new_page()
    problems = {}
    for path in TEMPLATES:
        page.goto(server + path, wait_until="networkidle")
        if found := wcag_violations(page):
            problems[path] = found
    # the search page with results, sections of pages and the open filter panel with a chosen value
    page.goto(server + "suche/?q=Leitfrage", wait_until="networkidle")
    expect(page.locator(".portal-search__sections").first).to_be_visible(timeout=30000)
    for address in page.locator(".portal-search__sections a").evaluate_all("links => links.map(a => a.href)"):
        assert re.fullmatch(re.escape(server) + r"[a-z0-9/-]+/#[\w-]+", address), address  # a section of the page
    page.get_by_text("Filter", exact=True).click()
    page.get_by_label(re.compile(r"^Thema \(")).check()
    expect(page.locator(".portal-search__chosen")).to_have_text("(1 gewählt)")
    expect(page.locator(STATUS)).to_contain_text("Treffer für")
    if found := wcag_violations(page):
        problems["suche/ mit Filtern"] = found
    # the overviews with the filter panel open and a value chosen (tests/test_overview_filters.py)
    for path in ("netzwerke/", "veranstaltungen/", "angebote/", "organisationen/"):
        page.goto(server + path, wait_until="networkidle")
        page.locator(".portal-filter__panel > summary").click()
        page.locator(".portal-filter__options input").first.check()
        expect(page.locator(".portal-filter__status")).to_contain_text(" von ")
        if found := wcag_violations(page):
            problems[f"{path} mit Filter"] = found
    context.close()
    assert problems == {}


def test_a_supplier_finds_whom_to_ask_and_an_offer_from_the_land_page(browser, server):
    """Land page -> network -> "Wen spreche ich an?" -> an offer of that network."""
    from portal.load.loader import load_catalogue

    catalogue = load_catalogue(REPO / "data", repo_root=REPO)
    network = next(n for n in catalogue.netzwerke if catalogue.referrers(n.id, type(catalogue.angebote[0]), "anbieter"))
    context, foreign = recording_context(browser)
    page = context.new_page()
    page.goto(server + f"laender/{network.laender[0].lower()}/", wait_until="load")
    page.click(f"a.portal-card[href$='{network.url}']")
    page.wait_for_load_state("load")
    contact = page.locator("section.portal-contact")
    expect(contact.locator("h2")).to_have_text(re.compile("Wen spreche ich an"))
    assert contact.bounding_box()["y"] < page.locator("#angebote").bounding_box()["y"]
    contact.locator("a[href='#angebote']").click()
    page.locator("ul.portal-offers a").first.click()
    page.wait_for_load_state("load")
    assert "/angebote/" in page.url
    expect(page.locator(".portal-facts")).to_contain_text(network.short_title)
    assert foreign == []
    context.close()


def test_a_topic_page_shows_its_free_offers_first(browser, server):
    """Topic page -> free offers on that topic, each marked "kostenfrei" in text."""
    from portal.load.loader import load_catalogue

    catalogue = load_catalogue(REPO / "data", repo_root=REPO)
    offer_type = type(catalogue.angebote[0])
    topic = next(t for t in catalogue.themen
                 if any(o.free for o in catalogue.referrers(t.id, offer_type, "thema")))
    context, _ = recording_context(browser)
    page = context.new_page()
    page.goto(server + topic.url, wait_until="load")
    free = page.locator("#kostenfreie-angebote + ul.portal-offers > li")
    assert free.count() >= 1
    for number in range(free.count()):
        expect(free.nth(number).locator(".portal-badge--free")).to_have_text("kostenfrei")
    free.first.locator("a").click()
    page.wait_for_load_state("load")
    expect(page.locator(".portal-badges")).to_contain_text("kostenfrei")
    expect(page.locator(".portal-facts")).to_contain_text(topic.titel)
    context.close()
