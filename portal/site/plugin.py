"""The portal's MkDocs glue: the events MkDocs calls, each handing the work to the build session
(:mod:`portal.site.session`) and the modules beside it. Bound to MkDocs by
:mod:`portal.site.mkdocs_hooks` (``hooks:`` in mkdocs.yml).

on_startup  makes Ctrl-C and SIGTERM stop a build at once (see BuildSession.started).
on_config   removes what killed builds left behind, points the build at a fresh folder next to
            the site folder (portal.site.siteswap), loads and validates the data and starts rendering
            all pages (portal.site.build) in worker processes, which go on while MkDocs reads its
            files; bad data stops the build with every error, before anything is written. Under
            serve the theme's files are listed from the theme cache (portal.site.theme_files).
on_files    adds the generated pages and the exports (portal.site.generated, portal.site.exported;
            under serve the exports follow the served site, see portal.site.afterwards, and a page outside the
            navigation that stays as published gets only a stand-in, see portal.site.theme_cache).
on_nav      under serve: tells the theme cache the navigation, which confirms those stand-ins or
            has them built after all, and hands it the pages whose bodies the last build left as
            they are; MkDocs leaves out those it keeps (portal.site.theme_cache).
on_env      waits for the rendered pages, sets the generated pages' edit links (their YAML files)
            and meta data, then starts the search index (Pagefind) and the link check over every
            page's content, so that both run on the second core while the theme renders the
            pages (under serve the link check starts after publishing, portal.site.afterwards);
            gives the theme what it needs once per build (portal.site.theme); under serve, last,
            hands the theme cache the other generated pages.
on_template_context  under serve: MkDocs' own templates (the sitemap) list those pages too.
on_page_context  sets a hand-written page's edit link (its Markdown file) and hands a generated
            page its body, which the theme reads from disk; on_post_page drops it again.
on_post_build    checks the theme's links in the finished HTML, collects the link problems,
            waits for the search index, removes the build's work folder and, if nothing failed,
            puts the fresh folder in the site folder's place (under serve: updates the served
            folder with it at once; portal.site.siteswap).
on_build_error, on_shutdown  stop Pagefind, the link check and the rendering workers of a failed
            or interrupted build and remove its work and fresh folders; the previous site stays.
on_serve    watches the served data folder, looks for changes as often as the watched folders
            allow (portal.site.watching) and lets a failed rebuild show its errors on every
            page of the preview instead of stopping the server (portal.site.preview).

Under ``mkdocs serve`` a rebuild reuses what the builds before it did (portal.site.incremental,
portal.site.theme_cache) and publishes before the search index and the link check are done
(portal.site.afterwards); ``mkdocs build`` always builds everything and checks before it publishes.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import CountHandler

from portal.common.errors import DataErrors
from portal.exports.addresses import SiteUrlError
from portal.pages.search_document import IndexedPage, write_document
from portal.site import preview, siteswap
from portal.site.afterwards import Afterwards
from portal.site.background import Background, BackgroundError
from portal.site.build import Exports, data_dir
from portal.site.exported import add_exports, add_news_feed
from portal.site.generated import GeneratedPage, PublishedPage, add_pages, edit_url, finished
from portal.site.linkcheck import check_contents, check_theme
from portal.site.search_index import SearchIndex, SearchIndexError
from portal.site.session import BuildSession
from portal.site.theme import theme_globals
from portal.site.theme_cache import configuration
from portal.site.watching import watching_faster

log = logging.getLogger("mkdocs.plugins.portal")


def _repo_root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).resolve().parent


class PortalPlugin:
    """MkDocs' events for the portal; holds the process's :class:`BuildSession`."""

    def __init__(self) -> None:
        self.session = BuildSession()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.session.started(command, dirty)

    @event_priority(100)  # before mkdocs-macros, whose define_env reads the build
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        session = self.session
        siteswap.remove_leftovers(Path(config.site_dir))
        _name_blog_folder(config)
        try:
            build = session.start_build(_repo_root(config), config.site_url)
        except DataErrors as exc:
            raise PluginError(f"Die Daten enthalten Fehler; es wurde nichts gebaut.\n{exc}") from None
        except SiteUrlError as exc:
            raise PluginError(str(exc)) from None
        config.site_url = build.address.site_url  # sitemap entries and canonical links need it
        if session.theme_cache is not None:
            session.theme_cache.listed_once(config.theme)
        if not session.dirty:
            fresh = siteswap.fresh_folder(Path(config.site_dir))
            session.site = (fresh, Path(config.site_dir))
            config.site_dir = str(fresh)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        build, theme_cache = self.session.build, self.session.theme_cache
        add_pages(files, config, build, theme_cache.stays_published if theme_cache is not None else None)
        add_exports(files, config, build)
        return files

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        return self.session.build.slots.fill(html)  # macro HTML, after Markdown (portal.site.slots)

    def on_nav(self, nav, *, config: MkDocsConfig, files: Files):
        session = self.session
        if session.theme_cache is not None:  # the generated pages the last build left as they are
            build = session.build
            published = [page for file in files if isinstance(page := file.page, PublishedPage)]
            if not session.theme_cache.navigation(nav, published, configuration(config), session.serving):
                for page in published:
                    page.built_after_all(config)
            kept = build.rendering.kept
            ready = []
            for file in files.documentation_pages():
                page = file.page
                if isinstance(page, GeneratedPage) and page.number in kept:
                    page.read_source(config)  # MkDocs' reading of such a page, whose plugin events change nothing
                    page.render(config, files)
                    ready.append(finished(config, build, page, kept[page.number]))
            session.theme_cache.reuse(ready)
        return nav

    def on_page_context(self, context, *, page: Page, config: MkDocsConfig, nav):
        if isinstance(page, GeneratedPage):
            page.show(self.session.build.pages[page.number])  # its edit link and meta data: on_env
        else:
            page.edit_url = edit_url(config, self.session.build, page.file.src_uri)
        return context

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        if isinstance(page, GeneratedPage):
            page.written()
            return output
        return self.session.build.slots.fill(output)  # blog excerpts: Material renders their Markdown anew

    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        session = self.session
        build = session.build
        add_news_feed(files, config, build)
        session.pages_read()  # a build that freezes: MkDocs' files, pages and navigation, too
        rendered = build.pages  # waits for the rendering processes
        session.pages_rendered()
        if not build.exports_after_publishing:
            try:
                build.exports.written()  # MkDocs copies them right after this event
            except BackgroundError as exc:
                raise PluginError(f"Die Exporte konnten nicht geschrieben werden: {exc}") from None
        written, generated = [], []
        every_page = files.documentation_pages()  # without those the theme cache already kept
        for file in every_page:
            page = file.page
            if isinstance(page, GeneratedPage):
                generated.append(finished(config, build, page, rendered[page.number]))
            elif page is not None:
                written.append((file.dest_uri, page))
        for path, page in written:
            write_document(build.search_documents, IndexedPage(path, page.title or "", page.content or ""),
                           build.vocabulary)
        session.documents_written({source.path for source in build.sources} | {path for path, _ in written})
        index_dir = session.incremental.index_folder() if session.incremental else Path(config.site_dir)
        session.search = SearchIndex(build.search_documents, index_dir, len(build.sources) + len(written))
        try:
            session.search.start()
        except SearchIndexError as exc:
            raise PluginError(f"Der Suchindex konnte nicht gebaut werden: {exc}") from None
        site_files = [file.dest_uri for file in files]
        if build.exports_after_publishing:
            site_files += build.exports.paths

        def contents() -> Iterator[tuple[str, str]]:
            yield from ((page.source.path, page.body()) for page in build.pages)
            yield from ((path, page.content or "") for path, page in written)

        # under serve the check starts after publishing (portal.site.afterwards)
        session.content_check = Background(lambda: check_contents(contents(), site_files),
                                           deferred=session.incremental is not None)
        if session.theme_cache is not None:  # before the first template is loaded
            session.theme_cache.compiled_templates(env)
        theme_globals(env, config.theme["language"], serving=session.serving)
        if session.theme_cache is not None:  # last: MkDocs leaves out the pages it reuses
            session.theme_cache.reuse(generated)
            session.theme_cache.site_pages(files)
            session.theme_starts(sum(file.inclusion.is_included() for file in every_page), session.theme_cache.reused)
        return env

    def on_template_context(self, context, *, template_name: str, config: MkDocsConfig):
        if self.session.theme_cache is not None:
            return self.session.theme_cache.template_context(context)  # every page, also those reused
        return context

    @event_priority(-100)  # after every other plugin has written into the site folder
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        session = self.session
        search, content_check = session.search, session.content_check
        if search is None or content_check is None:
            raise PluginError("Suchindex und Linkprüfung wurden nicht gestartet.")
        site_dir = Path(config.site_dir)
        if session.incremental is not None:  # the preview: publish now; exports, index and check afterwards
            exports = session.build.hand_over_exports()
            try:
                self._publish(config, exports)
            except BaseException:
                exports.close()
                raise
            site_dir, root = Path(config.site_dir), _site_root(config)  # not config: the run outlives the build
            session.afterwards = Afterwards(search, content_check, lambda stopped: check_theme(site_dir, root, stopped),
                                            site_dir, exports, session.lull, session.collect_after_build)
            return
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
        for problem in problems:
            log.warning(problem)
        if not (config.strict and _warnings_counted()):  # else MkDocs aborts next
            self._publish(config)

    def _publish(self, config: MkDocsConfig, exports: Exports | None = None) -> None:
        """Put the finished site in the site folder's place, or under serve into the served folder
        (portal.site.siteswap), where the previous site's search index and exports stay until
        ``exports``' files and the new index follow."""
        session = self.session
        session.search = session.content_check = None
        if session.theme_cache is not None:
            build = session.build
            log.info("Neu erzeugt: %d von %d Seiten des Katalogs; %d Seiten unverändert übernommen",
                     build.rendering.rendered, len(build.sources), session.theme_cache.reused)
        session.close_build()
        if session.site is not None:
            fresh, target = session.site
            if session.served is not None and session.theme_cache is not None and exports is not None:
                try:
                    session.served.update(fresh, target, session.theme_cache.kept, exports.paths)
                except BaseException:  # the served folder is part old, part new: take nothing from it
                    session.served.forget()
                    session.theme_cache.forget()
                    raise
            else:
                siteswap.publish(fresh, target)
            session.site = None
            config.site_dir = str(target)
        session.published(Path(config.site_dir))

    def on_build_error(self, *, error: Exception) -> None:
        self.session.abandon()

    def on_shutdown(self) -> None:
        self.session.shut_down()  # also after Ctrl-C or SIGTERM, which skip on_build_error

    def on_serve(self, server, *, config: MkDocsConfig, builder):
        # the data folder is watched also when it is a PORTAL_DATA folder outside the project
        server = watching_faster(server, also=[str(data_dir(_repo_root(config)))])
        return preview.showing_errors(server, config.site_name, self.session.abandon)


def _name_blog_folder(config: MkDocsConfig) -> None:
    """Give the blog plugin's temporary folder a name with this process's id, so that a later
    build removes it if this one is killed (the plugin removes it itself in on_shutdown)."""
    blog = config.plugins.get("material/blog")
    folder = Path(getattr(blog, "temp_dir", "") or ".")
    if folder.parent == Path(tempfile.gettempdir()) and folder.name.startswith("tmp") and not any(folder.iterdir()):
        folder.rmdir()
        blog.temp_dir = tempfile.mkdtemp(prefix=siteswap.work_prefix("blog"))  # type: ignore[union-attr]


def _warnings_counted() -> bool:
    """Whether MkDocs has counted a warning, which makes it abort a strict build after this event."""
    return any(isinstance(handler, CountHandler) and handler.get_counts()
               for handler in logging.getLogger("mkdocs").handlers)


def _site_root(config: MkDocsConfig) -> str:
    """The path under which the site is served (``/`` or, on a project page, ``/repo/``)."""
    return urlsplit(config.site_url or "/").path or "/"
