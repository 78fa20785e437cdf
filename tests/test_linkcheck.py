"""The post-build check finds what MkDocs cannot see: broken links and anchors in raw HTML,
resources from other hosts, event-handler attributes."""

from __future__ import annotations

from pathlib import Path

from portal.linkcheck import check_site

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
    page(tmp_path, "c/index.html", '<img src="https://tracker.example.com/p.gif" alt=""><p onclick="x()">z</p>'
                                   '<a href="javascript:alert(1)">j</a> <a href="/absolut/">a</a>'
                                   '<a href="https://example.com/">extern ist erlaubt</a>')
    assert check_site(tmp_path) == [
        "b/index.html: Link '../fehlt/' führt ins Leere",
        "b/index.html: Link '../#nichtda': Anker '#nichtda' fehlt in index.html",
        "c/index.html: Event-Handler-Attribut <p onclick=…> ist nicht erlaubt",
        "c/index.html: lädt 'https://tracker.example.com/p.gif' von einem fremden Server",
        "c/index.html: Link 'javascript:alert(1)' mit nicht erlaubtem Schema",
        "c/index.html: Link '/absolut/' führt ins Leere",
    ]


def test_theme_chrome_is_read_once_per_depth_but_content_everywhere(tmp_path):
    """The theme renders the same header and footer on every page of a depth; content differs."""
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "app.js").write_text("", encoding="utf-8")
    page(tmp_path, "index.html", "<p>Start</p>")
    page(tmp_path, "a/index.html", '<script src="https://cdn.example.com/in-content.js"></script>')
    page(tmp_path, "b/index.html", '<a href="../weg/">x</a>',
         chrome='<script src="https://cdn.example.com/chrome.js"></script>')
    assert check_site(tmp_path) == [
        "a/index.html: lädt 'https://cdn.example.com/in-content.js' von einem fremden Server",
        "b/index.html: Link '../weg/' führt ins Leere",
    ]
