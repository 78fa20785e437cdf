"""The template environment and the renderer that turns a template and a catalogue into HTML.

Used by :mod:`portal.pages.plan` (page bodies), :mod:`portal.site.macros` (editor macros) and the
build glue. Every body is HTML from autoescaped Jinja templates (``portal/templates`` and the
template folders of kinds declared elsewhere), so editor values appear literally: neither Markdown
syntax nor Jinja in a value is ever interpreted.
"""

from __future__ import annotations

from datetime import date
from functools import cache, lru_cache, partial
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, pass_context
from markupsafe import Markup

from portal.common import dates, formatting
from portal.common.formatting import slug
from portal.common.laender import LAENDER
from portal.common.paths import TEMPLATES
from portal.exports import addresses, ics
from portal.exports.addresses import SiteAddress
from portal.model.catalogue import Catalogue
from portal.model.entry import Eintrag
from portal.model.footprint import Footprint
from portal.model.parts import period_over
from portal.model.records import Cluster, Hub, Initiative, Netzwerk, Thema, Veranstaltung
from portal.model.richtext import render_markdown
from portal.model.vocabularies import (
    OFFER_FORMATS,
    OFFER_MODES,
    ORGANISATION_KINDS,
    PROGRAMME_KINDS,
    PUBLICATION_KINDS,
)
from portal.pages.facets import overview_facets, record_values
from portal.pages.geo import land_map
from portal.pages.sections import Sections
from portal.pages.summaries import all_counts, land_index, latest_count, reachable, unique
from portal.pages.wegweiser import NEEDS, answer, needs_of


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


def keyed_by_id(records: list[Eintrag]) -> dict[str, Eintrag]:
    """``records`` by id: a section that shows the records its records name gets them as a list
    (``named``) and picks them from this (:func:`pick`), as it cannot call ``lookup``."""
    return {record.id: record for record in records}


def pick(known: dict[str, Eintrag], ids: list[str]) -> list[Eintrag]:
    """The records ``ids`` name, in their order, from ``known`` (see :func:`keyed_by_id`)."""
    return [known[record_id] for record_id in ids]


def _markdown(text: str | None) -> Markup:
    return Markup(render_markdown(text)[0]) if text else Markup("")


def environment(extra_folders: tuple[Path, ...] = ()) -> Environment:
    """The template environment: built and compiled once, and again when a template file changes
    (``mkdocs serve`` builds again in the same process, and a changed template must show).
    ``extra_folders``: templates of kinds declared outside the package (searched after ours)."""
    folders = (TEMPLATES, *extra_folders)
    changed = max((path.stat().st_mtime_ns for folder in folders for path in folder.iterdir()), default=0)
    return _environment(folders, changed)


@lru_cache(maxsize=1)
def _environment(folders: tuple[Path, ...], changed: int) -> Environment:
    env = Environment(
        loader=ChoiceLoader([FileSystemLoader(str(folder)) for folder in folders]),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        auto_reload=False,  # no file check per page: environment() checks the folder once per build
    )
    env.filters.update(
        markdown=_markdown,
        date=dates.german_date,
        partial_date=dates.partial_date,
        euro=formatting.euro,
        land=LAENDER.__getitem__,
        slug=slug,
        host=host,
        keyed_by_id=keyed_by_id,
        pick=pick,
    )
    env.globals.update(
        url=_url,
        land_url=land_url,
        hilfe_url=hilfe_url,
        NEEDS=NEEDS,
        needs_of=needs_of,
        date_range=dates.date_range,
        LAENDER=LAENDER,
        ORGANISATION_KINDS=ORGANISATION_KINDS,
        PROGRAMME_KINDS=PROGRAMME_KINDS,
        OFFER_FORMATS=OFFER_FORMATS,
        OFFER_MODES=OFFER_MODES,
        PUBLICATION_KINDS=PUBLICATION_KINDS,
        unique=unique,
        reachable=reachable,
        period_over=period_over,
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
        self.env = environment(catalogue.kinds.template_folders)
        lands = land_index(catalogue)
        # ``cache``: answers that several pages, and the preview's page check before them, ask for
        # (portal.site.questions.Digests says what it buys); a renderer lives for one build.
        self.shared = {
            "catalogue": catalogue,
            "today": today,
            "settings": catalogue.settings,
            "address": address,
            # The model classes by name (KIND.Angebot), for templates that ask for referrers of a kind.
            "KIND": SimpleNamespace(Initiative=Initiative, **{k.model.__name__: k.model for k in catalogue.kinds}),
            "all_events_feed": lambda: ics.all_events_feed(catalogue, today),
            "land_feed": cache(lambda code: ics.land_feed(catalogue, today, code)),
            "record_feed": lambda record: ics.record_feed(catalogue, today, record),
            "lookup": lambda ids: [catalogue.by_id[i] for i in ids],
            "in_land": lambda record_type, code: lands.get((record_type.kind.name, code), []),
            "events_in_land": lambda code: lands.get((Veranstaltung.kind.name, code), []),
            "latest_count": lambda kind: latest_count(catalogue, kind),
            "all_counts": lambda: all_counts(catalogue),
            "map_of_lands": lambda: land_map(catalogue),
            "facets": lambda record_type: overview_facets(catalogue, record_type, today),
            "facet_values": lambda record: record_values(record, today),
            "national_initiatives": cache(lambda: [r for kind in (Hub, Netzwerk, Cluster) for r in catalogue.all(kind)
                                                   if r.bundesweit]),
            "wegweiser": cache(lambda code: answer(catalogue, today, code)),
        }
        # What the answers of helpers depend on, by their arguments (records as their ids), for the
        # preview's page cache (portal.model.footprint); a helper not named here is asked again
        # after every save.
        self.footprints = {
            "lookup": lambda ids: Footprint(records=ids),
            "facet_values": lambda record: Footprint(records=(record,)),
            "record_feed": lambda record: Footprint(records=(record,), referrers_of=(record,)),
            "facets": lambda record_type: Footprint(kinds=(record_type, Thema)),
        }
        self.sections = Sections(self.env)  # the ``section`` helper (portal.pages.sections): one per page rendering

    def compile_templates(self) -> None:
        """Compile every template now, so that processes forked afterwards share the result."""
        for name in self.env.list_templates():
            self.env.get_template(name)

    def render(self, template: str, page_url: str, **context) -> str:
        """Render ``template`` for the page at ``page_url`` (links come out relative to it)."""
        return self.env.get_template(template).render(page_url=page_url, **self.shared,
                                                      section=partial(self.sections.render, page_url), **context)
