"""The page plan: a pure function from the catalogue to every generated page and how to render it.

Called by the MkDocs glue (:mod:`portal.site.build`) and by tests; it knows nothing about MkDocs,
so a move to another generator (or writing the pages to disk) changes only the glue. Each declared
record kind (:mod:`portal.model.kinds`) gets a page per record and its overview page; the Länder,
the Wegweiser, the legal pages and the field reference complete the site. Titles are also offered
pre-escaped (``meta``) because MkDocs' theme environment does not autoescape.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from portal.common.laender import LAENDER
from portal.exports import feeds, jsonld
from portal.load.loader import SETTINGS_FILE
from portal.model.catalogue import Catalogue
from portal.model.entry import Eintrag
from portal.model.kinds import Kind
from portal.pages.fieldref import field_reference
from portal.pages.geo import land_map
from portal.pages.renderer import Renderer, hilfe_url

__all__ = ["PageSource", "PlannedPage", "Renderer", "plan_pages", "render_page", "structured_data"]


@dataclass(frozen=True)
class PageSource:
    """One generated page: where it goes, its title and description, and the file an editor changes."""

    src_uri: str
    title: str
    edit_path: str | None  # relative to the repository; None: no file in the repository (see plan_pages)
    listed: bool = False
    description: str = ""
    names: tuple[str, ...] = ()  # what searches for this page name it by (portal.search weighs them most)
    nationwide: bool = False  # works everywhere: matches every Land filter of the search
    search_weight: float | None = None  # of the page's text in the search, when not the default

    @property
    def meta(self) -> dict[str, str]:
        """Title and description for the theme, HTML-escaped (its templates do not escape)."""
        meta = {"title": html.escape(self.title)}
        if self.description:
            meta["description"] = html.escape(self.description)
        return meta

    @property
    def url(self) -> str:
        """Directory-style URL, e.g. ``netzwerke/autos-sw-bw/`` or ``netzwerke/``."""
        stem = self.src_uri.removesuffix(".md")
        stem = stem.removesuffix("index").rstrip("/")
        return f"{stem}/" if stem else ""

    @property
    def path(self) -> str:
        """The HTML file in the site, e.g. ``netzwerke/autos-sw-bw/index.html``."""
        return f"{self.url}index.html"


@dataclass(frozen=True)
class PlannedPage:
    """A page to generate: what it is, and the template and values its body is rendered from."""

    source: PageSource
    template: str
    context: dict[str, Any]


class _Plan:
    """Collects the pages of one build; takes a record's page over from ``earlier`` (see plan_pages)."""

    def __init__(self, earlier: Mapping[str, PlannedPage]) -> None:
        self.pages: list[PlannedPage] = []
        self._earlier = earlier

    def add(self, src_uri: str, template: str, title: str, edit_path: str | None, *, description: str = "",
            listed: bool = False, names: tuple[str, ...] = (), nationwide: bool = False,
            search_weight: float | None = None, **context) -> None:
        source = PageSource(src_uri, title, edit_path, listed, description, names, nationwide, search_weight)
        self.pages.append(PlannedPage(source, template, context))

    def record(self, record: Eintrag, kind: Kind) -> None:
        src_uri = f"{kind.url_segment}/{record.id}.md"
        known = self._earlier.get(src_uri)
        if (known is not None and known.context.get("record") is record and known.template == kind.template
                and known.source.search_weight == kind.search_weight):
            self.pages.append(known)
            return
        self.add(src_uri, kind.template, record.title, in_repository(record.source),
                 description=record.summary(), names=record.search_names(), nationwide=record.nationwide(),
                 search_weight=kind.search_weight, record=record)

    def overview(self, kind: Kind) -> None:
        view = kind.overview
        if view is not None:
            edit_path = None if kind.template_folder else template_path(view.template)
            self.add(f"{kind.url_segment}/index.md", view.template, view.title, edit_path, listed=True,
                     names=view.names)


def render_page(renderer: Renderer, page: PlannedPage) -> str:
    """The HTML body of one planned page."""
    source = page.source
    edit_url = renderer.catalogue.settings.edit_url(source.edit_path) if source.edit_path else None
    return renderer.render(page.template, source.url, edit_url=edit_url, title=source.title, **page.context)


def structured_data(renderer: Renderer, page: PlannedPage) -> str:
    """The page's Schema.org data (JSON-LD, escaped for a script element), or "" if it has none."""
    record = page.context.get("record")
    if record is not None:
        data = jsonld.for_record(renderer.catalogue, record, renderer.address)
    elif page.template == "daten.md.j2":
        data = jsonld.dataset(renderer.catalogue, renderer.today, page.source.url, renderer.address)
    else:
        data = None
    return jsonld.script_text(data) if data else ""


def plan_pages(catalogue: Catalogue, data_folder: str | None = "data",
               earlier: Mapping[str, PlannedPage] | None = None) -> list[PlannedPage]:
    """Every generated page of the portal, in a stable order; :func:`render_page` renders each.

    ``earlier``: the pages of an earlier plan, by source path (``mkdocs serve``); a record's page is
    taken over, the same object, while its record is the same object (a record is not changed once
    loaded; :class:`portal.load.filecache.FileCache` keeps those of unchanged files). Why: at
    10,000 records planning took about 0.09 s of every save, and each page's key
    (``portal.site.page_cache.page_key``) another 0.07 s, before any page could render; a page
    taken over keeps its key (:class:`portal.site.incremental.Incremental`).

    ``data_folder`` is the data folder relative to the repository (None when it lies outside,
    as ``PORTAL_DATA`` may): a page's edit link opens the one file an editor changes for it, and
    never a path on the building machine. A record page: the record's file. An overview: the
    template that holds its heading and introduction (the entries listed have their own edit
    links); the "Hilfe finden" page of a Land, too. A Land page, made only of lists of records: the
    "Mitmachen" page, which says how to add and correct entries. The legal pages: the settings
    file of the data folder.
    """
    site = _Plan(earlier or {})
    for kind in catalogue.kinds:
        for record in catalogue.presented(kind):
            site.record(record, kind)
    for code, name in LAENDER.items():
        site.add(f"laender/{code.lower()}.md", "land.md.j2", name, HOW_TO_CONTRIBUTE, code=code, name=name)
    for code, name in LAENDER.items():
        site.add(f"{hilfe_url(code)[:-1]}.md", "hilfe-land.md.j2", f"Hilfe finden in {name}",
                 template_path("hilfe-land.md.j2"), code=code, name=name)
    site.add("hilfe/index.md", "hilfe.md.j2", "Hilfe finden", template_path("hilfe.md.j2"), listed=True,
             land_map=land_map(catalogue))

    for kind in catalogue.kinds:
        site.overview(kind)
    site.add("laender/index.md", "laender.md.j2", "Länder", template_path("laender.md.j2"), listed=True,
             land_map=land_map(catalogue))
    settings_file = f"{data_folder}/{SETTINGS_FILE}" if data_folder else None
    site.add("impressum.md", "impressum.md.j2", "Impressum", settings_file)
    site.add("datenschutz.md", "datenschutz.md.j2", "Datenschutzerklärung", settings_file)
    site.add("barrierefreiheit.md", "barrierefreiheit.md.j2", "Erklärung zur Barrierefreiheit", settings_file)
    site.add("mitmachen/felder.md", "felder.md.j2", "Feldreferenz", template_path("felder.md.j2"), listed=True,
             kinds=field_reference())
    site.add("daten.md", "daten.md.j2", "Offene Daten, Kalender und Feeds", settings_file, listed=True,
             description="Der Katalog des Portals als JSON und CSV, Kalender zum Abonnieren und Feeds.",
             changes_limit=feeds.CHANGES_LIMIT)
    return site.pages


HOW_TO_CONTRIBUTE = "docs/mitmachen/index.md"
"""The page that explains how to add and correct entries (edit link of pages made only of lists)."""


def template_path(template: str) -> str:
    """A page template's file, relative to the repository."""
    return f"portal/templates/{template}"


def in_repository(path: str) -> str | None:
    """``path`` if it is relative to the repository (a record's file), else None."""
    return path if path and not path.startswith("/") and ".." not in path.split("/") else None
