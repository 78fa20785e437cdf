"""The site's menu on a phone, in a real browser: every page carries only the part of the
navigation a visitor sees (Material's ``navigation.prune``), so from a record's page each section
of mkdocs.yml's ``nav`` is one entry that leads to the section's overview, and there the menu
lists the section's pages."""

from __future__ import annotations

import re

import pytest
import yaml

from portal.load.loader import load_catalogue
from tests.conftest import REPO
from tests.test_browser import CHROMIUM, browser, recording_context, server  # noqa: F401 - shared fixtures

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian package chromium is not installed")
expect = pytest.importorskip("playwright.sync_api").expect

PHONE = {"width": 390, "height": 844}
MENU = "nav.md-nav--primary"


def sections() -> list[tuple[str, str, list[str]]]:
    """(title, overview address, titles of the other pages) of each section in mkdocs.yml's nav
    that has pages besides its overview."""
    nav = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)["nav"]
    found = []
    for entry in nav:
        (title, value), = entry.items()
        if isinstance(value, list) and isinstance(value[0], str) and len(value) > 1:
            overview = value[0].removesuffix("index.md")  # directory URLs: foo/index.md and foo.md are foo/
            overview = overview.removesuffix(".md") + "/" if overview.endswith(".md") else overview
            found.append((title, overview, [next(iter(child)) for child in value[1:]]))
    return found


def open_menu(page) -> None:
    page.locator("header label[for='__drawer']").click()
    expect(page.locator(MENU)).to_be_visible()


def test_the_phone_menu_of_a_record_page_leads_to_every_section_and_its_pages(browser, server):  # noqa: F811
    catalogue = load_catalogue(REPO / "data", repo_root=REPO)
    record = catalogue.hubs[0]
    assert sections(), "mkdocs.yml has no section with pages besides its overview"
    context, foreign = recording_context(browser, viewport=PHONE)
    page = context.new_page()
    for title, overview, pages in sections():
        page.goto(server + record.url, wait_until="load")
        open_menu(page)
        top = page.locator(f"{MENU} > ul > li")
        expect(top.filter(has_text=title).locator(".md-nav__link").first).to_be_visible()
        for other in pages:  # only the visible part of the navigation is in the page
            assert top.filter(has_text=title).get_by_text(other, exact=True).count() == 0
        top.filter(has_text=title).locator("a").first.click()
        page.wait_for_load_state("load")
        assert page.url == server + overview
        open_menu(page)
        for other in pages:
            expect(page.locator(MENU).get_by_role("link", name=re.compile(rf"^\s*{re.escape(other)}\s*$"))
                   ).to_be_visible()
    assert foreign == []
    context.close()
