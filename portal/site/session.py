"""The state of the portal in one MkDocs process: the running build, its fresh site folder, the
search index and link check it started, and how ``mkdocs`` was started.

One :class:`BuildSession` is made by the MkDocs glue (:mod:`portal.site.mkdocs_hooks`, through
:class:`portal.site.plugin.PortalPlugin`) and lives as long as the process: under ``mkdocs serve``
it sees every rebuild. The macros module (:mod:`portal.site.macros`) finds it through MkDocs'
plugins (:func:`session_of`). Nothing here is kept in module variables. Under ``mkdocs serve`` the
session also keeps what a rebuild reuses (:mod:`portal.site.incremental`,
:mod:`portal.site.theme_cache`) and the last build's search index and link check, which finish
after the site is served (:mod:`portal.site.afterwards`).

Cycle collector: when a build has loaded the catalogue and planned its pages, and again when
MkDocs has read every page, the session freezes every object that exists (``gc.freeze``): they live
until the build ends, and Python's cycle collector would otherwise walk all of them again in each
full collection while the pages are written, and once more when the process exits. At 1,000
synthetic records this saves about 0.25 s of processor time and 0.7 s of wall time in a build of
4.8 s (whole-process medians of six builds each, with and without the freezes). The build's end
unfreezes them again; only the last ``mkdocs build`` stays frozen at exit, where the operating
system takes the memory back anyway.

Under ``mkdocs serve`` only the first build freezes. The collection after it
(:meth:`collect_after_build`, called by :mod:`portal.site.afterwards` once the page is served) frees
what it left and freezes the rest for the whole session: mostly what the preview keeps for the next
builds (data files read, rendered pages, the theme's keys; at 10,000 records about 800,000 objects).
A rebuild freezes and unfreezes nothing. It pauses automatic collections from loading the data to
the collection after it, which then walks only what is not frozen: the objects of the last two
builds and what the preview kept anew. Why: the full collection after each rebuild that this
replaces walked the kept objects, too, and took 0.59 to 1.11 s at 10,000 records, now 0.2 to 0.38 s
(``gc.callbacks`` in a traced serve); a save made meanwhile waited for it, and with a save 1 s after
the page showed, a save took 2.72 s instead of 1.78 s now (scripts/edit_benchmark.py, LEISTUNG.md).
Why not freeze after each rebuild's collection as well: MkDocs and its plugins (the configuration
option of the plugins, mkdocs-macros' variables) hold on to the last build's pages, navigation and
catalogue until the next build replaces them, so they would be frozen alive and never freed (at
1,000 records about 2 MB more per save). The price: what the first collection froze and a later
build drops stays in memory, once: the first build's objects that MkDocs held (at 10,000 records up
to about 166,000 objects), and kept objects that a save replaces where they form cycles. Paused for
the whole rebuild, a 10,000-record rebuild after a hub rename took 0.1 to 0.2 s less (in-process,
alternating, two series of three rebuilds: 3.05 and 3.11 s against 3.15 and 3.33 s). Only when the
theme renders more pages than it keeps (:meth:`theme_starts`; after a change to a template it
renders them all) does it collect as usual: paused there, a 10,000-record preview peaked at 474 MB
instead of 323 MB.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import sys
import threading
from pathlib import Path

from portal.common.errors import os_reason
from portal.common.processes import few_allocator_arenas
from portal.site import siteswap
from portal.site.afterwards import Afterwards, Lull
from portal.site.background import Background
from portal.site.build import Build, start_build
from portal.site.incremental import Incremental
from portal.site.search_index import OUTPUT, SearchIndex
from portal.site.siteswap import ServedSite
from portal.site.theme_cache import ThemeCache


class BuildSession:
    """A portal build's state, and what a build started that must be stopped when it fails."""

    def __init__(self) -> None:
        self.serving = False
        """``mkdocs serve``: pages allow its live-reload script (csp.PREVIEW_POLICY)."""
        self.dirty = False
        """``mkdocs serve --dirty``: MkDocs writes into the existing site folder, so there is no fresh one."""
        self.site: tuple[Path, Path] | None = None
        """(fresh folder the running build writes, site folder it replaces once the build succeeded)"""
        self.search: SearchIndex | None = None
        self.content_check: Background[list[str]] | None = None
        self.incremental: Incremental | None = None
        """Under ``mkdocs serve``: what a rebuild reuses (portal.site.incremental)."""
        self.theme_cache: ThemeCache | None = None
        """Under ``mkdocs serve``: the theme's pages a rebuild reuses (portal.site.theme_cache)."""
        self.served: ServedSite | None = None
        """Under ``mkdocs serve``: the served folder, which a rebuild updates (portal.site.siteswap)."""
        self.afterwards: Afterwards | None = None
        """Under ``mkdocs serve``: the last build's search index and link check, still running."""
        self.lull = Lull()
        """Under ``mkdocs serve``: when no build runs, for the runs of :attr:`afterwards` to tidy up."""
        self._stopped: list[Afterwards] = []  # runs stopped whose threads may still be ending
        self._build: Build | None = None
        self._remembered = False
        self._freezing = True
        """Whether the running (or last) build freezes: all but a rebuild under serve (see the module's docstring)."""
        self._kept_frozen = False
        """Under serve: whether the collection after a build froze what exists (see the module's docstring)."""
        self._collecting_after: bool | None = None
        """While a rebuild pauses automatic collections (see the module's docstring): whether they were on."""

    def reuse_between_builds(self) -> None:
        """Let each build reuse what the builds before it did (``mkdocs serve``; tests)."""
        if self.incremental is None:
            self.incremental, self.theme_cache = Incremental(), ThemeCache()
            self.served = ServedSite(left_alone=[OUTPUT])

    def started(self, command: str, dirty: bool) -> None:
        """``mkdocs build`` or ``serve`` starts: Ctrl-C and SIGTERM stop a build at once, with everything
        it started, and file-system errors (a full disk) end in one German line, not a traceback."""
        self.dirty, self.serving = dirty, command == "serve"
        if self.serving:
            self.reuse_between_builds()
            few_allocator_arenas()  # a long-lived process with many threads (portal.common.processes)
        if threading.current_thread() is threading.main_thread():
            if command == "build":
                signal.signal(signal.SIGINT, self.stop_now)
                signal.signal(signal.SIGTERM, self.stop_now)
            else:  # serve: stops on Ctrl-C (MkDocs' KeyboardInterrupt) and removes its own site folder;
                # also when started with SIGINT ignored (a background job of a script), where
                # Python would leave it ignored and the server could only be killed
                signal.signal(signal.SIGINT, signal.default_int_handler)
                signal.signal(signal.SIGTERM, signal.default_int_handler)
        if sys.excepthook is sys.__excepthook__:
            sys.excepthook = _one_line_for_file_errors

    def start_build(self, repo_root: Path, configured_site_url: str | None) -> Build:
        """Close the previous build (``mkdocs serve``), load the data and start rendering the pages."""
        self.lull.building()
        self.stop_afterwards()
        self.close_build()
        self._freezing = self.incremental is None or not self.incremental.pages.remembers
        if not self._freezing:  # a rebuild under serve: see the module's docstring
            self._pause_collections()
        self._build = start_build(repo_root, configured_site_url, self.incremental)
        self._remembered = False
        if self._freezing:
            gc.freeze()
        return self._build

    def stop_afterwards(self) -> None:
        """Stop the last build's search index and link check if they still run (their thread
        ends by itself, :meth:`portal.site.afterwards.Afterwards.stop`)."""
        if self.afterwards is not None:
            self.afterwards.stop()
            self._stopped = [run for run in self._stopped if run.running] + [self.afterwards]
            self.afterwards = None

    def settle(self) -> None:
        """Wait for the last build's search index and link check (tests, the benchmark)."""
        if self.afterwards is not None:
            self.afterwards.wait()
            self.afterwards = None

    def pages_rendered(self) -> None:
        """The running build's pages are all rendered: the next build may keep them."""
        build = self.build
        if self.incremental is not None and build.basis is not None:
            self.incremental.remember(build.basis, build.pages)
            self._remembered = True

    def documents_written(self, paths: set[str]) -> None:
        """The search documents of these pages (paths in the site) are written."""
        if self.incremental is not None:
            self.incremental.documents_written(paths)

    def published(self, site_dir: Path) -> None:
        """The running build's site is in ``site_dir``."""
        self.lull.built()
        if self.theme_cache is not None:
            self.theme_cache.published(site_dir, self.served.files if self.served is not None else None)

    @property
    def build(self) -> Build:
        """The running build."""
        if self._build is None:
            raise RuntimeError("no portal build is running")
        return self._build

    def pages_read(self) -> None:
        """MkDocs has read every page: a build that freezes leaves what exists now to reference
        counting alone until it closes (see the module's docstring for what it buys)."""
        if self._freezing:
            gc.freeze()

    def theme_starts(self, rendering: int, kept: int) -> None:
        """The theme renders ``rendering`` pages next and keeps ``kept`` as published: a rebuild's
        pause of automatic collections ends if it renders more (see the module's docstring)."""
        if rendering > kept:
            self._resume_collections()

    def collect_after_build(self) -> None:
        """Under ``mkdocs serve``, once the last build's page is served (:mod:`portal.site.afterwards`):
        free what the builds left; the first time (or the first since everything was unfrozen),
        keep the rest out of later collections (see the module's docstring). Called in the thread
        of :class:`Afterwards`, which a new build first stops."""
        gc.collect()
        if not self._kept_frozen:
            gc.freeze()
            self._kept_frozen = True
        self._resume_collections()

    def _unfreeze(self) -> None:
        gc.unfreeze()
        self._kept_frozen = False

    def _pause_collections(self) -> None:
        if self._collecting_after is None:  # else paused since a build whose collection never came
            self._collecting_after = gc.isenabled()
        gc.disable()

    def _resume_collections(self) -> None:
        if self._collecting_after:
            gc.enable()
        self._collecting_after = None

    def close_build(self) -> None:
        """Remove the running build's work folder; a build that froze hands its objects back to the
        cycle collector."""
        if self._build is not None:
            build, self._build = self._build, None
            try:
                build.close()
            finally:
                if self._freezing:
                    self._unfreeze()

    def abandon(self) -> None:
        """Stop what a failed or interrupted build started and remove its work and fresh folders."""
        self.lull.built()
        self.stop_afterwards()
        if self.incremental is not None and self._build is not None and not self._remembered:
            self.incremental.forget_pages()  # it may have written some pages' search documents
        if self.theme_cache is not None and self.dirty:
            self.theme_cache.forget()  # mkdocs serve --dirty: it may have written into the published pages
        if self.search is not None:
            self.search.stop()
            self.search = None
        if self.content_check is not None:
            self.content_check.cancel()
            self.content_check = None
        self.close_build()
        self._resume_collections()  # no collection follows a failed build
        if self.site is not None:
            siteswap.discard(self.site[0])
            self.site = None

    def stop_now(self, signum: int, frame) -> None:
        """Ctrl-C or SIGTERM during ``mkdocs build``: kill every process the build started, remove its
        work and fresh folders, and exit at once. (An exception unwinding the build instead could
        arrive inside the process pool's own bookkeeping and leave it waiting forever.)"""
        if self.search is not None:
            self.search.kill_now()
        for child in multiprocessing.active_children():  # rendering workers and the link check
            child.kill()
            child.join()
        if self.site is not None:
            siteswap.discard(self.site[0])
        siteswap.remove_own_work()
        print(f"Abgebrochen ({signal.Signals(signum).name}); die bisherige Website ist unverändert.", file=sys.stderr)
        os._exit(128 + signum)

    def shut_down(self) -> None:
        """The MkDocs command ends: stop what is left, and leave the last objects to the operating
        system instead of a final walk of the cycle collector (at 1,000 records about 0.2 s)."""
        self.abandon()
        for run in self._stopped:  # their processes and work folders go before the command ends
            run.join()
        self.stop_reusing()
        gc.freeze()

    def stop_reusing(self) -> None:
        """Remove what builds kept for the next one (see :meth:`reuse_between_builds`), and hand
        what the last collection after a build froze back to the collector."""
        self._unfreeze()
        if self.incremental is not None:
            self.incremental.close()
        if self.theme_cache is not None:
            self.theme_cache.close()
        self.incremental = self.theme_cache = self.served = None


def _one_line_for_file_errors(kind, error, trace) -> None:
    """A full disk or an unreadable file ends the build with ``file: reason``, not a traceback."""
    if isinstance(error, OSError):
        print(f"Fehler: {os_reason(error)}; die bisherige Website ist unverändert.", file=sys.stderr)
    else:
        sys.__excepthook__(kind, error, trace)


def session_of(config) -> BuildSession:
    """The session of the portal glue among MkDocs' plugins (for mkdocs-macros' ``define_env``)."""
    for plugin in config.plugins.values():
        session = getattr(plugin, "portal_session", None)
        if isinstance(session, BuildSession):
            return session
    raise RuntimeError("the portal's MkDocs glue (portal/site/mkdocs_hooks.py) is not configured")
