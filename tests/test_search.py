"""The search index is built from page contents through Pagefind's service: every page is found
under its own address, lists of other records are not indexed, and a failure is reported."""

from __future__ import annotations

import gzip
import json

import pytest

from portal import search
from portal.search import IndexedPage, SearchIndexError, build_search_index


def fragments(site) -> dict[str, dict]:
    documents = {}
    for path in (site / "pagefind" / "fragment").iterdir():
        document = json.loads(gzip.decompress(path.read_bytes())[len(b"pagefind_dcd"):])
        documents[document["url"]] = document
    return documents


def test_pages_are_found_under_their_address_with_title_filters_and_own_text(tmp_path):
    pages = [
        IndexedPage("netzwerke/nord/", "Netzwerk Nord",
                    '<div data-pagefind-filter="Art:Transformations-Netzwerk"><h1>Netzwerk Nord</h1>'
                    "<p>Wasserstoffspeicher für Zulieferer</p></div>"
                    '<div class="portal-cards"><a href="../sued/">Netzwerk Süd</a></div>'),
        IndexedPage("ueber/", "Über das Portal", "<p>Ohne eigene Überschrift</p>"),
    ]
    build_search_index(pages, tmp_path)
    documents = fragments(tmp_path)
    assert set(documents) == {"/netzwerke/nord/", "/ueber/"}
    nord = documents["/netzwerke/nord/"]
    assert nord["meta"]["title"] == "Netzwerk Nord"
    assert nord["filters"] == {"Art": ["Transformations-Netzwerk"]}
    assert "Wasserstoffspeicher" in nord["content"] and "Süd" not in nord["content"]
    assert documents["/ueber/"]["meta"]["title"] == "Über das Portal"  # heading added from the title
    entry = json.loads((tmp_path / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == ["de"]


def test_without_pagefind_the_build_says_so(tmp_path, monkeypatch):
    monkeypatch.setattr(search, "get_executable", lambda: None)
    with pytest.raises(SearchIndexError, match="Pagefind ist nicht installiert"):
        build_search_index([], tmp_path)


def test_a_failing_pagefind_is_reported_not_hung(tmp_path, monkeypatch):
    fake = tmp_path / "pagefind"
    fake.write_text("#!/bin/sh\necho 'kaputt' >&2\nexit 3\n", encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setattr(search, "get_executable", lambda: fake)
    with pytest.raises(SearchIndexError, match="kaputt"):
        build_search_index([IndexedPage("a/", "A", "<p>a</p>")], tmp_path)
