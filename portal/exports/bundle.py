"""Every exported file of one build, as site path -> content: calendars, the feed "Neu und
geändert", open data (JSON, CSV, schemas) and robots.txt.

Called once per build by the MkDocs glue (:mod:`portal.site.mkdocs_hooks`), which adds the files to the
site; the feed "Aktuelles" comes from the glue itself, because only the site generator knows the
posts (:func:`portal.exports.feeds.news_feed`).
"""

from __future__ import annotations

from datetime import date

from portal.exports import feeds, ics, opendata
from portal.exports.addresses import CATALOGUE_JSON, CHANGES_FEED, SiteAddress, csv_path
from portal.model.catalogue import Catalogue


def site_files(catalogue: Catalogue, today: date, address: SiteAddress) -> dict[str, bytes | str]:
    files: dict[str, bytes | str] = {}
    files.update(ics.calendar_files(catalogue, today, address))
    files[CHANGES_FEED] = feeds.changes_feed(catalogue, address)
    files[CATALOGUE_JSON] = opendata.catalogue_json(catalogue, today, address)
    for kind in catalogue.kinds:
        files[csv_path(kind)] = opendata.csv_file(opendata.csv_rows(catalogue, kind, address))
    files.update(opendata.schema_files(address, catalogue.kinds))
    files["robots.txt"] = robots_txt(address)
    return files


def robots_txt(address: SiteAddress) -> str:
    """Every page may be indexed; the sitemap's address when the portal's address is known.

    Search engines read robots.txt only at the root of a host; on a project page
    (``https://owner.github.io/repo/``) the file is harmless, and the sitemap is found anyway."""
    lines = ["User-agent: *", "Allow: /"]
    sitemap = address.absolute("sitemap.xml")
    if sitemap:
        lines.append(f"Sitemap: {sitemap}")
    return "\n".join(lines) + "\n"
