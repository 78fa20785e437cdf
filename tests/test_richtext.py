"""Plain paragraphs skip Python-Markdown (portal/model/richtext.py); a visitor must not see a difference:
for every text the shortcut takes, the HTML is exactly what the Markdown converter makes."""

from __future__ import annotations

import random
from pathlib import Path

import yaml

from portal.model import markdown_html, richtext

REPO = Path(__file__).resolve().parent.parent
ALPHABET = ("abcdefghijklmnopqrstuvwxyzäöüßABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÜ0123456789"
            "           \n\n\n.,;:!?-–—+=()\"'/%@$€§{}~^*_[]<>&|#\\`\t\u00a0\u2028")
TRICKY = [
    "Ein Absatz.\n\nNoch einer.\n",
    "Zeile eins\nZeile zwei",
    "1. Januar 2025: Start\n\nWeiter",
    "2025 startet das Netzwerk.",
    "Überschrift\n===\n\nText",
    "Text\n---",
    "- Punkt\n- Punkt",
    "+ Punkt",
    "    eingerückter Code",
    "Zeilenumbruch  \nnach zwei Leerzeichen",
    "Text mit\u00a0geschütztem Leerzeichen",
    "\u00a0Absatz mit geschütztem Leerzeichen am Anfang",
    "Drei\n\n\nLeerzeilen",
    "Absatz\n \nmit Leerzeichenzeile",
    "E-Mail: info@example.com, Web: https://example.com/pfad?x=1",
    "„Anführungszeichen“ und 'Apostrophe' und \"Zitate\"",
    "",
    "   ",
    "\n\nText nach Leerzeilen\n\n",
]


def texts_in_data() -> list[str]:
    found = []

    def walk(value):
        if isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, str) and " " in value:
            found.append(value)

    for path in sorted((REPO / "data").rglob("*.yml")):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    return found


def random_texts(count: int) -> list[str]:
    generator = random.Random(20261124)
    return ["".join(generator.choice(ALPHABET) for _ in range(generator.randint(1, 80))) for _ in range(count)]


def test_plain_paragraphs_come_out_as_the_markdown_converter_makes_them():
    shortcut_taken = 0
    for text in TRICKY + texts_in_data() + random_texts(20000):
        if text.strip() and not richtext._MARKDOWN_SYNTAX.search(text):
            shortcut_taken += 1
            assert richtext._converted(text) == markdown_html.convert(text), repr(text)  # even before cleaning
    assert shortcut_taken > 200  # the comparison covered many texts, real ones among them


def test_texts_with_markup_still_go_through_the_converter():
    assert richtext.render_markdown("- eins\n- zwei")[0] == "<ul>\n<li>eins</li>\n<li>zwei</li>\n</ul>"
    assert richtext.render_markdown("Zeile  \nUmbruch")[0] == "<p>Zeile<br>\nUmbruch</p>"
    assert richtext.render_markdown("1. Januar")[0].startswith("<ol>")
