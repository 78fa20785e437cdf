"""The theme's finished pages of the last build, reused for generated pages that have not changed.

Held by the build session (:mod:`portal.site.session`) under ``mkdocs serve``; the MkDocs glue
(:mod:`portal.site.plugin`) hands it the theme's environment in ``on_env`` and tells it when a
build is published or failed.

Material renders each page with its whole navigation, which at 10,000 record pages is most of a
rebuild. MkDocs calls the theme's page template once per page; :meth:`ThemeCache.wrap` puts a
wrapper around that template which, for a generated page (:class:`portal.site.generated.GeneratedPage`),
first forms a key of everything the theme's page depends on: the site's configuration file, the
theme's files (``overrides/``), the navigation (every entry's title and address), the page's
address, title, meta data, content, edit and canonical link, table of contents, neighbours and
parents. If the last published build wrote this page with the same key, its file in the published
site is the page; else the theme renders it. Hand-written pages are always rendered. A failed
build leaves the published site alone (the preview shows its errors from the server,
:mod:`portal.site.preview`), so the save that repairs the data reuses its pages; only under
``mkdocs serve --dirty``, where a failed build may have written into the published files, the
build session makes the cache :meth:`ThemeCache.forget` them.

MkDocs makes a new theme environment for every build, which compiles every theme template again
(about 0.5 s of processor time per rebuild); :meth:`ThemeCache.wrap` gives it a bytecode cache that
lives across builds (Jinja compares each template's source with the one it compiled).
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket

from portal.site.generated import GeneratedPage

THEME_PAGE = "main.html"


class ThemeCache:
    """Keys of the generated pages in the published site, by file in the site."""

    def __init__(self) -> None:
        self._published: Path | None = None
        self._keys: dict[str, bytes] = {}
        self._next: dict[str, bytes] = {}
        self.reused = 0
        """Pages of the running build taken from the published site."""
        self._bytecode = _CompiledTemplates()

    def wrap(self, env, *configuration: Any) -> None:
        """Make ``env``'s theme page template consult the cache; ``configuration``: what every page
        depends on besides the navigation (configuration file, theme files, policy, address)."""
        env.bytecode_cache = self._bytecode
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
            output = _read(self._published / dest)
            if output is not None:
                self.reused += 1
                return output
        return template.render(context)


def _read(path: Path) -> str | None:
    try:
        return path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None


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
    return (page.url, page.title, sorted(page.meta.items()), hashlib.blake2b((page.content or "").encode()).digest(),
            page.edit_url, page.canonical_url, page.is_homepage, str(page.toc), neighbour(page.previous_page),
            neighbour(page.next_page), ancestors, context.get("base_url"), context.get("extra_css"),
            context.get("extra_javascript"))
