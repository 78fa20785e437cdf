"""The validated catalogue: every record by kind and id, the site settings, and back-links.

Built by :mod:`portal.load`; read by pages, exports, macros and the CLI. Back-links are computed
once, in one pass over all references, so a page never scans the whole catalogue.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import TypeVar

from portal.common.collation import german_key
from portal.model.records import (
    RECORD_TYPES,
    Angebot,
    Cluster,
    Einstellungen,
    Eintrag,
    Foerderprogramm,
    Hub,
    Netzwerk,
    Organisation,
    Publikation,
    Thema,
    Veranstaltung,
)
from portal.model.references import Reference, references

R = TypeVar("R", bound=Eintrag)


@dataclass(frozen=True)
class BackLink:
    """``source`` names the record in the role ``role`` (and in workshop ``workshop``, if any)."""

    source: Eintrag
    role: str
    workshop: int | None = None


@dataclass
class Catalogue:
    """All records, keyed by kind then id, plus the portal's settings."""

    records: dict[str, dict[str, Eintrag]]
    settings: Einstellungen
    synonyms: tuple[tuple[str, ...], ...] = ()  # groups of search terms that mean the same (data/synonyme.yml)
    by_id: dict[str, Eintrag] = field(init=False)
    _sorted: dict[str, list[Eintrag]] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.by_id = {rid: rec for kind in self.records.values() for rid, rec in kind.items()}

    def all(self, record_type: type[R]) -> list[R]:
        """Records of one kind in German alphabetical order of their title (sorted once)."""
        kind = record_type.KIND
        if kind not in self._sorted:
            self._sorted[kind] = sorted(
                self.records.get(kind, {}).values(), key=lambda r: (german_key(r.title), r.id)
            )
        return self._sorted[kind]  # type: ignore[return-value]

    def everything(self) -> list[Eintrag]:
        """Every record, kind by kind in presentation order (events newest first)."""
        return [
            rec
            for kind in RECORD_TYPES
            for rec in (self.veranstaltungen if kind is Veranstaltung else
                        self.publikationen if kind is Publikation else self.all(kind))
        ]

    @property
    def netzwerke(self) -> list[Netzwerk]:
        return self.all(Netzwerk)

    @property
    def hubs(self) -> list[Hub]:
        return self.all(Hub)

    @property
    def cluster(self) -> list[Cluster]:
        return self.all(Cluster)

    @cached_property
    def veranstaltungen(self) -> list[Veranstaltung]:
        """Events, newest first."""
        return sorted(self.all(Veranstaltung), key=lambda e: (e.beginn, e.id), reverse=True)

    @property
    def themen(self) -> list[Thema]:
        return self.all(Thema)

    @property
    def organisationen(self) -> list[Organisation]:
        return self.all(Organisation)

    @property
    def foerderprogramme(self) -> list[Foerderprogramm]:
        return sorted(self.all(Foerderprogramm), key=lambda p: (p.datum or "", p.id))

    @property
    def angebote(self) -> list[Angebot]:
        return self.all(Angebot)

    @cached_property
    def publikationen(self) -> list[Publikation]:
        """Publications, newest first (undated ones last)."""
        dated = sorted((p for p in self.all(Publikation) if p.datum), key=lambda p: (p.datum, p.id), reverse=True)
        return dated + [p for p in self.all(Publikation) if not p.datum]

    def upcoming(self, today: date) -> list[Veranstaltung]:
        """Events whose last day is today or later, soonest first."""
        return sorted((e for e in self.veranstaltungen if e.last_day >= today), key=lambda e: (e.beginn, e.id))

    def past(self, today: date) -> list[Veranstaltung]:
        """Events that are over, newest first."""
        return [e for e in self.veranstaltungen if e.last_day < today]

    @cached_property
    def _back_links(self) -> dict[str, list[BackLink]]:
        index: dict[str, list[BackLink]] = defaultdict(list)
        for record in self.everything():
            seen: set[tuple[str, str, int | None]] = set()
            for ref in references(record):
                key = (ref.target, ref.role, ref.workshop)
                if key not in seen:
                    seen.add(key)
                    index[ref.target].append(BackLink(record, ref.role, ref.workshop))
        return dict(index)

    def back_links(self, target: str, *roles: str) -> list[BackLink]:
        """Who names ``target`` (optionally only in the given roles), in catalogue order."""
        links = self._back_links.get(target, [])
        return [link for link in links if not roles or link.role in roles]

    def referrers(self, target: str, record_type: type[R], *roles: str) -> list[R]:
        """Records of one kind that name ``target``, each once, in catalogue order."""
        found: dict[str, Eintrag] = {}
        for link in self.back_links(target, *roles):
            if isinstance(link.source, record_type):
                found.setdefault(link.source.id, link.source)
        return list(found.values())  # type: ignore[arg-type]


__all__ = ["BackLink", "Catalogue", "Reference"]
