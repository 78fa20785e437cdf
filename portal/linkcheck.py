"""Offline check of the finished site: every internal link and anchor resolves, nothing is fetched
from another host, and no page carries an event-handler attribute or an inline script that is not
one of the theme's own.

Called by the MkDocs hook on each build (MkDocs does not check links inside raw HTML, and the
generated pages are raw HTML) and by the tests. The build checks in two parts: every page's
content as soon as it exists (:func:`check_contents`, in a background process while the theme
renders), and every finished page whole (:func:`check_theme`), so that a value the theme prints
(a title, an edit link) is scanned on every page, not only on a sample. :func:`check_site` checks a
finished site whole.

Why a real HTML parser (lexbor, through selectolax): the scan is the last layer against markup
that got into a page, so it must see a page as a browser does. A pattern misses
``<img/src="x"/onerror=…>`` and inline ``<script>`` (security review F-6); the parser reads them
like Chromium. Lexbor is written in C and reads about 100 MB of HTML a second here, so scanning
every page costs about as much as the old pattern scan of a sample.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

from selectolax.lexbor import LexborHTMLParser

from portal.csp import DATA_SCRIPT_TYPES, THEME_SCRIPTS, script_digest

_FETCHING = {("script", "src"), ("img", "src"), ("link", "href"), ("iframe", "src"), ("source", "src"),
             ("video", "src"), ("audio", "src"), ("embed", "src"), ("object", "data"), ("img", "srcset"),
             ("source", "srcset"), ("video", "poster"), ("input", "src"), ("frame", "src")}
_LINKING = {"href", "src", "data", "action", "formaction", "srcset", "poster", "xlink:href"}
_FORBIDDEN_TAGS = {"base": "ändert die Adresse aller Links", "iframe": "bettet fremde Inhalte ein",
                   "frame": "bettet fremde Inhalte ein", "object": "bettet ein Programm ein",
                   "embed": "bettet ein Programm ein"}


class _Page:
    __slots__ = ("ids", "links", "handlers", "scripts", "tags")

    def __init__(self, text: str) -> None:
        self.ids: set[str] = set()
        self.links: list[tuple[str, str, str]] = []
        self.handlers: list[str] = []
        self.scripts: list[str] = []  # digests of inline scripts that are not the theme's
        self.tags: list[str] = []  # elements no page of the portal has
        root = LexborHTMLParser(text).root
        for node in root.traverse(include_text=False) if root is not None else ():
            tag = node.tag
            attributes = node.attributes
            if not attributes and tag != "script":
                continue
            if tag in _FORBIDDEN_TAGS:
                self.tags.append(f"<{tag}> {_FORBIDDEN_TAGS[tag]}")
            elif tag == "meta" and (attributes.get("http-equiv") or "").lower() == "refresh":
                self.tags.append("<meta http-equiv=refresh> leitet auf eine andere Seite um")
            if tag == "script" and "src" not in attributes:
                kind = (attributes.get("type") or "").strip().lower()
                digest = script_digest(node.text(deep=True))
                if kind not in DATA_SCRIPT_TYPES and digest not in THEME_SCRIPTS:
                    self.scripts.append(digest)
            if tag == "link" and "canonical" in (attributes.get("rel") or "").lower().split():
                continue  # the page's own address; nothing is fetched
            for name, value in attributes.items():
                name = name.lower()
                if name in ("id", "name") and value:
                    self.ids.add(value)
                elif name in _LINKING and value is not None:
                    self.links.append((tag, name, value))
                elif name.startswith("on"):
                    self.handlers.append(f"<{tag} {name}=…>")


def check_site(site_dir: Path) -> list[str]:
    """Every problem in the built site, as ``page: message`` lines (empty when all is well)."""
    files = _files(site_dir)
    pages = {name: _Page((site_dir / name).read_text(encoding="utf-8")) for name in sorted(files)
             if name.endswith(".html")}
    return list(_problems(files, pages))


def check_contents(contents: Iterable[tuple[str, str]], files: Iterable[str]) -> list[str]:
    """Problems in each page's content (``(page path, HTML)`` pairs, read one at a time, so that
    10,000 contents never sit in memory at once), with links resolved against ``files``, every
    path the finished site will have. Anchors must exist in the target page's content."""
    pages = {name: _Page(text) for name, text in contents}
    return list(_problems(set(files), pages))


def check_theme(site_dir: Path) -> list[str]:
    """Problems in every finished page, theme parts included (read one page at a time)."""
    files = _files(site_dir)
    problems: list[str] = []
    for name in sorted(files):
        if name.endswith(".html"):
            page = {name: _Page((site_dir / name).read_text(encoding="utf-8"))}
            problems.extend(_problems(files, page, anchors=False))
    return problems


def _files(site_dir: Path) -> set[str]:
    return {p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*") if p.is_file()}


def _problems(files: set[str], pages: dict[str, _Page], *, anchors: bool = True) -> Iterator[str]:
    """Each page's problems; anchors are checked against the other pages in ``pages`` (when
    ``anchors``: :func:`check_theme` reads one page at a time, and the contents hold the anchors)."""
    directories = {posixpath.dirname(name) for name in files}
    for name, page in pages.items():
        for handler in page.handlers:
            yield f"{name}: Event-Handler-Attribut {handler} ist nicht erlaubt"
        for digest in page.scripts:
            yield (f"{name}: Inline-Skript (sha256-{digest}) ist keines der bekannten Skripte des Themes "
                   "(portal/csp.py) und würde von der Sicherheitsrichtlinie blockiert")
        for tag in page.tags:
            yield f"{name}: {tag} und ist nicht erlaubt"
        for tag, attribute, value in page.links:
            parts = urlsplit(value)
            if parts.scheme or value.startswith("//"):
                if (tag, attribute) in _FETCHING:
                    yield f"{name}: lädt {value!r} von einem fremden Server"
                elif parts.scheme not in ("https", "mailto") and not value.startswith("http://www.w3.org/"):
                    yield f"{name}: Link {value!r} mit nicht erlaubtem Schema"
                continue
            if not parts.path and not parts.fragment:
                continue
            target = _resolve(files, directories, name, unquote(parts.path)) if parts.path else name
            if target is None:
                yield f"{name}: Link {value!r} führt ins Leere"
            elif anchors and parts.fragment and target in pages and unquote(parts.fragment) not in pages[target].ids:
                yield f"{name}: Link {value!r}: Anker '#{parts.fragment}' fehlt in {target}"


def _resolve(files: set[str], directories: set[str], page: str, path: str) -> str | None:
    if path.startswith("/"):
        # Only the error page links from the site root: it is served at any address.
        if page != "404.html":
            return None
        path, page = path.lstrip("/") or "./", "index.html"
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
    if joined.startswith(".."):
        return None
    if joined == ".":
        joined = "index.html"
    elif path.endswith("/") or joined in directories:
        joined = f"{joined}/index.html"
    return joined if joined in files else None
