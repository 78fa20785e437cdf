"""Offers, publications and contacts: properties of the real data (never their counts), the check
that rejects personal addresses, and what a supplier sees on the built pages: a page per offer and
publication, listed on its provider's page; ended offers marked as ended; "Wen spreche ich an?" at
the top of every network and hub; national hubs on every Land page; no research notes."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from portal.common.laender import LAENDER
from portal.load.loader import load_catalogue
from portal.model.parts import personal_mailbox
from portal.pages.plan import Renderer, plan_pages, render_page
from tests.conftest import REPO, errors_of
from tests.site_helpers import page_file, parse, visible_text

DATA = REPO / "data"


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue(DATA, repo_root=REPO)


# --- the real data ------------------------------------------------------------------------------


def test_every_record_has_sources_and_stand(catalogue):
    for record in catalogue.everything():
        assert record.quellen and all(q.url.startswith("https://") for q in record.quellen), record.source
        assert record.stand, record.source


def test_every_offer_says_who_offers_it_and_where(catalogue):
    for offer in catalogue.angebote:
        assert offer.anbieter, offer.source
        assert offer.bundesweit or offer.laender or offer.region, offer.source


def test_every_publication_names_its_publisher(catalogue):
    assert all(p.herausgeber for p in catalogue.publikationen)


EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
TITLE_AND_NAME = re.compile(r"\b(?:Herr|Frau|Dr\.|Prof\.)\s+[A-ZÄÖÜ][a-zäöüß]+")
PHONE = re.compile(r"(?<![\w/.-])(?:\+49|0)\s?\d{2,5}[\s/-]?\d{3,}")


def _values(path: Path) -> list[str]:
    """Every line of a data file without its web addresses (their slugs may hold anything)."""
    return [re.sub(r"https://\S+", "", line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_no_personal_names_addresses_or_numbers_in_the_data():
    found = []
    for path in sorted(DATA.rglob("*.yml")):
        functional = "email_funktional: true" in path.read_text(encoding="utf-8")
        for number, line in enumerate(_values(path), 1):
            for address in EMAIL.findall(line):
                if personal_mailbox(address) and not functional:
                    found.append(f"{path}:{number}: {address}")
            if TITLE_AND_NAME.search(line):
                found.append(f"{path}:{number}: {line.strip()}")
            if PHONE.search(line) and not line.lstrip().startswith("telefon:"):
                found.append(f"{path}:{number}: {line.strip()}")
    assert found == []


@pytest.mark.parametrize(("address", "personal"), [
    ("info@beispiel.de", False), ("kontakt@beispiel.de", False), ("transformation-hub@beispiel.de", False),
    ("max.mustermann@beispiel.de", True), ("m.mustermann@beispiel.de", True), ("max-mustermann@beispiel.de", True),
    ("thomas@beispiel.de", True), ("presse.team@beispiel.de", False),
])
def test_personal_looking_mailboxes_are_recognised(address, personal):
    assert personal_mailbox(address) is personal


# --- check on a fixture --------------------------------------------------------------------------


def _with_contact(data: Path, email: str, functional: bool = False) -> Path:
    hub = data / "hubs" / "traweba.yml"
    extra = f"kontakt:\n  email: {email}\n" + ("  email_funktional: true\n" if functional else "")
    extra += "  quelle: https://quelle.example.com/impressum\n"
    hub.write_text(hub.read_text(encoding="utf-8").replace("themen:", extra + "themen:"), encoding="utf-8")
    return hub


def test_check_rejects_a_personal_address_with_its_position(data_dir):
    _with_contact(data_dir, "erika.musterfrau@example.com")
    errors = errors_of(data_dir)
    assert len(errors) == 1
    assert re.search(r"hubs/traweba\.yml:\d+:\d+: kontakt\.email: 'erika\.musterfrau@example\.com' sieht nach "
                     r"der Adresse einer Person aus", errors[0]), errors


def test_check_accepts_a_functional_address_and_one_marked_functional(data_dir):
    _with_contact(data_dir, "info@example.com")
    assert errors_of(data_dir) == []
    (data_dir / "hubs" / "traweba.yml").write_text(
        (DATA.parent / "tests" / "fixtures" / "minimal" / "hubs" / "traweba.yml").read_text(encoding="utf-8"),
        encoding="utf-8")
    _with_contact(data_dir, "geschaeftsstelle.transformation@example.com", functional=True)
    assert errors_of(data_dir) == []


OFFER = """\
# yaml-language-server: $schema=../../schemas/angebot.schema.json
titel: {titel}
anbieter: [traweba]
formate: [workshop]
themen: [batterie-wertschoepfung]
bundesweit: true
kosten: kostenfrei
{zeitraum}beschreibung: Ein Planspiel zur Batterie.
quellen:
  - url: https://quelle.example.com/angebot
stand: 2026-11-24
"""


def _pages(data: Path, today: date) -> dict[str, str]:
    catalogue = load_catalogue(data)
    renderer = Renderer(catalogue, today)
    return {page.source.url: render_page(renderer, page) for page in plan_pages(catalogue)}


def test_an_ended_offer_stays_and_is_shown_as_ended(data_dir):
    (data_dir / "angebote").mkdir()
    (data_dir / "angebote" / "alt.yml").write_text(OFFER.format(
        titel="Planspiel 2025", zeitraum="zeitraum:\n  beginn: 2025-01\n  ende: 2025-06\n"), encoding="utf-8")
    (data_dir / "angebote" / "laufend.yml").write_text(OFFER.format(titel="Planspiel laufend", zeitraum=""),
                                                        encoding="utf-8")
    pages = _pages(data_dir, date(2025, 7, 1))
    assert "beendet" in pages["angebote/alt/"] and "ausgelaufen" in pages["angebote/alt/"]
    assert "beendet" not in pages["angebote/laufend/"]
    for listing in ("angebote/", "hubs/traweba/", "themen/batterie-wertschoepfung/"):
        assert re.search(r"Planspiel 2025</a> <span class=\"portal-badge portal-badge--free\">kostenfrei</span> "
                         r"<span class=\"portal-badge portal-badge--ended\">beendet</span>", pages[listing]), listing
    still_running = _pages(data_dir, date(2025, 6, 30))["angebote/alt/"]
    assert "beendet" not in still_running  # an end '2025-06' lasts until the end of June


def test_the_contact_question_falls_back_to_the_coordinator_then_to_an_honest_sentence(data_dir):
    pages = _pages(data_dir, date(2026, 1, 1))
    hub = visible_text_of(pages["hubs/traweba/"])
    assert "Wen spreche ich an?" in hub and "noch keine öffentliche Kontaktadresse erfasst" in hub
    assert "Eintrag ergänzen" in hub
    _with_contact(data_dir, "info@example.com")
    hub = visible_text_of(_pages(data_dir, date(2026, 1, 1))["hubs/traweba/"])
    assert "E-Mail: info@example.com" in hub and "noch keine" not in hub


def visible_text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


# --- the built portal ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(real_site) -> Path:
    return real_site


def test_every_offer_and_publication_has_a_page_listed_on_each_provider_page(site, catalogue):
    for record, providers in ([(o, o.anbieter) for o in catalogue.angebote]
                              + [(p, p.herausgeber) for p in catalogue.publikationen]):
        assert page_file(site, record.url).is_file(), record.url
        for provider in providers:
            html = page_file(site, catalogue.by_id[provider].url).read_text(encoding="utf-8")
            assert f'href="../../{record.url}"' in html, (record.url, provider)


def test_overview_marks_every_free_offer_with_text(site, catalogue):
    html = page_file(site, "angebote/").read_text(encoding="utf-8")
    for offer in catalogue.angebote:
        badge = f'{offer.titel}</a> <span class="portal-badge portal-badge--free">kostenfrei</span>'
        assert (badge in html.replace("&#34;", '"')) is offer.free, offer.id


def test_network_and_hub_pages_answer_who_to_ask_first(site, catalogue):
    for initiative in catalogue.netzwerke + catalogue.hubs:
        headings = [attrs.get("id") for tag, attrs in parse(page_file(site, initiative.url)).elements if tag == "h2"]
        assert headings and headings[0] == "wen-spreche-ich-an", initiative.url


def test_every_land_page_names_the_national_hubs(site, catalogue):
    national = [h for h in catalogue.hubs if h.bundesweit]
    assert national
    for code in LAENDER:
        text = visible_text(page_file(site, f"laender/{code.lower()}/"))
        assert "Bundesweit tätig" in text, code
        assert all(hub.title in text for hub in national), code


def test_no_public_page_shows_research_notes(site):
    pages = [p for p in site.rglob("*.html") if "nicht genannt" in p.read_text(encoding="utf-8")]
    assert pages == []


def test_a_network_whose_funding_period_ended_stays_and_says_so(data_dir):
    network = data_dir / "netzwerke" / "beispiel-netz.yml"
    text = network.read_text(encoding="utf-8")
    assert "  ende: 2026\n" in text
    network.write_text(text.replace("  ende: 2026\n", "  ende: 2025-06\n", 1), encoding="utf-8")
    ended = visible_text_of(_pages(data_dir, date(2025, 7, 1))["netzwerke/beispiel-netz/"])
    assert "Förderzeitraum laut Quellen abgelaufen" in ended and "Juni 2025 – abgelaufen" in ended
    running = visible_text_of(_pages(data_dir, date(2025, 6, 30))["netzwerke/beispiel-netz/"])
    assert "abgelaufen" not in running
