"""Every exported file of one build: calendars, the feed "Neu und geändert", open data (JSON, CSV,
schemas) and robots.txt.

Called once per build by the site build (:mod:`portal.site.build`): :func:`planned_files` lists
the files at once and cheaply (the site generator needs their paths early), and
:func:`write_files` makes and writes their contents into a folder, in a background process, so
that neither the time (the calendars above all) nor the memory of the contents (at 10,000 records
about 100 MB) falls on the site generator's process. The feed "Aktuelles" comes from the MkDocs
glue itself, because only the site generator knows the posts
(:func:`portal.exports.feeds.news_feed`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path

from portal.exports import feeds, ics, opendata
from portal.exports.addresses import CATALOGUE_JSON, CHANGES_FEED, SiteAddress, csv_path
from portal.model.catalogue import Catalogue
from portal.model.kinds import Kind

Maker = Callable[[], bytes | str]
"""Makes one file's content."""


def planned_files(catalogue: Catalogue, today: date, address: SiteAddress) -> dict[str, Maker]:
    """Site path -> the function that makes the file's content, for every exported file."""
    files: dict[str, Maker] = {}
    files.update(ics.calendar_files(catalogue, today, address))
    files[CHANGES_FEED] = partial(feeds.changes_feed, catalogue, address)
    files[CATALOGUE_JSON] = partial(opendata.catalogue_json, catalogue, today, address)
    for kind in catalogue.kinds:
        files[csv_path(kind)] = partial(_csv, catalogue, kind, address)
    files.update({path: partial(str, text) for path, text in opendata.schema_files(address, catalogue.kinds).items()})
    files["robots.txt"] = partial(robots_txt, address)
    return files


def site_files(catalogue: Catalogue, today: date, address: SiteAddress) -> dict[str, bytes | str]:
    """Site path -> content of every exported file."""
    return {path: make() for path, make in planned_files(catalogue, today, address).items()}


def write_files(files: dict[str, Maker], folder: Path) -> None:
    """Make every file of ``files`` (see :func:`planned_files`) and write it into ``folder``,
    one at a time, so that only one content is in memory at once."""
    for path, make in files.items():
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        content = make()
        target.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)


def _csv(catalogue: Catalogue, kind: Kind, address: SiteAddress) -> bytes:
    return opendata.csv_file(opendata.csv_rows(catalogue, kind, address))


def robots_txt(address: SiteAddress) -> str:
    """Every page may be indexed; the sitemap's address when the portal's address is known.

    Search engines read robots.txt only at the root of a host; on a project page
    (``https://owner.github.io/repo/``) the file is harmless, and the sitemap is found anyway."""
    lines = ["User-agent: *", "Allow: /"]
    sitemap = address.absolute("sitemap.xml")
    if sitemap:
        lines.append(f"Sitemap: {sitemap}")
    return "\n".join(lines) + "\n"
