"""Where each exported file lies in the site, stable identifiers, and absolute addresses.

Used by the export modules (file names, identifiers), by the page templates (links to calendars
and downloads, through :mod:`portal.pages`) and by the glue. One place for every path, so a link
and the file it points to cannot disagree.

Identifiers are UUID 5 values from a fixed namespace and a key such as ``veranstaltung/x``: the
same key gives the same identifier in every build and on every machine, and the identifier holds
no domain, so it survives a move of the portal to another address.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from urllib.parse import urlsplit

from portal.model.records import Einstellungen, Eintrag

NAMESPACE = uuid.UUID("5d0f6f8e-3b0c-4a5e-9a57-6f1f4c2b8e11")
"""Fixed namespace of every identifier the portal mints (never change it: calendars would
show every event twice)."""

DATA_DIR = "daten/"
CALENDAR_DIR = "kalender/"
FEED_DIR = "feeds/"

CATALOGUE_JSON = f"{DATA_DIR}katalog.json"
CATALOGUE_SCHEMA = f"{DATA_DIR}schemas/katalog.schema.json"
ALL_EVENTS_CALENDAR = f"{CALENDAR_DIR}termine.ics"
NEWS_FEED = f"{FEED_DIR}aktuelles.xml"
CHANGES_FEED = f"{FEED_DIR}neu-und-geaendert.xml"
FEEDS = ((NEWS_FEED, "Aktuelles"), (CHANGES_FEED, "Neu und geändert"))
"""The Atom feeds, each announced with ``<link rel="alternate">`` in every page's head."""
SOCIAL_IMAGE = "assets/images/portal-vorschau.png"
"""The static image that link previews (OpenGraph) show for every page (overrides/assets)."""


def stable_uuid(key: str) -> uuid.UUID:
    """The identifier for ``key``, the same in every build."""
    return uuid.uuid5(NAMESPACE, key)


def csv_path(record_type: type[Eintrag]) -> str:
    return f"{DATA_DIR}{record_type.FOLDER}.csv"


def schema_path(name: str) -> str:
    """A record kind's (or ``site``'s) JSON Schema, as ``python -m portal schema`` names it."""
    return f"{DATA_DIR}schemas/{name}.schema.json"


def record_calendar(record: Eintrag) -> str:
    """The calendar of a record: an event's own file, or the upcoming events naming a topic,
    network, hub or organisation."""
    return f"{CALENDAR_DIR}{record.URL_SEGMENT}/{record.id}.ics"


def land_calendar(code: str) -> str:
    return f"{CALENDAR_DIR}laender/{code.lower()}.ics"


@dataclass(frozen=True)
class SiteAddress:
    """The portal's public address (``site_url``), if one is set; absolute URLs need it."""

    site_url: str | None

    def absolute(self, path: str) -> str | None:
        """``path`` (site-relative, e.g. ``netzwerke/x/``) as an absolute URL, or None without an address."""
        return f"{self.site_url}{path}" if self.site_url else None


class SiteUrlError(ValueError):
    """``PORTAL_SITE_URL`` is no usable address (the message is German, for the build's output)."""


def site_address(from_environment: str | None, configured: str | None, settings: Einstellungen) -> SiteAddress:
    """The portal's address: ``PORTAL_SITE_URL`` (for previews) before the site generator's own
    setting (``mkdocs serve`` puts its address there) before ``site_url`` in ``data/site.yml``."""
    if from_environment:
        parts = urlsplit(from_environment)
        if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
            raise SiteUrlError(f"PORTAL_SITE_URL: '{from_environment}' ist keine Adresse wie "
                               "https://beispiel.github.io/portal/ (http:// oder https://, ohne ? und #)")
        return SiteAddress(from_environment if from_environment.endswith("/") else f"{from_environment}/")
    if configured:
        return SiteAddress(configured if configured.endswith("/") else f"{configured}/")
    return SiteAddress(settings.site_url)
