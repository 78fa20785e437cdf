"""Search that understands German and ranks what is meant, on a small catalogue in a real browser:
parts of compounds, synonyms from data/synonyme.yml, a record's own page before pages that mention
it, nationwide records under every Land filter, and the query and filters kept in the address.
Runs through scripts/search_quality.py, the script that measures the real data's search."""

from __future__ import annotations

import functools
import re
import shutil
import sys
import threading

import pytest

from portal.pages.vocabulary import Vocabulary
from tests.conftest import MINIMAL, REPO, build_site
from tests.test_browser import CHROMIUM, FLAGS, _Quiet, _Server

sys.path.insert(0, str(REPO / "scripts"))
import search_quality

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian package chromium is not installed")
pytest.importorskip("playwright.sync_api")


def edit(path, pattern, replacement):
    text = path.read_text(encoding="utf-8")
    changed = re.sub(pattern, lambda _: replacement, text, count=1, flags=re.M)
    assert changed != text, pattern
    path.write_text(changed, encoding="utf-8")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("suche")
    data = root / "data"
    shutil.copytree(MINIMAL, data)
    (data / "synonyme.yml").write_text("# yaml-language-server: $schema=../schemas/synonyme.schema.json\n"
                                       "gruppen:\n  - [KI, künstliche Intelligenz]\n", encoding="utf-8")
    edit(data / "hubs" / "transfer-x.yml", r"^laender: .*\n", "kurzname: DaTraX\n")  # a national hub
    edit(data / "hubs" / "transfer-x.yml", r"^beschreibung: .*$", "beschreibung: Ein Hub für Datenräume.")
    edit(data / "organisationen" / "beispiel-ihk.yml", r"^name: .*$",
         "name: Beispiel-IHK\nbeschreibung: Partnerin von DaTraX; DaTraX berät mit ihr.")
    edit(data / "themen" / "datenoekosysteme.yml", r"^einfuehrung: .*$",
         "einfuehrung: Zum Jahreskongress kamen Fachleute für künstliche Intelligenz.")
    result = build_site(data, root / "site")
    assert result.returncode == 0, result.stderr[-3000:]
    return root / "site"


def ranks(site, *queries: search_quality.Query) -> list[tuple[str, ...]]:
    return [outcome.found for outcome in search_quality.run(site, list(queries))]


def test_compound_parts_are_found_after_exact_words(site):
    assert Vocabulary.load(()).word_parts["jahreskongress"] == ("jahres", "kongress")
    (found,) = ranks(site, search_quality.Query("Kongress", ()))
    assert "themen/datenoekosysteme/" in found  # only "Jahreskongress" there
    exact = found.index("veranstaltungen/vernetzungstreffen-stuttgart-2023/")  # format: Kongress
    assert exact < found.index("themen/datenoekosysteme/")


def test_synonyms_from_the_data_are_found(site):
    (found,) = ranks(site, search_quality.Query("KI", ()))
    assert "themen/datenoekosysteme/" in found  # says "künstliche Intelligenz" only


def test_a_records_own_page_comes_before_pages_that_mention_it(site):
    (found,) = ranks(site, search_quality.Query("DaTraX", ()))
    assert found[0] == "hubs/transfer-x/" and "organisationen/beispiel-ihk/" in found


def test_nationwide_records_match_every_land_filter(site):
    in_bayern, in_sachsen = ranks(site, search_quality.Query("Datenräume", (), (("land", "Bayern"),)),
                                  search_quality.Query("Hub", (), (("land", "Sachsen"),)))
    assert in_bayern == ("hubs/transfer-x/",)  # no Land at all: bundesweit
    assert {"hubs/transfer-x/", "hubs/traweba/"} <= set(in_sachsen)  # Sachsen's own hub and the national one


def test_query_and_filters_live_in_the_address(site):
    from playwright.sync_api import expect, sync_playwright

    httpd = _Server(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}/"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            page = browser.new_page(locale="de-DE")
            page.goto(base + "suche/?q=Hub&land=Sachsen")
            expect(page.locator(".portal-search__status")).to_contain_text("4 Treffer")
            expect(page.get_by_label(re.compile(r"^Sachsen \(\d+\)$"))).to_be_checked()
            expect(page.locator(".portal-search__chosen")).to_have_text("(1 gewählt)")
            page.get_by_label(re.compile(r"^Transformations-Hub \(\d+\)$")).check()
            expect(page).to_have_url(re.compile(r"\?q=Hub&art=Transformations-Hub&land=Sachsen$"))
            expect(page.locator(".portal-search__status")).to_contain_text("2 Treffer")
            shared = page.url
            other = browser.new_page(locale="de-DE")  # a copied link
            other.goto(shared)
            expect(other.locator(".portal-search__status")).to_contain_text("2 Treffer")
            expect(other.get_by_label(re.compile(r"^Transformations-Hub \(\d+\)$"))).to_be_checked()
            other.reload()
            expect(other.locator(".portal-search__status")).to_contain_text("2 Treffer")
            browser.close()
    finally:
        httpd.shutdown()
