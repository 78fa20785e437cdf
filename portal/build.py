"""The current site build: catalogue, build date and generated pages, computed once per build.

Started by the MkDocs hook (:mod:`portal.mkdocs_hooks`) and read by the macros module
(:mod:`portal.macros`), so the data is loaded and validated once, not once per consumer.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property
from pathlib import Path
from zoneinfo import ZoneInfo

from portal.catalogue import Catalogue
from portal.load import load_catalogue
from portal.pages import PageSource, build_pages

BERLIN = ZoneInfo("Europe/Berlin")


@dataclass(frozen=True)
class Build:
    catalogue: Catalogue
    today: date
    pages: list[PageSource]

    @cached_property
    def edit_paths(self) -> dict[str, str]:
        """Generated page source -> repository file an editor changes for it."""
        return {page.src_uri: page.edit_path for page in self.pages}

    def release_contents(self) -> None:
        """Forget the page sources once the site generator holds them (keeps the edit paths)."""
        self.edit_paths  # noqa: B018 - computed before the pages go
        self.pages.clear()


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


def start(repo_root: Path) -> Build:
    """Load and validate the data and render every page; raises DataErrors on bad data."""
    global _current
    catalogue = load_catalogue(data_dir(repo_root), repo_root=repo_root)
    today = build_date()
    _current = Build(catalogue, today, build_pages(catalogue, today))
    return _current


def current() -> Build:
    if _current is None:
        raise RuntimeError("no portal build is running")
    return _current
