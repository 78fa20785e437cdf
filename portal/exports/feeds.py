"""News feeds (Atom, RFC 4287): "Aktuelles" (the blog posts) and "Neu und geändert" (records by
the date of their last check, ``stand``).

Called by :mod:`portal.exports.bundle` (records) and by the glue for the posts, which only the
site generator knows (:class:`Post` carries what a feed needs of one). Written with ElementTree,
so every value is escaped by the library; two builds of the same data give the same bytes.

Identifiers are ``urn:uuid:`` UUID 5 values (:func:`portal.exports.addresses.stable_uuid`): a post
keeps its identifier for good; a record's entry is keyed by its id *and* ``stand``, so each
change appears as a new entry in a feed reader. Links are absolute when the portal's address is
known, otherwise relative to the feed file (feed readers resolve them against its address).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from xml.etree import ElementTree as ET

from portal.common.dates import german_date
from portal.exports.addresses import CHANGES_FEED, NEWS_FEED, SiteAddress, stable_uuid
from portal.exports.text import html_text, plain_text
from portal.model.catalogue import Catalogue
from portal.model.entry import Eintrag, checked_on

ATOM = "http://www.w3.org/2005/Atom"
SITE_NAME = "Transformationsportal Automobil"
CHANGES_LIMIT = 50
"""Entries in "Neu und geändert": the most recently checked records."""
SUMMARY_LIMIT = 400
_HEADING = re.compile(r"<h1\b.*?</h1>", re.S)


@dataclass(frozen=True)
class Post:
    """A post of "Aktuelles" as the feed needs it: ``url`` relative to the site root."""

    title: str
    published: date
    url: str
    summary: str
    updated: date | None = None


@dataclass(frozen=True)
class _Entry:
    key: str
    title: str
    updated: date
    url: str
    summary: str
    published: date | None = None
    category: str | None = None


def news_feed(posts: Iterable[Post], address: SiteAddress) -> bytes:
    """The feed "Aktuelles": every post, newest first."""
    entries = [_Entry(f"aktuelles/{post.url}", post.title, post.updated or post.published, post.url,
                      post.summary, post.published)
               for post in sorted(posts, key=lambda p: (p.published, p.url), reverse=True)]
    return _feed(NEWS_FEED, "Aktuelles", "Berichte aus den Netzwerken, Hubs und dem Förderprogramm.",
                 "aktuelles/", entries, address)


def changes_feed(catalogue: Catalogue, address: SiteAddress) -> bytes:
    """The feed "Neu und geändert": the records checked most recently, newest first, every kind."""
    checked = [(stand, record) for record in catalogue.everything() if (stand := checked_on(record))]
    newest = sorted(checked, key=lambda pair: (pair[0], pair[1].kind.name, pair[1].id), reverse=True)
    entries = [_Entry(f"aenderung/{record.kind.name}/{record.id}/{stand.isoformat()}",
                      f"{record.kind.label}: {record.title}", stand, record.url, _record_summary(record, stand),
                      category=record.kind.label)
               for stand, record in newest[:CHANGES_LIMIT]]
    return _feed(CHANGES_FEED, "Neu und geändert",
                 "Einträge des Portals, die neu sind oder zuletzt geprüft und aktualisiert wurden.",
                 "", entries, address)


def post_summary(content: str) -> str:
    """A post's summary: the text before ``<!-- more -->`` (the blog's excerpt), without its title."""
    excerpt = content.split("<!-- more -->", 1)[0]
    return html_text(_HEADING.sub("", excerpt, count=1))


def _record_summary(record: Eintrag, checked: date) -> str:
    text = getattr(record, "kurzfassung", None) or plain_text(getattr(record, "beschreibung", None))
    if len(text) > SUMMARY_LIMIT:
        text = text[:SUMMARY_LIMIT].rsplit(" ", 1)[0] + " …"
    stand = f"Stand: {german_date(checked)}."
    return f"{text}\n\n{stand}" if text else stand


def _stamp(day: date) -> str:
    return datetime.combine(day, time(0, 0), UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _feed(path: str, title: str, subtitle: str, page: str, entries: list[_Entry], address: SiteAddress) -> bytes:
    def href(target: str) -> str:
        return address.absolute(target) or "../" * path.count("/") + target or "./"

    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "de"})

    def add(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attributes)
        element.text = text
        return element

    add(feed, "id", f"urn:uuid:{stable_uuid(f'feed/{path}')}")
    add(feed, "title", f"{title} – {SITE_NAME}")
    add(feed, "subtitle", subtitle)
    add(feed, "updated", _stamp(max((e.updated for e in entries), default=date(2000, 1, 1))))
    add(feed, "link", rel="self", type="application/atom+xml", href=href(path))
    add(feed, "link", rel="alternate", type="text/html", href=href(page))
    author = add(feed, "author")
    add(author, "name", SITE_NAME)
    add(feed, "generator", "Transformationsportal Automobil")
    for entry in entries:
        item = add(feed, "entry")
        add(item, "id", f"urn:uuid:{stable_uuid(entry.key)}")
        add(item, "title", entry.title)
        add(item, "updated", _stamp(entry.updated))
        if entry.published:
            add(item, "published", _stamp(entry.published))
        add(item, "link", rel="alternate", type="text/html", href=href(entry.url))
        if entry.category:
            add(item, "category", term=entry.category)
        add(item, "summary", entry.summary)
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"
