"""Filter facets of the overview pages (networks, events, offers, organisations).

A pure function of the catalogue and the build date, called through the page renderer
(:class:`portal.pages.Renderer`) by the overview templates: each listed record carries its facet
values as ``data-*`` attributes, and the filter form offers the values that occur, with their
labels. The script ``overrides/assets/javascripts/portal-filter.js`` narrows the list in the
browser; without JavaScript the full list stays. A value is a code (Land, topic id, format key,
year) without spaces, so an attribute holds several separated by spaces. ``*`` means "every value":
an offer for all of Germany matches every Land.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from portal.common.collation import german_key
from portal.common.formatting import slug
from portal.common.laender import LAENDER
from portal.model.catalogue import Catalogue
from portal.model.entry import Eintrag
from portal.model.records import Angebot, Netzwerk, Organisation, Veranstaltung
from portal.model.vocabularies import OFFER_FORMATS, ORGANISATION_KINDS

EVERY = "*"
"""The value of a record that matches every value of its facet (offers for all of Germany)."""


@dataclass(frozen=True)
class Facet:
    """One group of the filter form: its parameter (in the address and as ``data-`` attribute),
    its legend, the values that occur with their labels, and an optional hint under the legend."""

    parameter: str
    legend: str
    options: tuple[tuple[str, str], ...]
    hint: str = ""


def record_values(record: Eintrag, today: date) -> dict[str, tuple[str, ...]]:
    """The facet values of one listed record, by parameter."""
    if isinstance(record, Netzwerk):
        return {"land": tuple(record.laender), "thema": tuple(record.themen)}
    if isinstance(record, Veranstaltung):
        return {
            "zeit": ("kommend",) if record.last_day >= today else ("vergangen",),
            "jahr": (str(record.beginn.year),),
            "land": (record.ort.land,) if record.ort and record.ort.land else (),
            "thema": tuple(record.themen),
            "format": (_event_format(record),) if record.format else (),
        }
    if isinstance(record, Angebot):
        return {
            "format": tuple(record.formate),
            "thema": tuple(record.themen),
            "land": (EVERY,) if record.bundesweit else tuple(record.laender),
            "kosten": ("kostenfrei",) if record.free else (),
        }
    if isinstance(record, Organisation):
        return {"art": (record.art,), "land": (record.land,) if record.land else ()}
    return {}


def overview_facets(catalogue: Catalogue, kind: type[Eintrag], today: date) -> tuple[Facet, ...]:
    """The filter groups of the overview of ``kind``, each with the values its records have."""
    records = catalogue.all(kind)
    values = [record_values(record, today) for record in records]

    def occurring(parameter: str) -> set[str]:
        return {value for v in values for value in v.get(parameter, ()) if value != EVERY}

    def lands() -> tuple[tuple[str, str], ...]:
        return tuple(sorted(((c, LAENDER[c]) for c in occurring("land")), key=lambda o: german_key(o[1])))

    def topics() -> tuple[tuple[str, str], ...]:
        present = occurring("thema")
        return tuple(sorted(((t.id, t.titel) for t in catalogue.themen if t.id in present),
                            key=lambda o: german_key(o[1])))

    if kind is Netzwerk:
        return Facet("land", "Land", lands()), Facet("thema", "Thema", topics())
    if kind is Veranstaltung:
        formats = {_event_format(e): e.format for e in catalogue.all(Veranstaltung) if e.format}
        times = occurring("zeit")
        return (
            Facet("zeit", "Zeitraum", tuple((key, label) for key, label in
                                            (("kommend", "Demnächst"), ("vergangen", "Vergangen")) if key in times)),
            Facet("jahr", "Jahr", tuple((year, year) for year in sorted(occurring("jahr"), reverse=True))),
            Facet("land", "Land", lands()),
            Facet("thema", "Thema", topics()),
            Facet("format", "Format", _by_label(formats.items())),
        )
    if kind is Angebot:
        present = occurring("format")
        return (
            Facet("format", "Format", tuple((k, label) for k, label in OFFER_FORMATS.items() if k in present)),
            Facet("thema", "Thema", topics()),
            Facet("land", "Land", lands(), hint="Bundesweite Angebote gelten in jedem Land."),
            Facet("kosten", "Kosten", (("kostenfrei", "kostenfrei"),) if occurring("kosten") else ()),
        )
    if kind is Organisation:
        present = occurring("art")
        return (
            Facet("art", "Art", _by_label((k, label) for k, label in ORGANISATION_KINDS.items() if k in present)),
            Facet("land", "Land", lands()),
        )
    raise ValueError(f"no overview filter for {kind.__name__}")


def _event_format(event: Veranstaltung) -> str:
    return slug(event.format or "") or "sonstiges"


def _by_label(options: Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted(options, key=lambda o: german_key(o[1])))
