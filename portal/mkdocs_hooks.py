"""MkDocs glue (loaded through ``hooks:`` in mkdocs.yml): the only module that imports MkDocs.

on_config   loads and validates the data and renders all pages (portal.build); bad data stops
            the build with every error, before anything is written.
on_files    adds the generated pages (record pages stay out of the navigation).
on_page_markdown / on_page_content  pass the HTML bodies of generated pages around the Markdown
            parser: they are finished HTML, and parsing 10,000 of them again would cost more than
            the rest of the build.
on_page_context  sets each page's edit link: the YAML file for generated pages, the Markdown file
            for hand-written ones.
on_post_build    builds the search index (Pagefind), then checks links, anchors and
            third-party requests in the finished HTML.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from portal import build
from portal.errors import DataErrors
from portal.linkcheck import check_site
from portal.search import UI_FILES, SearchIndexError, build_search_index

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
    for page in current.pages:
        if files.get_file_from_path(page.src_uri) is not None:
            raise PluginError(f"docs/{page.src_uri} überschneidet sich mit einer erzeugten Seite; bitte umbenennen")
        inclusion = InclusionLevel.INCLUDED if page.listed else InclusionLevel.NOT_IN_NAV
        files.append(File.generated(config, page.src_uri, content=page.content, inclusion=inclusion))
    current.release_contents()  # MkDocs holds them now; one copy of 10,000 pages is enough
    return files


_bodies: dict[str, str] = {}
_ID = re.compile(r'\sid="([^"]+)"')


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    if page.file.src_uri in build.current().edit_paths:
        _bodies[page.file.src_uri] = markdown
        return ""
    return markdown


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    body = _bodies.pop(page.file.src_uri, None)
    if body is None:
        return html
    # MkDocs validates links to anchors against the ids it saw while parsing; tell it ours.
    page.present_anchor_ids = set(_ID.findall(body))
    return body


def on_page_context(context, *, page: Page, config: MkDocsConfig, nav):
    current = build.current()
    path = current.edit_paths.get(page.file.src_uri)
    if path is None and (Path(config.docs_dir) / page.file.src_uri).is_file():
        docs = Path(config.docs_dir).resolve().relative_to(_repo_root(config)).as_posix()
        path = f"{docs}/{page.file.src_uri}"
    page.edit_url = current.catalogue.settings.edit_url(path) if path else None
    return context


def on_post_build(*, config: MkDocsConfig) -> None:
    site_dir = Path(config.site_dir)
    try:
        problems = build_search_index(
            site_dir, while_indexing=lambda: check_site(site_dir, being_written=UI_FILES)
        )
    except SearchIndexError as exc:
        raise PluginError(str(exc)) from None
    for problem in problems:
        log.warning(problem)
