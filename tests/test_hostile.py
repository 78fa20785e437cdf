"""Editor text is data, never template source: a hostile catalogue builds, every payload shows up
literally, nothing runs (no canary file), and no markup is injected into the page."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest

from portal.model.richtext import render_markdown
from portal.site.linkcheck import check_site
from tests.conftest import MINIMAL, build_site
from tests.site_helpers import page_file, parse, visible_text

META_XSS = 'x"><script>alert("meta-xss")</script>'
PLAIN_PAYLOADS = [
    "Netzwerk {{ 7*7 }}",
    "{% endraw %}Ende{% raw %}",
    "{# Kommentar",
    "offen {{",
    "{%- if true %}",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "javascript:alert(1)",
    "A | B",
    META_XSS,
]


TITLE_XSS = "<img/src=x/onerror=alert(1)><svg/onload=alert(2)> **fett** {{ 7*7 }}"
"""Added to the title of every other record of every kind."""
ENTITY_TEXT = "Zauberwort &#60;i&#62; und &lt;b&gt; A&B"
"""Text that looks like HTML entities: shown literally on the page and in search excerpts (F-15)."""
MARKDOWN_TITLES = {
    "vernetzungstreffen-stuttgart-2023": "Kongress **fett** [Jetzt Fördermittel sichern](https://evil.example/phish)",
    "beispiel-zukunft": "Zukunft ![__pwned](../../assets/favicon.svg){ onload=alert(1) }",
}
"""Event titles that Markdown would turn into a phishing link or an event handler (review F-5)."""


def canary_payload(canary: Path) -> str:
    return "{{ lipsum.__globals__['os'].popen('touch " + str(canary) + "').read() }}"


def quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    canary = root / "CANARY"
    data = root / "data"
    shutil.copytree(MINIMAL, data)
    description = "\n".join([
        "Beschreibung mit {{ 7*7 }} und {% raw %} und {% endraw %}.",
        "",
        canary_payload(canary),
        "",
        "Als Code: `<script>alert(1)</script>` und `{{ config }}`.",
    ])
    lines = [
        "# yaml-language-server: $schema=../../schemas/netzwerk.schema.json",
        f"name: {quoted(PLAIN_PAYLOADS[0] + ' ' + canary_payload(canary))}",
        f"kurzname: {quoted(PLAIN_PAYLOADS[1])}",
        "laender: [DE-SN]",
        f"region: {quoted(PLAIN_PAYLOADS[6])}",
        "gebiete:",
        *[f"  - {quoted(p)}" for p in PLAIN_PAYLOADS],
        "beschreibung: |",
        *[f"  {line}" if line else "" for line in description.split("\n")],
        "hinweise:",
        f"  - {quoted(META_XSS)}",
        f"  - {quoted(ENTITY_TEXT)}",
        "quellen:",
        f"  - titel: {quoted(PLAIN_PAYLOADS[5])}",
        "    url: https://quelle.example.com/x?a=1&b=<2>",
        "stand: 2026-11-24",
    ]
    (data / "netzwerke" / "feindlich.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    topic = (data / "themen" / "datenoekosysteme.yml").read_text(encoding="utf-8")
    topic = topic.replace("kurzfassung: Brennstoffzelle und H2.", f"kurzfassung: {quoted(META_XSS)}")
    topic = topic.replace("titel: Wasserstoff", f"titel: {quoted(META_XSS)}")
    (data / "themen" / "datenoekosysteme.yml").write_text(topic, encoding="utf-8")
    for path in sorted(data.glob("*/*.yml")):  # every kind: a title that is markup, shown on many pages
        if path.stem not in MARKDOWN_TITLES and path.stem not in ("feindlich", "datenoekosysteme"):
            text = path.read_text(encoding="utf-8")
            text = re.sub(r"(?m)^(name|titel): (.*)$", lambda m: f"{m[1]}: {quoted(m[2] + ' ' + TITLE_XSS)}", text,
                          count=1)
            path.write_text(text, encoding="utf-8")
    for name, title in MARKDOWN_TITLES.items():  # shown by the macros of hand-written pages
        event = data / "veranstaltungen" / f"{name}.yml"
        text = re.sub(r"(?m)^titel: .*$", lambda _, t=title: f"titel: {quoted(t)}", event.read_text(encoding="utf-8"),
                      count=1)
        event.write_text(text, encoding="utf-8")
    site = root / "site"
    result = build_site(data, site)
    return result, site, canary, description


def test_hostile_catalogue_builds_and_nothing_runs(hostile):
    result, _site, canary, _ = hostile
    assert result.returncode == 0, result.stderr[-3000:]
    assert "macro" not in result.stderr.lower() or "Macro Rendering Error" not in result.stderr
    assert not canary.exists()


def test_plain_text_appears_literally(hostile):
    _, site, canary, _ = hostile
    text = visible_text(page_file(site, "netzwerke/feindlich/"))
    for payload in PLAIN_PAYLOADS:
        assert payload in text, payload
    assert canary_payload(canary) in text
    assert "Netzwerk 49" not in text


def test_markdown_text_appears_as_rendered_alone(hostile):
    _, site, _, description = hostile
    page = page_file(site, "netzwerke/feindlich/")
    text = visible_text(page)
    rendered = " ".join("".join(parse_html(render_markdown(description)[0])).split())
    assert rendered in text
    assert "Beschreibung mit {{ 7*7 }} und {% raw %} und {% endraw %}." in text
    assert "Als Code: <script>alert(1)</script> und {{ config }}." in text


def parse_html(fragment: str) -> list[str]:
    from tests.site_helpers import _TextParser

    parser = _TextParser()
    parser.feed(fragment)
    return parser.parts


def test_no_markup_is_injected(hostile):
    _, site, _, _ = hostile
    assert check_site(site) == []  # also: no on* attribute anywhere
    for page in [page_file(site, "netzwerke/feindlich/"), page_file(site, "themen/datenoekosysteme/"),
                 page_file(site, "themen/")]:
        elements = parse(page).elements
        scripts = [attrs.get("src") for tag, attrs in elements if tag == "script"]
        assert all(src is None or "assets/javascripts/" in src for src in scripts), scripts
        inline = page.read_text(encoding="utf-8").count("<script>")
        assert inline == page_file(site, "ueber/").read_text(encoding="utf-8").count("<script>"), page
        assert not any(tag == "img" for tag, _ in elements)


def test_meta_values_are_escaped(hostile):
    _, site, _, _ = hostile
    raw = page_file(site, "themen/datenoekosysteme/").read_text(encoding="utf-8")
    assert f"<title>{html.escape(META_XSS)} – " in raw
    assert f'<meta name="description" content="{html.escape(META_XSS)}">' in raw
    assert 'alert("meta-xss")</script>' not in raw


def test_macro_output_is_not_read_as_markdown(hostile):
    """Review F-5: the blog post links the event with verweis(), the home page lists it with
    naechste_termine(); the titles appear literally, as one link each, with no injected element."""
    _, site, _, _ = hostile
    post = next(site.glob("aktuelles/20*/**/index.html"))
    for page, title in ((post, MARKDOWN_TITLES["vernetzungstreffen-stuttgart-2023"]),
                        (page_file(site, ""), MARKDOWN_TITLES["beispiel-zukunft"])):
        assert title in visible_text(page), page
        elements = parse(page).elements
        assert not any("evil.example" in (attrs.get("href") or "") for _, attrs in elements)
        assert not any(name.startswith("on") for _, attrs in elements for name in attrs)


@pytest.mark.parametrize(("key", "value"), [
    ("branch", "'main\"><script>window.__pwned=1</script><a x=\"'"),
    ("branch", "'main\"><img/src=\"x\"/onerror=\"window.__pwned=1\"><a/x=\"'"),
    ("repository", "'https://github.com/x/y\"><script>window.__pwned=1</script><a/x=\"'"),
    ("repository", "https://evil.example/phish"),
])
def test_hostile_settings_stop_the_build_before_anything_is_written(tmp_path, key, value):
    """Review F-1: these settings once put a script into every page's edit button."""
    data = tmp_path / "data"
    shutil.copytree(MINIMAL, data)
    settings = data / "site.yml"
    settings.write_text(re.sub(rf"(?m)^{key}: .*$", lambda _: f"{key}: {value}", settings.read_text(encoding="utf-8")),
                        encoding="utf-8")
    result = build_site(data, tmp_path / "site")
    assert result.returncode != 0
    assert "site.yml:" in result.stderr and f": {key}: " in result.stderr
    assert "__pwned" not in "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "site").rglob("*.html"))


def test_titles_of_every_kind_appear_literally(hostile):
    _, site, _, _ = hostile
    for url in ("hubs/traweba/", "organisationen/beispiel-ihk/", "foerderung/beispiel-aufruf/",
                "themen/batterie-wertschoepfung/", "hubs/", "organisationen/", "laender/de-sn/"):
        assert TITLE_XSS in visible_text(page_file(site, url)), url
