"""The post-build check finds what MkDocs cannot see: broken links and anchors in raw HTML,
resources from other hosts, event-handler attributes."""

from __future__ import annotations

from pathlib import Path

import pytest

from portal.site.linkcheck import check_contents, check_site, check_theme

CHROME = '<header><a href="{up}index.html">Start</a><script src="{up}assets/app.js"></script></header>'


def page(site: Path, name: str, article: str, chrome: str | None = None) -> None:
    path = site / name
    path.parent.mkdir(parents=True, exist_ok=True)
    up = "../" * name.count("/")
    path.write_text((chrome if chrome is not None else CHROME).format(up=up) + f"<article>{article}</article>",
                    encoding="utf-8")


def test_reports_each_class_of_problem(tmp_path):
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "app.js").write_text("", encoding="utf-8")
    page(tmp_path, "index.html", '<a href="b/">B</a> <a href="b/#da">ok</a>')
    page(tmp_path, "b/index.html", '<h2 id="da">Da</h2><a href="../fehlt/">x</a> <a href="../#nichtda">y</a>')
    page(tmp_path, "c/index.html", '<link rel="canonical" href="http://127.0.0.1:8000/c/">'
                                   '<link rel="stylesheet" href="https://cdn.example.com/x.css">'
                                   '<img src="https://tracker.example.com/p.gif" alt=""><p onclick="x()">z</p>'
                                   '<a href="javascript:alert(1)">j</a> <a href="/absolut/">a</a>'
                                   '<a href="https://example.com/">extern ist erlaubt</a>')
    assert check_site(tmp_path) == [
        "b/index.html: Link '../fehlt/' führt ins Leere",
        "b/index.html: Link '../#nichtda': Anker '#nichtda' fehlt in index.html",
        "c/index.html: Event-Handler-Attribut <p onclick=…> ist nicht erlaubt",
        "c/index.html: lädt 'https://cdn.example.com/x.css' von einem fremden Server",
        "c/index.html: lädt 'https://tracker.example.com/p.gif' von einem fremden Server",
        "c/index.html: Link 'javascript:alert(1)' mit nicht erlaubtem Schema",
        "c/index.html: Link '/absolut/' führt ins Leere",
    ]


def test_a_build_checks_every_page_content_and_every_finished_page(tmp_path):
    """The content of every page is checked as it is generated (anchors too), and every finished
    page again whole, so a value the theme prints on one page only is seen (review F-6)."""
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "app.js").write_text("", encoding="utf-8")
    contents = {
        "index.html": '<p>Start</p><a href="b/#da">zum Anker</a> <a href="a/#fehlt">kein Anker</a>',
        "a/index.html": '<script src="https://cdn.example.com/in-content.js"></script>',
        "b/index.html": '<h2 id="da">Da</h2><a href="../weg/">x</a>',
    }
    for name, content in contents.items():
        page(tmp_path, name, content, chrome='<script src="https://cdn.example.com/chrome.js"></script>'
             if name.startswith("b/") else None)
    files = [*contents, "assets/app.js"]
    assert check_contents(contents.items(), files) == [
        "index.html: Link 'a/#fehlt': Anker '#fehlt' fehlt in a/index.html",
        "a/index.html: lädt 'https://cdn.example.com/in-content.js' von einem fremden Server",
        "b/index.html: Link '../weg/' führt ins Leere",
    ]
    # every finished page is scanned (b/'s own chrome too); links within the site are followed on
    # the first page at each depth (a/), so b/'s dead link is the content check's to report
    assert check_theme(tmp_path) == [
        "a/index.html: lädt 'https://cdn.example.com/in-content.js' von einem fremden Server",
        "b/index.html: lädt 'https://cdn.example.com/chrome.js' von einem fremden Server",
    ]
    assert "b/index.html: lädt 'https://cdn.example.com/chrome.js' von einem fremden Server" in check_site(tmp_path)


@pytest.mark.parametrize(("markup", "expected"), [
    ('<img/src="x.png"/onerror="window.__pwned=1">', "Event-Handler-Attribut <img onerror=…>"),
    ("<svg/onload=alert(1)>", "Event-Handler-Attribut <svg onload=…>"),
    ("<script>window.__pwned=1</script>", "Inline-Skript (sha256-"),
    ('<script type="module">window.__pwned=1</script>', "Inline-Skript (sha256-"),
    ('<base href="https://evil.example/">', "<base> ändert die Adresse aller Links"),
    ('<iframe src="x.png"></iframe>', "<iframe> bettet fremde Inhalte ein"),
    ('<meta http-equiv="refresh" content="0;url=https://evil.example/">', "leitet auf eine andere Seite um"),
])
def test_injected_markup_is_found_however_it_is_spelled(tmp_path, markup, expected):
    """Review F-6: the scan parses like a browser, so neither a slash instead of a space nor an
    inline script gets past it."""
    page(tmp_path, "index.html", f"<p>Text</p>{markup}")
    (tmp_path / "x.png").write_bytes(b"")
    problems = check_site(tmp_path)
    assert any(expected in problem for problem in problems), problems


def test_the_themes_inline_scripts_and_data_blocks_pass(tmp_path):
    page(tmp_path, "index.html", '<script type="application/ld+json">{"@type": "Thing"}</script>'
                                 '<script id="__config" type="application/json">{"base": "."}</script>')
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "app.js").write_text("", encoding="utf-8")
    assert check_site(tmp_path) == []
