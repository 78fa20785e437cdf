"""The filters of the overview pages (networks, events, offers, organisations) in a real browser:
they narrow the list as the "n von m" line says ("or" within a group, "and" across groups,
nationwide offers under every Land), keep their state through a reload and a copied link, work by
keyboard, and without JavaScript the full list stays with the form hidden."""

from __future__ import annotations

import re

import pytest

from portal.load.loader import load_catalogue
from portal.model.records import Angebot, Netzwerk, Organisation, Veranstaltung
from tests.conftest import REPO
from tests.test_browser import CHROMIUM, browser, recording_context, server  # noqa: F401 - shared fixtures

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian package chromium is not installed")
expect = pytest.importorskip("playwright.sync_api").expect

OVERVIEWS = {"netzwerke/": Netzwerk, "veranstaltungen/": Veranstaltung, "angebote/": Angebot,
             "organisationen/": Organisation}
STATUS = ".portal-filter__status"
ITEMS_JS = """items => items.map(e => ({
    id: e.dataset.id,
    values: Object.fromEntries(Object.entries(e.dataset).filter(([k]) => !["id", "filterItem"].includes(k))),
    visible: e.getClientRects().length > 0}))"""


def items(page) -> list[dict]:
    return page.locator("[data-filter-item]").evaluate_all(ITEMS_JS)


def expected_ids(listed: list[dict], chosen: dict[str, set[str]]) -> set[str]:
    """The records the chosen values leave, computed from the items' data attributes alone."""
    def matches(values: dict[str, str]) -> bool:
        return all(set(values.get(name, "").split()) & (wanted | {"*"}) for name, wanted in chosen.items())

    return {item["id"] for item in listed if matches(item["values"])}


def chosen_in(page) -> dict[str, set[str]]:
    chosen: dict[str, set[str]] = {}
    for name, value in page.locator(".portal-filter__options input:checked").evaluate_all(
            "boxes => boxes.map(b => [b.name, b.value])"):
        chosen.setdefault(name, set()).add(value)
    return chosen


def assert_list_matches(page, noun: str) -> tuple[str, set[str]]:
    """The visible records are exactly those the chosen values leave, and the status line says so."""
    listed = items(page)
    expected = expected_ids(listed, chosen_in(page))
    visible = {item["id"] for item in listed if item["visible"]}
    total = {item["id"] for item in listed}
    assert visible == expected
    assert 0 < len(expected) < len(total)
    status = page.locator(STATUS)
    expect(status).to_have_text(re.compile(rf"^{len(expected)} von {len(total)} {noun} \(.+\)$"))
    # a section (Land, year, topic) shows when one of its items shows
    for section in page.locator("[data-filter-section]").evaluate_all(
            """sections => sections.map(s => [s.getClientRects().length > 0,
                 [...s.querySelectorAll('[data-filter-item]')].some(i => i.getClientRects().length > 0),
                 s.querySelectorAll('[data-filter-item]').length])"""):
        shown, has_visible_item, item_count = section
        assert shown == (has_visible_item or item_count == 0)
    assert page.locator(".portal-filter [role=status]").count() == 1
    return status.inner_text(), visible


def check_first_option_with_results(page, name: str, preferred: str | None = None) -> str:
    """Ticks ``preferred`` of group ``name`` if it leaves records, else the first value that does."""
    boxes = page.locator(f".portal-filter__options input[name='{name}']")
    values = boxes.evaluate_all("boxes => boxes.map(b => [b.value, b.parentElement.textContent])")
    usable = [value for value, text in values if not text.strip().endswith("(0)")]
    assert usable, f"no value of {name} leaves a record"
    value = preferred if preferred in usable else usable[0]
    page.locator(f".portal-filter__options input[name='{name}'][value='{value}']").check()
    return value


def assert_same_state(page, address: str, noun: str, status: str, visible: set[str]) -> None:
    page.goto(address, wait_until="load")
    again_status, again_visible = assert_list_matches(page, noun)
    assert (again_status, again_visible) == (status, visible)


def test_events_narrowed_to_upcoming_in_a_land_survive_reload_and_a_copied_link(browser, server):  # noqa: F811
    context, foreign = recording_context(browser)
    page = context.new_page()
    page.goto(server + "veranstaltungen/", wait_until="load")
    expect(page.locator(".portal-filter")).to_be_visible()
    expect(page.locator(STATUS)).to_have_text(re.compile(r"^Alle \d+ Veranstaltungen$"))
    page.locator(".portal-filter__panel > summary").click()
    when = check_first_option_with_results(page, "zeit", preferred="kommend")
    land = check_first_option_with_results(page, "land")
    expect(page.locator(".portal-filter__chosen")).to_have_text("(2 gewählt)")
    status, visible = assert_list_matches(page, "Veranstaltungen")
    assert f"zeit={when}" in page.url and f"land={land}" in page.url

    address = page.url
    page.reload(wait_until="load")
    expect(page.locator(".portal-filter__chosen")).to_have_text("(2 gewählt)")
    _, reloaded = assert_list_matches(page, "Veranstaltungen")
    assert reloaded == visible
    assert_same_state(context.new_page(), address, "Veranstaltungen", status, visible)

    # a second Land widens the list ("or" within the group)
    page.locator(".portal-filter__panel > summary").click()
    page.locator(".portal-filter__options input[name='land']:not(:checked)").first.check()
    listed = items(page)
    widened = {item["id"] for item in listed if item["visible"]}
    assert widened == expected_ids(listed, chosen_in(page)) and widened >= visible
    assert foreign == []
    context.close()


def test_free_offers_of_a_format_by_keyboard_with_nationwide_offers_under_every_land(browser, server):  # noqa: F811
    context, _ = recording_context(browser)
    page = context.new_page()
    page.goto(server + "angebote/", wait_until="load")
    summary = page.locator(".portal-filter__panel > summary")
    summary.focus()
    page.keyboard.press("Enter")
    kosten = page.locator(".portal-filter__options input[name='kosten'][value='kostenfrei']")
    kosten.focus()
    page.keyboard.press("Space")
    expect(kosten).to_be_checked()
    check_first_option_with_results(page, "format")
    status, visible = assert_list_matches(page, "Angeboten")
    for item in items(page):
        if item["visible"]:
            assert "kostenfrei" in item["values"]["kosten"].split()
    address = page.url
    assert "kosten=kostenfrei" in address and "format=" in address
    assert_same_state(context.new_page(), address, "Angeboten", status, visible)

    # a Land keeps the offers for all of Germany that match the other values
    page.goto(server + "angebote/?kosten=kostenfrei", wait_until="load")
    nationwide = {item["id"] for item in items(page) if item["values"]["land"] == "*" and item["visible"]}
    page.locator(".portal-filter__panel > summary").click()
    check_first_option_with_results(page, "land")
    _, in_land = assert_list_matches(page, "Angeboten")
    assert nationwide and nationwide <= in_land

    # the reset button brings back the whole list and clears the address
    reset = page.locator(".portal-filter__reset")
    reset.focus()
    page.keyboard.press("Enter")
    expect(page.locator(STATUS)).to_have_text(re.compile(r"^Alle \d+ Angebote$"))
    assert all(item["visible"] for item in items(page))
    assert "?" not in page.url
    expect(reset).to_be_hidden()
    context.close()


def test_without_javascript_the_full_list_shows_and_the_form_is_hidden(browser, server):  # noqa: F811
    catalogue = load_catalogue(REPO / "data", repo_root=REPO)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    for path, kind in OVERVIEWS.items():
        page.goto(server + path + "?land=DE-SN", wait_until="load")
        listed = items(page)
        assert {item["id"] for item in listed} == {record.id for record in catalogue.all(kind)}, path
        assert all(item["visible"] for item in listed), path
        form = page.locator(".portal-filter")
        expect(form).to_be_hidden()
        assert form.get_attribute("data-pagefind-ignore") == "all"  # not in the search index
        # every value offered leaves a record, and every value a record has is offered
        offered = {tuple(pair) for pair in page.locator(".portal-filter__options input").evaluate_all(
            "boxes => boxes.map(b => [b.name, b.value])")}
        carried = {(name, value) for item in listed for name, values in item["values"].items()
                   for value in values.split() if value != "*"}
        assert offered == carried, path
    context.close()
