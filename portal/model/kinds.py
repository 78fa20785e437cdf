"""The record kinds of the portal, each declared once: model class, folder, labels, pages, order.

Everything that handles kinds reads them from a :class:`KindRegistry`: the loader (folders, schema
lines, reference messages), the catalogue (order, back-links), the page plan (record and overview
pages), the field reference, the JSON Schemas, ``diff`` and ``report`` wording, the search filter
"Art", the issue forms (tested) and the navigation (tested). :data:`KINDS` is the portal's registry;
a test may build another one with an extra kind (:meth:`KindRegistry.with_kind`) and hand it to the
loader and the page plan.

To add a kind: a model class in :mod:`portal.model.records` (its references typed with
:class:`~portal.model.references.RefersTo`), a page template, and a :class:`Kind` below.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from portal.model.entry import Eintrag
from portal.model.records import (
    Angebot,
    Cluster,
    Foerderprogramm,
    Hub,
    Netzwerk,
    Organisation,
    Publikation,
    Thema,
    Veranstaltung,
)

Order = Callable[[Sequence[Eintrag]], list[Eintrag]]
"""Puts a kind's records (given in German alphabetical order of their titles) in presentation order."""


@dataclass(frozen=True)
class Overview:
    """The overview page of a kind at ``<url_segment>/``: its template, title and place in the
    navigation (the section titles in ``mkdocs.yml`` that lead to it, the page itself last or as
    the section's index), and extra names a search finds it by."""

    template: str
    title: str
    nav: tuple[str, ...]
    names: tuple[str, ...] = ()


@dataclass(frozen=True)
class Kind:
    """One record kind. ``name`` is its key (schema file, ``python -m portal new <name>``), ``folder``
    its folder under ``data/``, ``url_segment`` the first part of its pages' addresses.

    Declaring a kind binds it to its model class (``Netzwerk.kind``), so a record knows its labels
    and address; a class belongs to one kind."""

    name: str
    model: type[Eintrag]
    folder: str
    label: str
    label_plural: str
    template: str
    overview: Overview | None = None
    url_segment: str = ""  # default: the folder
    filter_value: str = ""  # the value of the search filter "Art"; default: the label
    order: Order | None = None  # presentation order; default: German alphabetical order of titles
    alphabetical_in_links: bool = False  # back-links and catalogue.everything() list it alphabetically
    search_weight: float | None = None  # of the page's text in the search, when not the default
    template_folder: Path | None = None  # where ``template`` lies if not in portal/templates
    schema_file: str = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "url_segment", self.url_segment or self.folder)
        object.__setattr__(self, "filter_value", self.filter_value or self.label)
        object.__setattr__(self, "schema_file", f"{self.name}.schema.json")
        bound = self.model.__dict__.get("kind")
        if bound is not None and bound != self:
            raise ValueError(f"{self.model.__name__} is declared as kind '{bound.name}' already")
        self.model.kind = self

    def present(self, records: Sequence[Eintrag]) -> list[Eintrag]:
        """The records (in alphabetical order) in this kind's presentation order."""
        return self.order(records) if self.order else list(records)


class KindRegistry:
    """The declared kinds in presentation order, found by name, folder or model class."""

    def __init__(self, kinds: Iterable[Kind]) -> None:
        self.kinds = tuple(kinds)
        self.by_name = {kind.name: kind for kind in self.kinds}
        self.by_folder = {kind.folder: kind for kind in self.kinds}
        self._by_model = {kind.model: kind for kind in self.kinds}
        segments = {kind.url_segment for kind in self.kinds}
        if not len(self.kinds) == len(self.by_name) == len(self.by_folder) == len(self._by_model) == len(segments):
            raise ValueError("every kind needs its own name, folder, URL segment and model class")

    def __iter__(self) -> Iterator[Kind]:
        return iter(self.kinds)

    def __len__(self) -> int:
        return len(self.kinds)

    def get(self, name: str) -> Kind | None:
        """The kind called ``name`` (``netzwerk``) or stored in the folder ``name`` (``netzwerke``)."""
        return self.by_name.get(name) or self.by_folder.get(name)

    def of(self, model: type[Eintrag]) -> Kind:
        """The kind of a model class (``KeyError`` if it is not declared here)."""
        return self._by_model[model]

    def with_kind(self, kind: Kind) -> KindRegistry:
        """A registry with every kind of this one and ``kind`` last."""
        return KindRegistry((*self.kinds, kind))

    @property
    def template_folders(self) -> tuple[Path, ...]:
        """Folders besides portal/templates that hold kinds' templates."""
        return tuple(dict.fromkeys(kind.template_folder for kind in self.kinds if kind.template_folder))


def _newest_first(records: Sequence[Eintrag]) -> list[Eintrag]:
    return sorted(records, key=lambda e: (e.beginn, e.id), reverse=True)  # type: ignore[attr-defined]


def _by_date(records: Sequence[Eintrag]) -> list[Eintrag]:
    return sorted(records, key=lambda p: (p.datum or "", p.id))  # type: ignore[attr-defined]


def _newest_first_undated_last(records: Sequence[Eintrag]) -> list[Eintrag]:
    dated = sorted((p for p in records if p.datum), key=lambda p: (p.datum, p.id), reverse=True)  # type: ignore[attr-defined]
    return dated + [p for p in records if not p.datum]  # type: ignore[attr-defined]


KINDS = KindRegistry((
    Kind("netzwerk", Netzwerk, "netzwerke", "Transformations-Netzwerk", "Transformations-Netzwerke",
         "initiative.md.j2", Overview("netzwerke.md.j2", "Transformations-Netzwerke", ("Netzwerke",),
                                      names=("Transformationsnetzwerke", "alle Netzwerke"))),
    Kind("hub", Hub, "hubs", "Transformations-Hub", "Transformations-Hubs", "initiative.md.j2",
         Overview("hubs.md.j2", "Transformations-Hubs", ("Hubs",), names=("Transformationshubs", "alle Hubs"))),
    Kind("cluster", Cluster, "cluster", "Innovationscluster", "Innovationscluster", "initiative.md.j2",
         Overview("cluster.md.j2", "Innovationscluster", ("Netzwerke", "Innovationscluster"))),
    Kind("veranstaltung", Veranstaltung, "veranstaltungen", "Veranstaltung", "Veranstaltungen",
         "veranstaltung.md.j2", Overview("veranstaltungen.md.j2", "Termine und Veranstaltungen", ("Termine",)),
         order=_newest_first),
    Kind("thema", Thema, "themen", "Thema", "Themen", "thema.md.j2", Overview("themen.md.j2", "Themen", ("Themen",))),
    Kind("organisation", Organisation, "organisationen", "Organisation", "Organisationen", "organisation.md.j2",
         Overview("organisationen.md.j2", "Organisationen", ("Förderung", "Organisationen")),
         # Organisations' text counts half in the search: a search for "Leipzig" finds the Leipzig
         # network before the Leipzig chamber and university (measured with scripts/search_quality.py);
         # a search for an organisation's own name still finds it, as no other page has all its words.
         search_weight=0.5),
    Kind("foerderprogramm", Foerderprogramm, "foerderprogramme", "Förderprogramm", "Förderprogramme",
         "foerderprogramm.md.j2", Overview("foerderung.md.j2", "Förderung", ("Förderung",)),
         url_segment="foerderung", order=_by_date, alphabetical_in_links=True),
    Kind("angebot", Angebot, "angebote", "Angebot", "Angebote", "angebot.md.j2",
         Overview("angebote.md.j2", "Angebote für Unternehmen", ("Angebote",))),
    Kind("publikation", Publikation, "publikationen", "Publikation", "Publikationen", "publikation.md.j2",
         Overview("publikationen.md.j2", "Publikationen", ("Angebote", "Publikationen")),
         order=_newest_first_undated_last),
))
"""The portal's kinds, in the order the portal presents them."""
