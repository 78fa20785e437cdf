"""The Wegweiser ("Hilfe finden") answers Land x topic x kind of help, in the order a supplier
needs it, with and without JavaScript, at an address that can be shared (real data, real browser;
the expectations come from the catalogue, not from counts of the data)."""

from __future__ import annotations

import functools
import threading
from datetime import date

import pytest

from portal.load.loader import load_catalogue
from portal.pages.wegweiser import NEEDS, answer, needs_of
from portal.site.build import build_date
from tests.conftest import REPO
from tests.test_browser import CHROMIUM, _Quiet, _Server, browser  # noqa: F401 - fixture
from tests.test_scale_tools import synth_catalogue

CATALOGUE = load_catalogue(REPO / "data")


def busiest(today: date) -> tuple[str, str, str]:
    """A Land, a topic and a kind of help with at least one offer there (picked from the data)."""
    for code in ("DE-SN", "DE-BW", "DE-BY", "DE-NW", "DE-HE", "DE-NI"):
        for topic in answer(CATALOGUE, today, code).topics:
            for need in NEEDS:
                if any(need in needs_of(offer) for offer in topic.offers):
                    return code, topic.topic.id, need
    raise AssertionError("no offer with a kind of help in the data")


def test_answers_come_in_the_suppliers_order():
    today = date(2026, 12, 5)
    for code in ("DE-SN", "DE-HB"):
        result = answer(CATALOGUE, today, code)
        assert all(code in network.laender for network in result.networks)
        assert result.programmes == CATALOGUE.foerderprogramme
        for topic in result.topics:
            assert all(topic.topic.id in hub.themen for hub in topic.hubs)
            assert all(hub.bundesweit or code in hub.laender for hub in topic.hubs)
            frees = [offer.free for offer in topic.offers]
            assert frees == sorted(frees, reverse=True)  # free offers first
            assert not any(offer.ended(today) for offer in topic.offers)
            assert all(offer.bundesweit or code in offer.laender for offer in topic.offers)
            assert all(event.last_day >= today for event in topic.events)
    national = [hub for hub in CATALOGUE.hubs if hub.bundesweit]
    bremen = answer(CATALOGUE, today, "DE-HB")  # no network: the national hubs still answer
    assert {hub.id for topic in bremen.topics for hub in topic.hubs} >= {
        hub.id for hub in national if hub.themen}


def _reference(catalogue, today: date, code: str, topic_id: str):
    """A topic's hubs, offers and events by the Wegweiser's rules, read off the whole catalogue."""
    hubs = [hub for hub in catalogue.hubs
            if (hub.bundesweit or code in hub.laender or not hub.laender) and topic_id in hub.themen]
    offers = [offer for offer in catalogue.angebote if (offer.bundesweit or code in offer.laender)
              and not offer.ended(today) and topic_id in offer.themen]
    events = [event for event in catalogue.upcoming(today) if topic_id in event.themen
              and (event.ort is None or event.ort.online or event.ort.land in (None, code))]
    return hubs, sorted(offers, key=lambda offer: not offer.free), events[:5]


@pytest.mark.parametrize("records", [None, 600])
def test_an_answer_holds_every_record_on_the_topic_once_in_catalogue_order(records, tmp_path):
    catalogue = CATALOGUE
    if records:
        synth_catalogue.write_catalogue(tmp_path / "data", records, seed=7)
        catalogue = load_catalogue(tmp_path / "data")
    today = date(2026, 1, 1)
    for code in ("DE-SN", "DE-HB", "DE-BY"):
        for topic in answer(catalogue, today, code).topics:
            assert (topic.hubs, topic.offers, topic.events) == _reference(catalogue, today, code, topic.topic.id)


pytestmark_browser = pytest.mark.skipif(CHROMIUM is None, reason="Debian package chromium is not installed")


@pytest.fixture(scope="module")
def served(real_site):
    httpd = _Server(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(real_site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


@pytestmark_browser
def test_the_wegweiser_without_javascript(served, browser):  # noqa: F811 - the imported fixture
    from playwright.sync_api import expect

    code, topic, _ = busiest(build_date())
    context = browser.new_context(java_script_enabled=False, locale="de-DE")
    page = context.new_page()
    page.goto(served)
    expect(page.locator(".portal-wegweiser")).to_be_hidden()  # no form that cannot work
    page.locator(f'.portal-land-list a[href$="hilfe/{code.lower()}/"]').first.click()
    expect(page).to_have_url(f"{served}hilfe/{code.lower()}/")
    expect(page.locator(f"#thema-{topic} .portal-wegweiser__offers li").first).to_be_visible()
    headings = page.locator("main h2").all_inner_texts()
    assert headings[0].startswith("Ihr Netzwerk in") and headings[-1].startswith("Förderprogramme")
    context.close()


@pytestmark_browser
def test_the_wegweiser_answers_at_once_and_at_a_shareable_address(served, browser):  # noqa: F811
    from playwright.sync_api import expect

    code, topic, need = busiest(build_date())
    context = browser.new_context(locale="de-DE")
    page = context.new_page()
    page.goto(served)
    form = page.locator(".portal-wegweiser")
    form.get_by_label("Wo ist Ihr Unternehmen?").select_option(code.lower())
    form.get_by_label("Welches Thema?").select_option(topic)
    form.get_by_label(NEEDS[need][0], exact=True).check()
    form.get_by_role("button", name="Hilfe finden").click()
    expect(page).to_have_url(f"{served}hilfe/{code.lower()}/?thema={topic}&bedarf={need}#thema-{topic}")
    for current in (page, context.new_page()):  # and a copied link
        if current is not page:
            current.goto(page.url)
        expect(current.locator(".portal-wegweiser__topic:visible")).to_have_count(1)
        expect(current.locator(f"#thema-{topic}")).to_be_visible()
        visible = current.locator(f"#thema-{topic} .portal-wegweiser__offers li:visible")
        expect(visible.first).to_be_visible()
        for value in visible.evaluate_all("items => items.map(i => i.dataset.bedarf)"):
            assert need in value.split()
        expect(current.locator(".portal-wegweiser__status")).to_contain_text(f"{visible.count()} passende")
    page.get_by_label("Welches Thema?").select_option("")  # answers at once, address follows
    expect(page.locator(".portal-wegweiser__topic:visible").first).to_be_visible()
    expect(page).to_have_url(f"{served}hilfe/{code.lower()}/?bedarf={need}")
    context.close()
