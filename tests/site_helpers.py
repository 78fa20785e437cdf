"""Reading a built site the way a visitor sees it: visible text, links, pages."""

from __future__ import annotations

import hashlib
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar
from urllib.parse import urlsplit


class _TextParser(HTMLParser):
    SKIP: ClassVar = {"script", "style", "svg", "title", "head"}
    BLOCKS: ClassVar = {"p", "div", "li", "td", "th", "tr", "dt", "dd", "br", "h1", "h2", "h3", "h4", "section",
                        "table"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0
        self.elements: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        if tag in self.BLOCKS:
            self.parts.append(" ")
        if tag in self.SKIP:
            self.skipping += 1

    def handle_endtag(self, tag):
        if tag in self.SKIP and self.skipping:
            self.skipping -= 1

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def parse(path: Path) -> _TextParser:
    parser = _TextParser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def visible_text(path: Path) -> str:
    """The page's text as a browser shows it (no tags, entities decoded, whitespace folded)."""
    return " ".join("".join(parse(path).parts).split())


def page_file(site: Path, url: str) -> Path:
    return site / url / "index.html"


def tree_digest(site: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        digest.update(path.relative_to(site).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def served_root(site: Path) -> str:
    """The path the site is served under, from the start page's canonical link (``/`` without one)."""
    match = re.search(r'<link rel="canonical" href="([^"]+)"', (site / "index.html").read_text(encoding="utf-8"))
    return urlsplit(match.group(1)).path if match else "/"
