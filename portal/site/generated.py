"""The generated pages as MkDocs sees them; used by the MkDocs glue (:mod:`portal.site.plugin`).

A record page, an overview or a Land page is a :class:`GeneratedPage`: MkDocs neither parses front
matter nor runs Markdown on it (for 10,000 pages that would cost more than the rest of the build);
its body comes from :mod:`portal.site.rendering`. The exports join the site as generated files
(:mod:`portal.site.exported`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_build_date

from portal.pages.plan import PageSource
from portal.site.build import Build
from portal.site.rendering import GeneratedPage as RenderedBody


class GeneratedPage(Page):
    """A page whose HTML body and title the portal generates (see :mod:`portal.site.rendering`).

    Its body is still being rendered while MkDocs reads the pages. The glue hands it over when the
    theme is about to render the page (``on_page_context``, :meth:`show`); it stays on disk until
    the theme asks for :attr:`content`, and is dropped again once the page is written
    (``on_post_page``, :meth:`written`), so 10,000 bodies never sit in memory at once. A page that
    the preview's theme cache takes from the last build (:mod:`portal.site.theme_cache`) is never
    read at all: the cache knows a body by its digest (``portal.site.rendering.GeneratedPage.digest``),
    made when the body was rendered (about 30 µs for a body of 30 KB). At 10,000 records reading
    and hashing every body took 0.3 to 0.5 s of each rebuild (in-process rebuilds after a hub
    rename, alternating, two series: 7.9 and 7.7 s against 8.4 and 8.0 s).
    """

    rendered: RenderedBody | None = None
    """The page's rendered body, from :meth:`show` until :meth:`written`."""
    _content: str | None = None

    def __init__(self, number: int, source: PageSource, nav_title: str | None, file: File,
                 config: MkDocsConfig) -> None:
        super().__init__(nav_title, file, config)  # the navigation names a page as mkdocs.yml says
        self.number = number  # in the build's list of pages
        self.source = source

    @property
    def content(self) -> str | None:
        """The HTML body; read from the build's work folder when first asked for."""
        if self._content is None and self.rendered is not None:
            self._content = self.rendered.body()
        return self._content

    @content.setter
    def content(self, value: str | None) -> None:
        self._content = value

    def finish(self, rendered: RenderedBody, edit_url: str | None) -> tuple[GeneratedPage, bytes]:
        """Give the page what its rendered body brings (anchors, structured data) and its edit
        link; the page with its body's digest, for the preview's theme cache."""
        self.present_anchor_ids = set(rendered.anchor_ids)
        self.edit_url = edit_url
        self.meta["portal_structured_data"] = rendered.structured_data  # overrides/main.html
        return self, rendered.digest

    def show(self, rendered: RenderedBody) -> None:
        """The theme renders the page next; its body is ``rendered``'s."""
        self.rendered, self._content = rendered, None

    def written(self) -> None:
        """The page is written: drop its body."""
        self.rendered, self._content = None, ""

    def _set_canonical_url(self, base: str | None) -> None:
        """MkDocs' canonical and absolute address of the page (``Page.__init__`` calls this), made
        by appending where ``urljoin`` would give the same (:func:`_appended`). Why: under ``mkdocs
        serve``, whose address is always set, ``urljoin`` and ``urlsplit`` for 10,000 pages took
        about 0.2 s of every rebuild."""
        addresses = _appended(base, self.url)
        if addresses is None:
            super()._set_canonical_url(base)
        else:
            self.canonical_url, self.abs_url = addresses

    def read_source(self, config: MkDocsConfig) -> None:
        self.meta = self.source.meta
        self.markdown = ""  # nothing for Markdown; plugins that read it see an empty page

    def render(self, config: MkDocsConfig, files: Files) -> None:
        self.content = ""  # until the glue hands over the body (show)
        self.toc = get_toc([])
        # MkDocs checks links to anchors only after writing every page; on_env sets this page's
        # anchor ids (present_anchor_ids) once its body is rendered.


class PageInputs(NamedTuple):
    """What the theme's page of a generated page outside the navigation follows from, besides its
    address, the navigation and the configuration (see :mod:`portal.site.theme_cache`): its page
    key (template, title, meta data, context; ``portal.site.page_cache.page_key``), its rendered
    body (with its structured data and anchors; the same object as long as the page cache keeps
    it) and its edit link."""

    page_key: bytes
    rendered: RenderedBody
    edit_url: str | None

    def same_as(self, other: PageInputs) -> bool:
        return self.rendered is other.rendered and self.page_key == other.page_key and self.edit_url == other.edit_url


class PagePaths(NamedTuple):
    """What MkDocs works out of a generated page's path for its file (``File.generated``): where the
    page lies in the site and its address. The theme cache keeps them for the published pages
    outside the navigation (:meth:`portal.site.theme_cache.ThemeCache.stays_published`)."""

    src_uri: str
    dest_uri: str
    url: str
    use_directory_urls: bool
    generated_by: str | None

    @classmethod
    def of(cls, file: File) -> PagePaths:
        return cls(file.src_uri, file.dest_uri, file.url, file.use_directory_urls, file.generated_by)

    def file(self, config: MkDocsConfig) -> File:
        """The page's file in this build, as ``File.generated(config, src_uri, content="",
        inclusion=InclusionLevel.NOT_IN_NAV)`` makes it, but with its paths already in place
        (tests/test_incremental.py compares the two).

        Why: for the 9,900 or so pages that stay as published after a save at 10,000 records,
        MkDocs' normalising of each path (``pathlib``) and working out each address took about
        0.2 s of the main process in every rebuild (in-process, see LEISTUNG.md)."""
        if self.use_directory_urls != config.use_directory_urls:
            return File.generated(config, self.src_uri, content="", inclusion=InclusionLevel.NOT_IN_NAV)
        file = File.__new__(File)
        vars(file).update(src_uri=self.src_uri, src_dir=None, dest_dir=config.site_dir,
                          use_directory_urls=self.use_directory_urls, inclusion=InclusionLevel.NOT_IN_NAV,
                          generated_by=self.generated_by, abs_src_path=None, _content="",
                          dest_uri=self.dest_uri, url=self.url)
        return file


class PublishedPage(Page):
    """A generated page outside the navigation that stays as the published site has it: what MkDocs
    still reads of a page whose file is excluded from the build.

    The preview's theme cache takes such a page as published before MkDocs builds the navigation
    (:meth:`portal.site.theme_cache.ThemeCache.stays_published`), so MkDocs gets no
    :class:`GeneratedPage` for it and never reads, renders or writes it. Only the sitemap (address
    and date; ``ThemeCache.template_context``) and MkDocs' check of links to an anchor of the
    page (its anchor ids) look at it, so it carries only those, and how it was made. It is made
    without ``Page.__init__``. Should the navigation or the configuration turn out changed, the glue
    makes the page a :class:`GeneratedPage` after all (:meth:`built_after_all`).

    Why: at 10,000 records MkDocs' page objects of the pages that stay (``Page.__init__``), MkDocs'
    reading of them and their keys took about 0.4 to 0.5 s of the main process in every rebuild
    after a hub rename; with stand-ins ``on_nav`` takes 0.02 to 0.07 s instead of 0.35 to 0.5 s
    (in-process), and a save takes 0.2 to 0.3 s less processor time (see LEISTUNG.md).
    """

    def __init__(self, number: int, source: PageSource, file: File, addresses: tuple[str, str] | None,
                 update_date: str, inputs: PageInputs, paths: PagePaths) -> None:
        file.page = self
        file.inclusion = InclusionLevel.EXCLUDED
        self.file = file
        self.number, self.source, self.inputs, self.paths = number, source, inputs, paths
        self.canonical_url, self.abs_url = addresses or (None, None)
        self.update_date = update_date
        self.present_anchor_ids = inputs.rendered.anchor_ids  # type: ignore[assignment]  # MkDocs asks `in` only

    def built_after_all(self, config: MkDocsConfig) -> GeneratedPage:
        """The page as a :class:`GeneratedPage` that MkDocs builds (its file is included again)."""
        self.file.inclusion = InclusionLevel.NOT_IN_NAV
        return GeneratedPage(self.number, self.source, None, self.file, config)


_PLAIN_URL = re.compile(r"(?:[a-z0-9][a-z0-9-]*/)*")
"""A page address that ``urljoin`` appends unchanged: folders of lower-case letters, digits and hyphens."""


def _appended(base: str | None, url: str) -> tuple[str, str] | None:
    """The canonical and absolute address of a page at ``url`` as MkDocs makes them with ``urljoin``
    from the site address ``base``, where appending gives the same; None where it may not."""
    if not base or not _PLAIN_URL.fullmatch(url):
        return None
    base = base if base.endswith("/") else base + "/"
    return base + url, _path_of(base) + url


@lru_cache(maxsize=4)
def _path_of(base: str) -> str:
    return urlsplit(base).path


def add_pages(files: Files, config: MkDocsConfig, build: Build,
              stays_published: Callable[[str, PageInputs], PagePaths | None] | None = None) -> None:
    """Add the build's generated pages to ``files`` (record pages stay out of the navigation).
    Under serve, a page outside the navigation whose body the page cache kept and that the
    theme cache takes as published (``stays_published``, see
    :meth:`portal.site.theme_cache.ThemeCache.stays_published`) gets a :class:`PublishedPage`
    instead of a :class:`GeneratedPage`."""
    nav_titles = dict(_nav_entries(config.nav or []))
    update_date = get_build_date()
    keys, kept = (build.basis.keys, build.rendering.kept) if build.basis is not None else ([], {})  # serve only
    for number, source in enumerate(build.sources):
        src_uri = source.src_uri
        if src_uri in files.src_uris:
            raise PluginError(f"docs/{src_uri} überschneidet sich mit einer erzeugten Seite; benennen Sie die Datei um")
        rendered = kept.get(number)
        if stays_published is not None and rendered is not None and not source.listed and src_uri not in nav_titles:
            inputs = PageInputs(keys[number][1], rendered, edit_url(config, build, src_uri))
            paths = stays_published(src_uri, inputs)
            if paths is not None:
                file = paths.file(config)
                addresses = _appended(config.site_url, file.url)
                if addresses is not None or not config.site_url:
                    files.append(file)
                    PublishedPage(number, source, file, addresses, update_date, inputs, paths)
                    continue
        inclusion = InclusionLevel.INCLUDED if source.listed else InclusionLevel.NOT_IN_NAV
        # The page reads its body itself (GeneratedPage); MkDocs never reads this file's content.
        file = File.generated(config, src_uri, content="", inclusion=inclusion)
        files.append(file)
        GeneratedPage(number, source, nav_titles.get(src_uri), file, config)


def finished(config: MkDocsConfig, build: Build, page: GeneratedPage,
             rendered: RenderedBody) -> tuple[GeneratedPage, bytes, PageInputs | None]:
    """``page`` given its rendered body and edit link (:meth:`GeneratedPage.finish`); for the
    preview's theme cache with its body's digest and, outside the navigation and under serve,
    its inputs."""
    link = edit_url(config, build, page.file.src_uri)
    page.finish(rendered, link)
    if page.file.inclusion.is_in_nav() or build.basis is None:
        return page, rendered.digest, None
    return page, rendered.digest, PageInputs(build.basis.keys[page.number][1], rendered, link)


def edit_url(config: MkDocsConfig, build: Build, src_uri: str) -> str | None:
    """The edit link of a page: the YAML file of a generated page, the Markdown file of a hand-written one."""
    path = build.edit_paths.get(src_uri)  # None also for a generated page without a file
    if src_uri not in build.edit_paths and (Path(config.docs_dir) / src_uri).is_file():
        root = Path(config.config_file_path).resolve().parent
        path = f"{Path(config.docs_dir).resolve().relative_to(root).as_posix()}/{src_uri}"
    return build.catalogue.settings.edit_url(path) if path else None


def _nav_entries(entries) -> Iterator[tuple[str, str | None]]:
    """(path, title or None) for every page in mkdocs.yml's ``nav``."""
    for entry in entries if isinstance(entries, list) else [entries]:
        if isinstance(entry, str):
            yield entry, None
        elif isinstance(entry, dict):
            for title, value in entry.items():
                if isinstance(value, str):
                    yield value, title
                else:
                    yield from _nav_entries(value)
