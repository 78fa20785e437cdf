"""MkDocs glue (loaded through ``hooks:`` in mkdocs.yml), with :mod:`portal.site.preview` the only code
that imports MkDocs.

on_startup  makes Ctrl-C and SIGTERM stop a build at once, with everything it started, and
            file-system errors (a full disk) end in one German line instead of a traceback.
on_config   removes what killed builds left behind, points the build at a fresh folder next to
            the site folder (portal.siteswap), loads and validates the data and starts rendering
            all pages (portal.build) in worker processes, which go on while MkDocs reads its
            files; bad data stops the build with every error, before anything is written.
on_files    adds the generated pages (record pages stay out of the navigation) as pages whose
            HTML the portal renders: MkDocs neither parses front matter nor runs Markdown on
            them, which for 10,000 pages would cost more than the rest of the build.
on_env      waits for the rendered pages, then starts the search index (Pagefind) and the link
            check over every page's content, so that both run on the second core while the
            theme renders the pages; gives the theme its texts once per build (see
            overrides/partials/language.html) and the parts shared by pages (overrides/main.html).
on_page_context  sets each page's edit link (the YAML file for generated pages, the Markdown file
            for hand-written ones) and reads a generated page's body from disk; on_post_page
            drops it again.
on_post_build    checks the theme's links in the finished HTML, collects the link problems,
            waits for the search index, removes the build's work folder and, if nothing failed,
            puts the fresh folder in the site folder's place.
on_build_error, on_shutdown  stop Pagefind, the link check and the rendering workers of a failed
            or interrupted build and remove its work and fresh folders; the previous site stays.
on_serve    watches the served data folder and lets a failed rebuild show its errors on every
            page of the preview instead of stopping the server (portal.preview).

Exports (calendars, feeds, open data, robots.txt; see portal.exports) join the site as generated
files: the catalogue's in on_files, the feed of the posts in on_env, once the posts are read.
on_config sets MkDocs' site_url to the portal's address (sitemap, canonical links); each page's
structured data (JSON-LD) reaches the theme in on_page_context.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import CountHandler

from portal.site import build, csp, preview, siteswap
from portal.site.background import Background, BackgroundError
from portal.common.errors import DataErrors, os_reason
from portal.exports import feeds
from portal.exports.addresses import FEEDS, NEWS_FEED, SOCIAL_IMAGE, SiteUrlError
from portal.site.linkcheck import check_contents, check_theme
from portal.pages.plan import PageSource
from portal.pages.search_document import IndexedPage, write_document
from portal.site.search_index import SearchIndex, SearchIndexError

log = logging.getLogger("mkdocs.plugins.portal")


def _repo_root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).resolve().parent


_dirty = False
"""``mkdocs serve --dirty``: MkDocs writes into the existing site folder, so there is no fresh one."""
_serving = False
"""``mkdocs serve``: pages allow its live-reload script (csp.PREVIEW_POLICY)."""


def on_startup(*, command: str, dirty: bool) -> None:
    global _dirty, _serving
    _dirty, _serving = dirty, command == "serve"
    if threading.current_thread() is threading.main_thread():
        if command == "build":
            signal.signal(signal.SIGINT, _stop_now)
            signal.signal(signal.SIGTERM, _stop_now)
        else:  # serve: stops on Ctrl-C by itself and removes its own site folder
            signal.signal(signal.SIGTERM, signal.default_int_handler)
    if sys.excepthook is sys.__excepthook__:
        sys.excepthook = _one_line_for_file_errors


def _stop_now(signum: int, frame) -> None:
    """Ctrl-C or SIGTERM during ``mkdocs build``: kill every process the build started, remove its
    work and fresh folders, and exit at once. (An exception unwinding the build instead could
    arrive inside the process pool's own bookkeeping and leave it waiting forever.)"""
    if _search is not None:
        _search.kill_now()
    for child in multiprocessing.active_children():  # rendering workers and the link check
        child.kill()
        child.join()
    if _site is not None:
        siteswap.discard(_site[0])
    siteswap.remove_own_work()
    print(f"Abgebrochen ({signal.Signals(signum).name}); die bisherige Website ist unverändert.", file=sys.stderr)
    os._exit(128 + signum)


def _one_line_for_file_errors(kind, error, trace) -> None:
    """A full disk or an unreadable file ends the build with ``file: reason``, not a traceback."""
    if isinstance(error, OSError):
        print(f"Fehler: {os_reason(error)}; die bisherige Website ist unverändert.", file=sys.stderr)
    else:
        sys.__excepthook__(kind, error, trace)


_site: tuple[Path, Path] | None = None
"""(fresh folder the running build writes, site folder it replaces once the build succeeded)"""


@event_priority(100)  # before mkdocs-macros, whose define_env reads the build
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _site
    siteswap.remove_leftovers(Path(config.site_dir))
    _name_blog_folder(config)
    try:
        current = build.start(_repo_root(config), config.site_url)
    except DataErrors as exc:
        raise PluginError(f"Die Daten enthalten Fehler; es wurde nichts gebaut.\n{exc}") from None
    except SiteUrlError as exc:
        raise PluginError(str(exc)) from None
    config.site_url = current.address.site_url  # sitemap entries and canonical links need it
    if not _dirty:
        fresh = siteswap.fresh_folder(Path(config.site_dir))
        _site = (fresh, Path(config.site_dir))
        config.site_dir = str(fresh)
    return config


def _name_blog_folder(config: MkDocsConfig) -> None:
    """Give the blog plugin's temporary folder a name with this process's id, so that a later
    build removes it if this one is killed (the plugin removes it itself in on_shutdown)."""
    blog = config.plugins.get("material/blog")
    folder = Path(getattr(blog, "temp_dir", "") or ".")
    if folder.parent == Path(tempfile.gettempdir()) and folder.name.startswith("tmp") and not any(folder.iterdir()):
        folder.rmdir()
        blog.temp_dir = tempfile.mkdtemp(prefix=siteswap.work_prefix("blog"))  # type: ignore[union-attr]


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    current = build.current()
    nav_titles = dict(_nav_entries(config.nav or []))
    for number, source in enumerate(current.sources):
        src_uri = source.src_uri
        if files.get_file_from_path(src_uri) is not None:
            raise PluginError(f"docs/{src_uri} überschneidet sich mit einer erzeugten Seite; benennen Sie die Datei um")
        inclusion = InclusionLevel.INCLUDED if source.listed else InclusionLevel.NOT_IN_NAV
        # The page reads its body itself (_GeneratedPage); MkDocs never reads this file's content.
        file = File.generated(config, src_uri, content="", inclusion=inclusion)
        _GeneratedPage(number, source, nav_titles.get(src_uri), file, config)
        files.append(file)
    _add_exports(files, config)
    return files


def _nav_entries(entries) -> Iterator[tuple[str, str]]:
    """(path, title) for every titled page in mkdocs.yml's ``nav``."""
    for entry in entries if isinstance(entries, list) else [entries]:
        if isinstance(entry, dict):
            for title, value in entry.items():
                if isinstance(value, str):
                    yield value, title
                else:
                    yield from _nav_entries(value)


class _GeneratedPage(Page):
    """A page whose HTML body and title the portal generates (see :mod:`portal.site.build`).

    Its body is still being rendered while MkDocs reads the pages; it stays on disk until the
    theme renders the page (:func:`on_page_context`) and is dropped again once the page is written
    (:func:`on_post_page`), so 10,000 bodies never sit in memory at once.
    """

    def __init__(self, number: int, source: PageSource, nav_title: str | None, file: File,
                 config: MkDocsConfig) -> None:
        super().__init__(nav_title, file, config)  # the navigation names a page as mkdocs.yml says
        self.number = number  # in the build's list of pages
        self.source = source

    def read_source(self, config: MkDocsConfig) -> None:
        self.meta = self.source.meta
        self.markdown = ""  # nothing for Markdown; plugins that read it see an empty page

    def render(self, config: MkDocsConfig, files: Files) -> None:
        self.content = ""  # read when the page is written
        self.toc = get_toc([])
        # MkDocs checks links to anchors only after writing every page; on_env sets this page's
        # anchor ids (present_anchor_ids) once its body is rendered.


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    return build.current().slots.fill(html)  # macro HTML, after Markdown (portal.slots)


def on_page_context(context, *, page: Page, config: MkDocsConfig, nav):
    current = build.current()
    path = current.edit_paths.get(page.file.src_uri)  # None also for a generated page without a file
    if page.file.src_uri not in current.edit_paths and (Path(config.docs_dir) / page.file.src_uri).is_file():
        docs = Path(config.docs_dir).resolve().relative_to(_repo_root(config)).as_posix()
        path = f"{docs}/{page.file.src_uri}"
    page.edit_url = current.catalogue.settings.edit_url(path) if path else None
    if isinstance(page, _GeneratedPage):
        rendered = current.pages[page.number]
        page.content = rendered.body()
        page.meta["portal_structured_data"] = rendered.structured_data  # overrides/main.html
    return context


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    if isinstance(page, _GeneratedPage):
        page.content = ""
        return output
    return build.current().slots.fill(output)  # blog excerpts: Material renders their Markdown anew


_search: SearchIndex | None = None
_content_check: Background[list[str]] | None = None


def on_env(env, *, config: MkDocsConfig, files: Files):
    global _search, _content_check
    current = build.current()
    _add_news_feed(files, config)
    build.keep_out_of_collections()  # MkDocs' files, pages and navigation, too
    rendered = current.pages  # waits for the rendering processes
    try:
        current.exports_written()  # MkDocs copies them right after this event
    except BackgroundError as exc:
        raise PluginError(f"Die Exporte konnten nicht geschrieben werden: {exc}") from None
    written = []
    for file in files.documentation_pages():
        if isinstance(file.page, _GeneratedPage):
            file.page.present_anchor_ids = set(rendered[file.page.number].anchor_ids)
        elif file.page is not None:
            written.append((file.dest_uri, file.page))
    for path, page in written:
        write_document(current.search_documents, IndexedPage(path, page.title or "", page.content or ""),
                       current.vocabulary)
    _search = SearchIndex(current.search_documents, Path(config.site_dir), len(files.documentation_pages()))
    try:
        _search.start()
    except SearchIndexError as exc:
        raise PluginError(f"Der Suchindex konnte nicht gebaut werden: {exc}") from None
    site_files = [file.dest_uri for file in files]

    def contents() -> Iterator[tuple[str, str]]:
        yield from ((page.source.path, page.body()) for page in current.pages)
        yield from ((path, page.content or "") for path, page in written)

    _content_check = Background(lambda: check_contents(contents(), site_files))
    shared: dict[str, str] = {}
    env.globals.update(portal_shared=shared, portal_shared_key=_shared_key,
                       portal_share=lambda key, html: shared.setdefault(key, html) if key else html,
                       portal_translation=_translation(env, config.theme["language"]),
                       portal_csp=csp.PREVIEW_POLICY if _serving else csp.POLICY)
    env.globals.update(portal_feeds=FEEDS, portal_social_image=SOCIAL_IMAGE)  # partials/portal-head.html
    return env


def _translation(env, language: str) -> Callable[[str], str]:
    """Material's text for ``key`` in ``language`` (English where it has none), as Material's
    ``partials/language.html`` finds it, looked up once per key (see overrides/partials/language.html)."""
    texts = env.get_template(f"partials/languages/{language}.html").module
    fallback = env.get_template("partials/languages/en.html").module
    return cache(lambda key: texts.t(key) or fallback.t(key) or key)


def _shared_key(page: Page, part: str) -> str | None:
    """The key under which ``part`` of ``page`` is the same for other pages (see overrides/main.html).

    Record and Land pages (``netzwerke/<id>/``) are in no menu and no footer, so those parts do not
    mark them as current, and their links, relative to the page, are the same for every page in
    one folder. Every other page gets None: its parts are rendered for it alone.
    """
    if isinstance(page, _GeneratedPage) and not page.source.listed and page.url.count("/") == 2:
        return f"{part}@{page.url.split('/')[0]}"
    return None


@event_priority(-100)  # after every other plugin has written into the site folder
def on_post_build(*, config: MkDocsConfig) -> None:
    global _search, _content_check, _site
    if _search is None or _content_check is None:
        raise PluginError("Suchindex und Linkprüfung wurden nicht gestartet.")
    site_dir = Path(config.site_dir)
    search, content_check = _search, _content_check
    try:
        problems = search.finish(
            while_indexing=lambda: list(dict.fromkeys(
                content_check.result() + check_theme(site_dir, _site_root(config))))
        )
    except SearchIndexError as exc:
        raise PluginError(f"Der Suchindex konnte nicht gebaut werden: {exc}") from None
    except BackgroundError as exc:
        raise PluginError(f"Die Linkprüfung ist fehlgeschlagen: {exc}") from None
    # (on an error or interruption, on_build_error or on_shutdown stop and remove all of it)
    _search = _content_check = None
    build.current().close()
    for problem in problems:
        log.warning(problem)
    if _site is not None and not (config.strict and _warnings_counted()):  # else MkDocs aborts next
        fresh, target = _site
        siteswap.publish(fresh, target)
        _site = None
        config.site_dir = str(target)


def _warnings_counted() -> bool:
    """Whether MkDocs has counted a warning, which makes it abort a strict build after this event."""
    return any(isinstance(handler, CountHandler) and handler.get_counts()
               for handler in logging.getLogger("mkdocs").handlers)


def on_build_error(*, error: Exception) -> None:
    abandon()


def on_shutdown() -> None:
    abandon()  # after Ctrl-C or SIGTERM, which skip on_build_error


def abandon() -> None:
    """Stop what a failed or interrupted build started and remove its work and fresh folders."""
    global _search, _content_check, _site
    if _search is not None:
        _search.stop()
        _search = None
    if _content_check is not None:
        _content_check.cancel()
        _content_check = None
    if build.has_current():
        build.current().close()
    if _site is not None:
        siteswap.discard(_site[0])
        _site = None


def on_serve(server, *, config: MkDocsConfig, builder):
    server.watch(str(build.data_dir(_repo_root(config))))  # also a PORTAL_DATA folder outside the project
    server.builder = preview.showing_errors(builder, Path(server.root), server.mount_path, config.site_name, abandon)
    return server


# ---------------------------------------------------------------------------------------------
# Exports (portal.exports): files that join the site next to the pages


def _add_exports(files: Files, config: MkDocsConfig) -> None:
    """Calendars, the feed "Neu und geändert", open data and robots.txt, from the catalogue: written
    into the build's work folder in the background (portal.build), copied by MkDocs after on_env."""
    current = build.current()
    for path in current.export_paths:
        if files.get_file_from_path(path) is not None:
            raise PluginError(f"docs/{path} überschneidet sich mit einer erzeugten Datei; benennen Sie die Datei um")
        files.append(File.generated(config, path, abs_src_path=str(current.export_folder / path)))


def _add_news_feed(files: Files, config: MkDocsConfig) -> None:
    """The feed "Aktuelles" from the blog's posts (read by now, with their dates and excerpts)."""
    blog = config.plugins.get("material/blog")
    posts_dir = blog.config.post_dir.format(blog=blog.config.blog_dir).strip("/") + "/" if blog else None
    posts = []
    for file in files.documentation_pages():
        page = file.page
        if posts_dir is None or page is None or not file.src_uri.startswith(posts_dir):
            continue
        dates = page.config.date  # Material's blog post: when it was written and last changed
        updated = getattr(dates, "updated", None)
        posts.append(feeds.Post(page.title or "", dates.created.date(), page.url,
                                feeds.post_summary(page.content or ""), updated.date() if updated else None))
    files.append(File.generated(config, NEWS_FEED, content=feeds.news_feed(posts, build.current().address)))


def _site_root(config: MkDocsConfig) -> str:
    """The path under which the site is served (``/`` or, on a project page, ``/repo/``)."""
    return urlsplit(config.site_url or "/").path or "/"
