"""Exports (portal/exports): calendars, feeds, open data and structured data, on the small fixture
catalogue with hostile records, and three builds of it (no address, a root address, a project-page
sub-path) for what only a finished site shows: files in place, links, head data, sitemap."""

from __future__ import annotations

import csv
import errno
import io
import json
import os
import re
import shutil
from datetime import date, datetime
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import icalendar
import jsonschema
import pytest
import vobject
from referencing import Registry, Resource

from portal.common.laender import LAENDER
from portal.exports import bundle, feeds, ics, jsonld, opendata
from portal.exports.addresses import (
    ALL_EVENTS_CALENDAR,
    CATALOGUE_JSON,
    CATALOGUE_SCHEMA,
    CHANGES_FEED,
    NEWS_FEED,
    SiteAddress,
    SiteUrlError,
    csv_path,
    land_calendar,
    record_calendar,
    site_address,
)
from portal.load.loader import load_catalogue
from portal.model.kinds import KINDS
from portal.model.records import Netzwerk, Veranstaltung
from portal.site.exported import ExportFile
from tests.conftest import MINIMAL, build_site, errors_of
from tests.site_helpers import page_file, served_root
from tests.test_hostile import META_XSS, quoted

TODAY = date(2026, 12, 5)
EPOCH = "1764900000"  # 2025-12-05; the hostile event lies in 2099, so it is upcoming either way
BREAKOUT = '</script><script>alert("ld")</script><!--'
FORMULAS = {
    "titel": '=HYPERLINK("https://boese.example.com";"klick") ' + BREAKOUT,
    "motto": "+49 {{ 7*7 }}",
    "format": "@SUMME(1;2)",
    "veranstaltungsort": "-2+3 <!-- Saal",
}
EVENT = "feindlicher-termin"
NETWORK = "feindlich"


LICENCE = """lizenz:
  name: Creative Commons Namensnennung 4.0 International
  kennung: CC BY 4.0
  url: https://creativecommons.org/licenses/by/4.0/deed.de
"""


def with_licence(data: Path) -> Path:
    settings = data / "site.yml"
    settings.write_text(settings.read_text(encoding="utf-8") + LICENCE, encoding="utf-8")
    return data


def hostile_data(target: Path) -> Path:
    """The minimal catalogue with a data licence, plus an event and a network full of markup,
    template and formula text."""
    shutil.copytree(MINIMAL, target)
    with_licence(target)
    (target / "veranstaltungen" / f"{EVENT}.yml").write_text("\n".join([
        "# yaml-language-server: $schema=../../schemas/veranstaltung.schema.json",
        f"titel: {quoted(FORMULAS['titel'])}",
        f"motto: {quoted(FORMULAS['motto'])}",
        f"format: {quoted(FORMULAS['format'])}",
        "beginn: 2099-03-01",
        'beginn_uhrzeit: "10:00"',
        'ende_uhrzeit: "16:30"',
        "ort:",
        f"  veranstaltungsort: {quoted(FORMULAS['veranstaltungsort'])}",
        f"  stadt: {quoted(META_XSS)}",
        "  land: DE-SN",
        "  online: true",
        "veranstalter: [beispiel-ihk]",
        f"beteiligte: [{NETWORK}]",
        "themen: [datenoekosysteme]",
        "beschreibung: |",
        f"  Als Code: `{BREAKOUT}` und `]]>` & {{{{ 7*7 }}}}.",
        "quellen:",
        "  - url: https://quelle.example.com/termin",
        "stand: 2026-11-30",
    ]) + "\n", encoding="utf-8")
    (target / "netzwerke" / f"{NETWORK}.yml").write_text("\n".join([
        "# yaml-language-server: $schema=../../schemas/netzwerk.schema.json",
        f"name: {quoted(META_XSS)}",
        f"kurzname: {quoted('=1+1')}",
        "laender: [DE-SN]",
        f"region: {quoted('@Region')}",
        f"beschreibung: {quoted('Als Code: `' + BREAKOUT + '`')}",
        "quellen:",
        "  - url: https://quelle.example.com/feindlich",
        "stand: 2026-11-29",
    ]) + "\n", encoding="utf-8")
    return target


@pytest.fixture(scope="module")
def data(tmp_path_factory) -> Path:
    return hostile_data(tmp_path_factory.mktemp("exports") / "data")


@pytest.fixture(scope="module")
def catalogue(data):
    return load_catalogue(data)


ADDRESS = SiteAddress("https://owner.github.io/repo/")


@pytest.fixture(scope="module")
def files(catalogue):
    return bundle.site_files(catalogue, TODAY, ADDRESS)


def test_the_files_written_in_the_background_are_the_files_listed(catalogue, files, tmp_path):
    """The build lists the exports at once and writes them in another process: the folder then
    holds exactly the listed files, each with its content (UTF-8 for text)."""
    planned = bundle.planned_files(catalogue, TODAY, ADDRESS)
    assert list(planned) == list(files)
    bundle.write_files(planned, tmp_path)
    written = {path.relative_to(tmp_path).as_posix(): path.read_bytes()
               for path in tmp_path.rglob("*") if path.is_file()}
    assert written == {path: text_of(content).encode("utf-8") if isinstance(content, str) else content
                       for path, content in files.items()}


def test_an_export_joins_the_site_without_touching_the_file_it_replaces(tmp_path, monkeypatch):
    """MkDocs puts each export into the site as a link to the work folder's file; a file already
    there (a dirty build over the previous site, whose files the preview may share) is replaced,
    never written into, and across file systems the export is copied."""
    work, site = tmp_path / "work", tmp_path / "site"
    (work / "kalender").mkdir(parents=True)
    (work / "kalender" / "termine.ics").write_bytes(b"neu")
    (site / "kalender").mkdir(parents=True)
    previous = site / "kalender" / "termine.ics"
    previous.write_bytes(b"alt")
    shared = tmp_path / "shared.ics"
    os.link(previous, shared)  # the previous site's file, with a second name elsewhere

    def export(path: str) -> ExportFile:  # as File.generated makes it
        file = ExportFile(path, src_dir=None, dest_dir=str(site), use_directory_urls=True)
        file.abs_src_path = str(work / path)
        return file

    export("kalender/termine.ics").copy_file()
    assert previous.read_bytes() == b"neu" and shared.read_bytes() == b"alt"
    assert previous.stat().st_ino == (work / "kalender" / "termine.ics").stat().st_ino
    shutil.rmtree(work / "kalender")  # the build removes its work folder; the site keeps the file
    assert previous.read_bytes() == b"neu"

    (work / "feed.xml").write_bytes(b"<feed/>")

    def other_file_system(source, target):
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    monkeypatch.setattr(os, "link", other_file_system)
    export("feed.xml").copy_file()
    assert (site / "feed.xml").read_bytes() == b"<feed/>"


def text_of(content: bytes | str) -> str:
    return content.decode("utf-8") if isinstance(content, bytes) else content


# ---------------------------------------------------------------------------------------------
# Calendars


def test_every_event_has_a_calendar_file_that_two_independent_parsers_read(catalogue, files):
    for event in catalogue.veranstaltungen:
        raw = files[record_calendar(event)]
        parsed = icalendar.Calendar.from_ical(raw)
        (vevent,) = parsed.walk("VEVENT")
        assert str(vevent["SUMMARY"]) == event.titel
        assert str(vevent["UID"]) == ics.event_uid(event)
        other = vobject.readOne(raw.decode("utf-8"))
        assert other.vevent.summary.value == event.titel
        assert other.vevent.uid.value == ics.event_uid(event)
        assert other.vevent.dtstart.value == vevent.start
        assert str(parsed["UID"])
        name = f"{event.titel} – Transformationsportal Automobil"
        assert other.x_wr_calname.value == other.contents["name"][0].value == name
        assert b"REFRESH-INTERVAL;VALUE=DURATION:P1D" in raw


def test_the_hostile_event_appears_literally_in_its_calendar_file(catalogue, files):
    event = catalogue.by_id[EVENT]
    (vevent,) = icalendar.Calendar.from_ical(files[record_calendar(event)]).walk("VEVENT")
    assert str(vevent["SUMMARY"]) == FORMULAS["titel"]
    assert str(vevent["LOCATION"]) == f"{FORMULAS['veranstaltungsort']}, {META_XSS} und online"
    description = str(vevent["DESCRIPTION"])
    assert f"Als Code: {BREAKOUT} und ]]> & {{{{ 7*7 }}}}." in description
    assert "Im Transformationsportal Automobil: https://owner.github.io/repo/veranstaltungen/feindlicher-termin/" \
        in description
    assert str(vevent["URL"]) == "https://owner.github.io/repo/veranstaltungen/feindlicher-termin/"


def test_times_dates_stamp_and_sequence_follow_the_rules(catalogue, files):
    timed = catalogue.by_id[EVENT]
    raw = files[record_calendar(timed)]
    (vevent,) = icalendar.Calendar.from_ical(raw).walk("VEVENT")
    assert vevent.start == datetime.fromisoformat("2099-03-01T10:00:00+01:00")
    assert vevent.end == datetime.fromisoformat("2099-03-01T16:30:00+01:00")
    assert b"DTSTART;TZID=Europe/Berlin:20990301T100000" in raw
    assert b"BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin" in raw
    assert vevent["DTSTAMP"].dt == datetime.fromisoformat("2026-11-30T00:00:00+00:00")
    # A two-day event with a start time but no end time is all-day: dates, end the day after.
    congress = catalogue.by_id["vernetzungstreffen-stuttgart-2023"]
    (vevent,) = icalendar.Calendar.from_ical(files[record_calendar(congress)]).walk("VEVENT")
    assert (vevent.start, vevent.end) == (date(2023, 5, 8), date(2023, 5, 10))
    assert "Beginn am ersten Tag um 09:30 Uhr." in str(vevent["DESCRIPTION"])
    # SEQUENCE rises when the event is checked again (a later stand), and only then.
    later = congress.model_copy(update={"stand": date(2026, 12, 1)})
    assert ics.sequence(later) > ics.sequence(congress) == ics.sequence(congress.model_copy())
    assert vevent["SEQUENCE"] == ics.sequence(congress)


def test_uids_are_stable_between_builds_and_distinct_between_events(data, catalogue, files):
    def uids(calendar_files):
        return {path: [str(e["UID"]) for e in icalendar.Calendar.from_ical(raw).walk("VEVENT")]
                for path, raw in calendar_files.items() if path.endswith(".ics")}

    again = bundle.site_files(load_catalogue(data), TODAY, SiteAddress(None))  # another address, too
    assert uids(again) == uids(files)
    per_event = [uids(files)[record_calendar(e)][0] for e in catalogue.veranstaltungen]
    assert len(set(per_event)) == len(per_event)
    calendar_uids = [str(icalendar.Calendar.from_ical(raw)["UID"])
                     for path, raw in files.items() if path.endswith(".ics")]
    assert len(set(calendar_uids)) == len(calendar_uids)


def test_subscribable_calendars_hold_the_upcoming_events_they_promise(catalogue, files):
    def summaries(path):
        return [str(e["SUMMARY"]) for e in icalendar.Calendar.from_ical(files[path]).walk("VEVENT")]

    upcoming = [e.titel for e in catalogue.upcoming(TODAY)]
    assert summaries(ALL_EVENTS_CALENDAR) == upcoming and FORMULAS["titel"] in upcoming
    assert "Beispielkongress" not in upcoming  # 2023: over
    assert summaries(land_calendar("DE-SN")) == [FORMULAS["titel"]]
    assert summaries(land_calendar("DE-BY")) == []
    assert summaries(record_calendar(catalogue.by_id[NETWORK])) == [FORMULAS["titel"]]
    topic = record_calendar(catalogue.by_id["datenoekosysteme"])
    assert set(summaries(topic)) == {"Zukunftstreffen", FORMULAS["titel"]}
    # A record no event names has no calendar; one named only by past events has an empty one.
    assert ics.record_feed(catalogue, TODAY, catalogue.by_id["transfer-x"]) is None
    assert summaries(record_calendar(catalogue.by_id["traweba"])) == []
    name = str(icalendar.Calendar.from_ical(files[record_calendar(catalogue.by_id[NETWORK])])["NAME"])
    assert name == "Termine: =1+1 – Transformationsportal Automobil"


def test_a_record_has_a_calendar_file_exactly_when_its_page_offers_one(catalogue, files):
    # The page's link "Termine abonnieren" (record_feed) and the file list must agree: a link to a
    # missing calendar fails the link check, a calendar without a link is never found.
    offered = {record_calendar(record) for record in catalogue.everything()
               if ics.record_feed(catalogue, TODAY, record) is not None}
    per_event = {record_calendar(event) for event in catalogue.veranstaltungen}
    listed = {path for path in files if path.endswith(".ics")} - per_event - {ALL_EVENTS_CALENDAR}
    listed -= {land_calendar(code) for code in LAENDER}
    assert offered and listed == offered


# ---------------------------------------------------------------------------------------------
# Feeds


def test_feeds_parse_and_carry_the_hostile_text_literally(catalogue, files):
    parsed = feedparser.parse(files[CHANGES_FEED])
    assert not parsed.bozo, parsed.get("bozo_exception")
    titles = [entry.title for entry in parsed.entries]
    assert titles[:2] == [f"Veranstaltung: {FORMULAS['titel']}", f"Transformations-Netzwerk: {META_XSS}"]
    first = parsed.entries[0]
    assert first.link == "https://owner.github.io/repo/veranstaltungen/feindlicher-termin/"
    assert first.id.startswith("urn:uuid:") and first.updated.startswith("2026-11-30")
    assert parsed.entries[1].summary.startswith(f"Als Code: {BREAKOUT}")
    assert len({entry.id for entry in parsed.entries}) == len(parsed.entries)
    assert len(parsed.entries) == len(catalogue.everything())  # fewer than the limit here


def test_news_feed_lists_posts_newest_first_with_relative_links_without_an_address():
    posts = [feeds.Post("Alt & gut", date(2025, 1, 2), "aktuelles/2025/01/02/alt/", "Text"),
             feeds.Post(META_XSS, date(2026, 3, 4), "aktuelles/2026/03/04/neu/", f"Als Text: {BREAKOUT}")]
    parsed = feedparser.parse(feeds.news_feed(posts, SiteAddress(None)), response_headers={
        "content-location": "https://portal.example.de/feeds/aktuelles.xml", "content-type": "application/atom+xml"})
    assert not parsed.bozo
    assert [e.title for e in parsed.entries] == [META_XSS, "Alt & gut"]
    assert parsed.entries[0].link == "https://portal.example.de/aktuelles/2026/03/04/neu/"
    assert parsed.entries[0].summary == f"Als Text: {BREAKOUT}"
    assert feeds.news_feed(posts, SiteAddress(None)) == feeds.news_feed(list(reversed(posts)), SiteAddress(None))


def test_post_summary_is_the_excerpt_without_its_title():
    content = '<h1 id="x">Titel</h1>\n<p>Erster <a href="../y/">Absatz</a>.</p>\n<!-- more -->\n<p>Rest</p>'
    assert feeds.post_summary(content) == "Erster Absatz (../y/)."


# ---------------------------------------------------------------------------------------------
# Open data


def schema_registry(files) -> Registry:
    resources = {path.rsplit("/", 1)[1]: Resource.from_contents(json.loads(text_of(text)))
                 for path, text in files.items() if path.endswith(".schema.json")}
    return Registry().with_resources(resources.items())


def test_catalogue_json_validates_against_its_published_schema(catalogue, files):
    document = json.loads(text_of(files[CATALOGUE_JSON]))
    schema = json.loads(text_of(files[CATALOGUE_SCHEMA]))
    registry = schema_registry(files)
    # The schema names itself by its public address; its references are relative to it.
    registry = registry.with_resources(
        (f"https://owner.github.io/repo/daten/schemas/{name}", registry[name]) for name in list(registry)
    )
    jsonschema.Draft202012Validator(schema, registry=registry,
                                    format_checker=jsonschema.FormatChecker()).validate(document)
    assert document["schema_version"] == opendata.SCHEMA_VERSION
    assert document["erstellt"] == TODAY.isoformat()
    assert document["lizenz"]["kennung"] == "CC BY 4.0"
    for kind in KINDS:
        ids = sorted(catalogue.records.get(kind.name, {}))
        assert [item["id"] for item in document[kind.folder]] == ids
    hostile = next(item for item in document["veranstaltungen"] if item["id"] == EVENT)
    assert hostile["daten"]["titel"] == FORMULAS["titel"]
    assert hostile["daten"]["ort"]["stadt"] == META_XSS
    broken = json.loads(json.dumps(document))
    broken["veranstaltungen"][0]["daten"]["beginn"] = "kein Datum"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(schema, registry=registry,
                                        format_checker=jsonschema.FormatChecker()).validate(broken)


def test_csv_files_round_trip_open_in_german_excel_and_never_hold_a_formula(catalogue, files):
    for kind in KINDS:
        raw = files[csv_path(kind)]
        assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with byte order mark
        rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))
        assert rows == opendata.csv_rows(catalogue, kind, ADDRESS)
        assert rows[0][:2] == ["id", "seite"]
        assert [row[0] for row in rows[1:]] == sorted(catalogue.records.get(kind.name, {}))
        for row in rows[1:]:
            for cell in row:
                assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (kind.name, cell)
    events = list(csv.DictReader(io.StringIO(files[csv_path(Veranstaltung.kind)].decode("utf-8-sig"), newline=""),
                                 delimiter=";"))
    hostile = next(row for row in events if row["id"] == EVENT)
    assert hostile["titel"] == "'" + FORMULAS["titel"]
    assert hostile["motto"] == "'" + FORMULAS["motto"]
    assert hostile["format"] == "'" + FORMULAS["format"]
    assert hostile["ort.veranstaltungsort"] == "'" + FORMULAS["veranstaltungsort"]
    assert hostile["ort.stadt"] == META_XSS and hostile["ort.online"] == "ja"
    assert hostile["beginn_uhrzeit"] == "10:00" and hostile["beteiligte"] == NETWORK
    network = next(row for row in csv.DictReader(io.StringIO(files[csv_path(Netzwerk.kind)].decode("utf-8-sig"),
                                                             newline=""), delimiter=";") if row["id"] == NETWORK)
    assert (network["name"], network["kurzname"], network["region"]) == (META_XSS, "'=1+1", "'@Region")


# ---------------------------------------------------------------------------------------------
# Structured data


def test_json_ld_cannot_leave_its_script_element(catalogue):
    data = jsonld.for_record(catalogue, catalogue.by_id[EVENT], ADDRESS)
    text = jsonld.script_text(data)
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == data
    assert jsonld.script_text({"a": "</script>&\u2028\u2029"}) == r'{"a":"\u003c/script\u003e\u0026\u2028\u2029"}'
    assert data["name"] == FORMULAS["titel"]
    assert data["startDate"] == "2099-03-01T10:00:00+01:00"
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert data["organizer"]["name"] == "Beispiel-IHK"
    assert data["location"][0]["address"]["addressLocality"] == META_XSS
    network = jsonld.for_record(catalogue, catalogue.by_id[NETWORK], ADDRESS)
    assert network["@type"] == "Organization" and network["name"] == META_XSS
    assert jsonld.for_record(catalogue, catalogue.by_id["datenoekosysteme"], ADDRESS) is None


# ---------------------------------------------------------------------------------------------
# Settings


def test_site_address_comes_from_environment_then_generator_then_settings(catalogue):
    settings = catalogue.settings.model_copy(update={"site_url": "https://portal.example.de/"})
    assert site_address("https://vorschau.example.de/pr-1", "http://127.0.0.1:8000/", settings).site_url == \
        "https://vorschau.example.de/pr-1/"
    assert site_address(None, "http://127.0.0.1:8000/", settings).site_url == "http://127.0.0.1:8000/"
    assert site_address(None, None, settings).site_url == "https://portal.example.de/"
    assert site_address("", None, catalogue.settings).site_url is None
    with pytest.raises(SiteUrlError, match=re.escape("PORTAL_SITE_URL: 'portal.example.de' ist keine Adresse")):
        site_address("portal.example.de", None, settings)


def test_site_url_and_licence_are_checked_in_site_yml(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(MINIMAL, data)
    with_licence(data)
    settings = data / "site.yml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text + "site_url: https://portal.example.de/daten?x=1\n", encoding="utf-8")
    (error,) = errors_of(data)
    assert re.match(r".*site\.yml:\d+:\d+: site_url: .*muss mit / enden und darf kein \? und kein # enthalten", error)
    settings.write_text(text.replace("  url: https://creativecommons.org/licenses/by/4.0/deed.de",
                                     "  url: http://creativecommons.org/licenses/by/4.0/"), encoding="utf-8")
    (error,) = errors_of(data)
    assert "lizenz.url" in error
    settings.write_text(text + "site_url: https://portal.example.de/\n", encoding="utf-8")
    assert errors_of(data) == []


# ---------------------------------------------------------------------------------------------
# Builds: no address, a root address, a project-page sub-path


class _Head(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: list[tuple[dict, str]] = []
        self.links: list[dict] = []
        self.meta: dict[str, str] = {}
        self._script: dict | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script":
            self._script = attributes
            self.scripts.append((attributes, ""))
        elif tag == "link":
            self.links.append(attributes)
        elif tag == "meta" and "property" in attributes:
            self.meta[attributes["property"]] = attributes.get("content", "")

    def handle_data(self, data):
        if self._script is not None:
            attributes, text = self.scripts[-1]
            self.scripts[-1] = (attributes, text + data)

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None


def head_of(path: Path) -> _Head:
    parser = _Head()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


@pytest.fixture(scope="module")
def sites(data, tmp_path_factory):
    """The hostile catalogue built three times: without an address, at a root and at a sub-path."""
    root = tmp_path_factory.mktemp("export-sites")
    built = {}
    for name, address in (("ohne", ""), ("wurzel", "https://portal.example.de/"),
                          ("unterpfad", "https://owner.github.io/repo/")):
        result = build_site(data, root / name, epoch=EPOCH, extra_env={"PORTAL_SITE_URL": address})
        assert result.returncode == 0, (name, result.stderr[-3000:])
        built[name] = root / name
    return built


def test_an_event_page_offers_its_calendar_file_and_it_is_the_events(sites):
    site = sites["ohne"]
    page = page_file(site, f"veranstaltungen/{EVENT}/")
    html = page.read_text(encoding="utf-8")
    link = re.search(r'<a href="([^"]+\.ics)" download[^>]*>In den Kalender</a>', html)
    assert link, "no calendar link"
    target = (page.parent / link.group(1)).resolve()
    (vevent,) = icalendar.Calendar.from_ical(target.read_bytes()).walk("VEVENT")
    assert str(vevent["SUMMARY"]) == FORMULAS["titel"] and "URL" not in vevent  # no address: no URL


def test_pages_link_the_calendars_to_subscribe_where_events_are(sites):
    site = sites["ohne"]
    for url, calendar in (("laender/de-sn/", "kalender/laender/de-sn.ics"),
                          ("laender/de-by/", "kalender/laender/de-by.ics"),
                          ("veranstaltungen/", ALL_EVENTS_CALENDAR),
                          ("themen/datenoekosysteme/", "kalender/themen/datenoekosysteme.ics"),
                          (f"netzwerke/{NETWORK}/", f"kalender/netzwerke/{NETWORK}.ics"),
                          ("organisationen/beispiel-ihk/", "kalender/organisationen/beispiel-ihk.ics")):
        html = page_file(site, url).read_text(encoding="utf-8")
        hrefs = re.findall(r'<a href="([^"]+)">Termine als Kalender abonnieren</a>', html)
        assert len(hrefs) == 1, url
        assert (page_file(site, url).parent / hrefs[0]).resolve() == (site / calendar).resolve(), url
    bavaria = page_file(site, "laender/de-by/").read_text(encoding="utf-8")
    assert "zurzeit keine kommenden Termine; neue erscheinen im Abonnement von selbst" in bavaria
    assert "Termine als Kalender abonnieren" not in page_file(site, "hubs/transfer-x/").read_text(encoding="utf-8")


def test_every_page_announces_the_feeds_and_the_data_page_offers_every_download(sites):
    site = sites["ohne"]
    for page in [page_file(site, ""), page_file(site, "daten/"), page_file(site, f"netzwerke/{NETWORK}/")]:
        feeds_linked = [link for link in head_of(page).links if link.get("type") == "application/atom+xml"]
        assert {(page.parent / link["href"]).resolve() for link in feeds_linked} == \
            {(site / NEWS_FEED).resolve(), (site / CHANGES_FEED).resolve()}
    assert not feedparser.parse((site / NEWS_FEED).read_bytes()).bozo
    data_page = page_file(site, "daten/")
    html = data_page.read_text(encoding="utf-8")
    linked = {(data_page.parent / href).resolve() for href in re.findall(r'href="([^"#]+)"', html)}
    for path in [CATALOGUE_JSON, CATALOGUE_SCHEMA, *(csv_path(kind) for kind in KINDS)]:
        assert (site / path).resolve() in linked, path
        assert (site / path).is_file()
    assert "Semikolon" in html and "UTF-8 mit Byte-Order-Mark" in html and "Apostroph" in html
    assert "Creative Commons Namensnennung 4.0 International (CC BY 4.0)" in html
    (ld,) = [json.loads(text) for attrs, text in head_of(data_page).scripts
             if attrs.get("type") == "application/ld+json"]
    assert ld["@type"] == "Dataset" and ld["license"] == "https://creativecommons.org/licenses/by/4.0/deed.de"


def test_json_ld_in_the_page_head_holds_the_hostile_text_and_nothing_breaks_out(sites):
    for name in ("ohne", "unterpfad"):
        page = page_file(sites[name], f"veranstaltungen/{EVENT}/")
        head = head_of(page)
        data_blocks = [text for attrs, text in head.scripts if attrs.get("type") == "application/ld+json"]
        assert len(data_blocks) == 1
        data = json.loads(data_blocks[0])
        assert data["@type"] == "Event" and data["name"] == FORMULAS["titel"]
        others = [Path(attrs.get("src", "")).name for attrs, _ in head.scripts
                  if attrs.get("type") != "application/ld+json"]
        reference = [Path(attrs.get("src", "")).name for attrs, _ in head_of(page_file(sites[name], "ueber/")).scripts]
        assert others == reference  # the theme's scripts only: no injected element
        assert 'alert("ld")</script>' not in page.read_text(encoding="utf-8")


@pytest.mark.parametrize("name, address", [("wurzel", "https://portal.example.de/"),
                                           ("unterpfad", "https://owner.github.io/repo/")])
def test_with_an_address_every_page_is_in_the_sitemap_with_canonical_link_and_preview(sites, name, address):
    site = sites[name]
    pages = sorted(p.parent.relative_to(site).as_posix() for p in site.rglob("index.html")
                   if not p.relative_to(site).as_posix().startswith(("pagefind/", "assets/")))
    expected = {address + ("" if url == "." else f"{url}/") for url in pages}
    listed = set(re.findall(r"<loc>([^<]+)</loc>", (site / "sitemap.xml").read_text(encoding="utf-8")))
    assert listed == expected
    assert served_root(site) == urlsplit(address).path
    for url in ("", f"veranstaltungen/{EVENT}/", "daten/", f"netzwerke/{NETWORK}/"):
        head = head_of(page_file(site, url))
        canonical = [link["href"] for link in head.links if link.get("rel") == "canonical"]
        assert canonical == [address + url]
        assert head.meta["og:url"] == address + url
        assert head.meta["og:image"] == f"{address}assets/images/portal-vorschau.png"
        assert (site / "assets/images/portal-vorschau.png").is_file()
    assert head_of(page_file(site, f"netzwerke/{NETWORK}/")).meta["og:title"] == META_XSS
    assert (site / "robots.txt").read_text(encoding="utf-8").splitlines()[-1] == f"Sitemap: {address}sitemap.xml"
    feed = feedparser.parse((site / CHANGES_FEED).read_bytes())
    assert feed.entries[0].link == f"{address}veranstaltungen/{EVENT}/"


def test_without_an_address_there_is_no_sitemap_entry_and_no_preview(sites):
    site = sites["ohne"]
    assert "<loc>" not in (site / "sitemap.xml").read_text(encoding="utf-8")
    head = head_of(page_file(site, f"netzwerke/{NETWORK}/"))
    assert "og:image" not in head.meta and not [link for link in head.links if link.get("rel") == "canonical"]
    assert (site / "robots.txt").read_text(encoding="utf-8") == "User-agent: *\nAllow: /\n"


def test_calendar_uids_do_not_depend_on_the_address(sites):
    def uids(site):
        return {path.relative_to(site).as_posix(): [str(e["UID"]) for e in icalendar.Calendar.from_ical(
            path.read_bytes()).walk("VEVENT")] for path in (site / "kalender").rglob("*.ics")}

    assert uids(sites["ohne"]) == uids(sites["unterpfad"]) == uids(sites["wurzel"])


def test_a_bad_preview_address_stops_the_build_with_a_german_message(data, tmp_path):
    result = build_site(data, tmp_path / "site", extra_env={"PORTAL_SITE_URL": "ftp://portal.example.de/"})
    assert result.returncode != 0
    assert "PORTAL_SITE_URL: 'ftp://portal.example.de/' ist keine Adresse" in result.stderr
    assert not (tmp_path / "site").exists()


def test_release_check_asks_for_the_data_licence(tmp_path):
    from portal.cli.release import release_problems

    data = tmp_path / "data"
    shutil.copytree(MINIMAL, data)
    (problem,) = [p for p in release_problems(load_catalogue(data), data) if p.field == "lizenz"]
    assert str(problem).endswith("site.yml:1:1: lizenz: die Lizenz der Daten fehlt; geben Sie unter lizenz: Name, "
                                 "Kennung und Adresse an (sie steht auf der Seite „Daten“ und in jedem Download)")
    with_licence(data)
    assert not [p for p in release_problems(load_catalogue(data), data) if p.field == "lizenz"]


def test_release_check_asks_for_the_public_address(tmp_path, monkeypatch):
    """Without it the published site would have an empty sitemap and no canonical links."""
    from portal.cli.release import release_problems

    monkeypatch.delenv("PORTAL_SITE_URL", raising=False)
    data = tmp_path / "data"
    shutil.copytree(MINIMAL, data)
    assert [p.field for p in release_problems(load_catalogue(data), data)].count("site_url") == 1
    monkeypatch.setenv("PORTAL_SITE_URL", "https://organisation.github.io/portal/")
    assert "site_url" not in [p.field for p in release_problems(load_catalogue(data), data)]
    monkeypatch.delenv("PORTAL_SITE_URL")
    settings = data / "site.yml"
    settings.write_text(settings.read_text(encoding="utf-8") + "site_url: https://portal.example.de/\n",
                        encoding="utf-8")
    assert "site_url" not in [p.field for p in release_problems(load_catalogue(data), data)]
