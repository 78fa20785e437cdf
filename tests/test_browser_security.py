"""Hostile data in a real browser (Debian's Chromium through Playwright): no script from the data
runs on any page template, the search page after a query included, and the Content-Security-Policy
without 'unsafe-inline' blocks nothing the portal needs (theme, colour scheme, search)."""

from __future__ import annotations

import functools
import threading

import pytest

from tests.test_browser import CHROMIUM, TEMPLATES, _Quiet, _Server, browser  # noqa: F401 - fixture
from tests.test_hostile import hostile  # noqa: F401 - the hostile build, shared as a fixture

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian package chromium is not installed")
pytest.importorskip("playwright.sync_api")

WATCH = """
window.__violations = [];
document.addEventListener("securitypolicyviolation",
                          (e) => window.__violations.push(e.violatedDirective + " " + e.blockedURI));
"""


def _serve(directory):
    httpd = _Server(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(directory)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}/"


def _visit(context, url: str) -> tuple[list[str], list[str], object]:
    """Open ``url``; return the dialogs it opened, the errors it raised, and the page."""
    page = context.new_page()
    dialogs: list[str] = []
    errors: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(url, wait_until="load")
    return dialogs, errors, page


def test_no_script_from_the_data_runs_on_any_page(browser, hostile):  # noqa: F811
    result, site, _, _ = hostile
    assert result.returncode == 0, result.stderr[-2000:]
    httpd, base = _serve(site)
    try:
        context = browser.new_context(locale="de-DE")
        context.add_init_script(WATCH)
        pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html") if "pagefind" not in p.parts)
        assert "netzwerke/feindlich/index.html" in pages
        for name in pages:
            dialogs, errors, page = _visit(context, base + name)
            assert dialogs == [] and errors == [], name
            assert page.evaluate("window.__pwned") is None, name
            assert page.evaluate("window.__violations") == [], name
            page.close()
        dialogs, errors, page = _visit(context, base + "suche/?q=Netzwerk")
        page.locator(".portal-search__excerpt").first.wait_for()
        assert dialogs == [] and errors == []
        tags = page.eval_on_selector_all(".portal-search__excerpt *", "nodes => nodes.map(n => n.tagName)")
        assert set(tags) <= {"MARK"}
        # text that looks like entities stays as written in the excerpt, as on the page (review F-15)
        _, _, page = _visit(context, base + "suche/?q=Zauberwort")
        page.locator(".portal-search__excerpt mark").first.wait_for()
        excerpts = page.locator(".portal-search__excerpt").all_inner_texts()
        assert any("&#60;i&#62; und" in text for text in excerpts), excerpts
        context.close()
    finally:
        httpd.shutdown()


def test_the_policy_blocks_nothing_the_portal_needs(browser, real_site):  # noqa: F811 - the imported fixture
    httpd, base = _serve(real_site)
    try:
        context = browser.new_context(locale="de-DE")
        context.add_init_script(WATCH)
        for template in TEMPLATES:
            _dialogs, errors, page = _visit(context, base + template)
            assert errors == [] and page.evaluate("window.__violations") == [], template
            page.close()
        _, _, page = _visit(context, base + "suche/?q=Batterie")
        page.locator(".portal-search__results li").first.wait_for()
        before = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
        page.locator("label.md-header__button[for^='__palette']:visible").first.click()
        page.wait_for_function(f"document.body.getAttribute('data-md-color-scheme') !== {before!r}")
        assert page.evaluate("window.__violations") == []
        context.close()
    finally:
        httpd.shutdown()
