"""The search index is built from page contents: every page is found under the address of its
search document (``netzwerke/nord.html`` for ``netzwerke/nord/``, which the search page turns back)
with its title and filters, lists of other records are not indexed, and a failure is reported."""

from __future__ import annotations

import gzip
import json
import os
import subprocess

import pagefind_bin
import pytest

from portal.pages.search_document import IndexedPage, indexed_content, write_document
from portal.pages.vocabulary import Vocabulary
from portal.site import search_index as search
from portal.site.search_index import SearchIndex, SearchIndexError


def fragments(site) -> dict[str, dict]:
    documents = {}
    for path in (site / "pagefind" / "fragment").iterdir():
        document = json.loads(gzip.decompress(path.read_bytes())[len(b"pagefind_dcd"):])
        documents[document["url"]] = document
    return documents


def index(tmp_path, pages) -> None:
    (tmp_path / "documents").mkdir()
    for page in pages:
        write_document(tmp_path / "documents", page, Vocabulary((), {}))
    search_index = SearchIndex(tmp_path / "documents", tmp_path / "site", len(pages))
    search_index.start()
    search_index.finish(while_indexing=lambda: None)


def test_an_elided_compound_gets_its_whole_word_as_a_term():
    vocabulary = Vocabulary((), {"publikationsanalyse": ("publikations", "analyse"),
                                 "marktanalysen": ("markt", "analysen")})
    terms = vocabulary.related_terms("<p>Wir bieten Patent- und Publikationsanalyse sowie "
                                     "3D-Druck- oder Marktanalysen an; x2Kosten- bzw. Marktanalysen.</p>")
    assert {"patentanalyse", "druckanalysen", "kostenanalysen"} <= set(terms)
    assert not {"atentanalyse", "tentanalyse", "ostenanalysen"} & set(terms)  # only whole words are heads
    assert "publikationsanalyse" not in terms  # the page says it itself


def test_pages_are_found_under_their_address_with_title_filters_and_own_text(tmp_path):
    index(tmp_path, [
        IndexedPage("netzwerke/nord/index.html", "Netzwerk Nord",
                    '<div data-pagefind-filter="Art:Transformations-Netzwerk"><h1>Netzwerk Nord</h1>'
                    '<dl class="portal-facts"><dt>Website</dt><dd><a href="https://nord.example.com/" '
                    'rel="noopener">https://nord.example.com/</a></dd></dl>'
                    "<p>Wasserstoffspeicher für Zulieferer</p></div>"
                    '<div class="portal-cards"><a href="../sued/">Netzwerk Süd</a></div>'),
        IndexedPage("ueber/index.html", "Über das Portal", "<p>Ohne eigene Überschrift</p>"),
        IndexedPage("index.html", "Startseite", "<p>Willkommen</p>"),
    ])
    documents = fragments(tmp_path / "site")
    assert set(documents) == {"/netzwerke/nord.html", "/ueber.html", "/"}
    nord = documents["/netzwerke/nord.html"]
    assert nord["meta"]["title"] == "Netzwerk Nord"
    assert nord["filters"] == {"Art": ["Transformations-Netzwerk"]}
    assert "Wasserstoffspeicher" in nord["content"]
    assert "Süd" not in nord["content"] and "Website" not in nord["content"] and "example" not in nord["content"]
    assert documents["/ueber.html"]["meta"]["title"] == "Über das Portal"  # heading added from the title
    assert documents["/"]["meta"]["title"] == "Startseite"
    entry = json.loads((tmp_path / "site" / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == ["de"]


def test_a_failing_pagefind_is_reported(tmp_path, monkeypatch):
    fake = tmp_path / "fake_pagefind"
    fake.write_text("#!/bin/sh\necho 'kaputt'\nexit 3\n", encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setattr(search.pagefind_bin, "get_executable", lambda: fake)
    with pytest.raises(SearchIndexError, match="kaputt"):
        index(tmp_path, [IndexedPage("a/index.html", "A", "<p>a</p>")])


def test_omitted_blocks_are_cut_out_whole_and_nothing_else():
    content = ('<h1>Netz</h1><div class="portal-cards"><div class="inner"><p>Karte</p></div></div>'
               "<p>Eigener Text</p>"
               '<ul class="portal-list portal-columns"><li><ul><li>verschachtelt</li></ul></li></ul>'
               '<p class="portal-listing">ähnlicher Name bleibt</p><pre>Code</pre>'
               '<p class="portal-stand">Stand: 1. Mai 2026</p>'
               '<div data-pagefind-ignore="all"><form><div><p>Themenwahl</p></div></form></div>'
               '<section data-pagefind-ignore><p>Kontakt</p></section>')
    assert indexed_content(content) == (
        '<h1>Netz</h1><p>Eigener Text</p><p class="portal-listing">ähnlicher Name bleibt</p><pre>Code</pre>'
        '<section data-pagefind-ignore><p>Kontakt</p></section>')


def test_a_page_gets_no_terms_from_what_pagefind_ignores(tmp_path):
    """The Wegweiser's topic headings lie in a block Pagefind ignores whole: the page must not be
    found under their synonyms either."""
    vocabulary = Vocabulary((("KI", "künstliche Intelligenz"),), {})
    page = '<h1>Hilfe in Sachsen</h1><div data-pagefind-ignore="all"><h2>KI in der Produktion</h2></div>'
    write_document(tmp_path, IndexedPage("hilfe/sn/index.html", "Hilfe", page), vocabulary)
    document = (tmp_path / "hilfe/sn.html").read_text(encoding="utf-8")
    assert "Produktion" not in document and "intelligenz" not in document
    write_document(tmp_path, IndexedPage("themen/ki/index.html", "KI", "<h1>KI in der Produktion</h1>"), vocabulary)
    assert "künstliche intelligenz" in (tmp_path / "themen/ki.html").read_text(encoding="utf-8")


def test_pagefinds_allocator_reads_the_setting_that_returns_freed_memory(tmp_path):
    """ALLOCATOR lowers Pagefind's peak memory only while Pagefind's allocator reads that variable:
    a Pagefind built without jemalloc would ignore it, and this test says so."""
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "index.html").write_text('<html lang="de"><body><p>Hallo</p></body></html>', encoding="utf-8")
    [name] = search.ALLOCATOR
    run = subprocess.run([str(pagefind_bin.get_executable()), "--site", str(tmp_path / "site"), "--silent"],
                         env={**os.environ, name: "stats_print:true"}, capture_output=True, text=True, check=True)
    assert "jemalloc statistics" in run.stdout + run.stderr


@pytest.mark.parametrize("configured", [None, "narenas:1"])
def test_pagefind_gets_the_allocator_setting_unless_the_caller_set_one(tmp_path, monkeypatch, configured):
    [(name, value)] = search.ALLOCATOR.items()
    if configured is None:
        monkeypatch.delenv(name, raising=False)
    else:
        monkeypatch.setenv(name, configured)
    started = {}

    def popen(command, **options):
        started.update(options["env"])
        raise OSError("not started in this test")

    monkeypatch.setattr(search.subprocess, "Popen", popen)
    with pytest.raises(SearchIndexError):
        SearchIndex(tmp_path, tmp_path / "site", 1).start()
    assert started[name] == (configured or value)
