"""Calendar files (iCalendar, RFC 5545 with the calendar properties of RFC 7986) for events.

Called by :mod:`portal.exports.bundle` through :func:`calendar_files`: one file per event (the
link "In den Kalender" on its page) and subscribable calendars of the upcoming events overall, per
Land and per record that events name (topic, network, hub, cluster, organisation). Each event is
serialised once and its VEVENT reused in every calendar that holds it.

Rules that keep a calendar app's copy right and rebuilds byte-identical:

- UID: a UUID 5 of ``veranstaltung/<id>`` (:func:`portal.exports.addresses.stable_uuid`), no
  domain, the same in every build; a calendar's own UID likewise from its file name. The library
  would otherwise make up a random one.
- DTSTAMP and LAST-MODIFIED: the record's ``stand`` (midnight UTC), never the build time.
- SEQUENCE: the days from 2000-01-01 to ``stand``. Editors set ``stand`` whenever they change an
  entry, so the number rises with every change, and an unchanged event keeps its number.
- An event with a start time is timed in Europe/Berlin (a VTIMEZONE is included) when it is one
  day or has an end time; otherwise it is all-day: DATE values, DTEND the day after the last day.
- DESCRIPTION is plain text; the event's page is its URL when the portal's address is known.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache, lru_cache, partial
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone

from portal.common.laender import LAENDER
from portal.exports.addresses import (
    ALL_EVENTS_CALENDAR,
    SiteAddress,
    land_calendar,
    record_calendar,
    stable_uuid,
)
from portal.exports.text import plain_text
from portal.model.catalogue import Catalogue
from portal.model.entry import Eintrag
from portal.model.records import Veranstaltung

BERLIN = ZoneInfo("Europe/Berlin")
PRODID = "-//Transformationsportal Automobil//Kalender//DE"
SITE_NAME = "Transformationsportal Automobil"
REFRESH = timedelta(days=1)
_SEQUENCE_EPOCH = date(2000, 1, 1)


def event_uid(event: Veranstaltung) -> str:
    return str(stable_uuid(f"{event.kind.name}/{event.id}"))


def sequence(event: Veranstaltung) -> int:
    """Rises with every change of the event: the days from 2000-01-01 to its ``stand``."""
    return (event.stand - _SEQUENCE_EPOCH).days


def calendar(events: Iterable[Veranstaltung], serialised: dict[str, bytes], *, path: str, name: str,
             description: str, address: SiteAddress) -> bytes:
    """The calendar file at ``path`` holding ``events`` (in the order given), each taken from
    ``serialised`` (event id -> its VEVENT, see :func:`serialise_events`)."""
    cal = Calendar.new(
        prodid=PRODID,
        uid=str(stable_uuid(f"kalender/{path}")),
        refresh_interval=REFRESH,
        url=address.absolute(path),
        source=address.absolute(path),
    )
    cal["REFRESH-INTERVAL"].params["VALUE"] = "DURATION"  # RFC 7986 requires it; the library omits it
    cal["METHOD"] = "PUBLISH"
    # Set as text values, so ';' and ',' are escaped (the library's name= writes NAME unescaped).
    for key, value in (("NAME", name), ("X-WR-CALNAME", name), ("DESCRIPTION", description),
                       ("X-WR-CALDESC", description)):
        cal[key] = value
    cal["X-PUBLISHED-TTL"] = "P1D"
    head = cal.to_ical()
    end = b"END:VCALENDAR\r\n"
    events = list(events)
    timed = [e for e in events if isinstance(_when(e)[0], datetime)]
    parts = [head.removesuffix(end)]
    if timed:  # transitions from a year before the first to a year after the last timed event
        parts.append(_berlin(min(e.beginn.year for e in timed) - 1, max(e.last_day.year for e in timed) + 2))
    parts += [serialised[e.id] for e in events]
    parts.append(end)
    return b"".join(parts)


def serialise_events(catalogue: Catalogue, events: Iterable[Veranstaltung], address: SiteAddress) -> dict[str, bytes]:
    """Each event's VEVENT, serialised once: an event is in several calendars (its own, all
    upcoming events, its Land, its topics …), and serialising is the expensive part (about 0.9 ms
    an event; the 320 events of 1,000 synthetic records fill 1,348 places in calendars, so
    serialising each place anew would cost about 0.9 s more)."""
    return {event.id: _vevent(catalogue, event, address).to_ical() for event in events}


@lru_cache(maxsize=64)
def _berlin(first_year: int, last_year: int) -> bytes:
    """The VTIMEZONE of Europe/Berlin with its transitions from ``first_year`` to ``last_year``;
    kept, because most calendars span the same years and each costs 0.5 ms (at 1,000 records
    about 800 calendars)."""
    return Timezone.from_tzid("Europe/Berlin", first_date=date(first_year, 1, 1),
                              last_date=date(last_year, 1, 1)).to_ical()


def _vevent(catalogue: Catalogue, event: Veranstaltung, address: SiteAddress) -> Event:
    stamp = datetime.combine(event.stand, time(0, 0), UTC)
    start, end = _when(event)
    vevent = Event.new(
        uid=event_uid(event),
        stamp=stamp,
        last_modified=stamp,
        sequence=sequence(event),
        summary=event.titel,
        start=start,
        end=end,
        location=_location(event),
        description=_description(catalogue, event, address),
        url=address.absolute(event.url),
        categories=[catalogue.by_id[t].title for t in event.themen],
    )
    vevent["STATUS"] = "CONFIRMED"
    vevent["TRANSP"] = "OPAQUE"
    return vevent


def _when(event: Veranstaltung) -> tuple[date | datetime, date | datetime | None]:
    one_day = event.last_day == event.beginn
    if event.beginn_uhrzeit and (one_day or event.ende_uhrzeit):
        start = datetime.combine(event.beginn, time.fromisoformat(event.beginn_uhrzeit), BERLIN)
        if not event.ende_uhrzeit:
            return start, None  # the start time alone (RFC 5545: ends when it starts)
        end = datetime.combine(event.last_day, time.fromisoformat(event.ende_uhrzeit), BERLIN)
        return start, end if end > start else None
    return event.beginn, event.last_day + timedelta(days=1)


def _location(event: Veranstaltung) -> str | None:
    if event.ort is None:
        return None
    ort = event.ort
    parts = [part for part in (ort.veranstaltungsort, ort.stadt) if part]
    if ort.land and not ort.stadt:
        parts.append(LAENDER[ort.land])
    place = ", ".join(parts)
    if ort.online:
        return f"{place} und online" if place else "online"
    return place or None


def _description(catalogue: Catalogue, event: Veranstaltung, address: SiteAddress) -> str:
    paragraphs = [text for text in (event.motto and f"„{event.motto}“", event.format) if text]
    if event.beschreibung:
        paragraphs.append(plain_text(event.beschreibung))
    facts = []
    if event.ort and event.ort.online:
        facts.append("Auch online." if event.ort.stadt or event.ort.veranstaltungsort else "Online.")
    if event.beginn_uhrzeit and not event.ende_uhrzeit and event.last_day != event.beginn:
        facts.append(f"Beginn am ersten Tag um {event.beginn_uhrzeit} Uhr.")
    for label, ids in (("Veranstalter", event.veranstalter), ("Beteiligt", event.beteiligte)):
        if ids:
            facts.append(f"{label}: " + ", ".join(catalogue.by_id[i].short_title for i in ids))
    if event.website:
        facts.append(f"Website: {event.website}")
    page = address.absolute(event.url)
    if page:
        facts.append(f"Im {SITE_NAME}: {page}")
    if facts:
        paragraphs.append("\n".join(facts))
    return "\n\n".join(paragraphs)


@dataclass(frozen=True)
class Feed:
    """A subscribable calendar: where it lies, its name, and the upcoming events it holds."""

    path: str
    name: str
    description: str
    events: list[Veranstaltung]


def all_events_feed(catalogue: Catalogue, today: date) -> Feed:
    return Feed(ALL_EVENTS_CALENDAR, f"Termine – {SITE_NAME}",
                f"Alle kommenden Termine aus dem {SITE_NAME}", catalogue.upcoming(today))


def land_feed(catalogue: Catalogue, today: date, code: str) -> Feed:
    events = [e for e in catalogue.upcoming(today) if e.ort and e.ort.land == code]
    return Feed(land_calendar(code), f"Termine in {LAENDER[code]} – {SITE_NAME}",
                f"Kommende Termine in {LAENDER[code]} aus dem {SITE_NAME}", events)


def record_feed(catalogue: Catalogue, today: date, record: Eintrag) -> Feed | None:
    """The upcoming events naming ``record`` (as topic, organiser, participant …), or None when no
    event at all names it (an event has its own file, see :func:`calendar_files`)."""
    if not _has_feed(catalogue, record):
        return None
    naming = catalogue.referrers(record.id, Veranstaltung)
    events = sorted((e for e in naming if e.last_day >= today), key=lambda e: (e.beginn, e.id))
    return Feed(record_calendar(record), f"Termine: {record.short_title} – {SITE_NAME}",
                f"Kommende Termine zu „{record.title}“ aus dem {SITE_NAME}", events)


def _has_feed(catalogue: Catalogue, record: Eintrag) -> bool:
    """Whether ``record`` has a calendar of its own: it is no event, and an event names it."""
    return not isinstance(record, Veranstaltung) and any(
        isinstance(link.source, Veranstaltung) for link in catalogue.back_links(record.id))


def calendar_files(catalogue: Catalogue, today: date, address: SiteAddress) -> dict[str, Callable[[], bytes]]:
    """Every calendar file of the site, as path -> a function that makes its content: one per
    event, then the subscribable calendars. Listing them is cheap: which events a calendar holds
    is found when its content is made (at 10,000 records, finding them for every calendar took
    about 0.2 s of each build's main process); the first content made serialises every event
    once, for all calendars (see :func:`serialise_events`)."""
    serialised = cache(lambda: serialise_events(catalogue, catalogue.veranstaltungen, address))
    feeds: dict[str, Callable[[], Feed | None]] = {
        record_calendar(event): partial(_event_feed, event) for event in catalogue.veranstaltungen}
    feeds[ALL_EVENTS_CALENDAR] = partial(all_events_feed, catalogue, today)
    feeds.update((land_calendar(code), partial(land_feed, catalogue, today, code)) for code in LAENDER)
    feeds.update((record_calendar(record), partial(record_feed, catalogue, today, record))
                 for record in catalogue.everything() if _has_feed(catalogue, record))
    return {path: partial(_calendar_of, feed, serialised, address) for path, feed in feeds.items()}


def _event_feed(event: Veranstaltung) -> Feed:
    return Feed(record_calendar(event), f"{event.titel} – {SITE_NAME}", f"Termin aus dem {SITE_NAME}", [event])


def _calendar_of(made: Callable[[], Feed | None], serialised: Callable[[], dict[str, bytes]],
                 address: SiteAddress) -> bytes:
    feed = made()
    assert feed is not None  # planned only where there is one
    return calendar(feed.events, serialised(), path=feed.path, name=feed.name, description=feed.description,
                    address=address)
