"""What a generated page asks while it renders, noted for the preview's page cache.

Used by :mod:`portal.site.rendering` (in the rendering workers, under ``mkdocs serve``) and by
:mod:`portal.site.page_cache`, which asks the questions again after a save. A page's template gets
the catalogue and the renderer's helpers through :class:`Reading`, which notes every question asked
(``referrers('x', Veranstaltung)``, ``by_id['y']``, ``netzwerke``) with a digest of its answer
(:mod:`portal.model.digest`), and the union of what the answers depend on (:mod:`portal.model.footprint`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from portal.model.catalogue import Catalogue
from portal.model.digest import digest
from portal.model.entry import Eintrag
from portal.model.footprint import Footprint

Question = tuple  # ("catalogue", name, args) | ("by_id", id) | ("shared", name, args)


@dataclasses.dataclass(frozen=True)
class RecordArgument:
    """A record handed to a helper as an argument, named by its id (the question is asked again later)."""

    id: str


def _argument(value: Any) -> Any:
    """``value`` as part of a question: records by id, lists as tuples."""
    if isinstance(value, Eintrag):
        return RecordArgument(value.id)
    if isinstance(value, (list, tuple)):
        return tuple(_argument(item) for item in value)
    return value


def _named(value: Any) -> Any:
    """An argument of a question as a footprint takes it: records as their ids."""
    if isinstance(value, tuple):
        return tuple(_named(item) for item in value)
    return value.id if isinstance(value, RecordArgument) else value


Digests = dict[Question, "bytes | None"]
"""The digest of each question's answer in one build, by question (None: the record it asks about
is gone), shared by the pages of the build: every page asks the same question of the same catalogue
and gets the same answer. Filled by the preview's page check in the main process
(:class:`portal.site.page_cache.Answers`) and by each rendering worker, which starts with the
check's digests (it is forked after it). Why: at 10,000 records the 16 Land and 16 Wegweiser pages
each ask for the upcoming events, the national initiatives and their Land's records, and each page
digested those answers again. Together with the helpers that compute their answer once per build
(``wegweiser``, ``events_in_land``, ``land_feed`` in :class:`portal.pages.renderer.Renderer`, and
``Catalogue.upcoming``), rendering the 84 pages of a hub rename took 0.88 s of processor time
instead of 1.20 s (in one process), and a save reached the preview in 2.66 and 2.75 s instead of
2.74 and 2.92 s (whole-process medians of seven saves, alternating, two pairs)."""

Footprints = dict[str, Callable[..., Footprint]]
"""The declared footprints of the renderer's helpers, by name (``Renderer.footprints``)."""


def footprint_of(question: Question, catalogue: type[Catalogue], footprints: Footprints) -> Footprint | None:
    """What the answer to ``question`` depends on, or None when it declares nothing (it is always asked again)."""
    if question[0] == "by_id":
        return Footprint(records=(question[1],))
    kind, name, args = question
    declared = (catalogue.FOOTPRINTS if kind == "catalogue" else footprints).get(name)
    if declared is None:
        return None
    return declared() if args is None else declared(*(_named(a) for a in args))  # args None: an attribute


class Reading:
    """A catalogue and the renderer's helpers that note each question a page asks, with its answer's digest."""

    def __init__(self, catalogue: Catalogue, shared: dict[str, Any], versions: dict[str, bytes],
                 digests: Digests | None = None) -> None:
        self.versions = versions
        self.answers: dict[Question, bytes] = {}
        self._digests: Digests = {} if digests is None else digests
        self._catalogue_type = type(catalogue)
        self.catalogue = _ReadCatalogue(catalogue, self)
        self.shared = {name: self._helper(name, value) if callable(value) else value for name, value in shared.items()}
        self.shared["catalogue"] = self.catalogue

    def footprint(self, footprints: Footprints) -> Footprint | None:
        """The footprint of all questions noted so far together, or None when one of them declares none.

        Why: after a save, a page whose questions all lie outside the changes is kept by one test
        of this union (:meth:`Answers.spared`) instead of one look-up per question; at 10,000
        records the pages ask about 63,000 distinct questions, and the look-ups took about 0.1 s
        of every rebuild."""
        records: set[str] = set()
        referrers_of: set[str | tuple[str, type]] = set()
        kinds: set[type] = set()
        for question in self.answers:
            footprint = footprint_of(question, self._catalogue_type, footprints)
            if footprint is None:
                return None
            records.update(footprint.records)
            referrers_of.update(footprint.referrers_of)
            kinds.update(footprint.kinds)
        return Footprint(frozenset(records), frozenset(referrers_of), frozenset(kinds))

    def note(self, question: Question, answer: Any) -> Any:
        if question not in self.answers:
            known = self._digests.get(question)
            if known is None:
                known = self._digests[question] = digest(answer, self.versions)
            self.answers[question] = known
        return answer

    def _helper(self, name: str, function: Callable) -> Callable:
        def asked(*args):
            return self.note(("shared", name, tuple(_argument(a) for a in args)), function(*args))
        return asked


class _ReadCatalogue:
    def __init__(self, catalogue: Catalogue, reading: Reading) -> None:
        self._catalogue = catalogue
        self._reading = reading
        self.by_id = _ReadIds(catalogue.by_id, reading)

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._catalogue, name)
        if not callable(value):
            return self._reading.note(("catalogue", name, None), value)

        def asked(*args):
            return self._reading.note(("catalogue", name, tuple(_argument(a) for a in args)), value(*args))
        return asked


class _ReadIds:
    def __init__(self, by_id: dict[str, Eintrag], reading: Reading) -> None:
        self._by_id = by_id
        self._reading = reading

    def get(self, key: str, default: Any = None) -> Any:
        return self._reading.note(("by_id", key), self._by_id.get(key)) or default

    def __getitem__(self, key: str) -> Eintrag:
        return self._reading.note(("by_id", key), self._by_id[key])

    def __contains__(self, key: str) -> bool:
        return self._reading.note(("by_id", key), self._by_id.get(key)) is not None

    def __getattr__(self, name: str) -> Any:  # any other use of the whole index depends on all of it
        self._reading.note(("catalogue", "by_id", None), self._by_id)
        return getattr(self._by_id, name)
