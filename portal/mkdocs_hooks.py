"""MkDocs glue (loaded through ``hooks:`` in mkdocs.yml): the only module that imports MkDocs.

on_config   loads and validates the data and renders all pages (portal.build); bad data stops
            the build with every error, before anything is written.
on_files    adds the generated pages (record pages stay out of the navigation) as pages that
            carry their finished HTML: MkDocs neither parses front matter nor runs Markdown on
            them, which for 10,000 pages would cost more than the rest of the build.
on_page_context  sets each page's edit link: the YAML file for generated pages, the Markdown file
            for hand-written ones.
on_env      starts the search index (Pagefind) and the link check over every page's content, so
            that both run on the second core while the theme renders the pages.
on_post_build    checks the theme's links in the finished HTML, collects the link problems and
            waits for the search index.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from portal import build
from portal.errors import DataErrors
from portal.background import Background
from portal.linkcheck import check_contents, check_theme
from portal.pages import PageSource
from portal.search import IndexedPage, SearchIndex, SearchIndexError

log = logging.getLogger("mkdocs.plugins.portal")


def _repo_root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).resolve().parent


@event_priority(100)  # before mkdocs-macros, whose define_env reads the build
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    try:
        build.start(_repo_root(config))
    except DataErrors as exc:
        raise PluginError(f"Die Daten enthalten Fehler; es wurde nichts gebaut.\n{exc}") from None
    return config


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    current = build.current()
    nav_titles = dict(_nav_entries(config.nav or []))
    for source in current.pages:
        if files.get_file_from_path(source.src_uri) is not None:
            raise PluginError(f"docs/{source.src_uri} überschneidet sich mit einer erzeugten Seite; bitte umbenennen")
        inclusion = InclusionLevel.INCLUDED if source.listed else InclusionLevel.NOT_IN_NAV
        file = File.generated(config, source.src_uri, content=source.body, inclusion=inclusion)
        _GeneratedPage(source, nav_titles.get(source.src_uri), file, config)
        files.append(file)
    current.release_contents()  # the pages hold them now; one copy of 10,000 pages is enough
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


_ID = re.compile(r'\sid="([^"]+)"')


class _GeneratedPage(Page):
    """A page whose HTML body and title the portal generated (see :mod:`portal.pages`)."""

    def __init__(self, source: PageSource, nav_title: str | None, file: File, config: MkDocsConfig) -> None:
        super().__init__(nav_title, file, config)  # the navigation names a page as mkdocs.yml says
        self._source = source

    @property
    def plain_title(self) -> str:
        """The title as text (``title`` is HTML-escaped for the theme)."""
        return self._source.title

    def read_source(self, config: MkDocsConfig) -> None:
        self.meta = self._source.meta
        self.markdown = ""  # nothing for Markdown; plugins that read it see an empty page

    def render(self, config: MkDocsConfig, files: Files) -> None:
        self.content = self._source.body
        self.toc = get_toc([])
        # MkDocs validates links to anchors against the ids a page has; tell it ours.
        self.present_anchor_ids = set(_ID.findall(self.content))


def on_page_context(context, *, page: Page, config: MkDocsConfig, nav):
    current = build.current()
    path = current.edit_paths.get(page.file.src_uri)
    if path is None and (Path(config.docs_dir) / page.file.src_uri).is_file():
        docs = Path(config.docs_dir).resolve().relative_to(_repo_root(config)).as_posix()
        path = f"{docs}/{page.file.src_uri}"
    page.edit_url = current.catalogue.settings.edit_url(path) if path else None
    return context


_search: SearchIndex | None = None
_content_check: Background[list[str]] | None = None


def on_env(env, *, config: MkDocsConfig, files: Files):
    global _search, _content_check
    pages = [(file.dest_uri, file.page) for file in files.documentation_pages() if file.page is not None]
    _search = SearchIndex(Path(config.site_dir))
    _search.start(IndexedPage(path, _plain_title(page), page.content or "") for path, page in pages)
    contents = {path: page.content or "" for path, page in pages}
    site_files = [file.dest_uri for file in files]
    _content_check = Background(lambda: check_contents(contents, site_files))
    return env


def _plain_title(page: Page) -> str:
    return page.plain_title if isinstance(page, _GeneratedPage) else page.title or ""


def on_post_build(*, config: MkDocsConfig) -> None:
    if _search is None or _content_check is None:
        raise PluginError("Suchindex und Linkprüfung wurden nicht gestartet.")
    site_dir = Path(config.site_dir)
    try:
        problems = _search.finish(
            while_indexing=lambda: list(dict.fromkeys(_content_check.result() + check_theme(site_dir)))
        )
    except SearchIndexError as exc:
        raise PluginError(str(exc)) from None
    for problem in problems:
        log.warning(problem)
