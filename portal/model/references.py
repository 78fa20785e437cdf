"""Every reference from one record to another, found in one place.

Used by :mod:`portal.load` to check that each referenced id exists (with the field's position for
the error) and by :mod:`portal.model.catalogue` to compute back-links (a topic page lists every record
that names the topic), so the two can never disagree about which fields are references.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from portal.model.records import (
    Angebot,
    Eintrag,
    Foerderprogramm,
    Initiative,
    Organisation,
    Publikation,
    Thema,
    Veranstaltung,
)

INITIATIVE_KINDS = ("netzwerk", "hub", "cluster")
PROVIDER_KINDS = (*INITIATIVE_KINDS, "organisation")
"""Who may offer an Angebot or publish a Publikation."""


class Reference(NamedTuple):
    """``record`` names ``target`` in the field at ``path``; ``targets`` are the allowed kinds.

    A named tuple: the loader makes one for every reference in every file (about five per
    record), and a tuple is made three times faster than a frozen dataclass."""

    path: tuple[str | int, ...]
    targets: tuple[str, ...]
    target: str
    role: str
    workshop: int | None = None


def _each(path: tuple, ids: list[str], targets: tuple[str, ...], role: str, workshop=None):
    for index, target in enumerate(ids):
        yield Reference((*path, index), targets, target, role, workshop)


def references(record: Eintrag) -> Iterator[Reference]:
    """Yield the references ``record`` makes, in field order."""
    org, topic, programme = ("organisation",), ("thema",), ("foerderprogramm",)
    if isinstance(record, Initiative):
        yield from _each(("koordination",), record.koordination, org, "koordination")
        for index, partner in enumerate(record.partner):
            yield Reference(("partner", index, "organisation"), org, partner.organisation, "partner")
        yield from _each(("themen",), record.themen, topic, "thema")
        for index, amount in enumerate(record.foerderung):
            if amount.programm:
                yield Reference(("foerderung", index, "programm"), programme, amount.programm, "foerderung")
    elif isinstance(record, Veranstaltung):
        yield from _each(("veranstalter",), record.veranstalter, org, "veranstalter")
        yield from _each(("beteiligte",), record.beteiligte, INITIATIVE_KINDS, "beteiligt")
        yield from _each(("themen",), record.themen, topic, "thema")
        for number, workshop in enumerate(record.workshops):
            yield from _each(("workshops", number, "themen"), workshop.themen, topic, "workshop-thema", number)
    elif isinstance(record, Thema):
        yield from _each(("verwandte_themen",), record.verwandte_themen, topic, "verwandt")
    elif isinstance(record, Foerderprogramm):
        for field in ("ministerium", "projekttraeger"):
            value = getattr(record, field)
            if value:
                yield Reference((field,), org, value, field)
        if record.uebergeordnet:
            yield Reference(("uebergeordnet",), programme, record.uebergeordnet, "uebergeordnet")
        for index, amount in enumerate(record.volumen):
            if amount.programm:
                yield Reference(("volumen", index, "programm"), programme, amount.programm, "volumen")
    elif isinstance(record, Angebot):
        yield from _each(("anbieter",), record.anbieter, PROVIDER_KINDS, "anbieter")
        yield from _each(("themen",), record.themen, topic, "thema")
    elif isinstance(record, Publikation):
        yield from _each(("herausgeber",), record.herausgeber, PROVIDER_KINDS, "herausgeber")
        yield from _each(("themen",), record.themen, topic, "thema")
    elif isinstance(record, Organisation):
        return
