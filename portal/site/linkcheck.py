"""Offline check of the finished site: every internal link and anchor resolves, nothing is fetched
from another host, and no page carries an event-handler attribute or an inline script that is not
one of the theme's own.

Called by the MkDocs hook on each build (MkDocs does not check links inside raw HTML, and the
generated pages are raw HTML) and by the tests. The build checks in two parts: every page's
content as soon as it exists (:func:`check_contents`, in a background process while the theme
renders), and every finished page whole (:func:`check_theme`), so that a value the theme prints
(a title, an edit link) is scanned on every page, not only on a sample; the theme's links within
the site are followed on the first page at each folder depth, as they are the same on the others.
:func:`check_site` checks a finished site whole.

Why a real HTML parser (lexbor, through selectolax): the scan is the last layer against markup
that got into a page, so it must see a page as a browser does. A pattern misses
``<img/src="x"/onerror=…>`` and inline ``<script>`` (security review F-6); the parser reads them
like Chromium. Lexbor is written in C and reads about 100 MB of HTML a second here, so scanning
every page costs about as much as the old pattern scan of a sample.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

from selectolax.lexbor import LexborHTMLParser

from portal.site.csp import DATA_SCRIPT_TYPES, THEME_SCRIPTS, script_digest

_FETCHING = {("script", "src"), ("img", "src"), ("link", "href"), ("iframe", "src"), ("source", "src"),
             ("video", "src"), ("audio", "src"), ("embed", "src"), ("object", "data"), ("img", "srcset"),
             ("source", "srcset"), ("video", "poster"), ("input", "src"), ("frame", "src")}
_LINKING = {"href", "src", "data", "action", "formaction", "srcset", "poster", "xlink:href"}
_FORBIDDEN_TAGS = {"base": "ändert die Adresse aller Links", "iframe": "bettet fremde Inhalte ein",
                   "frame": "bettet fremde Inhalte ein", "object": "bettet ein Programm ein",
                   "embed": "bettet ein Programm ein"}


class _Page:
    """What the check needs of one page: its anchor ids, links, event handlers, foreign inline
    scripts and forbidden elements."""

    def __init__(self, text: str) -> None:
        self.ids: set[str] = set()
        self.links: list[tuple[str | None, str, str]] = []  # (element, attribute, address)
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


def check_theme(site_dir: Path, root: str = "/", stopped: Callable[[], bool] = lambda: False) -> list[str]:
    """Problems in every finished page, theme parts included (read one page at a time); the error
    page's links start at ``root``, the path the site is served under (``/repo/`` on a project page).
    ``stopped`` ends the check early (the preview's next rebuild starts, portal.site.afterwards)."""
    files = _files(site_dir)
    links = _Links(files, root)
    problems: list[str] = []
    depths: set[int] = set()
    for name in sorted(files):
        if stopped():
            break
        if name.endswith(".html"):
            page = {name: _Page((site_dir / name).read_text(encoding="utf-8"))}
            first_at_depth = name.count("/") not in depths
            depths.add(name.count("/"))
            problems.extend(_problems(files, page, anchors=False, links=links, internal=first_at_depth))
    return problems


def _files(site_dir: Path) -> set[str]:
    return {p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*") if p.is_file()}


def _problems(files: set[str], pages: dict[str, _Page], root: str = "/", *, anchors: bool = True,
              links: _Links | None = None, internal: bool = True) -> Iterator[str]:
    """Each page's problems; anchors are checked against the other pages in ``pages`` (when
    ``anchors``: :func:`check_theme` reads one page at a time, and the contents hold the anchors).

    Without ``internal``, links within the site are not followed, only links elsewhere judged:
    the theme links the same pages from every page at one folder depth, so :func:`check_theme`
    follows them on the first page at each depth (following all costs 0.2 s more CPU per 1,000
    pages, on the site generator's process at the end of the build).
    ``root`` is the path the site is served under, where the error page's links start."""
    links = links or _Links(files, root)
    for name, page in pages.items():
        for handler in page.handlers:
            yield f"{name}: Event-Handler-Attribut {handler} ist nicht erlaubt"
        for digest in page.scripts:
            yield (f"{name}: Inline-Skript (sha256-{digest}) ist keines der bekannten Skripte des Themes "
                   "(portal/site/csp.py) und würde von der Sicherheitsrichtlinie blockiert")
        for element in page.tags:
            yield f"{name}: {element} und ist nicht erlaubt"
        for tag, attribute, value in page.links:
            if not internal and ":" not in value and not value.startswith("//"):
                continue
            problem, target, fragment = links.outcome(name, tag, attribute, value)
            if problem:
                yield f"{name}: {problem}"
            elif anchors and fragment and target in pages and fragment not in pages[target].ids:
                yield f"{name}: Link {value!r}: Anker '#{fragment}' fehlt in {target}"


class _Links:
    """Where each link of a page leads. (Worked out anew for every link: a cache of the outcomes
    per folder and link made the check slower, 0.25 s instead of 0.20 s for the 77,000 links of
    1,000 finished pages.)"""

    def __init__(self, files: set[str], root: str = "/") -> None:
        self.files = files
        self.root = root  # the path the site is served under (``/repo/`` on a project page)
        self.directories = {posixpath.dirname(name) for name in files}

    def outcome(self, page: str, tag: str | None, attribute: str, value: str) -> tuple[str | None, str | None, str]:
        """(problem without the page's name or None, the file it leads to, the anchor)."""
        parts = urlsplit(value)
        if parts.scheme or value.startswith("//"):
            if (tag, attribute) in _FETCHING:
                return f"lädt {value!r} von einem fremden Server", None, ""
            if parts.scheme not in ("https", "mailto") and not value.startswith("http://www.w3.org/"):
                return f"Link {value!r} mit nicht erlaubtem Schema", None, ""
            return None, None, ""
        fragment = unquote(parts.fragment)
        if not parts.path:
            return None, page, fragment  # this very page
        target = _resolve(self.files, self.directories, page, unquote(parts.path), self.root)
        return (f"Link {value!r} führt ins Leere" if target is None else None), target, fragment


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
