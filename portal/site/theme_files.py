"""The names of the theme's files, listed again under ``mkdocs serve`` only when a theme folder changed.

At the start of every build MkDocs lists every file in the theme folders (``overrides/``, Material's
templates, MkDocs' own) through the theme environment's loader to find the static files it copies
(``Files.add_files_from_theme``). Material's folder holds about 14,500 files, most of them icons, so
the listing is a walk over them. Under ``mkdocs serve`` the preview's theme cache
(:meth:`portal.site.theme_cache.ThemeCache.listed_once`, called by the MkDocs glue in ``on_config``)
gives each build's environment a :class:`ListedLoader`, which asks a :class:`TemplateListing` that
lives as long as the process.

The listing holds as long as no file or folder is added to, removed from or renamed in any folder it
walked, and each of those changes the modification time of the folder in question; so
:class:`TemplateListing` keeps the time of every folder (about 30) and walks again when one differs,
or when the folders to list are others. Changed contents do not change the listing. A folder changed
less than :data:`RACY` before the listing began may change again within the same tick of the file
system's clock without a new time, so such a listing is not kept (as Git does with its index).

Why: at 10,000 records MkDocs' collecting of the theme's files took 0.09 to 0.17 s of the main
process in every rebuild after a hub rename, while the pages render on the other core; with the
listing kept, 0.03 to 0.07 s, the rest being MkDocs' sorting out of the names (in-process, five
rebuilds each).
"""

from __future__ import annotations

import os
import time

from jinja2 import FileSystemLoader

RACY = 2_000_000_000
"""Nanoseconds: the coarsest modification times of common file systems (FAT's two seconds)."""


class TemplateListing:
    """The names :meth:`jinja2.FileSystemLoader.list_templates` gives, kept between builds."""

    def __init__(self) -> None:
        self._listed: tuple[tuple[str, ...], bool] | None = None  # search path and following of links
        self._folders: dict[str, int] = {}  # every folder walked -> its modification time (ns)
        self._names: list[str] = []

    def names(self, loader: FileSystemLoader) -> list[str]:
        """The templates ``loader`` finds, listed again only if a folder changed since the last time."""
        listed = (tuple(loader.searchpath), loader.followlinks)
        if listed != self._listed or not self._unchanged():
            self._listed = None
            began = time.time_ns()
            folders = {}  # taken before the listing: a change meanwhile makes the next call list again
            for top in loader.searchpath:
                for folder, _, _ in os.walk(top, followlinks=loader.followlinks):
                    folders[folder] = os.stat(folder).st_mtime_ns
            self._names = FileSystemLoader.list_templates(loader)
            if all(top in folders for top in loader.searchpath) and all(
                    modified < began - RACY for modified in folders.values()):
                self._folders, self._listed = folders, listed
        return list(self._names)

    def _unchanged(self) -> bool:
        try:
            return all(os.stat(folder).st_mtime_ns == modified for folder, modified in self._folders.items())
        except OSError:  # a folder is gone
            return False


class ListedLoader(FileSystemLoader):
    """The theme environment's loader, as MkDocs makes it, with its listing from ``listing``."""

    def __init__(self, loader: FileSystemLoader, listing: TemplateListing) -> None:
        super().__init__(loader.searchpath, encoding=loader.encoding, followlinks=loader.followlinks)
        self._listing = listing

    def list_templates(self) -> list[str]:
        return self._listing.names(self)
