"""Small views of the catalogue that page templates ask for: official counts, records by Land,
records one can contact, lists without repeats.

Called through the page renderer (:mod:`portal.pages.renderer`) by the templates, and by
:mod:`portal.site.macros` (``anzahl``).
"""

from __future__ import annotations

from portal.model.catalogue import Catalogue
from portal.model.entry import Eintrag
from portal.model.parts import Zaehlung
from portal.model.records import Foerderprogramm, Organisation, Veranstaltung


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


def land_index(catalogue: Catalogue) -> dict[tuple[str, str], list[Eintrag]]:
    """(kind, Land code) -> records there: every kind with ``laender``, organisations by their seat
    and events by their place."""
    index: dict[tuple[str, str], list[Eintrag]] = {}
    for kind in (k for k in catalogue.kinds if "laender" in k.model.model_fields):
        for record in catalogue.all(kind):
            for code in record.laender:  # type: ignore[attr-defined]
                index.setdefault((kind.name, code), []).append(record)
    for organisation in catalogue.all(Organisation):
        if organisation.land:
            index.setdefault((Organisation.kind.name, organisation.land), []).append(organisation)
    for event in catalogue.all(Veranstaltung):
        if event.ort and event.ort.land:
            index.setdefault((Veranstaltung.kind.name, event.ort.land), []).append(event)
    return index


def unique(records: list[Eintrag]) -> list[Eintrag]:
    """The records in order, each once."""
    return list({record.id: record for record in records}.values())
