"""The current site build: catalogue, build date and generated pages, computed once per build.

Started by the MkDocs hook (:mod:`portal.site.mkdocs_hooks`) and read by the macros module
(:mod:`portal.site.macros`), so the data is loaded and validated once, not once per consumer.

The page bodies are rendered on every core (:mod:`portal.common.fanout`) while the site generator reads
its own files and builds the navigation (which needs only the list of pages), and are kept on disk
in the build's work folder, not in memory: each is read back when the site generator writes its
page. Rendering a page also writes the document the search index is built from, so the search
index can start before the site generator renders a single page. The exported files
(:mod:`portal.exports.bundle`) are written into the work folder by another process meanwhile; the
site generator gets their paths at once and copies them once they are written.
"""

from __future__ import annotations

import atexit
import gc
import os
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property, partial
from pathlib import Path
from zoneinfo import ZoneInfo

from portal.model.catalogue import Catalogue
from portal.exports import bundle
from portal.exports.addresses import SiteAddress, site_address
from portal.common.fanout import PendingMap, start_ordered_map
from portal.load.loader import load_catalogue
from portal.pages.plan import PageSource, PlannedPage, Renderer, plan_pages, render_page, structured_data
from portal.pages.search_document import IndexedPage, write_document
from portal.site.background import Background
from portal.site.siteswap import work_prefix
from portal.site.slots import MacroSlots
from portal.pages.vocabulary import Vocabulary

BERLIN = ZoneInfo("Europe/Berlin")
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
class Build:
    catalogue: Catalogue
    today: date
    address: SiteAddress  # the portal's public address, if known (portal.exports.addresses.site_address)
    sources: list[PageSource]  # the generated pages, known before they are rendered
    rendering: PendingMap[GeneratedPage] = field(repr=False)
    work: tempfile.TemporaryDirectory[str] = field(repr=False)
    vocabulary: Vocabulary = field(repr=False)  # terms the search documents add (portal.vocabulary)
    export_paths: list[str]  # the exported files (portal.exports.bundle), site paths
    exporting: Background[None] = field(repr=False)  # writes them into export_folder
    slots: MacroSlots = field(default_factory=MacroSlots, repr=False)  # HTML of the macros in docs/ pages

    @property
    def pages(self) -> list[GeneratedPage]:
        """The rendered pages, in the order of :attr:`sources`; waits until all are rendered."""
        return self.rendering.result()

    @property
    def search_documents(self) -> Path:
        """The folder of the documents the search index is built from."""
        return Path(self.work.name) / "search"

    @property
    def export_folder(self) -> Path:
        """Where the exported files lie, at their site paths, once :meth:`exports_written` returned."""
        return Path(self.work.name) / "exports"

    def exports_written(self) -> None:
        """Wait until every exported file is in :attr:`export_folder`."""
        self.exporting.result()

    @cached_property
    def edit_paths(self) -> dict[str, str | None]:
        """Generated page source -> repository file an editor changes for it."""
        return {source.src_uri: source.edit_path for source in self.sources}

    def close(self) -> None:
        """Stop rendering if it still runs, remove the work folder (page bodies, search documents)
        and hand the build's objects back to the cycle collector (``mkdocs serve`` builds again)."""
        try:
            self.rendering.cancel()
            self.exporting.cancel()
        finally:
            gc.unfreeze()
            self.work.cleanup()


_current: Build | None = None


def build_date() -> date:
    """Today in Berlin, or the day of ``SOURCE_DATE_EPOCH`` so that rebuilds are reproducible."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch), BERLIN) if epoch else datetime.now(BERLIN)
    return moment.date()


def data_dir(repo_root: Path) -> Path:
    """``$PORTAL_DATA`` if set (relative to the repository root), else ``<repo>/data``."""
    configured = os.environ.get("PORTAL_DATA")
    return repo_root / configured if configured else repo_root / "data"


def repository_path(folder: Path, repo_root: Path) -> str | None:
    """``folder`` relative to the repository root, or None when it lies outside."""
    try:
        return folder.resolve().relative_to(repo_root.resolve()).as_posix()
    except ValueError:
        return None


def start(repo_root: Path, configured_site_url: str | None = None) -> Build:
    """Load and validate the data and start rendering every page; raises DataErrors on bad data
    (and SiteUrlError on a bad ``PORTAL_SITE_URL``). ``configured_site_url`` is the site generator's
    own setting (``mkdocs serve`` sets its address there)."""
    global _current
    if _current is not None:
        _current.close()  # the previous build of `mkdocs serve`
    catalogue = load_catalogue(data_dir(repo_root), repo_root=repo_root)
    today = build_date()
    address = site_address(os.environ.get("PORTAL_SITE_URL"), configured_site_url, catalogue.settings)
    work = tempfile.TemporaryDirectory(prefix=work_prefix("build"))  # named for siteswap.remove_leftovers
    try:  # also Ctrl-C or SIGTERM until the build is set: nothing may stay behind
        plan = plan_pages(catalogue, repository_path(data_dir(repo_root), repo_root))
        keep_out_of_collections()  # also in the rendering processes, which start with a copy of them
        vocabulary = Vocabulary.load(catalogue.synonyms)
        rendering = start_rendering(catalogue, today, address, plan, Path(work.name), vocabulary)
        exports = bundle.planned_files(catalogue, today, address)
        # Not yielding: MkDocs copies the files right after on_env, which waits for the rendering,
        # so the exports are on the same path as the rendering and share the cores with it.
        exporting = Background(partial(bundle.write_files, exports, Path(work.name) / "exports"), yielding=False)
        _current = Build(catalogue, today, address, [page.source for page in plan], rendering, work,
                         vocabulary, list(exports), exporting)
    except BaseException:
        gc.unfreeze()
        work.cleanup()
        raise
    return _current


# When the process ends, Python's final collection walks every object of the last build once more
# (at 1,000 records about 0.2 s); the operating system takes the memory back anyway, so everything
# is left to it. Open files are closed where they are written, and atexit handlers registered
# before this module (logging's flush among them) still run after this one.
atexit.register(gc.freeze)


def keep_out_of_collections() -> None:
    """Leave every object that exists now to reference counting alone until the build closes.

    The catalogue, the plan and the site generator's pages live for the whole build; Python's
    cycle collector would otherwise walk all of them again in each full collection while the
    pages are written (at 10,000 records about a second of the build)."""
    gc.freeze()


def has_current() -> bool:
    return _current is not None


def current() -> Build:
    if _current is None:
        raise RuntimeError("no portal build is running")
    return _current


_job: tuple[Renderer, list[PlannedPage], Path, Vocabulary] | None = None
"""What the rendering processes share: set before they are forked, so it is not copied to them."""


def start_rendering(catalogue: Catalogue, today: date, address: SiteAddress, plan: list[PlannedPage], work: Path,
                    vocabulary: Vocabulary) -> PendingMap[GeneratedPage]:
    """Start rendering the planned pages into ``work`` (bodies and search documents)."""
    global _job
    (work / "bodies").mkdir()
    (work / "search").mkdir()
    renderer = Renderer(catalogue, today, address)
    renderer.compile_templates()  # once, not once in every rendering process
    _job = (renderer, plan, work, vocabulary)
    try:
        return start_ordered_map(_render_run, range(len(plan)), min_items=PARALLEL_FROM)
    finally:
        _job = None  # the rendering processes have their copy


def _render_run(numbers: Sequence[int]) -> list[GeneratedPage]:
    assert _job is not None
    renderer, plan, work, vocabulary = _job
    rendered = []
    body_file = work / "bodies" / f"{numbers[0]}.html"
    with body_file.open("wb") as bodies:
        for number in numbers:
            source = plan[number].source
            body = render_page(renderer, plan[number])
            encoded = body.encode("utf-8")
            rendered.append(GeneratedPage(source, body_file, bodies.tell(), len(encoded), frozenset(_ID.findall(body)),
                                          structured_data(renderer, plan[number])))
            bodies.write(encoded)
            write_document(work / "search", IndexedPage(source.path, source.title, body, source.names,
                                                        source.nationwide, source.search_weight), vocabulary)
    return rendered
