"""Offline check of the finished site: every internal link and anchor resolves, nothing is fetched
from another host, and no page carries an event-handler attribute.

Called by the MkDocs hook after each build (MkDocs does not check links inside raw HTML, and the
generated pages are raw HTML) and by the tests.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

_FETCHING = {("script", "src"), ("img", "src"), ("link", "href"), ("iframe", "src"), ("source", "src"),
             ("video", "src"), ("audio", "src"), ("embed", "src"), ("object", "data")}


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[str, str, str]] = []
        self.handlers: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("id", "name") and value:
                self.ids.add(value)
            elif name in ("href", "src", "data") and value is not None:
                self.links.append((tag, name, value))
            elif name.startswith("on"):
                self.handlers.append(f"<{tag} {name}=…>")


def _parse(path: Path) -> _PageParser:
    parser = _PageParser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def check_site(site_dir: Path) -> list[str]:
    """Every problem in the built site, as ``page: message`` lines (empty when all is well)."""
    pages = sorted(site_dir.rglob("*.html"))
    parsed = {page: _parse(page) for page in pages}
    return list(_problems(site_dir, parsed))


def _problems(site_dir: Path, parsed: dict[Path, _PageParser]) -> Iterator[str]:
    for page, parser in parsed.items():
        shown = page.relative_to(site_dir).as_posix()
        for handler in parser.handlers:
            yield f"{shown}: Event-Handler-Attribut {handler} ist nicht erlaubt"
        for tag, attribute, value in parser.links:
            parts = urlsplit(value)
            if parts.scheme or value.startswith("//"):
                if (tag, attribute) in _FETCHING:
                    yield f"{shown}: lädt {value!r} von einem fremden Server"
                elif parts.scheme not in ("https", "mailto") and not value.startswith("http://www.w3.org/"):
                    yield f"{shown}: Link {value!r} mit nicht erlaubtem Schema"
                continue
            if not parts.path and not parts.fragment:
                continue
            target = _resolve(site_dir, page, unquote(parts.path)) if parts.path else page
            if target is None:
                yield f"{shown}: Link {value!r} führt ins Leere"
                continue
            if parts.fragment and target.suffix == ".html":
                target_parser = parsed.get(target)
                if target_parser is not None and unquote(parts.fragment) not in target_parser.ids:
                    yield f"{shown}: Link {value!r}: Anker '#{parts.fragment}' fehlt in {target.relative_to(site_dir).as_posix()}"


def _resolve(site_dir: Path, page: Path, path: str) -> Path | None:
    if path.startswith("/"):
        # Only the error page links from the site root: it is served at any address.
        if page != site_dir / "404.html":
            return None
        path, page = path.lstrip("/") or "./", site_dir / "index.html"
    base = page.parent.relative_to(site_dir).as_posix()
    joined = posixpath.normpath(posixpath.join(base, path))
    if joined.startswith(".."):
        return None
    candidate = site_dir / joined
    if path.endswith("/") or candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None
