"""The theme's finished pages of the last build, reused for generated pages that have not changed.

Held by the build session (:mod:`portal.site.session`) under ``mkdocs serve``; the MkDocs glue
(:mod:`portal.site.plugin`) hands it the navigation and the generated pages whose bodies the page
cache kept (``on_nav``), the other generated pages once their bodies are rendered (``on_env``),
and tells it when a build is published or failed.

Material renders each page with its whole navigation, which at 10,000 record pages is most of a
rebuild. For each generated page (:class:`portal.site.generated.GeneratedPage`) :meth:`ThemeCache.reuse`
forms a key of everything the theme's page depends on: the site's configuration file, the theme's
files (``overrides/``), the navigation (every entry's title and address), the page's address,
title, meta data (with its structured data), content (by the digest made when it was rendered, so
an unchanged page is never read), edit and canonical link, table of contents, neighbours and
parents. (The context's ``base_url`` and style and script addresses follow from the address and
the configuration.) If the last published build wrote this page with the same key and its file is
still in the published site, the page stays that file (:attr:`ThemeCache.kept`; the served folder
is updated around it, :class:`portal.site.siteswap.ServedSite`), and MkDocs leaves the page out:
its file is marked excluded (``InclusionLevel.EXCLUDED``, as Material's blog plugin does with its
posts) from then until the build ends. A page whose body the page cache kept is decided before
MkDocs reads the pages, so MkDocs does not read it either (the glue reads it as MkDocs would; the
plugin events of a generated page change nothing); links to it from hand-written pages are made
as to any other page, and MkDocs' notice that they lead to an excluded page is dropped
(:class:`_QuietLinks`). MkDocs' own templates (the sitemap) still get every page
(:meth:`ThemeCache.template_context`).

A generated page outside the navigation is decided earlier still, before MkDocs makes its page
objects (``on_files``): if the page cache kept its body and its inputs (page key, body, edit link;
:class:`portal.site.generated.PageInputs`) are those of the published page, its key can only
differ from the published one through the navigation or the configuration, which are not known
yet. It then gets only a stand-in (:class:`portal.site.generated.PublishedPage`) and an excluded
file; :meth:`ThemeCache.navigation` confirms it once the navigation is built, or has the glue make
it an ordinary page after all. At 10,000 records that spares MkDocs' page objects and the keys of
about 9,900 pages per save (see LEISTUNG.md). Hand-written pages are always rendered. A failed build
leaves the published site alone (the preview shows its errors from the server,
:mod:`portal.site.preview`), so the save that repairs the data reuses its pages; only under
``mkdocs serve --dirty``, where a failed build may have written into the published files, and
after a failed update of the served folder, the build session makes the cache
:meth:`ThemeCache.forget` them.

Why: at 10,000 records, reading, decoding, encoding and writing about 30 KB for each of 10,000
unchanged pages cost about 2 s of every rebuild, and 300 MB written. Handing each unchanged page
to MkDocs' page loop anyway (context, plugin events, an empty output that MkDocs then skipped)
and linking its file into a fresh site folder cost another 1.5 to 2.2 s, against 0.35 to 0.4 s
for keying them all here; letting MkDocs read them (mkdocs-macros and the blog plugin look at
every page) cost 0.5 to 0.7 s more (in-process rebuilds after a hub rename; figures in the
LEISTUNG.md).

MkDocs makes a new theme environment for every build, which compiles every theme template again
(about 0.5 s of processor time per rebuild); :meth:`ThemeCache.compiled_templates` gives it a
bytecode cache that lives across builds (Jinja compares each template's source with the one it
compiled), and :meth:`ThemeCache.listed_once` a listing of the theme's files that is walked again
only when a theme folder changed (:mod:`portal.site.theme_files`).
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Collection, Iterable, Sequence
from pathlib import Path
from typing import Any

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel

from portal.site.generated import GeneratedPage, PageInputs, PagePaths, PublishedPage
from portal.site.theme_files import ListedLoader, TemplateListing

PAGE_LOGS = ("mkdocs.structure.pages", "properdocs.structure.pages")
"""Where MkDocs, and ProperDocs (its fork, which builds the portal too), log a link to an excluded page."""


class ThemeCache:
    """Keys of the generated pages in the published site, by file in the site."""

    def __init__(self) -> None:
        self._published: Path | None = None
        self._present: Collection[str] | None = None  # the published site's files, where known
        self._keys: dict[str, bytes] = {}
        self._next: dict[str, bytes] = {}
        # the inputs and paths of the published pages outside the navigation, by source
        self._inputs: dict[str, tuple[PageInputs, PagePaths]] = {}
        self._next_inputs: dict[str, tuple[PageInputs, PagePaths]] = {}
        self._published_base: bytes | None = None
        self._base = b""
        self._every_page: Sequence[File] = ()
        self._kept_files: set[File] = set()
        self.kept: list[str] = []
        """The pages of the running build that stay as the published site has them (paths in the site)."""
        self._bytecode = _CompiledTemplates()
        self._listing = TemplateListing()
        self._quiet = _QuietLinks()
        for name in PAGE_LOGS:
            logging.getLogger(name).addFilter(self._quiet)

    @property
    def reused(self) -> int:
        """How many pages of the running build stay as published."""
        return len(self.kept)

    def listed_once(self, theme) -> None:
        """Let the theme environment that MkDocs makes from ``theme`` (right after ``on_config``)
        list the theme's files from this process's listing (portal.site.theme_files)."""
        make_env = theme.get_env

        def get_env():
            env = make_env()
            env.loader = ListedLoader(env.loader, self._listing)
            return env

        theme.get_env = get_env  # this build's theme only: MkDocs reads the configuration anew for each

    def compiled_templates(self, env) -> None:
        """Let ``env``, the running build's theme environment, use the templates compiled before."""
        env.bytecode_cache = self._bytecode

    def stays_published(self, src_uri: str, inputs: PageInputs) -> PagePaths | None:
        """Before MkDocs builds the navigation (``on_files``): whether the generated page of
        ``src_uri``, outside the navigation, stays as the published site has it, provided the
        navigation and the configuration stay the same (:meth:`navigation` tells). So it does if
        the published page had the same inputs (see :class:`portal.site.generated.PageInputs`) and
        its file is still there: its key is then the one it had, without being formed. If so, the
        paths of its file in the published site."""
        before = self._inputs.get(src_uri)
        if before is None or not inputs.same_as(before[0]) or self._published is None:
            return None
        paths = before[1]
        return paths if self._in_published_site(paths.dest_uri) else None

    def navigation(self, nav, published: Sequence[PublishedPage], *configuration: Any) -> bool:
        """The running build's navigation (MkDocs' ``on_nav``), the pages taken as published before
        it was known (:meth:`stays_published`), and what every page depends on besides
        (configuration file, theme files, policy, address). True if those pages stay as published:
        the navigation and the configuration are the same; if False, they are to be built."""
        self._base = _digest(_nav_outline(nav.items), configuration)
        self._every_page, self._next, self._next_inputs, self.kept, self._kept_files = (), {}, {}, [], set()
        self._quiet.clear()
        if self._base != self._published_base:
            return False
        for page in published:
            file = page.file
            self._next[file.dest_uri] = self._keys[file.dest_uri]
            self._next_inputs[file.src_uri] = (page.inputs, page.paths)
            self._keep(file)
        return True

    def reuse(self, pages: Iterable[tuple[GeneratedPage, bytes, PageInputs | None]]) -> None:
        """Key each generated page of the running build, given with its body's digest and, outside
        the navigation, its inputs; one whose key is the one it had in the published site stays
        that file, and MkDocs leaves it out (see the module's docstring)."""
        published, before = self._published, self._keys
        for page, body, inputs in pages:
            dest = page.file.dest_uri
            if inputs is not None:
                self._next_inputs[page.file.src_uri] = (inputs, PagePaths.of(page.file))
            key = self._next[dest] = _digest(self._base, _page_outline(page, body))
            if published is not None and before.get(dest) == key and self._in_published_site(dest):
                page.file.inclusion = InclusionLevel.EXCLUDED
                self._keep(page.file)

    def _in_published_site(self, dest_uri: str) -> bool:
        """Whether the published site has the file ``dest_uri``: by the served folder's own account
        (:meth:`published`), else by looking (``isfile``: a third of pathlib's time)."""
        if self._present is not None:
            return dest_uri in self._present
        return os.path.isfile(f"{self._published}/{dest_uri}")

    def _keep(self, file: File) -> None:
        self.kept.append(file.dest_uri)
        self._kept_files.add(file)
        self._quiet.expect(file.src_uri)

    def site_pages(self, files: Files) -> None:
        """``files`` holds every file of the running build (MkDocs' ``on_env``): note its pages, those
        kept too, for :meth:`template_context`."""
        self._every_page = [file for file in files if file.is_documentation_page()
                            and (file.inclusion.is_included() or file in self._kept_files)]

    def template_context(self, context: dict[str, Any]) -> dict[str, Any]:
        """The context of one of MkDocs' own templates (the sitemap), with every page of the site."""
        if self.kept:
            context["pages"] = self._every_page
        return context

    def published(self, site_dir: Path, present: Collection[str] | None = None) -> None:
        """The build was published in ``site_dir``: its pages serve the next build. ``present``: the
        files now in ``site_dir`` (paths in the site), if known; else :meth:`stays_published` looks.

        Why: at 10,000 records looking for the files of the 9,900 or so pages that stay took about
        0.06 s of every rebuild (in-process)."""
        self._present = present
        self._published, self._keys, self._next, self._every_page = site_dir, self._next, {}, ()
        self._inputs, self._next_inputs, self._published_base = self._next_inputs, {}, self._base
        self._kept_files = set()  # the build's objects go to the cycle collector

    def forget(self) -> None:
        """Reuse nothing in the next build."""
        self._present = None
        self._published, self._keys, self._next, self._every_page = None, {}, {}, ()
        self._inputs, self._next_inputs, self._published_base = {}, {}, None
        self._kept_files = set()

    def close(self) -> None:
        """No more builds (the session stops reusing)."""
        self.forget()
        for name in PAGE_LOGS:
            logging.getLogger(name).removeFilter(self._quiet)


def configuration(config: MkDocsConfig) -> tuple:
    """What every page of the theme depends on besides the navigation: the configuration file (as
    read, and the address set from the data), and the theme's files in ``custom_dir``."""
    custom = config.theme.custom_dir
    theme_files = sorted((str(path), path.stat().st_mtime_ns) for path in Path(custom).rglob("*")
                         if path.is_file()) if custom else []
    return (Path(config.config_file_path).read_bytes(), config.site_url, config.theme.name, theme_files)


class _QuietLinks(logging.Filter):
    """Drops MkDocs' notice that a hand-written page links to a page the cache kept, which MkDocs
    calls "excluded from the built site" (it still makes the link, as to any other page); any other
    message passes. Should MkDocs word it differently one day, the notices show, and nothing else
    changes."""

    def __init__(self) -> None:
        super().__init__()
        self._kept: set[str] = set()

    def expect(self, src_uri: str) -> None:
        self._kept.add(f"contains a link to '{src_uri}' which is excluded from the built site.")

    def clear(self) -> None:
        self._kept.clear()

    def filter(self, record: logging.LogRecord) -> bool:
        if not self._kept or record.levelno > logging.INFO:
            return True
        message = record.getMessage()
        return message[message.find(" contains a link to ") + 1:] not in self._kept


class _CompiledTemplates(BytecodeCache):
    """The theme's compiled templates, by name; Jinja compiles again when a template's source changed."""

    def __init__(self) -> None:
        self._compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self._compiled:
            bucket.bytecode_from_string(self._compiled[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._compiled[bucket.key] = bucket.bytecode_to_string()


def _digest(*parts: Any) -> bytes:
    return hashlib.blake2b(repr(parts).encode(), digest_size=16).digest()


def _nav_outline(items) -> list:
    return [(type(item).__name__, item.title, getattr(item, "url", None), _nav_outline(getattr(item, "children", None)
                                                                                        or [])) for item in items]


def _page_outline(page: GeneratedPage, body: bytes) -> tuple:
    def neighbour(other) -> tuple | None:
        return (other.url, other.title) if other is not None else None

    ancestors = [(item.title, getattr(item, "url", None)) for item in page.ancestors]
    return (page.url, page.title, sorted(page.meta.items()), body, page.edit_url, page.canonical_url,
            page.is_homepage, str(page.toc), neighbour(page.previous_page), neighbour(page.next_page), ancestors)
