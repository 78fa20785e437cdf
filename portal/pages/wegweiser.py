"""The Wegweiser ("Hilfe finden"): for a Land and a topic, who helps a supplier, in a fixed order.

Called by :mod:`portal.pages` (the pre-rendered answer pages ``hilfe/<land>/``, one section per
topic, and the start page ``hilfe/``) and by the macro ``wegweiser()`` of the home page. No MkDocs
import. The order of an answer is the one a supplier needs: the regional network(s) and whom to
call, the hubs on the topic, the offers that fit (free ones first), the next events, the
programmes. With JavaScript (``overrides/assets/javascripts/portal-wegweiser.js``) the page shows
only the chosen topic and kind of help; without it, every topic of the Land is on the page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import ClassVar, TypeVar

from portal.model.catalogue import Catalogue
from portal.model.entry import Eintrag
from portal.model.records import Angebot, Foerderprogramm, Hub, Netzwerk, Thema, Veranstaltung

NEEDS: dict[str, tuple[str, frozenset[str]]] = {
    "beratung": ("Beratung", frozenset({"beratung", "check", "analyse", "studie", "labor"})),
    "weiterbildung": ("Weiterbildung", frozenset({"weiterbildung", "workshop"})),
    "vernetzung": ("Vernetzung", frozenset({"vernetzung", "wettbewerb", "information", "werkzeug"})),
    "foerderung": ("Förderung", frozenset({"foerderberatung"})),
    "termine": ("Termine", frozenset()),
}
"""Kind of help a supplier asks for -> its label and the offer formats that give it (model.OFFER_FORMATS)."""


def needs_of(offer: Angebot) -> list[str]:
    """The kinds of help ``offer`` gives, as keys of :data:`NEEDS`."""
    return [need for need, (_, formats) in NEEDS.items() if formats.intersection(offer.formate)]


@dataclass(frozen=True)
class TopicAnswer:
    """What helps with one topic in one Land, beyond the Land's networks."""

    digest_once: ClassVar[bool] = True  # the page check's digest is the section's key too (portal.model.digest)
    topic: Thema
    hubs: list[Hub]
    offers: list[Angebot]  # free ones first
    events: list[Veranstaltung]
    providers: dict[str, list[Eintrag]]  # offer id -> the records its ``anbieter`` names, in order


@dataclass(frozen=True)
class Answer:
    """The Wegweiser's answer for one Land, every topic included."""

    code: str
    networks: list[Netzwerk]  # the Land's regional networks, with their contact on the page
    topics: list[TopicAnswer]
    programmes: list[Foerderprogramm]


def answer(catalogue: Catalogue, today: date, code: str) -> Answer:
    """The answer for the Land ``code`` (e.g. ``DE-SN``)."""
    networks = [network for network in catalogue.netzwerke if code in network.laender]
    hubs = [hub for hub in catalogue.hubs if hub.bundesweit or code in hub.laender or not hub.laender]
    offers = [offer for offer in catalogue.angebote
              if (offer.bundesweit or code in offer.laender) and not offer.ended(today)]
    events = [event for event in catalogue.upcoming(today)
              if event.ort is None or event.ort.online or event.ort.land in (None, code)]
    hubs_of, offers_of, events_of = _by_topic(hubs), _by_topic(offers), _by_topic(events)
    providers = {offer.id: [catalogue.by_id[name] for name in offer.anbieter] for offer in offers}
    topics = []
    for topic in catalogue.themen:
        topic_offers = sorted(offers_of.get(topic.id, []), key=lambda offer: not offer.free)
        topics.append(TopicAnswer(topic, hubs_of.get(topic.id, []), topic_offers, events_of.get(topic.id, [])[:5],
                                  {offer.id: providers[offer.id] for offer in topic_offers}))
    return Answer(code, networks, topics, catalogue.foerderprogramme)


R = TypeVar("R", Hub, Angebot, Veranstaltung)


def _by_topic(records: list[R]) -> dict[str, list[R]]:
    """Topic id -> the records that name it, in the order of ``records``, each once: one pass over
    the records instead of one per topic (at 10,000 records, 600 topics and 16 Länder, the
    answers took about 2.4 s that way)."""
    found: dict[str, list[R]] = {}
    for record in records:
        for topic in record.themen:
            bucket = found.setdefault(topic, [])
            if not bucket or bucket[-1] is not record:  # a topic named twice by one record
                bucket.append(record)
    return found
