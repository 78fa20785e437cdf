"""The validated catalogue: every record by kind and id, the site settings, and back-links.

Built by :mod:`portal.load`; read by pages, exports, macros and the CLI. Back-links are computed
once, in one pass over all references, so a page never scans the whole catalogue.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any, ClassVar, TypeVar, overload

from portal.common.collation import german_key
from portal.model.entry import Eintrag
from portal.model.footprint import Footprint
from portal.model.kinds import KINDS, Kind, KindRegistry
from portal.model.records import Veranstaltung
from portal.model.references import Reference
from portal.model.settings import Einstellungen

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
    kinds: KindRegistry = KINDS
    references_by_id: dict[str, tuple[Reference, ...]] = field(kw_only=True, repr=False)
    """Each record's references (portal.model.references), by id, as the loader made them to check
    them (under ``mkdocs serve`` once per file, kept in the file cache): the back-links need them
    again. Walking every record's fields again for the back-links, and for the file cache's check,
    took about 0.08 s of every preview rebuild at 10,000 records (in-process, alternating: loading
    0.25 instead of 0.30 s, the page check with the back-links 0.33 to 0.35 instead of 0.36 s)."""
    by_id: dict[str, Eintrag] = field(init=False)
    _sorted: dict[str, list[Eintrag]] = field(init=False, default_factory=dict)
    _presented: dict[str, list[Eintrag]] = field(init=False, default_factory=dict)
    _upcoming: dict[date, list[Veranstaltung]] = field(init=False, default_factory=dict)

    FOOTPRINTS: ClassVar[dict[str, Callable[..., Footprint]]] = {
        "back_links": lambda target, *roles: Footprint(referrers_of=(target,)),
        "referrers": lambda target, record_type, *roles: Footprint(referrers_of=((target, record_type),)),
        "settings": Footprint,  # site.yml, on which every page depends anyway
    }
    """What the answers of these methods, by their arguments, and of these attributes depend on
    (portal.model.footprint)."""

    def __post_init__(self) -> None:
        self.by_id = {rid: rec for kind in self.records.values() for rid, rec in kind.items()}

    def _kind(self, kind: type[Eintrag] | Kind | str) -> Kind:
        if isinstance(kind, Kind):
            return kind
        if isinstance(kind, str):
            return self.kinds.by_name[kind]
        return self.kinds.of(kind)

    @overload
    def all(self, kind: type[R]) -> list[R]: ...
    @overload
    def all(self, kind: Kind | str) -> list[Eintrag]: ...

    def all(self, kind: type[R] | Kind | str) -> list[R] | list[Eintrag]:
        """Records of one kind (class, declaration or name) in German alphabetical order of their
        title (sorted once)."""
        name = self._kind(kind).name
        if name not in self._sorted:
            self._sorted[name] = sorted(
                self.records.get(name, {}).values(), key=lambda r: (german_key(r.title), r.id)
            )
        return self._sorted[name]

    @overload
    def presented(self, kind: type[R]) -> list[R]: ...
    @overload
    def presented(self, kind: Kind | str) -> list[Eintrag]: ...

    def presented(self, kind: type[R] | Kind | str) -> list[R] | list[Eintrag]:
        """Records of one kind in the order its declaration presents them (events newest first)."""
        declared = self._kind(kind)
        if declared.name not in self._presented:
            self._presented[declared.name] = declared.present(self.all(declared))
        return self._presented[declared.name]

    def everything(self) -> list[Eintrag]:
        """Every record, kind by kind in presentation order (or alphabetical where the kind says so);
        back-links follow this order."""
        return [rec for kind in self.kinds
                for rec in (self.all(kind) if kind.alphabetical_in_links else self.presented(kind))]

    def __getattr__(self, name: str) -> list[Any]:
        """``catalogue.netzwerke``: the records of the kind stored in that folder, presented."""
        kinds = self.__dict__.get("kinds")
        kind = kinds.by_folder.get(name) if kinds is not None else None
        if kind is None:
            raise AttributeError(name)
        return self.presented(kind)

    def upcoming(self, today: date) -> list[Veranstaltung]:
        """Events whose last day is today or later, soonest first (sorted once per day, like :meth:`all`)."""
        if today not in self._upcoming:
            self._upcoming[today] = sorted((e for e in self.veranstaltungen if e.last_day >= today),
                                           key=lambda e: (e.beginn, e.id))
        return self._upcoming[today]

    def past(self, today: date) -> list[Veranstaltung]:
        """Events that are over, newest first."""
        return [e for e in self.veranstaltungen if e.last_day < today]

    @cached_property
    def _back_links(self) -> dict[str, list[BackLink]]:
        index: dict[str, list[BackLink]] = defaultdict(list)
        for record in self.everything():
            seen: set[tuple[str, str, int | None]] = set()
            for ref in self.references_by_id[record.id]:
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
