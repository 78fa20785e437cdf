"""One site build's data: catalogue, build date, address and generated pages, computed once per build.

Made by the build session (:mod:`portal.site.session`) when MkDocs loads its configuration, and
read by the MkDocs glue (:mod:`portal.site.plugin`) and the macros module (:mod:`portal.site.macros`),
so the data is loaded and validated once, not once per consumer.

The page bodies are rendered on every core (:mod:`portal.site.rendering`) while the site generator
reads its own files and builds the navigation (which needs only the list of pages), and are kept on
disk in the build's work folder, not in memory: each is read back when the site generator writes
its page. The exported files (:mod:`portal.exports.bundle`) are written into a work folder by another
process meanwhile (:mod:`portal.site.background`); the site generator gets their paths at once and
copies them once they are written. Under ``mkdocs serve`` they follow the served pages instead
(:attr:`Build.exports_after_publishing`, :meth:`Exports.place`).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property, partial
from pathlib import Path
from zoneinfo import ZoneInfo

from portal.exports import bundle
from portal.exports.addresses import SiteAddress, site_address
from portal.load.loader import load_catalogue
from portal.model.catalogue import Catalogue
from portal.pages.plan import PageSource, plan_pages
from portal.pages.renderer import Renderer
from portal.pages.vocabulary import Vocabulary
from portal.site.background import Background
from portal.site.incremental import Incremental
from portal.site.page_cache import Basis
from portal.site.questions import Digests
from portal.site.rendering import GeneratedPage, Rendering, RenderJob, start_rendering
from portal.site.siteswap import work_prefix
from portal.site.slots import MacroSlots

BERLIN = ZoneInfo("Europe/Berlin")


@dataclass
class Build:
    catalogue: Catalogue
    today: date
    address: SiteAddress  # the portal's public address, if known (portal.exports.addresses.site_address)
    sources: list[PageSource]  # the generated pages, known before they are rendered
    rendering: Rendering = field(repr=False)
    search_documents: Path  # the folder of the documents the search index is built from
    vocabulary: Vocabulary = field(repr=False)  # terms the search documents add (portal.vocabulary)
    exports: Exports = field(repr=False)  # the exported files, written by another process
    work: tempfile.TemporaryDirectory[str] | None = field(default=None, repr=False)  # removed on close
    basis: Basis | None = field(default=None, repr=False)  # what the pages are rendered from, when reusing
    slots: MacroSlots = field(default_factory=MacroSlots, repr=False)  # HTML of the macros in docs/ pages
    exports_after_publishing: bool = False
    """Under ``mkdocs serve``: the site is served before its exports are written; they replace the
    previous build's in the served folder when they are ready (portal.site.afterwards), since at
    10,000 records they take about 11 s, longer than everything else of a rebuild."""
    _exports_handed_over: bool = field(default=False, init=False, repr=False)

    @property
    def pages(self) -> list[GeneratedPage]:
        """The rendered pages, in the order of :attr:`sources`; waits until all are rendered."""
        return self.rendering.result()

    @cached_property
    def edit_paths(self) -> dict[str, str | None]:
        """Generated page source -> repository file an editor changes for it."""
        return {source.src_uri: source.edit_path for source in self.sources}

    def hand_over_exports(self) -> Exports:
        """The exports, for the caller to finish and close; :meth:`close` leaves them alone."""
        self._exports_handed_over = True
        return self.exports

    def close(self) -> None:
        """Stop rendering and exporting if they still run and remove the build's own work folders."""
        try:
            self.rendering.cancel()
        finally:
            try:
                if not self._exports_handed_over:
                    self.exports.close()
            finally:
                if self.work is not None:
                    self.work.cleanup()


class Exports:
    """The exported files of one build (:func:`portal.exports.bundle.planned_files`), written into a
    work folder of their own by a background process while the pages render.

    Why: at 10,000 records they take about 5 s of processor time (calendars most), which would
    otherwise lie on the build's critical path, and their contents would sit in memory until the
    site generator writes them; this way the main process holds only their paths."""

    def __init__(self, catalogue: Catalogue, today: date, address: SiteAddress, *, after_publishing: bool) -> None:
        planned = bundle.planned_files(catalogue, today, address)
        self.paths = list(planned)
        self._work = tempfile.TemporaryDirectory(prefix=work_prefix("exports"))  # see siteswap
        try:  # niced and started only after publishing under serve (start_writing): a build waits for
            # the files right after the pages are rendered, the preview only once the site is served,
            # and they must not slow down the changed page (a 10k rebuild after a hub rename,
            # in-process, alternating: niced 3.5 s against 3.9 s; started afterwards see LEISTUNG.md)
            self._writing = Background(partial(bundle.write_files, planned, self.folder), yielding=after_publishing,
                                       deferred=after_publishing)
        except BaseException:
            self._work.cleanup()
            raise

    @property
    def folder(self) -> Path:
        """Where the exported files lie, at their site paths, once :meth:`written` returned."""
        return Path(self._work.name)

    def start_writing(self) -> None:
        """Start writing the files now (under serve, once the site is served; else they are being written)."""
        self._writing.start()

    def written(self) -> None:
        """Wait until every exported file is in :attr:`folder` (raises BackgroundError if the process
        that writes them was lost)."""
        self._writing.result()

    def place(self, site_dir: Path, change: Callable[[Callable[[], None]], bool]) -> None:
        """Wait until every file is written, then put each into ``site_dir``, replacing the file
        there at once (never writing into it: it may be linked from the previous site). Each file
        is put through ``change``, which makes a change to the served site unless the run was
        stopped, and says whether it did (portal.site.afterwards)."""
        self.written()
        for path in self.paths:
            if not change(partial(put_file, self.folder / path, site_dir / path)):
                return

    def stop_writing(self) -> None:
        """Stop the process that writes the files, without waiting for its end (a waiting
        :meth:`written` then raises; :meth:`close` waits for it)."""
        self._writing.kill()

    def close(self) -> None:
        try:
            self._writing.cancel()
        finally:
            self._work.cleanup()


def put_file(source: Path, target: Path) -> None:
    """Put ``source`` at ``target`` as a second name of the same file (a hard link), or a copy on
    another file system, replacing a file already there at once and never writing into it (it may
    be another site's too). Used for the exports, in a build (portal.site.exported.ExportFile)
    and after one (:meth:`Exports.place`)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    new = target.with_name(f".{target.name}.portal-new")
    new.unlink(missing_ok=True)
    try:
        os.link(source, new)
    except OSError:  # another file system than the work folder's, or one without links
        shutil.copyfile(source, new)
    os.replace(new, target)


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


def start_build(repo_root: Path, configured_site_url: str | None = None,
                incremental: Incremental | None = None) -> Build:
    """Load and validate the data and start rendering every page; raises DataErrors on bad data
    (and SiteUrlError on a bad ``PORTAL_SITE_URL``). ``configured_site_url`` is the site generator's
    own setting (``mkdocs serve`` sets its address there); with ``incremental``, what an earlier
    build of this process did is reused where it still holds (:mod:`portal.site.incremental`)."""
    catalogue = load_catalogue(data_dir(repo_root), repo_root=repo_root,
                               cache=incremental.files if incremental else None)
    today = build_date()
    address = site_address(os.environ.get("PORTAL_SITE_URL"), configured_site_url, catalogue.settings)
    work = None if incremental else tempfile.TemporaryDirectory(prefix=work_prefix("build"))  # see siteswap
    try:  # also Ctrl-C or SIGTERM until the build is made: nothing may stay behind
        data_folder = repository_path(data_dir(repo_root), repo_root)
        plan = plan_pages(catalogue, data_folder, incremental.planned() if incremental else None)
        vocabulary = Vocabulary.load(catalogue.synonyms)
        renderer = Renderer(catalogue, today, address)
        sources = [page.source for page in plan]
        if incremental is None:
            assert work is not None
            folder = Path(work.name)
            job = RenderJob(renderer, plan, folder / "bodies", folder / "search", vocabulary, None)
            rendering = start_rendering(job, {})
            basis = None
        else:
            digests: Digests = {}
            kept, basis = incremental.reusable(catalogue, renderer, plan, digests, today, address, data_folder)
            job = RenderJob(renderer, plan, incremental.bodies_folder(), incremental.search_documents, vocabulary,
                            basis.versions, incremental.pages.earlier(basis), digests)  # the check's snapshot
            rendering = start_rendering(job, kept, incremental.pages.sizes())
        try:
            exports = Exports(catalogue, today, address, after_publishing=incremental is not None)
        except BaseException:
            rendering.cancel()
            raise
        return Build(catalogue, today, address, sources, rendering, job.search_documents, vocabulary, exports,
                     work, basis, exports_after_publishing=incremental is not None)
    except BaseException:
        if work is not None:
            work.cleanup()
        raise
