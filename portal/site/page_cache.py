"""Page bodies of an earlier build in this process, reused when nothing the page read has changed.

Kept by the build session (:mod:`portal.site.session`) under ``mkdocs serve``; asked by
:mod:`portal.site.rendering` which pages need rendering again.

What a page read is written down while it renders: its template gets the catalogue and the
renderer's helpers (``lookup``, ``in_land``, ``record_feed`` …) through :class:`portal.site.questions.Reading`,
which note every question asked (``referrers('x', Veranstaltung)``, ``by_id['y']``, ``netzwerke``)
with a digest of the answer (:mod:`portal.model.digest`). A record's digest is its id with the
digest of its file's bytes (:class:`portal.load.filecache.FileCache`), so a page also depends on
every field of every record it was handed. On the next build each question is asked again of the
new catalogue; a page whose template, place, context and answers are all unchanged has the same
body, search document, anchors and structured data, and keeps them. Everything every page depends
on (the template files, the build date, the address, site.yml, synonyme.yml) is in
:func:`build_key`; a change there renders every page again.

Most questions are not asked again at all: those with a declared footprint
(:mod:`portal.model.footprint`: ``by_id``, back-links and referrers, the helpers ``lookup``,
``facet_values`` and ``record_feed``) keep their answer when no record that changed since the
remembered build (:class:`Changes`) lies in it. Why: at 10,000 records the pages ask about 63,000
distinct questions; asking them all again took 1.0 to 1.4 s of every rebuild, now the check takes
about 0.5 s (after a hub rename: the 200 or so questions without a footprint, such as the
Wegweiser's answers, and the back-link index, which the changed pages need anyway). A page whose
questions all have a footprint is kept by one test of their union, made while it rendered
(:meth:`portal.site.questions.Reading.footprint`): after a hub rename at 10,000 records about 110
pages are still checked question by question, and the check took 0.41 to 0.45 s instead of 0.53
to 0.55 s (in-process). ``settings`` declares an empty footprint: it comes from site.yml, which
is in the build key. A question about the referrers of one class (``referrers(topic, Veranstaltung)``)
is spared by a changed record of another class, and the overview filters (``facets``) depend only
on the records of their kind and the topics: after a hub rename the check then took 0.22 to 0.32 s
instead of 0.27 to 0.42 s (in-process, twelve rebuilds each).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any

from portal.model.catalogue import Catalogue
from portal.model.digest import digest
from portal.model.entry import Eintrag
from portal.model.footprint import Footprint
from portal.model.references import references
from portal.site.questions import Digests, Footprints, Question, RecordArgument, footprint_of


def _resolve(value: Any, catalogue: Catalogue) -> Any:
    """An argument of a question as the catalogue answers it again: records by their id."""
    if isinstance(value, tuple):
        return tuple(_resolve(item, catalogue) for item in value)
    if isinstance(value, RecordArgument):
        if value.id not in catalogue.by_id:
            raise LookupError(value.id)
        return catalogue.by_id[value.id]
    return value


@dataclasses.dataclass(frozen=True)
class Basis:
    """What a build's pages were rendered from: each page's key in plan order (source path,
    :func:`page_key`), the build key, the records by id and the version of each."""

    keys: list[tuple[str, bytes]]
    build_key: bytes
    records: dict[str, Eintrag]
    versions: dict[str, bytes]


class Changes:
    """The records added, removed or changed between two builds, their classes, and the ids they
    name (before or after), alone and with each class the naming record is an instance of."""

    def __init__(self, before: Basis, now: Basis) -> None:
        self.records = {record_id for record_id in before.versions.keys() | now.versions.keys()
                        if before.versions.get(record_id) != now.versions.get(record_id)}
        changed = [record for record_id in self.records
                   for record in (before.records.get(record_id), now.records.get(record_id)) if record is not None]
        self.kinds = {type(record) for record in changed}
        self.named = {name for record in changed for reference in references(record)
                      for name in (reference.target, *((reference.target, kind) for kind in type(record).__mro__))}

    def spare(self, footprint: Footprint) -> bool:
        """Whether no change lies in ``footprint``, so that its answer stays as it was."""
        return (self.records.isdisjoint(footprint.records) and self.named.isdisjoint(footprint.referrers_of)
                and self.kinds.isdisjoint(footprint.kinds))


class Answers:
    """The questions of earlier pages asked again of this build's catalogue, each once; with
    ``changes``, only those whose footprint a change lies in (see the module's docstring)."""

    def __init__(self, catalogue: Catalogue, shared: dict[str, Any], footprints: Footprints,
                 versions: dict[str, bytes], changes: Changes | None = None, digests: Digests | None = None) -> None:
        self._catalogue = catalogue
        self._shared = shared
        self._footprints = footprints
        self._versions = versions
        self._changes = changes
        self._digests: Digests = {} if digests is None else digests
        self._spared: dict[Question, bool] = {}

    def same(self, answers: Iterable[tuple[Question, bytes]]) -> bool:
        """Whether every question gets the answer it got before."""
        return all(self._kept(question) or self._digest(question) == before for question, before in answers)

    def spared(self, footprint: Footprint | None) -> bool:
        """Whether no change lies in ``footprint`` (a page's questions' together), so that each of
        them gets the answer it got before."""
        return footprint is not None and self._changes is not None and self._changes.spare(footprint)

    def _kept(self, question: Question) -> bool:
        """Whether the question's answer stays as it was because no change lies in its footprint."""
        if self._changes is None:
            return False
        spared = self._spared.get(question)
        if spared is None:
            footprint = footprint_of(question, type(self._catalogue), self._footprints)
            spared = self._spared[question] = self.spared(footprint)
        return spared

    def _digest(self, question: Question) -> bytes | None:
        if question not in self._digests:
            try:
                self._digests[question] = digest(self._ask(question), self._versions)
            except (LookupError, AttributeError, TypeError, ValueError):
                self._digests[question] = None  # the record asked about is gone: render again
        return self._digests[question]

    def _ask(self, question: Question) -> Any:
        if question[0] == "by_id":
            return self._catalogue.by_id.get(question[1])
        _, name, args = question
        if question[0] == "shared":
            return self._shared[name](*(_resolve(a, self._catalogue) for a in args))
        value = getattr(self._catalogue, name)
        return value if args is None else value(*(_resolve(a, self._catalogue) for a in args))


def build_key(*parts: Any) -> bytes:
    """The digest of what every page depends on (see the module's docstring)."""
    return digest(parts, {})


class PageCache:
    """The pages of the last build, by source path: each with the digest of its template, place and
    context (:func:`page_key`) and the questions it asked (``GeneratedPage.answers``)."""

    def __init__(self) -> None:
        self._basis: Basis | None = None
        self._entries: dict[str, tuple[bytes, Any]] = {}

    def reusable(self, basis: Basis, catalogue: Catalogue, shared: dict[str, Any],
                 footprints: Footprints, digests: Digests) -> dict[int, Any]:
        """Page number -> rendered page of the last build, for each page of ``basis.keys`` that reads
        the same as then (``shared``, ``footprints``: the renderer's helpers and what they read;
        ``digests``: this build's answers digested so far, to which the check adds)."""
        before = self._basis
        if before is None or basis.build_key != before.build_key:
            return {}
        versioned = all(known.records.keys() <= known.versions.keys() for known in (before, basis))
        answers = Answers(catalogue, shared, footprints, basis.versions, Changes(before, basis) if versioned else None,
                          digests)
        reused = {}
        bodies: dict[Any, bool] = {}  # whether each body file still exists (the pages of one run share one)
        for number, (src_uri, key) in enumerate(basis.keys):
            entry = self._entries.get(src_uri)
            if entry is None or entry[0] != key:
                continue
            page = entry[1]
            if answers.spared(page.footprint) or answers.same(page.answers):
                if page.body_file not in bodies:
                    bodies[page.body_file] = page.body_file.exists()
                if bodies[page.body_file]:
                    reused[number] = page
        return reused

    def earlier(self, basis: Basis) -> dict[str, Any]:
        """The last build's pages by source path, to take sections over from (portal.pages.sections);
        none if what every page depends on has changed since."""
        before = self._basis
        if before is None or basis.build_key != before.build_key:
            return {}
        return {src_uri: page for src_uri, (_, page) in self._entries.items()}

    def remember(self, basis: Basis, pages: list[Any]) -> None:
        """Keep the pages of a build whose rendering finished (in place of the last build's)."""
        self._basis = basis
        self._entries = {src_uri: (key, page) for (src_uri, key), page in zip(basis.keys, pages, strict=True)}

    @property
    def remembers(self) -> bool:
        """Whether a build's pages are kept (the next build is a rebuild)."""
        return self._basis is not None

    def forget(self) -> None:
        self._basis, self._entries = None, {}

    def sizes(self) -> dict[str, int]:
        """The size of each kept page's body (UTF-8 bytes), by source path."""
        return {src_uri: page.size for src_uri, (_, page) in self._entries.items()}

    def body_files(self) -> set[Any]:
        """The files that hold the kept pages' bodies."""
        return {page.body_file for _, page in self._entries.values()}


def page_key(template: str, source: Any, context: dict[str, Any], versions: dict[str, bytes]) -> bytes:
    """The digest of what a planned page is before it asks anything: template, place, title, context."""
    return digest((template, source, context), versions)
