"""Golden tests of the page sources: every page kind of the portal, rendered by the pages layer alone
(no MkDocs) from the small catalogue in ``tests/fixtures/golden`` on a fixed date, compared with the
files in ``tests/golden``.

A change to a template or to the page plan shows here as a unified diff. When the change is meant,
write the files again and review their diff before committing it::

    PORTAL_UPDATE_GOLDEN=1 pytest tests/test_golden.py

The fixture has records of every kind that link to each other (back-links), filled-in operator
details and a public address; of the 16 Länder, Sachsen (with records) and Bremen (without) stand
for the Land and "Hilfe finden" pages.
"""

from __future__ import annotations

import difflib
import json
import os
from datetime import date

import pytest

from portal.exports.addresses import SiteAddress
from portal.load.loader import load_catalogue
from portal.pages.plan import PlannedPage, Renderer, plan_pages, render_page, structured_data
from tests.conftest import REPO

FIXTURE = REPO / "tests" / "fixtures" / "golden"
GOLDEN = REPO / "tests" / "golden"
TODAY = date(2026, 12, 1)
LANDS = ("de-sn", "de-hb")
"""The Länder whose Land and "Hilfe finden" pages are kept (the other 14 come from the same templates)."""
UPDATE = os.environ.get("PORTAL_UPDATE_GOLDEN") == "1"


def _kept(page: PlannedPage) -> bool:
    url = page.source.url
    if url.startswith(("laender/", "hilfe/")) and url.count("/") == 2:
        return url.split("/")[1] in LANDS
    return True


def golden_name(page: PlannedPage) -> str:
    """``netzwerke/beispiel-netz.md`` -> ``netzwerke/beispiel-netz.html``."""
    return page.source.src_uri.removesuffix(".md") + ".html"


def golden_text(renderer: Renderer, page: PlannedPage) -> str:
    """What the golden file holds: the page's plan entry, its body and its structured data."""
    source = page.source
    head = {"title": source.title, "edit_path": source.edit_path, "listed": source.listed,
            "description": source.description, "names": list(source.names), "nationwide": source.nationwide,
            "search_weight": source.search_weight, "template": page.template}
    text = f"<!-- {json.dumps(head, ensure_ascii=False)} -->\n{render_page(renderer, page)}"
    data = structured_data(renderer, page)
    return text + (f"<!-- structured data -->\n{data}\n" if data else "")


@pytest.fixture(scope="module")
def rendered() -> dict[str, str]:
    catalogue = load_catalogue(FIXTURE, repo_root=REPO)
    renderer = Renderer(catalogue, TODAY, SiteAddress(catalogue.settings.site_url))
    pages = [page for page in plan_pages(catalogue, FIXTURE.relative_to(REPO).as_posix()) if _kept(page)]
    return {golden_name(page): golden_text(renderer, page) for page in pages}


def test_page_sources_equal_the_golden_files(rendered):
    if UPDATE:
        for path in GOLDEN.rglob("*.html"):
            if path.relative_to(GOLDEN).as_posix() not in rendered:
                path.unlink()
        for name, text in rendered.items():
            path = GOLDEN / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    diffs = []
    for name, text in rendered.items():
        path = GOLDEN / name
        expected = path.read_text(encoding="utf-8") if path.exists() else ""
        if text != expected:
            diffs.append("".join(difflib.unified_diff(expected.splitlines(keepends=True),
                                                      text.splitlines(keepends=True),
                                                      f"tests/golden/{name}", f"rendered {name}")))
    stale = sorted(p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*.html")
                   if p.relative_to(GOLDEN).as_posix() not in rendered)
    message = "\n".join(diffs) + (f"\nGolden files of no page: {stale}" if stale else "")
    assert not diffs and not stale, (f"{message}\nIf the change is meant: PORTAL_UPDATE_GOLDEN=1 pytest "
                                     "tests/test_golden.py, then review the diff of tests/golden")


def test_every_page_template_has_a_golden_page(rendered):
    used = {json.loads(text.split(" -->", 1)[0].removeprefix("<!-- "))["template"] for text in rendered.values()}
    page_templates = {path.name for path in (REPO / "portal" / "templates").glob("*.md.j2")
                      if not path.name.startswith("_")}
    assert page_templates <= used, f"Page templates without a golden page: {sorted(page_templates - used)}"

