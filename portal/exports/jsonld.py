"""Schema.org structured data (JSON-LD) for the pages: ``Organization`` for networks, hubs,
clusters and organisations, ``Event`` for events, ``Dataset`` for the page "Daten".

Called by :mod:`portal.pages` when it plans the pages; the theme puts the result into the page
head as ``<script type="application/ld+json">`` (overrides/main.html). That type is a data block a
browser never runs. :func:`script_text` escapes ``<``, ``>`` and ``&`` as ``\\u003c`` and so on, so
that no value, not even ``</script>`` or ``<!--``, can end the element early; JSON readers decode
the escapes back to the same text.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from portal.common.laender import LAENDER
from portal.exports.addresses import CATALOGUE_JSON, SOCIAL_IMAGE, SiteAddress, csv_path
from portal.exports.text import plain_text
from portal.model.catalogue import Catalogue
from portal.model.entry import Eintrag
from portal.model.records import Initiative, Organisation, Veranstaltung

BERLIN = ZoneInfo("Europe/Berlin")
CONTEXT = "https://schema.org"
DESCRIPTION_LIMIT = 500
_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def script_text(data: dict[str, Any]) -> str:
    """``data`` as JSON that is safe between ``<script type="application/ld+json">`` and ``</script>``."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, escaped in _ESCAPES.items():  # str.replace: a tenth of a second less per 1,000 pages
        text = text.replace(char, escaped)  # than a pass over every character
    return text


def for_record(catalogue: Catalogue, record: Eintrag, address: SiteAddress) -> dict[str, Any] | None:
    """The structured data of a record's page, or None for kinds Schema.org has no fitting type for."""
    if isinstance(record, Veranstaltung):
        return event(catalogue, record, address)
    if isinstance(record, Initiative | Organisation):
        return organization(catalogue, record, address)
    return None


def organization(catalogue: Catalogue, record: Initiative | Organisation, address: SiteAddress) -> dict[str, Any]:
    data: dict[str, Any] = {"@context": CONTEXT, "@type": "Organization", "name": record.name}
    page = address.absolute(record.url)
    if page:
        data["@id"] = f"{page}#organisation"
        data["mainEntityOfPage"] = page
    if record.kurzname:
        data["alternateName"] = record.kurzname
    if record.website:
        data["url"] = record.website
    description = _description(record.beschreibung)
    if description:
        data["description"] = description
    if isinstance(record, Initiative):
        if record.laender:
            data["areaServed"] = [{"@type": "State", "name": LAENDER[code]} for code in record.laender]
        members = [catalogue.by_id[p.organisation] for p in record.partner]
        coordinators = [catalogue.by_id[i] for i in record.koordination]
        if coordinators or members:
            data["member"] = [_organisation_ref(org, address) for org in [*coordinators, *members]]
        topics = [catalogue.by_id[t].title for t in record.themen]
        if topics:
            data["knowsAbout"] = topics
    else:
        postal = {key: value for key, value in (("addressLocality", record.ort),
                                                 ("addressRegion", record.land and LAENDER[record.land]))
                  if value}
        if postal:
            data["address"] = {"@type": "PostalAddress", **postal, "addressCountry": "DE"}
    return data


def event(catalogue: Catalogue, record: Veranstaltung, address: SiteAddress) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "Event",
        "name": record.titel,
        "startDate": _moment(record.beginn, record.beginn_uhrzeit),
        "endDate": _moment(record.last_day, record.ende_uhrzeit),
        "eventStatus": "https://schema.org/EventScheduled",
    }
    page = address.absolute(record.url)
    if page:
        data["@id"] = f"{page}#veranstaltung"
        data["url"] = page
    description = _description(record.beschreibung) or record.motto
    if description:
        data["description"] = description
    ort = record.ort
    places: list[dict[str, Any]] = []
    if ort and (ort.veranstaltungsort or ort.stadt or ort.land):
        name = ort.veranstaltungsort or ort.stadt or LAENDER[ort.land or ""]
        place: dict[str, Any] = {"@type": "Place", "name": name}
        postal = {key: value for key, value in (("addressLocality", ort.stadt),
                                                 ("addressRegion", ort.land and LAENDER[ort.land])) if value}
        place["address"] = {"@type": "PostalAddress", **postal, "addressCountry": "DE"}
        places.append(place)
    online = bool(ort and ort.online)
    if online:
        virtual: dict[str, Any] = {"@type": "VirtualLocation"}
        if record.website or page:
            virtual["url"] = record.website or page
        places.append(virtual)
    if places:
        data["location"] = places[0] if len(places) == 1 else places
        mode = "Mixed" if online and len(places) > 1 else "Online" if online else "Offline"
        data["eventAttendanceMode"] = f"https://schema.org/{mode}EventAttendanceMode"
    organizers = [_organisation_ref(catalogue.by_id[i], address) for i in record.veranstalter]
    if organizers:
        data["organizer"] = organizers[0] if len(organizers) == 1 else organizers
    if record.beteiligte:
        data["contributor"] = [_organisation_ref(catalogue.by_id[i], address) for i in record.beteiligte]
    if record.themen:
        data["about"] = [catalogue.by_id[t].title for t in record.themen]
    image = address.absolute(SOCIAL_IMAGE)
    if image:
        data["image"] = image
    return data


def dataset(catalogue: Catalogue, today: date, page_url: str, address: SiteAddress) -> dict[str, Any]:
    """The data page: the catalogue as a downloadable data set."""
    data: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "Dataset",
        "name": "Katalog des Transformationsportals Automobil",
        "description": ", ".join(kind.label_plural for kind in catalogue.kinds)
                       + " der Fahrzeug- und Zulieferindustrie, jede Angabe mit öffentlicher Quelle und Stand.",
        "inLanguage": "de",
        "dateModified": today.isoformat(),
        "isAccessibleForFree": True,
        "creator": {"@type": "Organization", "name": "Transformationsportal Automobil"},
    }
    page = address.absolute(page_url)
    if page:
        data["@id"] = f"{page}#daten"
        data["url"] = page
    licence = catalogue.settings.lizenz
    if licence:
        data["license"] = licence.url
    downloads = [(CATALOGUE_JSON, "application/json")] + [(csv_path(kind), "text/csv") for kind in catalogue.kinds]
    data["distribution"] = [
        {"@type": "DataDownload", "encodingFormat": media, "contentUrl": address.absolute(path) or path}
        for path, media in downloads
    ]
    return data


def _organisation_ref(record: Eintrag, address: SiteAddress) -> dict[str, Any]:
    ref: dict[str, Any] = {"@type": "Organization", "name": record.title}
    page = address.absolute(record.url)
    if page:
        ref["@id"] = f"{page}#organisation"
    return ref


def _moment(day: date, clock: str | None) -> str:
    if clock is None:
        return day.isoformat()
    return datetime.combine(day, time.fromisoformat(clock), BERLIN).isoformat()


def _description(markdown: str | None) -> str:
    text = " ".join(plain_text(markdown).split())
    if len(text) > DESCRIPTION_LIMIT:
        text = text[:DESCRIPTION_LIMIT].rsplit(" ", 1)[0] + " …"
    return text
