"""The site folder is replaced only by a finished build: called by the MkDocs glue
(:mod:`portal.site.plugin`).

A build writes into a fresh folder next to the site folder (``.site.portal-<pid>-<random>`` for
``site/``) and, once it has succeeded, puts that folder in the site folder's place in one step
(Linux: ``renameat2`` with ``RENAME_EXCHANGE``; elsewhere two renames in a row). A build that
fails or is interrupted removes its fresh folder; one that is killed outright cannot, so every
build first removes what builds of dead processes left behind: fresh folders, the work folders of
:mod:`portal.site.build` and :mod:`portal.site.background` and the blog's
temporary folder, all named after the process id.

Under ``mkdocs serve`` a rebuild's fresh folder holds only what MkDocs wrote: the pages the theme
rendered again, its assets and templates. The served folder is updated in place instead
(:class:`ServedSite`): the files of the fresh folder replace their namesakes (each in one step),
the files the new site no longer has go, and the pages the theme cache kept
(:mod:`portal.site.theme_cache`), the exports and the search index stay where they are until
their new versions replace them (:mod:`portal.site.afterwards`). The preview's server holds every
request until a rebuild is done, so no page is served half-way. Why: at 10,000 records, making a
folder and a hard link in a fresh folder for each of 10,000 unchanged pages took 0.4 to 1.1 s of
every rebuild, and removing the replaced site took about 1 s more of the disk's time while the
next save was already being built (figures in LEISTUNG.md).
"""

from __future__ import annotations

import ctypes
import os
import re
import secrets
import shutil
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

from portal.common.processes import alive

WORK_PREFIXES = ("portal-build-", "portal-exports-", "portal-background-", "portal-blog-")
"""Names of a build's files and folders in the system's temporary folder, each followed by
``<pid>-``."""
_WORK = re.compile(r"^(?:" + "|".join(WORK_PREFIXES) + r")(\d+)-")
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def work_prefix(kind: str) -> str:
    """The prefix of a work file or folder of this process (``portal-build-1234-``)."""
    prefix = f"portal-{kind}-"
    assert prefix in WORK_PREFIXES
    return f"{prefix}{os.getpid()}-"


def fresh_folder(site_dir: Path) -> Path:
    """A new, empty folder next to ``site_dir`` for this process's build."""
    site_dir = Path(os.path.abspath(site_dir))
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    fresh = site_dir.with_name(f".{site_dir.name}.portal-{os.getpid()}-{secrets.token_hex(4)}")
    fresh.mkdir()  # the permissions a site folder gets from mkdir, unlike mkdtemp's 0700
    return fresh


def publish(fresh: Path, site_dir: Path) -> None:
    """Put the finished site ``fresh`` in the place of ``site_dir`` and remove the previous site."""
    site_dir = Path(os.path.abspath(site_dir))
    if not site_dir.exists():
        os.rename(fresh, site_dir)
        return
    if _exchange(fresh, site_dir):
        previous = fresh  # now the previous site
    else:
        previous = fresh.with_name(fresh.name + "-alt")
        os.rename(site_dir, previous)
        os.rename(fresh, site_dir)
    shutil.rmtree(previous)


class ServedSite:
    """The site folder of ``mkdocs serve``, which each rebuild updates in place (see the module's
    docstring), and the files its last update left there."""

    def __init__(self, left_alone: Iterable[str] = ()) -> None:
        self._left_alone = frozenset(left_alone)
        self._files: set[str] | None = None  # None: not known, read from the folder

    def update(self, fresh: Path, site_dir: Path, kept: Iterable[str], later: Iterable[str]) -> None:
        """Make ``site_dir`` the new site: every file of ``fresh`` (which is removed), the files
        ``kept`` from the last build and those that follow ``later`` (the exports); paths in the
        site. Any other file goes, except the names at the top that are left alone (the search
        index, the error page of the preview)."""
        site_dir = Path(os.path.abspath(site_dir))
        new = self._files_in(fresh)
        if not site_dir.exists() or not any(site_dir.iterdir()):  # the first build (serve made the folder)
            publish(fresh, site_dir)
        else:
            before, self._files = (self._files if self._files is not None else self._files_in(site_dir)), None
            staying = new.union(kept, later)
            for path in before - staying:
                _remove(site_dir, path)
            for path in new:
                _replace(fresh / path, site_dir / path)
            shutil.rmtree(fresh)
            new = staying
        self._files = new.union(later)

    @property
    def files(self) -> frozenset[str] | None:
        """The files the last update left in the site folder (paths in the site; the names left
        alone excepted), or None when not known."""
        return frozenset(self._files) if self._files is not None else None

    def forget(self) -> None:
        """The site folder may hold anything: read it at the next update."""
        self._files = None

    def _files_in(self, folder: Path) -> set[str]:
        found: set[str] = set()
        for root, folders, files in os.walk(folder):
            if root == str(folder):
                folders[:] = [name for name in folders if name not in self._left_alone and not name.startswith(".")]
                files = [name for name in files if name not in self._left_alone and not name.startswith(".")]
            prefix = os.path.relpath(root, folder).replace(os.sep, "/")
            found.update(name if prefix == "." else f"{prefix}/{name}" for name in files)
        return found


def _replace(source: Path, target: Path) -> None:
    try:
        os.replace(source, target)
    except FileNotFoundError:
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(source, target)


def _remove(site_dir: Path, path: str) -> None:
    """Remove a file of the site and the folders it leaves empty."""
    target = site_dir / path
    target.unlink(missing_ok=True)
    for folder in target.parents:
        if folder == site_dir:
            return
        try:
            folder.rmdir()
        except OSError:  # not empty, or gone
            return


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders in one step where the system can; False where it cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # a C library older than glibc 2.28
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    return renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) == 0


def discard(fresh: Path) -> None:
    """Remove the fresh folder of a build that did not succeed."""
    shutil.rmtree(fresh, ignore_errors=True)


def remove_leftovers(site_dir: Path | None) -> None:
    """Remove fresh folders next to ``site_dir`` and work files of builds whose process is gone."""
    places: list[tuple[Path, re.Pattern[str]]] = [(Path(tempfile.gettempdir()), _WORK)]
    if site_dir is not None:
        site_dir = Path(os.path.abspath(site_dir))
        places.append((site_dir.parent, re.compile(rf"^\.{re.escape(site_dir.name)}\.portal-(\d+)-")))
    for folder, pattern in places:
        _remove_matching(folder, pattern, lambda pid: pid != os.getpid() and not alive(pid))


def remove_own_work() -> None:
    """Remove every work file and folder of this process (when it stops at once, see the glue)."""
    _remove_matching(Path(tempfile.gettempdir()), _WORK, lambda pid: pid == os.getpid())


def _remove_matching(folder: Path, pattern: re.Pattern[str], owner_gone) -> None:
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        match = pattern.match(entry.name)
        if match and owner_gone(int(match[1])):
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path, ignore_errors=True)
            else:
                Path(entry.path).unlink(missing_ok=True)
