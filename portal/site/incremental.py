"""What a rebuild under ``mkdocs serve`` reuses from the builds before it in the same process.

Held by the build session (:mod:`portal.site.session`) when it serves; used by
:mod:`portal.site.build` when a build starts and by the MkDocs glue once the pages are rendered.

- Data files whose bytes did not change are not parsed or validated again
  (:class:`portal.load.filecache.FileCache`; the checks across files run on every load).
- Pages that read the same as in the last build keep their body, search document, anchors and
  structured data (:mod:`portal.site.page_cache`); only the others are rendered.
- The bodies of every build lie in one work folder of the session, so a kept page's body stays
  where it was; the search documents lie in one folder, in which a rebuild writes the changed
  pages' documents and removes those of pages that are gone, so the search index always reads a
  complete set. Body files no kept page refers to are removed after each build.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from portal.common.paths import TEMPLATES
from portal.load.filecache import FileCache
from portal.model.catalogue import Catalogue
from portal.pages.plan import PlannedPage
from portal.pages.renderer import Renderer
from portal.pages.search_document import document_path
from portal.site.page_cache import Basis, PageCache, build_key, page_key
from portal.site.questions import Digests
from portal.site.rendering import GeneratedPage
from portal.site.siteswap import work_prefix


class Incremental:
    """The caches and the work folder that rebuilds in this process share."""

    def __init__(self) -> None:
        self.files = FileCache()
        self.pages = PageCache()
        self._work = tempfile.TemporaryDirectory(prefix=work_prefix("build"))  # named for siteswap.remove_leftovers
        self.search_documents = Path(self._work.name) / "search"
        self._builds = 0
        self._documents: set[str] = set()  # the documents of the last build, by page path
        self._planned: dict[str, tuple[PlannedPage, bytes]] = {}  # the last plan's pages and keys, by source

    def planned(self) -> dict[str, PlannedPage]:
        """The pages the last build planned, by source path (``plan_pages`` takes them over)."""
        return {src_uri: page for src_uri, (page, _) in self._planned.items()}

    def bodies_folder(self) -> Path:
        """A new folder for the bodies of the next build."""
        self._builds += 1
        return Path(self._work.name) / f"bodies-{self._builds}"

    def index_folder(self) -> Path:
        """A new folder for the next search index (moved into the site when done, portal.site.afterwards)."""
        for earlier in Path(self._work.name).glob("index-*"):  # of runs that finished or were stopped
            shutil.rmtree(earlier, ignore_errors=True)
        folder = Path(self._work.name) / f"index-{self._builds}"
        folder.mkdir()
        return folder

    def reusable(self, catalogue: Catalogue, renderer: Renderer, plan: list[PlannedPage], digests: Digests,
                 *parts: object) -> tuple[dict[int, GeneratedPage], Basis]:
        """The pages of ``plan`` kept from the last build, and what this build's pages are rendered
        from (``parts``: what else every page depends on, e.g. the build date and the address;
        ``digests``: the build's answers, which the check fills)."""
        versions = self.files.versions
        folders = (TEMPLATES, *catalogue.kinds.template_folders)
        templates = sorted((str(path), path.stat().st_mtime_ns) for folder in folders for path in folder.iterdir())
        key = build_key(templates, versions.get("site.yml"), versions.get("synonyme.yml"), *parts)
        keys = []
        for page in plan:  # a page taken over from the last plan keeps its key (see plan_pages)
            src_uri = page.source.src_uri
            known = self._planned.get(src_uri)
            keys.append((src_uri, known[1] if known is not None and known[0] is page
                         else page_key(page.template, page.source, page.context, versions)))
        self._planned = {src_uri: (page, made) for (src_uri, made), page in zip(keys, plan, strict=True)}
        basis = Basis(keys, key, catalogue.by_id, dict(versions))
        return self.pages.reusable(basis, catalogue, renderer.shared, renderer.footprints, digests), basis

    def remember(self, basis: Basis, rendered: list[GeneratedPage]) -> None:
        """Keep a build's rendered pages for the next one and remove body files no page refers to."""
        self.pages.remember(basis, rendered)
        kept = self.pages.body_files()
        for folder in Path(self._work.name).glob("bodies-*"):
            for body_file in folder.iterdir():
                if body_file not in kept:
                    body_file.unlink()
            if not any(folder.iterdir()):
                folder.rmdir()

    def documents_written(self, paths: set[str]) -> None:
        """Remove the search documents of pages the last build had and this one has not."""
        for gone in self._documents - paths:
            (self.search_documents / document_path(gone)).unlink(missing_ok=True)
        self._documents = paths

    def forget_pages(self) -> None:
        """A build failed half-way: render every page again next time."""
        self.pages.forget()

    def close(self) -> None:
        self._work.cleanup()
