"""One site build's data: catalogue, build date, address and generated pages, computed once per build.

Made by the build session (:mod:`portal.site.session`) when MkDocs loads its configuration, and
read by the MkDocs glue (:mod:`portal.site.plugin`) and the macros module (:mod:`portal.site.macros`),
so the data is loaded and validated once, not once per consumer.

The page bodies are rendered on every core (:mod:`portal.site.rendering`) while the site generator
reads its own files and builds the navigation (which needs only the list of pages), and are kept on
disk in the build's work folder, not in memory: each is read back when the site generator writes
its page.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from pathlib import Path
from zoneinfo import ZoneInfo

from portal.exports.addresses import SiteAddress, site_address
from portal.load.loader import load_catalogue
from portal.model.catalogue import Catalogue
from portal.pages.plan import PageSource, plan_pages
from portal.pages.renderer import Renderer
from portal.pages.vocabulary import Vocabulary
from portal.site.incremental import Incremental
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
    work: tempfile.TemporaryDirectory[str] | None = field(default=None, repr=False)  # removed on close
    keys: tuple[list[tuple[str, bytes]], bytes] | None = field(default=None, repr=False)  # page keys, build key
    slots: MacroSlots = field(default_factory=MacroSlots, repr=False)  # HTML of the macros in docs/ pages

    @property
    def pages(self) -> list[GeneratedPage]:
        """The rendered pages, in the order of :attr:`sources`; waits until all are rendered."""
        return self.rendering.result()

    @cached_property
    def edit_paths(self) -> dict[str, str | None]:
        """Generated page source -> repository file an editor changes for it."""
        return {source.src_uri: source.edit_path for source in self.sources}

    def close(self) -> None:
        """Stop rendering if it still runs and remove the build's own work folder, if it has one."""
        try:
            self.rendering.cancel()
        finally:
            if self.work is not None:
                self.work.cleanup()


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
        plan = plan_pages(catalogue, data_folder)
        vocabulary = Vocabulary.load(catalogue.synonyms)
        renderer = Renderer(catalogue, today, address)
        sources = [page.source for page in plan]
        if incremental is None:
            assert work is not None
            folder = Path(work.name)
            job = RenderJob(renderer, plan, folder / "bodies", folder / "search", vocabulary, None)
            return Build(catalogue, today, address, sources, start_rendering(job, {}), job.search_documents,
                         vocabulary, work)
        kept, keys, key = incremental.reusable(catalogue, renderer, plan, today, address, data_folder)
        job = RenderJob(renderer, plan, incremental.bodies_folder(), incremental.search_documents, vocabulary,
                        incremental.files.versions)
        return Build(catalogue, today, address, sources, start_rendering(job, kept), job.search_documents,
                     vocabulary, keys=(keys, key))
    except BaseException:
        if work is not None:
            work.cleanup()
        raise
