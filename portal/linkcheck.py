"""Offline check of the finished site: every internal link and anchor resolves, nothing is fetched
from another host, and no page carries an event-handler attribute.

Called by the MkDocs hook on each build (MkDocs does not check links inside raw HTML, and the
generated pages are raw HTML) and by the tests. The build checks in two parts: every page's
content as soon as it exists (:func:`check_contents`, in a background process while the theme
renders), and the theme's header, navigation and footer in one finished page per folder depth
(:func:`check_theme`), because they are the same on every page at one depth. :func:`check_site`
checks a finished site whole.

Why regular expressions and not ``html.parser``: the site is our own, well-formed output, and a
tag scanner reads 10,000 pages in a fraction of the time; ``<script>`` and ``<style>`` bodies are
skipped so code is never mistaken for markup.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

_FETCHING = {("script", "src"), ("img", "src"), ("link", "href"), ("iframe", "src"), ("source", "src"),
             ("video", "src"), ("audio", "src"), ("embed", "src"), ("object", "data")}
_RAW_TEXT = re.compile(r"(<(script|style)\b[^>]*>).*?</\2\s*>", re.S | re.I)
_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)(\s[^<>]*?)?/?>", re.S)
_CANONICAL = re.compile(r"""\srel\s*=\s*["']?canonical\b""", re.I)
_ATTRIBUTE = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")


class _Page:
    __slots__ = ("ids", "links", "handlers")

    def __init__(self, text: str) -> None:
        self.ids: set[str] = set()
        self.links: list[tuple[str, str, str]] = []
        self.handlers: list[str] = []
        for tag_match in _TAG.finditer(_RAW_TEXT.sub(r"\1", text)):
            tag = tag_match.group(1).lower()
            attributes = tag_match.group(2) or ""
            if tag == "link" and _CANONICAL.search(attributes):
                continue  # the page's own address (``mkdocs serve`` sets one); nothing is fetched
            for attribute in _ATTRIBUTE.finditer(attributes):
                name = attribute.group(1).lower()
                raw = next((g for g in attribute.groups()[1:] if g is not None), None)
                value = html.unescape(raw) if raw is not None else None
                if name in ("id", "name") and value:
                    self.ids.add(value)
                elif name in ("href", "src", "data") and value is not None:
                    self.links.append((tag, name, value))
                elif name.startswith("on"):
                    self.handlers.append(f"<{tag} {name}=…>")


def check_site(site_dir: Path, root: str = "/") -> list[str]:
    """Every problem in the built site, as ``page: message`` lines (empty when all is well).
    ``root`` is the path the site is served under (``/repo/`` on a project page)."""
    files = _files(site_dir)
    pages = {name: _Page((site_dir / name).read_text(encoding="utf-8")) for name in sorted(files)
             if name.endswith(".html")}
    return list(_problems(files, pages, root))


def check_contents(contents: Iterable[tuple[str, str]], files: Iterable[str]) -> list[str]:
    """Problems in each page's content (``(page path, HTML)`` pairs, read one at a time, so that
    10,000 contents never sit in memory at once), with links resolved against ``files``, every
    path the finished site will have. Anchors must exist in the target page's content."""
    pages = {name: _Page(text) for name, text in contents}
    return list(_problems(set(files), pages))


def check_theme(site_dir: Path, root: str = "/") -> list[str]:
    """Problems in the finished pages' theme parts, read from the first page at each folder depth
    (and from the error page, whose links start at ``root``, the path the site is served under)."""
    files = _files(site_dir)
    samples: dict[int, str] = {}
    for name in sorted(files):
        if name.endswith(".html") and name != "404.html":
            samples.setdefault(name.count("/"), name)
    if "404.html" in files:
        samples[-1] = "404.html"
    pages = {name: _Page((site_dir / name).read_text(encoding="utf-8")) for name in samples.values()}
    return list(_problems(files, pages, root))


def _files(site_dir: Path) -> set[str]:
    return {p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*") if p.is_file()}


def _problems(files: set[str], pages: dict[str, _Page], root: str = "/") -> Iterator[str]:
    directories = {posixpath.dirname(name) for name in files}
    for name, page in pages.items():
        for handler in page.handlers:
            yield f"{name}: Event-Handler-Attribut {handler} ist nicht erlaubt"
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
            target = _resolve(files, directories, name, unquote(parts.path), root) if parts.path else name
            if target is None:
                yield f"{name}: Link {value!r} führt ins Leere"
            elif parts.fragment and target in pages and unquote(parts.fragment) not in pages[target].ids:
                yield f"{name}: Link {value!r}: Anker '#{parts.fragment}' fehlt in {target}"


def _resolve(files: set[str], directories: set[str], page: str, path: str, root: str = "/") -> str | None:
    if path.startswith("/"):
        # Only the error page links from the site's root path: it is served at any address.
        if page != "404.html" or not path.startswith(root):
            return None
        path, page = path[len(root):] or "./", "index.html"
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
    if joined.startswith(".."):
        return None
    if joined == ".":
        joined = "index.html"
    elif path.endswith("/") or joined in directories:
        joined = f"{joined}/index.html"
    return joined if joined in files else None
