"""Render the generated pages' bodies on every core, into files in the build's work folder.

Called by :mod:`portal.site.build` when a build starts; the MkDocs glue reads each body back when
the theme writes its page (:meth:`GeneratedPage.body`). Rendering a page also writes the document
the search index is built from (:mod:`portal.pages.search_document`), so the search index can start
before the theme renders a single page.

The workers (:mod:`portal.common.fanout`) receive the :class:`RenderJob` through the pool's
initializer; nothing is handed over in a module variable.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from portal.common.fanout import PendingMap, start_ordered_map
from portal.pages import plan as pages
from portal.pages.plan import PageSource, PlannedPage, Renderer
from portal.pages.search_document import IndexedPage, write_document
from portal.pages.vocabulary import Vocabulary

PARALLEL_FROM = 400
"""Pages from which rendering is spread over the cores (below, starting processes costs more)."""
_ID = re.compile(r'\sid="([^"]+)"')


@dataclass(frozen=True)
class GeneratedPage:
    """A rendered page: what it is, where its body lies, and the anchor ids the body has."""

    source: PageSource
    body_file: Path  # shared by the pages rendered in one run, at ``offset`` (UTF-8 bytes)
    offset: int
    size: int
    anchor_ids: frozenset[str]
    structured_data: str  # JSON-LD for the page head (see portal.exports.jsonld), or ""

    def body(self) -> str:
        with self.body_file.open("rb") as file:
            file.seek(self.offset)
            return file.read(self.size).decode("utf-8")


@dataclass(frozen=True)
class RenderJob:
    """What every rendering worker needs: the renderer, the whole plan and where to write."""

    renderer: Renderer
    plan: list[PlannedPage]
    work: Path
    vocabulary: Vocabulary


def start_rendering(renderer: Renderer, plan: list[PlannedPage], work: Path,
                    vocabulary: Vocabulary) -> PendingMap[GeneratedPage]:
    """Start rendering the planned pages into ``work`` (bodies and search documents)."""
    (work / "bodies").mkdir()
    (work / "search").mkdir()
    renderer.compile_templates()  # once, not once in every rendering process
    job = RenderJob(renderer, plan, work, vocabulary)
    return start_ordered_map(render_run, range(len(plan)), min_items=PARALLEL_FROM, shared=job)


def render_run(job: RenderJob, numbers: Sequence[int]) -> list[GeneratedPage]:
    """Render the pages ``numbers`` of ``job.plan`` into one body file of the work folder."""
    rendered = []
    body_file = job.work / "bodies" / f"{numbers[0]}.html"
    with body_file.open("wb") as bodies:
        for number in numbers:
            page = job.plan[number]
            source = page.source
            body = pages.render_page(job.renderer, page)
            encoded = body.encode("utf-8")
            rendered.append(GeneratedPage(source, body_file, bodies.tell(), len(encoded), frozenset(_ID.findall(body)),
                                          pages.structured_data(job.renderer, page)))
            bodies.write(encoded)
            write_document(job.work / "search", IndexedPage(source.path, source.title, body, source.names,
                                                            source.nationwide, source.search_weight), job.vocabulary)
    return rendered
