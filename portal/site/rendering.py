"""Render the generated pages' bodies on every core, into files in the build's work folder.

Called by :mod:`portal.site.build` when a build starts; the MkDocs glue reads each body back when
the theme writes its page (:meth:`GeneratedPage.body`). Rendering a page also writes the document
the search index is built from (:mod:`portal.pages.search_document`), so the search index can start
before the theme renders a single page.

The workers (:mod:`portal.common.fanout`) receive the :class:`RenderJob` through the pool's
initializer; nothing is handed over in a module variable. Under ``mkdocs serve`` pages that an
earlier build rendered and that read the same (:mod:`portal.site.page_cache`) are not rendered
again; the others note what they read while they render, and take over the sections
(:mod:`portal.pages.sections`) of their last rendering that show the same.
"""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import re
from collections.abc import Mapping, Sequence
from pathlib import Path

from portal.common.fanout import PendingMap, start_ordered_map
from portal.model.footprint import Footprint
from portal.pages import plan as pages
from portal.pages.plan import PageSource, PlannedPage
from portal.pages.renderer import Renderer
from portal.pages.search_document import IndexedPage, write_document
from portal.pages.sections import Located, Sections, sections_of
from portal.pages.vocabulary import Vocabulary
from portal.site.questions import Digests, Question, Reading

PARALLEL_FROM = 400
"""Pages from which rendering is spread over the cores when their work is not known (a build from
scratch); below, starting processes costs more than it saves."""
PARALLEL_FROM_BYTES = 2_000_000
"""In a rebuild, the size of the bodies (UTF-8 bytes) that the pages to render again had in the
last build, from which their rendering is spread over the cores whatever their number. The number
of pages says little about the work there: at 10,000 records a Land's Wegweiser page is 1.2 MB, a
record's page a few KB. A hub renamed at 10,000 records renders 104 pages again (23 MB);
spread, MkDocs reads its files and builds the navigation meanwhile, and the rebuild took 0.4 to
0.6 s less (in-process rebuilds, alternating, two series: 7.6 and 6.8 s against 8.2 and 7.2 s). A
hub renamed in the real data stays below it (46 pages, 0.8 MB); at 1,000 records (65 pages,
2.4 MB) spreading made no difference beyond the noise."""
_ID = re.compile(r'\sid="([^"]+)"')


@dataclasses.dataclass(frozen=True)
class GeneratedPage:
    """A rendered page: what it is, where its body lies, and the anchor ids the body has."""

    source: PageSource
    body_file: Path  # shared by the pages rendered in one run, at ``offset`` (UTF-8 bytes)
    offset: int
    size: int
    anchor_ids: frozenset[str]
    structured_data: str  # JSON-LD for the page head (see portal.exports.jsonld), or ""
    digest: bytes  # of the body: the preview's theme cache knows the page by it without reading it
    answers: tuple[tuple[Question, bytes], ...] = ()  # what it read, when noted (portal.site.page_cache)
    footprint: Footprint | None = None  # of all its answers together, when noted and each has one
    sections: Located = ()  # where its sections lie in the body, when noted (portal.pages.sections)

    def body(self) -> str:
        with self.body_file.open("rb") as file:
            file.seek(self.offset)
            return file.read(self.size).decode("utf-8")


@dataclasses.dataclass(frozen=True)
class RenderJob:
    """What every rendering worker needs: the renderer, the whole plan and where to write."""

    renderer: Renderer
    plan: list[PlannedPage]
    bodies: Path
    search_documents: Path
    vocabulary: Vocabulary
    versions: dict[str, bytes] | None  # record id -> content digest: note what each page reads
    earlier: Mapping[str, GeneratedPage] = dataclasses.field(default_factory=dict)  # last build's pages, by source
    digests: Digests = dataclasses.field(default_factory=dict)  # the answers digested so far (questions.Digests)


class Rendering:
    """The rendered pages of a build: those rendered now (still in progress) and those kept."""

    def __init__(self, pending: PendingMap[GeneratedPage], numbers: list[int], kept: dict[int, GeneratedPage]) -> None:
        self._pending = pending
        self._numbers = numbers
        self._kept = kept
        self._pages: list[GeneratedPage] | None = None
        self.rendered = len(numbers)
        """How many pages were rendered (not kept)."""

    @property
    def kept(self) -> dict[int, GeneratedPage]:
        """The pages kept from the last build, by number in the plan (known before rendering ends)."""
        return self._kept

    def result(self) -> list[GeneratedPage]:
        """Every page, in the order of the plan; waits until all are rendered."""
        if self._pages is None:
            pages_by_number = dict(self._kept)
            pages_by_number.update(zip(self._numbers, self._pending.result(), strict=True))
            self._pages = [pages_by_number[number] for number in range(len(pages_by_number))]
        return self._pages

    def cancel(self) -> None:
        self._pending.cancel()


def start_rendering(job: RenderJob, kept: dict[int, GeneratedPage],
                    last_sizes: dict[str, int] | None = None) -> Rendering:
    """Start rendering the planned pages not in ``kept`` (bodies and search documents);
    ``last_sizes``: the size of each page's body in the last build, by source path (a rebuild)."""
    job.bodies.mkdir(parents=True, exist_ok=True)
    job.search_documents.mkdir(parents=True, exist_ok=True)
    numbers = [number for number in range(len(job.plan)) if number not in kept]
    last_bytes = sum(last_sizes.get(job.plan[number].source.src_uri, 0) for number in numbers) if last_sizes else 0
    min_items = 2 if last_bytes >= PARALLEL_FROM_BYTES else PARALLEL_FROM
    if len(numbers) >= min_items:
        job.renderer.compile_templates()  # once, not once in every rendering process
    return Rendering(start_ordered_map(render_run, numbers, min_items=min_items, shared=job), numbers, kept)


def render_run(job: RenderJob, numbers: Sequence[int]) -> list[GeneratedPage]:
    """Render the pages ``numbers`` of ``job.plan`` into one body file of the work folder."""
    rendered: list[GeneratedPage] = []
    if not numbers:
        return rendered
    body_file = job.bodies / f"{numbers[0]}.html"
    made: dict[bytes, str] = {}  # sections made in this run, by key (portal.pages.sections)
    with body_file.open("wb") as bodies:
        for number in numbers:
            page = job.plan[number]
            source = page.source
            renderer, reading = job.renderer, None
            if job.versions is not None:
                reading = Reading(renderer.catalogue, renderer.shared, job.versions, job.digests)
                renderer = copy.copy(renderer)
                renderer.catalogue, renderer.shared = reading.catalogue, reading.shared  # type: ignore[assignment]
                earlier = _earlier_sections(job.earlier.get(source.src_uri))
                renderer.sections = Sections(renderer.env, job.versions, earlier, made)
            body = pages.render_page(renderer, page)
            encoded = body.encode("utf-8")
            rendered.append(GeneratedPage(source, body_file, bodies.tell(), len(encoded), frozenset(_ID.findall(body)),
                                          pages.structured_data(renderer, page),
                                          hashlib.blake2b(encoded, digest_size=16).digest(),
                                          tuple(reading.answers.items()) if reading else (),
                                          reading.footprint(job.renderer.footprints) if reading else None,
                                          renderer.sections.located(body) if reading else ()))
            bodies.write(encoded)
            write_document(job.search_documents, IndexedPage(source.path, source.title, body, source.names,
                                                             source.nationwide, source.search_weight), job.vocabulary)
    return rendered


def _earlier_sections(page: GeneratedPage | None) -> dict[bytes, str]:
    """The sections of a page's last rendering, by key (none if it had none or its body is gone)."""
    if page is None or not page.sections:
        return {}
    try:
        return sections_of(page.body(), page.sections)
    except OSError:
        return {}
