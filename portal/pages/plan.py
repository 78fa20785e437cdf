"""Page sources for the portal: a pure function from the catalogue to finished page bodies.

Called by the MkDocs glue (:mod:`portal.site.mkdocs_hooks`) and by tests; it knows nothing about MkDocs,
so a move to another generator (or writing the pages to disk) changes only the glue.

Every body is HTML from autoescaped Jinja templates (``portal/templates``), so editor values
appear literally: neither Markdown syntax nor Jinja in a value is ever interpreted, and the site
generator never parses the bodies again. Titles are also offered pre-escaped (``meta``) because
MkDocs' theme environment does not autoescape.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path, PurePosixPath
from types import SimpleNamespace
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context
from markupsafe import Markup

from portal.common.paths import TEMPLATES
from portal.pages import formatting
from portal.pages.facets import overview_facets, record_values
from portal.model.catalogue import Catalogue
from portal.exports import addresses, feeds, ics, jsonld
from portal.exports.addresses import SiteAddress
from portal.pages.fieldref import field_reference
from portal.pages.formatting import slug
from portal.pages.geo import land_map
from portal.common.laender import LAENDER
from portal.load.loader import SETTINGS_FILE
from portal.pages.wegweiser import NEEDS, answer, needs_of
from portal.model.records import (
    OFFER_FORMATS,
    OFFER_MODES,
    ORGANISATION_KINDS,
    PROGRAMME_KINDS,
    PUBLICATION_KINDS,
    RECORD_TYPES,
    Angebot,
    Cluster,
    Eintrag,
    Foerderprogramm,
    Hub,
    Initiative,
    Netzwerk,
    Organisation,
    Publikation,
    Thema,
    Veranstaltung,
    Zaehlung,
    period_over,
)
from portal.model.richtext import render_markdown




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


def relative_url(from_url: str, to_url: str) -> str:
    """Link from one directory-style page URL to another (``netzwerke/x/`` -> ``../../themen/y/``).

    Why not ``posixpath.relpath``: up to the site root and down again is just as correct, and
    cheap enough for the hundreds of thousands of links a large catalogue has (the 21,000 links of
    1,000 synthetic records: 0.01 s, with ``relpath`` 0.13 s, a tenth of all page rendering).
    """
    path, hash_mark, anchor = to_url.partition("#")
    if not path and hash_mark:
        return f"#{anchor}"
    rel = "../" * from_url.count("/") + path or "./"
    return rel + (f"#{anchor}" if hash_mark else "")


def host(address: str) -> str:
    """The host of a web address without ``www.``, as a short link text: ``tu-braunschweig.de``."""
    return (urlsplit(address).hostname or address).removeprefix("www.")


def land_url(code: str) -> str:
    return f"laender/{code.lower()}/"


def hilfe_url(code: str) -> str:
    """The Wegweiser's answer for a Land (portal.wegweiser)."""
    return f"hilfe/{code.lower()}/"



@pass_context
def _url(context, target) -> str:
    to = target if isinstance(target, str) else target.url
    return relative_url(context["page_url"], to)


def _markdown(text: str | None) -> Markup:
    return Markup(render_markdown(text)[0]) if text else Markup("")


def environment() -> Environment:
    """The template environment: built and compiled once, and again when a template file changes
    (``mkdocs serve`` builds again in the same process, and a changed template must show)."""
    return _environment(TEMPLATES, max((path.stat().st_mtime_ns for path in TEMPLATES.iterdir()), default=0))


@lru_cache(maxsize=1)
def _environment(folder: Path, changed: int) -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(folder)),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        auto_reload=False,  # no file check per page: environment() checks the folder once per build
    )
    env.filters.update(
        markdown=_markdown,
        date=formatting.german_date,
        partial_date=formatting.partial_date,
        euro=formatting.euro,
        land=LAENDER.__getitem__,
        slug=slug,
        host=host,
    )
    env.globals.update(
        url=_url,
        land_url=land_url,
        hilfe_url=hilfe_url,
        NEEDS=NEEDS,
        needs_of=needs_of,
        date_range=formatting.date_range,
        LAENDER=LAENDER,
        ORGANISATION_KINDS=ORGANISATION_KINDS,
        PROGRAMME_KINDS=PROGRAMME_KINDS,
        OFFER_FORMATS=OFFER_FORMATS,
        OFFER_MODES=OFFER_MODES,
        PUBLICATION_KINDS=PUBLICATION_KINDS,
        KIND=SimpleNamespace(Initiative=Initiative, **{t.__name__: t for t in RECORD_TYPES}),
        card_text=card_text,
        unique=unique,
        reachable=reachable,
        period_over=period_over,
        RECORD_TYPES=RECORD_TYPES,
        files=addresses,
    )
    env.tests["contains"] = lambda values, item: item in values
    return env


class Renderer:
    """Renders templates for one catalogue and build date; shared by pages and editor macros."""

    def __init__(self, catalogue: Catalogue, today: date, address: SiteAddress = SiteAddress(None)) -> None:
        self.catalogue = catalogue
        self.today = today
        self.address = address
        self.env = environment()
        lands = _land_index(catalogue)
        self.shared = {
            "catalogue": catalogue,
            "today": today,
            "settings": catalogue.settings,
            "address": address,
            "all_events_feed": lambda: ics.all_events_feed(catalogue, today),
            "land_feed": lambda code: ics.land_feed(catalogue, today, code),
            "record_feed": lambda record: ics.record_feed(catalogue, today, record),
            "lookup": lambda ids: [catalogue.by_id[i] for i in ids],
            "in_land": lambda record_type, code: lands.get((record_type.KIND, code), []),
            "events_in_land": lambda code: [e for e in catalogue.veranstaltungen if e.ort and e.ort.land == code],
            "latest_count": lambda kind: latest_count(catalogue, kind),
            "all_counts": lambda: all_counts(catalogue),
            "facets": lambda record_type: overview_facets(catalogue, record_type, today),
            "facet_values": lambda record: record_values(record, today),
            "national_initiatives": lambda: [r for kind in (Hub, Netzwerk, Cluster) for r in catalogue.all(kind)
                                             if r.bundesweit],
            "wegweiser": lambda code: answer(catalogue, today, code),
        }

    def compile_templates(self) -> None:
        """Compile every template now, so that processes forked afterwards share the result."""
        for name in self.env.list_templates():
            self.env.get_template(name)

    def render(self, template: str, page_url: str, **context) -> str:
        """Render ``template`` for the page at ``page_url`` (links come out relative to it)."""
        return self.env.get_template(template).render(page_url=page_url, **self.shared, **context)


@dataclass(frozen=True)
class PlannedPage:
    """A page to generate: what it is, and the template and values its body is rendered from."""

    source: PageSource
    template: str
    context: dict[str, Any]


class _Plan:
    """Collects the pages of one build."""

    def __init__(self) -> None:
        self.pages: list[PlannedPage] = []

    def add(self, src_uri: str, template: str, title: str, edit_path: str | None, *, description: str = "",
            listed: bool = False, names: tuple[str, ...] = (), nationwide: bool = False,
            search_weight: float | None = None, **context) -> None:
        source = PageSource(src_uri, title, edit_path, listed, description, names, nationwide, search_weight)
        self.pages.append(PlannedPage(source, template, context))

    def record(self, record: Eintrag, template: str, description: str = "", **context) -> None:
        self.add(f"{record.URL_SEGMENT}/{record.id}.md", template, record.title, in_repository(record.source),
                 description=description, names=_search_names(record), nationwide=_nationwide(record),
                 search_weight=ORGANISATION_SEARCH_WEIGHT if isinstance(record, Organisation) else None,
                 record=record, **context)


ORGANISATION_SEARCH_WEIGHT = 0.5
"""Organisations' text counts half in the search: a search for "Leipzig" finds the Leipzig network
before the Leipzig chamber and university (measured with scripts/search_quality.py); a search for an
organisation's own name still finds it, as no other page has all its words."""


def _search_names(record: Eintrag) -> tuple[str, ...]:
    """The names a search for ``record`` uses, weighed most in its search document: title, short
    name and region of what a supplier looks for. Events and organisations get none beyond their
    heading, so a network's own page comes before the events and partners named after it."""
    if isinstance(record, (Organisation, Veranstaltung)):
        return ()
    names = (record.title, getattr(record, "kurzname", None), getattr(record, "region", None))
    return tuple(dict.fromkeys(name for name in names if name))


def _nationwide(record: Eintrag) -> bool:
    """Whether ``record`` concerns every Land: topics and programmes, initiatives named for no Land."""
    if isinstance(record, (Thema, Foerderprogramm)) or getattr(record, "bundesweit", False):
        return True
    return isinstance(record, Initiative) and not record.laender


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


def plan_pages(catalogue: Catalogue, data_folder: str | None = "data") -> list[PlannedPage]:
    """Every generated page of the portal, in a stable order; :func:`render_page` renders each.

    ``data_folder`` is the data folder relative to the repository (None when it lies outside,
    as ``PORTAL_DATA`` may): a page's edit link opens the one file an editor changes for it, and
    never a path on the building machine. A record page: the record's file. An overview: the
    template that holds its heading and introduction (the entries listed have their own edit
    links); the "Hilfe finden" page of a Land, too. A Land page, made only of lists of records: the
    "Mitmachen" page, which says how to add and correct entries. The legal pages: the settings
    file of the data folder.
    """
    site = _Plan()
    for kind in (Netzwerk, Hub, Cluster):
        for initiative in catalogue.all(kind):
            site.record(initiative, "initiative.md.j2", description=_initiative_summary(initiative))
    for event in catalogue.veranstaltungen:
        site.record(event, "veranstaltung.md.j2", description=event.motto or "")
    for topic in catalogue.themen:
        site.record(topic, "thema.md.j2", description=topic.kurzfassung)
    for organisation in catalogue.organisationen:
        site.record(organisation, "organisation.md.j2")
    for programme in catalogue.foerderprogramme:
        site.record(programme, "foerderprogramm.md.j2")
    for offer in catalogue.angebote:
        site.record(offer, "angebot.md.j2", description=offer_summary(offer))
    for publication in catalogue.publikationen:
        site.record(publication, "publikation.md.j2")
    for code, name in LAENDER.items():
        site.add(f"laender/{code.lower()}.md", "land.md.j2", name, HOW_TO_CONTRIBUTE, code=code, name=name)
    for code, name in LAENDER.items():
        site.add(f"{hilfe_url(code)[:-1]}.md", "hilfe-land.md.j2", f"Hilfe finden in {name}",
                 template_path("hilfe-land.md.j2"), code=code, name=name)
    site.add("hilfe/index.md", "hilfe.md.j2", "Hilfe finden", template_path("hilfe.md.j2"), listed=True,
             land_map=land_map(catalogue))

    site.add("netzwerke/index.md", "netzwerke.md.j2", "Transformations-Netzwerke", template_path("netzwerke.md.j2"),
             listed=True, names=("Transformationsnetzwerke", "alle Netzwerke"), land_map=land_map(catalogue))
    site.add("hubs/index.md", "hubs.md.j2", "Transformations-Hubs", template_path("hubs.md.j2"), listed=True,
             names=("Transformationshubs", "alle Hubs"))
    site.add("cluster/index.md", "cluster.md.j2", "Innovationscluster", template_path("cluster.md.j2"), listed=True,
             official=latest_count(catalogue, "cluster"))
    site.add("themen/index.md", "themen.md.j2", "Themen", template_path("themen.md.j2"), listed=True)
    site.add("veranstaltungen/index.md", "veranstaltungen.md.j2", "Termine und Veranstaltungen",
             template_path("veranstaltungen.md.j2"), listed=True)
    site.add("angebote/index.md", "angebote.md.j2", "Angebote für Unternehmen", template_path("angebote.md.j2"),
             listed=True)
    site.add("publikationen/index.md", "publikationen.md.j2", "Publikationen", template_path("publikationen.md.j2"),
             listed=True)
    site.add("organisationen/index.md", "organisationen.md.j2", "Organisationen", template_path("organisationen.md.j2"),
             listed=True)
    site.add("foerderung/index.md", "foerderung.md.j2", "Förderung", template_path("foerderung.md.j2"), listed=True)
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
    parts = PurePosixPath(path).parts
    return path if path and not PurePosixPath(path).is_absolute() and ".." not in parts else None


def _initiative_summary(initiative: Initiative) -> str:
    where = initiative.region or ", ".join(LAENDER[c] for c in initiative.laender)
    return f"{initiative.LABEL}: {where}" if where else initiative.LABEL


def offer_summary(offer: Angebot) -> str:
    """One line for the page description: format, cost where known, provider area."""
    parts = [", ".join(OFFER_FORMATS[f] for f in offer.formate)]
    if offer.free:
        parts.append("kostenfrei")
    parts.append("bundesweit" if offer.bundesweit else offer.region or ", ".join(LAENDER[c] for c in offer.laender))
    return " · ".join(part for part in parts if part)


def reachable(records: list[Eintrag]) -> list[Eintrag]:
    """The records that have an institutional contact or a website."""
    return [r for r in records if getattr(r, "kontakt", None) or getattr(r, "website", None)]


def all_counts(catalogue: Catalogue) -> list[tuple[Zaehlung, Foerderprogramm]]:
    """Every official count with the programme record that states it, oldest first."""
    counts = [(count, programme) for programme in catalogue.foerderprogramme for count in programme.zaehlungen]
    return sorted(counts, key=lambda pair: (pair[0].datum, pair[1].id))


def latest_count(catalogue: Catalogue, kind: str) -> tuple[Zaehlung, Foerderprogramm] | None:
    """The newest official count that states a number for ``kind`` (netzwerke, hubs, cluster)."""
    stated = [pair for pair in all_counts(catalogue) if getattr(pair[0], kind) is not None]
    return stated[-1] if stated else None


def _land_index(catalogue: Catalogue) -> dict[tuple[str, str], list[Eintrag]]:
    """(kind, Land code) -> records there: every kind with ``laender``, and organisations by their seat."""
    index: dict[tuple[str, str], list[Eintrag]] = {}
    for record_type in (t for t in RECORD_TYPES if "laender" in t.model_fields):
        for record in catalogue.all(record_type):
            for code in record.laender:  # type: ignore[attr-defined]
                index.setdefault((record_type.KIND, code), []).append(record)
    for organisation in catalogue.organisationen:
        if organisation.land:
            index.setdefault((Organisation.KIND, organisation.land), []).append(organisation)
    return index


def card_text(record: Eintrag) -> str:
    """The one line under a card's title."""
    if isinstance(record, Initiative):
        return record.region or ", ".join(LAENDER[c] for c in record.laender)
    if isinstance(record, Thema):
        return record.kurzfassung
    if isinstance(record, Veranstaltung):
        place = record.ort.stadt if record.ort and record.ort.stadt else ""
        return ", ".join(part for part in (formatting.date_range(record.beginn, record.ende), place) if part)
    if isinstance(record, Organisation):
        return ORGANISATION_KINDS[record.art]
    if isinstance(record, Angebot):
        return offer_summary(record)
    if isinstance(record, Publikation):
        return ", ".join(PUBLICATION_KINDS[k] for k in record.art) + (f" · {record.datum[:4]}" if record.datum else "")
    return ""


def unique(records: list[Eintrag]) -> list[Eintrag]:
    """The records in order, each once."""
    return list({record.id: record for record in records}.values())
