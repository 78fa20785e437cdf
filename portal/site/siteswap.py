"""The site folder is replaced only by a finished build: called by the MkDocs glue
(:mod:`portal.site.plugin`).

A build writes into a fresh folder next to the site folder (``.site.portal-<pid>-<random>`` for
``site/``) and, once it has succeeded, puts that folder in the site folder's place in one step
(Linux: ``renameat2`` with ``RENAME_EXCHANGE``; elsewhere two renames in a row). A build that
fails or is interrupted removes its fresh folder; one that is killed outright cannot, so every
build first removes what builds of dead processes left behind: fresh folders, the work folders of
:mod:`portal.site.build` and :mod:`portal.site.background` and the blog's
temporary folder, all named after the process id.
"""

from __future__ import annotations

import ctypes
import os
import re
import secrets
import shutil
import sys
import tempfile
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


def publish(fresh: Path, site_dir: Path, *, remove_previous: bool = True) -> Path | None:
    """Put the finished site ``fresh`` in the place of ``site_dir`` and remove the previous site
    (or, without ``remove_previous``, return the folder it now lies in, for the caller to remove)."""
    site_dir = Path(os.path.abspath(site_dir))
    if not site_dir.exists():
        os.rename(fresh, site_dir)
        return None
    if _exchange(fresh, site_dir):
        previous = fresh  # now the previous site
    else:
        previous = fresh.with_name(fresh.name + "-alt")
        os.rename(site_dir, previous)
        os.rename(fresh, site_dir)
    if not remove_previous:
        return previous
    shutil.rmtree(previous)
    return None


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
