"""The theme's finished pages of the last build, reused for generated pages that have not changed.

Held by the build session (:mod:`portal.site.session`) under ``mkdocs serve``; the MkDocs glue
(:mod:`portal.site.plugin`) hands it the theme's environment in ``on_env`` and tells it when a
build is published or failed.

Material renders each page with its whole navigation, which at 10,000 record pages is most of a
rebuild. MkDocs calls the theme's page template once per page; :meth:`ThemeCache.wrap` puts a
wrapper around that template which, for a generated page (:class:`portal.site.generated.GeneratedPage`),
first forms a key of everything the theme's page depends on: the site's configuration file, the
theme's files (``overrides/``), the navigation (every entry's title and address), the page's
address, title, meta data, content (by the digest made when it was rendered,
:meth:`GeneratedPage.body_digest`, so an unchanged page is never read), edit and canonical link,
table of contents, neighbours and parents. If the last published build wrote this page with the
same key, its file in the published site is the page; else the theme renders it. Hand-written
pages are always rendered. A failed build leaves the published site alone (the preview shows its
errors from the server, :mod:`portal.site.preview`), so the save that repairs the data reuses its
pages; only under ``mkdocs serve --dirty``, where a failed build may have written into the
published files, the build session makes the cache :meth:`ThemeCache.forget` them.

A reused page joins the new site as a second name of the published file (a hard link), and the
wrapper hands MkDocs an empty page, which MkDocs does not write (``_build_page``: "Generated empty
output"; the glue's ``on_post_page`` passes a generated page's output on unchanged). Its notice
about each such page is kept out of the terminal (:class:`_QuietSkips`). Why: at 10,000 records
reading, decoding, encoding and writing about 30 KB for each of 10,000 unchanged pages cost about
2 s of every rebuild (in-process rebuilds after a hub rename, alternating: 8.7 and 8.1 s against
10.9 and 10.1 s), and 300 MB written. Where the link cannot be made (a file system without
links), the published file's text is handed over instead and MkDocs writes it. Nothing ever
writes into a site's page file: MkDocs writes each page into a new site folder, and under
``--dirty``, where it writes into the published one, a reused page is already in its place.

MkDocs makes a new theme environment for every build, which compiles every theme template again
(about 0.5 s of processor time per rebuild); :meth:`ThemeCache.wrap` gives it a bytecode cache that
lives across builds (Jinja compares each template's source with the one it compiled).
"""

from __future__ import annotations

import hashlib
import logging
import os
from pathlib import Path
from typing import Any

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket

from portal.site.generated import GeneratedPage

THEME_PAGE = "main.html"
BUILD_LOGS = ("mkdocs.commands.build", "properdocs.commands.build")
"""Where MkDocs, and ProperDocs (its fork, which builds the portal too), log a skipped page."""


class ThemeCache:
    """Keys of the generated pages in the published site, by file in the site."""

    def __init__(self) -> None:
        self._published: Path | None = None
        self._keys: dict[str, bytes] = {}
        self._next: dict[str, bytes] = {}
        self.reused = 0
        """Pages of the running build taken from the published site."""
        self._bytecode = _CompiledTemplates()
        self._quiet = _QuietSkips()

    def wrap(self, env, *configuration: Any) -> None:
        """Make ``env``'s theme page template consult the cache; ``configuration``: what every page
        depends on besides the navigation (configuration file, theme files, policy, address)."""
        env.bytecode_cache = self._bytecode
        self._quiet.clear()
        for name in BUILD_LOGS:
            logging.getLogger(name).addFilter(self._quiet)  # once: the same filter
        get_template = env.get_template
        base = repr(configuration).encode()
        self._next, self.reused = {}, 0
        navigation: dict[int, bytes] = {}

        def cached_get_template(name, *args, **kwargs):
            template = get_template(name, *args, **kwargs)
            return _CachedPage(template, self, base, navigation) if name == THEME_PAGE else template

        env.get_template = cached_get_template

    def published(self, site_dir: Path) -> None:
        """The build was published in ``site_dir``: its pages serve the next build."""
        self._published, self._keys, self._next = site_dir, self._next, {}

    def forget(self) -> None:
        """Reuse nothing in the next build."""
        self._published, self._keys, self._next = None, {}, {}
        for name in BUILD_LOGS:
            logging.getLogger(name).removeFilter(self._quiet)

    def render(self, template, context: dict[str, Any], base: bytes, navigation: dict[int, bytes]) -> str:
        page = context.get("page")
        if not isinstance(page, GeneratedPage):
            return template.render(context)
        nav = context["nav"]
        if id(nav) not in navigation:
            navigation.clear()
            navigation[id(nav)] = _digest(base, _nav_outline(nav.items))
        key = _digest(navigation[id(nav)], _page_outline(page, context))
        dest = page.file.dest_uri
        self._next[dest] = key
        if self._published is not None and self._keys.get(dest) == key:
            output = _reuse(self._published / dest, Path(page.file.abs_dest_path))
            if output is not None:
                self.reused += 1
                if not output:
                    self._quiet.expect(page.file.src_uri)
                return output
        return template.render(context)


def _reuse(published: Path, target: Path) -> str | None:
    """The published page ``published`` as the page at ``target``: "" once ``target`` is the same
    file (linked, or already there under ``--dirty``), else its text; None when it is missing."""
    try:
        if target.exists() and target.samefile(published):
            return ""
        target.parent.mkdir(parents=True, exist_ok=True)
        os.link(published, target)
        return ""
    except FileNotFoundError:
        return None
    except OSError:  # a file system without hard links: MkDocs writes the text
        try:
            return published.read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError):
            return None


class _QuietSkips(logging.Filter):
    """Drops MkDocs' notice for each page the cache linked (see the module's docstring); any other
    message, and this notice for any other page, passes. Should MkDocs word it differently one day,
    the notices show again, and nothing else changes."""

    def __init__(self) -> None:
        super().__init__()
        self._skipped: set[str] = set()

    def expect(self, src_uri: str) -> None:
        """MkDocs will skip the page ``src_uri`` of the running build."""
        self._skipped.add(f"Page skipped: '{src_uri}'. Generated empty output.")  # _build_page's words

    def clear(self) -> None:
        self._skipped.clear()

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno != logging.INFO or record.getMessage() not in self._skipped


class _CompiledTemplates(BytecodeCache):
    """The theme's compiled templates, by name; Jinja compiles again when a template's source changed."""

    def __init__(self) -> None:
        self._compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self._compiled:
            bucket.bytecode_from_string(self._compiled[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._compiled[bucket.key] = bucket.bytecode_to_string()


class _CachedPage:
    """The theme's page template, rendered through :meth:`ThemeCache.render`."""

    def __init__(self, template, cache: ThemeCache, base: bytes, navigation: dict[int, bytes]) -> None:
        self._template = template
        self._cache = cache
        self._base = base
        self._navigation = navigation

    def render(self, context) -> str:
        return self._cache.render(self._template, context, self._base, self._navigation)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._template, name)


def _digest(*parts: Any) -> bytes:
    return hashlib.blake2b(repr(parts).encode(), digest_size=16).digest()


def _nav_outline(items) -> list:
    return [(type(item).__name__, item.title, getattr(item, "url", None), _nav_outline(getattr(item, "children", None)
                                                                                        or [])) for item in items]


def _page_outline(page: GeneratedPage, context: dict[str, Any]) -> tuple:
    def neighbour(other) -> tuple | None:
        return (other.url, other.title) if other is not None else None

    ancestors = [(item.title, getattr(item, "url", None)) for item in page.ancestors]
    return (page.url, page.title, sorted(page.meta.items()), page.body_digest(),
            page.edit_url, page.canonical_url, page.is_homepage, str(page.toc), neighbour(page.previous_page),
            neighbour(page.next_page), ancestors, context.get("base_url"), context.get("extra_css"),
            context.get("extra_javascript"))
