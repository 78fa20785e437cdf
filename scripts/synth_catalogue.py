"""Write a synthetic, valid catalogue of any size for performance tests.

    python scripts/synth_catalogue.py --records 10000 --seed 1 --out /tmp/synth-data

The folder it writes has the layout of ``data/`` (one YAML file per record, ``site.yml``) and is
accepted by ``python -m portal check --data DIR``; build the portal from it with
``PORTAL_DATA=DIR mkdocs build --strict``.

What "realistic" means here (see GitHub issue "Performance at scale"):

- ``--records`` is the total over every kind, split in fixed proportions (:data:`SHARES`): many
  events and organisations, fewer networks, hubs, clusters, topics and programmes;
- German text of the lengths editors write: descriptions of 80-200 words, topic primers of
  300-450 words with ``###`` headings, numbered and bulleted lists;
- references like the real data: every network has a coordinator, 3-8 partners (mostly from its
  own Land), 2-6 topics and 1-3 funding statements naming a programme; events have organisers,
  participating initiatives, topics and sometimes workshops; topics name related topics;
  programmes name ministry, project agency and parent programme and carry official counts;
- Länder spread over all 16.

The hand-written pages in ``docs/`` link to some real ids (``verweis()`` macro and Markdown
links), so those records always exist (:data:`REQUIRED_RECORDS`), as the first records of their
kind. Output is deterministic for a given seed: one ``random.Random(seed)``, no set iteration,
files written in sorted order.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
import shutil
import sys
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from portal.common.laender import LAENDER
from portal.load.filereader import schema_comment
from portal.load.loader import SETTINGS_FILE
from portal.model.kinds import KINDS
from portal.model.records import (
    Angebot,
    Cluster,
    Foerderprogramm,
    Hub,
    Netzwerk,
    Organisation,
    Publikation,
    Thema,
    Veranstaltung,
)
from portal.model.vocabularies import OFFER_FORMATS, OFFER_MODES, PUBLICATION_KINDS

# ---------------------------------------------------------------------------------------------
# What must always exist

REQUIRED_RECORDS: dict[str, tuple[tuple[str, str], ...]] = {
    # folder: ((id, title or short name), ...) -- the docs/ pages link to these ids; extend here
    # when a hand-written page starts linking to another record (check with
    # grep -rn "verweis(\|\.md#\|\.\./" docs/).
    Veranstaltung.kind.folder: (
        ("vernetzungstreffen-stuttgart-2023",
         "Erstes Vernetzungstreffen der geförderten Transformations-Netzwerke, -Hubs und Innovationscluster"),
    ),
    Hub.kind.folder: (("transfer-x", "Transfer-X"), ("traweba", "TraWeBa")),
    Thema.kind.folder: (
        ("datenoekosysteme", "Datenökosysteme und datengetriebene Geschäftsmodelle"),
        ("batterie-wertschoepfung", "Wertschöpfungskette Batterie"),
    ),
}
REQUIRED_WORKSHOPS = 4
"""Required events get at least this many workshops (docs link to ``#workshop-1`` … ``#workshop-4``)."""

# Share of each kind in the total, and the minimum count that keeps the references satisfiable.
SHARES: dict[str, float] = {
    Netzwerk.kind.folder: 0.09,
    Hub.kind.folder: 0.035,
    Cluster.kind.folder: 0.015,
    Veranstaltung.kind.folder: 0.32,
    Thema.kind.folder: 0.06,
    Organisation.kind.folder: 0.36,
    Foerderprogramm.kind.folder: 0.02,
    Angebot.kind.folder: 0.07,
    Publikation.kind.folder: 0.03,
}
MINIMUM: dict[str, int] = {
    Netzwerk.kind.folder: 1,
    Hub.kind.folder: len(REQUIRED_RECORDS[Hub.kind.folder]),
    Cluster.kind.folder: 1,
    Veranstaltung.kind.folder: len(REQUIRED_RECORDS[Veranstaltung.kind.folder]),
    Thema.kind.folder: max(2, len(REQUIRED_RECORDS[Thema.kind.folder])),
    Organisation.kind.folder: 9,  # a coordinator plus up to 8 distinct partners
    Foerderprogramm.kind.folder: 1,
    Angebot.kind.folder: 1,
    Publikation.kind.folder: 1,
}
KIND_ORDER = tuple(SHARES)
STAND = (date(2025, 6, 1), date(2026, 11, 24))

# ---------------------------------------------------------------------------------------------
# Vocabulary

PLACES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # Land: (cities, regions)
    "DE-BW": (("Stuttgart", "Karlsruhe", "Mannheim", "Heilbronn", "Pforzheim", "Reutlingen", "Aalen", "Tuttlingen",
               "Villingen-Schwenningen", "Friedrichshafen", "Ulm", "Freiburg im Breisgau"),
              ("Nordschwarzwald", "Ostwürttemberg", "Schwarzwald-Baar-Heuberg", "Bodensee-Oberschwaben",
               "Stuttgart", "Heilbronn-Franken")),
    "DE-BY": (("München", "Nürnberg", "Ingolstadt", "Regensburg", "Bamberg", "Schweinfurt", "Augsburg",
               "Dingolfing", "Landshut", "Coburg", "Würzburg"),
              ("Oberfranken", "Mainfranken", "Niederbayern", "Ingolstadt", "Oberpfalz", "Schwaben")),
    "DE-BE": (("Berlin",), ("Berlin-Spandau", "Berlin-Marzahn", "Hauptstadtregion")),
    "DE-BB": (("Potsdam", "Cottbus", "Brandenburg an der Havel", "Frankfurt (Oder)", "Ludwigsfelde", "Grünheide"),
              ("Lausitz", "Havelland", "Oder-Spree", "Uckermark")),
    "DE-HB": (("Bremen", "Bremerhaven"), ("Bremen und Umland", "Unterweser")),
    "DE-HH": (("Hamburg",), ("Metropolregion Hamburg", "Hamburg-Harburg")),
    "DE-HE": (("Frankfurt am Main", "Kassel", "Darmstadt", "Rüsselsheim", "Gießen", "Fulda", "Baunatal"),
              ("Rhein-Main", "Nordhessen", "Mittelhessen", "Osthessen")),
    "DE-MV": (("Rostock", "Schwerin", "Wismar", "Neubrandenburg", "Stralsund"),
              ("Westmecklenburg", "Vorpommern", "Mecklenburgische Seenplatte")),
    "DE-NI": (("Hannover", "Braunschweig", "Wolfsburg", "Salzgitter", "Osnabrück", "Emden", "Oldenburg", "Göttingen"),
              ("Hannover", "Südostniedersachsen", "Weser-Ems", "Südniedersachsen", "Lüneburger Heide")),
    "DE-NW": (("Köln", "Düsseldorf", "Dortmund", "Bochum", "Aachen", "Wuppertal", "Bielefeld", "Siegen",
               "Lüdenscheid", "Münster", "Paderborn"),
              ("Südwestfalen", "Bergisches Land", "Ostwestfalen-Lippe", "Ruhrgebiet", "Rheinland",
               "Märkischer Kreis", "Münsterland")),
    "DE-RP": (("Mainz", "Kaiserslautern", "Ludwigshafen", "Koblenz", "Trier", "Wörth am Rhein"),
              ("Westpfalz", "Rheinhessen", "Mittelrhein-Westerwald", "Trier")),
    "DE-SL": (("Saarbrücken", "Saarlouis", "Homburg", "Neunkirchen", "Dillingen"),
              ("Saarland", "Saarpfalz", "Saar-Lor-Lux")),
    "DE-SN": (("Dresden", "Leipzig", "Chemnitz", "Zwickau", "Freiberg", "Plauen", "Görlitz"),
              ("Erzgebirge", "Vogtland", "Leipzig", "Oberlausitz", "Südwestsachsen")),
    "DE-ST": (("Magdeburg", "Halle (Saale)", "Dessau-Roßlau", "Wernigerode", "Sangerhausen"),
              ("Mitteldeutschland", "Altmark", "Harz", "Anhalt-Bitterfeld")),
    "DE-SH": (("Kiel", "Lübeck", "Flensburg", "Neumünster", "Rendsburg"),
              ("Schleswig-Holstein Süd", "Westküste", "KielRegion")),
    "DE-TH": (("Erfurt", "Jena", "Eisenach", "Gera", "Suhl", "Sömmerda"),
              ("Ostthüringen", "Südthüringen", "Wartburgregion", "Mittelthüringen")),
}
LAND_WEIGHTS = {  # more automotive activity in some Länder, but every Land gets records
    "DE-BW": 9, "DE-BY": 9, "DE-NW": 8, "DE-NI": 7, "DE-SN": 6, "DE-HE": 5, "DE-TH": 4, "DE-RP": 4,
    "DE-SL": 3, "DE-ST": 3, "DE-BB": 3, "DE-BE": 2, "DE-HH": 2, "DE-HB": 2, "DE-MV": 2, "DE-SH": 2,
}  # fmt: skip

FIRST = ("Batterie", "Wasserstoff", "Software", "Daten", "Antriebs", "Leichtbau", "Kreislauf", "Qualifizierungs",
         "Fachkräfte", "Produktions", "Energie", "Fahrzeug", "Zuliefer", "Transformations", "Innovations",
         "Digitalisierungs", "Automatisierungs", "Lade", "Mobilitäts", "Wertschöpfungs", "Werkstoff", "Sensor",
         "Elektronik", "Recycling", "Prozess", "Qualitäts", "Logistik", "Beschäftigungs", "Weiterbildungs",
         "Technologie", "Kompetenz", "Transfer", "Material", "Montage", "Fertigungs", "Standort")
SECOND = ("strategie", "plattform", "netzwerk", "werkstatt", "analyse", "kompetenz", "partnerschaft", "kette",
          "offensive", "labor", "dialog", "atlas", "check", "programm", "zentrum", "initiative", "forum",
          "fahrplan", "lotse", "bündnis", "markt", "projekt", "konzept", "potenzial", "akademie", "monitor",
          "scouting", "radar", "baukasten", "sprechstunde")
SECOND_FEMININE = ("strategie", "plattform", "werkstatt", "analyse", "kompetenz", "partnerschaft", "kette",
                   "offensive", "initiative", "akademie", "sprechstunde", "roadmap", "allianz", "lernfabrik")
TOPIC_SUBJECTS = (
    ("Elektrische Antriebe", "elektrische-antriebe"), ("Wasserstoff und Brennstoffzelle", "wasserstoff"),
    ("Software-definiertes Fahrzeug", "software-defined-vehicle"), ("Kreislaufwirtschaft", "kreislaufwirtschaft"),
    ("Qualifizierung und künstliche Intelligenz", "qualifizierung-ki"), ("Fachkräfte sichern", "fachkraefte"),
    ("Automatisierung und Robotik", "automatisierung-robotik"), ("Energie und CO2", "energie-co2"),
    ("Neue Geschäftsmodelle", "geschaeftsmodelle"), ("Diversifizierung", "diversifizierung"),
    ("Ladeinfrastruktur und Mobilität", "ladeinfrastruktur-mobilitaet"), ("Trendscouting", "trendscouting"),
    ("Regionale Strategie", "regionale-strategie"), ("Netzwerkarbeit", "netzwerkarbeit"),
    ("Digitalisierung und Industrie 4.0", "digitalisierung-industrie-40"),
)
TOPIC_ASPECTS = ("in der Zulieferindustrie", "im Mittelstand", "für kleine Betriebe", "in der Produktion",
                 "in der Lieferkette", "im Werkzeug- und Formenbau", "in der Elektronikfertigung",
                 "in der Metallverarbeitung", "in der Kunststofftechnik", "im Nutzfahrzeugbau",
                 "in der Gießereitechnik", "im Maschinenbau")
NETWORK_PREFIXES = ("Transformationsnetzwerk", "Regionales Transformationsnetzwerk",
                    "Zukunftsnetzwerk Fahrzeugindustrie", "Transformationsallianz",
                    "Netzwerk Transformation Automotive", "Zukunftsregion Automobil")
HUB_PREFIXES = ("Transformations-Hub", "Hub für", "Kompetenz-Hub", "Transfer-Hub")
CLUSTER_PREFIXES = ("Innovationscluster", "Innovationscluster Fahrzeugtechnik", "Cluster Zukunftsmobilität")
EVENT_FORMATS = ("Kongress", "Auftaktveranstaltung", "Workshop-Tag", "Informationsveranstaltung", "Fachforum",
                 "Netzwerktreffen", "Online-Seminar", "Transformationsgipfel", "Unternehmerfrühstück",
                 "Abschlussveranstaltung", "Jahresveranstaltung", "Praxistag")
EVENT_VENUES = ("Stadthalle", "Kongresszentrum", "Technologiezentrum", "Industrie- und Handelskammer", "Rathaus",
                "Hochschule, Audimax", "Innovationsfabrik", "Wagenhallen", "Alte Spinnerei", "Gründerzentrum")
ORG_TEMPLATES: dict[str, tuple[tuple[str, str | None], ...]] = {
    # art: ((name template, short name template), ...); {stadt}, {land}, {fach}, {c}
    "ministerium": (("Ministerium für Wirtschaft, Arbeit und Energie {land}", "WM {landkurz}"),
                    ("Staatsministerium für Wirtschaft und Verkehr {land}", "SMW {landkurz}")),
    "behoerde": (("Landesamt für Wirtschaftsförderung {land}", None), ("Regierungspräsidium {stadt}", None)),
    "projekttraeger": (("Projektträger {fach} {stadt}", "PT {c}"), ("{fach}-Projektträger GmbH", None)),
    "agentur": (("Landesagentur für {fach} {land}", "{c}"), ("Innovationsagentur {land}", None)),
    "wirtschaftsfoerderung": (("Wirtschaftsförderung {stadt}", "WFG {stadt}"),
                              ("Regionalmanagement {stadt} GmbH", None)),
    "kammer": (("Industrie- und Handelskammer {stadt}", "IHK {stadt}"), ("Handwerkskammer {stadt}", "HWK {stadt}")),
    "hochschule": (("Hochschule {stadt}", "HS {stadt}"), ("Technische Hochschule {stadt}", "TH {stadt}"),
                   ("Universität {stadt}", None)),
    "forschung": (("Fraunhofer-Institut für {fach}", "Fraunhofer {c}"), ("Institut für {fach} {stadt}", None),
                  ("Forschungszentrum {fach} {stadt}", None)),
    "verband": (("Verband der Zulieferer {land} e. V.", "{c}"), ("Arbeitgeberverband Metall {stadt}", None)),
    "gewerkschaft": (("IG Metall {stadt}", None), ("DGB-Region {stadt}", None)),
    "cluster-netzwerk": (("Automotive Cluster {stadt} e. V.", "{c}"), ("Netzwerk {fach} {stadt}", None)),
    "bildung": (("Bildungswerk der Wirtschaft {stadt}", "BWW {stadt}"), ("Technikakademie {stadt}", None)),
    "kommune": (("Stadt {stadt}", None), ("Landkreis {stadt}", None)),
    "unternehmen": (("{fach} {stadt} GmbH", None), ("{nachname} {fach} GmbH & Co. KG", None),
                    ("{nachname} Automotive GmbH", None), ("{nachname} Präzisionsteile AG", None)),
    "sonstige": (("Stiftung {fach} {stadt}", None), ("Zukunftsbüro {stadt}", None)),
}
ORG_WEIGHTS = {"unternehmen": 25, "hochschule": 10, "forschung": 10, "kammer": 10, "wirtschaftsfoerderung": 10,
               "verband": 7, "agentur": 5, "bildung": 6, "kommune": 5, "gewerkschaft": 3, "cluster-netzwerk": 5,
               "ministerium": 1, "behoerde": 1, "projekttraeger": 1, "sonstige": 1}
FAECHER = ("Produktionstechnik", "Werkstofftechnik", "Leichtbau", "Batterietechnik", "Elektromobilität",
           "Fahrzeugelektronik", "Automatisierung", "Kunststofftechnik", "Oberflächentechnik", "Antriebstechnik",
           "Logistik", "Wasserstofftechnik", "Umformtechnik", "Software", "Fertigungssysteme", "Sensorik")
NACHNAMEN = ("Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Becker", "Hoffmann", "Schäfer", "Koch",
             "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Zimmermann", "Braun", "Krüger", "Hartmann",
             "Lange", "Werner", "Krause", "Lehmann", "Köhler", "Maier", "Huber", "Kaiser", "Fuchs", "Peters")
GROUPS = ("mittelständische Zulieferer", "kleine und mittlere Unternehmen", "Beschäftigte in der Produktion",
          "Betriebsräte", "Geschäftsführungen", "Auszubildende und Fachkräfte", "Start-ups", "Kommunen",
          "Hochschulen und Forschungseinrichtungen", "Handwerksbetriebe", "Personalverantwortliche")
VERBS = ("unterstützt", "begleitet", "berät", "vernetzt", "qualifiziert", "informiert", "stärkt", "befähigt")
ACTIVITIES = ("Workshops", "Betriebsbesuche", "Online-Seminare", "Transformationschecks", "Qualifizierungsmodule",
              "Fachgespräche", "Praxisprojekte", "Lernfabriken", "Sprechstunden", "Studien", "Marktanalysen",
              "Roadshows", "Weiterbildungsreihen", "Unternehmerrunden", "Demonstratoren")
SENTENCES = (
    "{Name} {verb} {gruppe} in der Region {region} beim Wandel zur {compound_f}.",
    "Im Mittelpunkt stehen {activity} und {activity2}, die Betriebe ohne großen Aufwand nutzen können.",
    "Seit {jahr} arbeiten {zahl} Partner aus Wirtschaft, Wissenschaft und Verwaltung zusammen.",
    "Ein Schwerpunkt liegt auf dem Thema {thema}, das für viele Betriebe an Bedeutung gewinnt.",
    "Die Geschäftsstelle in {stadt} ist erste Anlaufstelle für Fragen rund um die {compound_f}.",
    "Gemeinsam mit {org} entsteht eine {compound_f}, die Angebote aus der Region bündelt.",
    "Unternehmen erhalten einen Überblick über Förderangebote, Ansprechpersonen und passende Weiterbildungen.",
    "Die Ergebnisse der {compound_f} fließen in einen regionalen Fahrplan bis {jahr2} ein.",
    "Besonders gefragt sind {activity}, bei denen Beschäftigte neue Verfahren direkt ausprobieren.",
    "Rund {zahl2} Betriebe haben sich bisher an den Angeboten beteiligt.",
    "Dabei geht es auch um die Frage, wie sich bestehende Kompetenzen in neue Märkte übertragen lassen.",
    "{Name} arbeitet eng mit {org} und weiteren Partnern aus {land} zusammen.",
    "Für {gruppe} gibt es eigene Formate, etwa {activity} und {activity2}.",
    "Die {compound_f} zeigt, welche Produkte vom Wandel zur Elektromobilität betroffen sind.",
    "Viele Zulieferer in {stadt} fertigen heute noch Teile für Verbrennungsmotoren.",
    "Deshalb stehen Diversifizierung, Qualifizierung und Kooperation gleichermaßen auf der Tagesordnung.",
    "Eine {compound_f} hilft Betrieben, den eigenen Stand einzuschätzen und nächste Schritte zu planen.",
    "Die Angebote sind für die Unternehmen kostenfrei und werden aus Mitteln des Bundes gefördert.",
    "Regelmäßige Treffen in {stadt} und online sorgen für den Austausch zwischen den Partnern.",
    "Erfahrungen aus der {compound_f} werden in kurzen Praxisleitfäden festgehalten.",
    "Zu den Zielen gehört, Wertschöpfung und Beschäftigung in {region} langfristig zu sichern.",
    "Neben technischen Fragen geht es um Führung, Arbeitsorganisation und Mitbestimmung.",
    "Im Jahr {jahr} startete zusätzlich die {compound_f} mit {zahl} Pilotbetrieben.",
    "Auf der Website finden sich Termine, Ansprechpersonen und Berichte aus den Betrieben.",
    "Die Partner werten Daten zur Beschäftigung aus und leiten daraus Handlungsfelder ab.",
    "Ein Beirat aus Unternehmen, Kammern und Gewerkschaften begleitet die Arbeit.",
    "Viele Betriebe nutzen die {compound_f}, um Kontakte zu Hochschulen in {stadt} zu knüpfen.",
    "Wie gelingt der Einstieg in die {compound_f}, wenn Zeit und Personal knapp sind?",
    "Kurze Wege zwischen Forschung und Praxis sind dabei ein wichtiger Erfolgsfaktor.",
    "Die Nachfrage nach {activity} ist seit {jahr} deutlich gestiegen.",
)
PRIMER_SECTIONS = ("Worum es geht", "Was das für Zulieferer bedeutet", "Erste Schritte", "Typische Fragen",
                   "Wer im Portal dazu arbeitet")
STEPS = (
    "Den eigenen Stand zur {compound_f} ehrlich einschätzen und festhalten.",
    "Mit wichtigen Kunden über deren Pläne bis {jahr2} sprechen.",
    "Beschäftigte früh einbinden und Weiterbildungsbedarf erfassen.",
    "Ein kleines Pilotprojekt mit klarem Ziel und begrenztem Budget starten.",
    "Angebote der Netzwerke und Hubs in {region} nutzen, etwa {activity}.",
    "Fördermöglichkeiten prüfen, bevor größere Investitionen beschlossen werden.",
    "Partner aus Forschung und Handwerk in {stadt} ansprechen.",
)
QUESTIONS = (
    ("Lohnt sich das für kleine Betriebe?",
     "Ja, wenn der Einstieg klein bleibt und sich an konkreten Kundenanforderungen orientiert."),
    ("Was kostet der Einstieg?", "Das hängt vom Vorhaben ab; viele Beratungsangebote der Netzwerke sind kostenfrei."),
    ("Wer hilft bei der Planung?", "Kammern, Hochschulen und die geförderten Projekte bieten Gespräche und Checks an."),
    ("Wie lange dauert die Umstellung?",
     "Meist mehrere Jahre; erste Ergebnisse zeigen sich aber oft schon nach Monaten."),
    ("Welche Qualifikationen braucht es?",
     "Vor allem Grundlagen der {compound_f} und die Bereitschaft, Neues auszuprobieren."),
    ("Gibt es Förderung?",
     "Bund und Länder fördern Beratung, Qualifizierung und Investitionen in unterschiedlichem Umfang."),
)
NOTES = ("Die Fördersumme ist in den ausgewerteten Quellen nicht genannt.",
         "Die genaue Laufzeit ist nicht belegt.",
         "Die Zusammensetzung des Konsortiums hat sich während der Laufzeit geändert.",
         "Die Quellen nennen unterschiedliche Zahlen für die Teilnehmenden.",
         "Ein genaues Datum der Veröffentlichung ist nicht bekannt.")
SOURCE_TITLES = ("Pressemitteilung zum Projektstart", "Projektseite", "Bericht über die Auftaktveranstaltung",
                 "Meldung der Wirtschaftsförderung", "Jahresbericht", "Broschüre", "Förderbekanntmachung",
                 "Beitrag im Regionalmagazin", "Bericht der Kammer")


# ---------------------------------------------------------------------------------------------
# Helpers


def slug(text: str, limit: int = 48) -> str:
    """A file-name id from a title: ``Transformations-HUB Batterie`` -> ``transformations-hub-batterie``."""
    text = text.lower().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return text[:limit].rstrip("-") or "eintrag"


def word_count(markdown: str) -> int:
    """Words of running text, not counting Markdown markers (``###``, ``-``, ``1.``)."""
    return sum(1 for token in markdown.split() if re.search(r"[A-Za-zÄÖÜäöüß0-9]", token)
               and not re.fullmatch(r"#+|-|\d+\.", token))


def allocate(total: int) -> dict[str, int]:
    """Split ``total`` over the kinds by :data:`SHARES`, at least :data:`MINIMUM` each, summing to ``total``."""
    least = sum(MINIMUM.values())
    if total < least:
        raise ValueError(f"--records must be at least {least} (the minimum over all kinds)")
    raw = {kind: total * SHARES[kind] for kind in KIND_ORDER}
    counts = {kind: max(MINIMUM[kind], math.floor(raw[kind])) for kind in KIND_ORDER}
    by_remainder = sorted(KIND_ORDER, key=lambda k: (-(raw[k] - math.floor(raw[k])), KIND_ORDER.index(k)))
    index = 0
    while sum(counts.values()) < total:
        counts[by_remainder[index % len(by_remainder)]] += 1
        index += 1
    by_size = sorted(KIND_ORDER, key=lambda k: (-counts[k], KIND_ORDER.index(k)))
    while sum(counts.values()) > total:
        kind = next(k for k in by_size if counts[k] > MINIMUM[k])
        counts[kind] -= 1
        by_size = sorted(KIND_ORDER, key=lambda k: (-counts[k], KIND_ORDER.index(k)))
    return counts


_RESOLVER = yaml.resolver.Resolver()
_PLAIN = re.compile(r"[A-Za-zÄÖÜäöüß0-9„(][^\n]*")


def _scalar(value) -> str:
    """One YAML scalar as an editor would write it: plain where unambiguous, else double-quoted."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, date)):
        return str(value) if isinstance(value, int) else value.isoformat()
    plain = (
        _PLAIN.fullmatch(value)
        and ": " not in value and " #" not in value and not value.endswith((":", " "))
        and not re.fullmatch(r"\d{1,2}:\d{2}", value)  # times: quoted, as the field reference asks
        and _RESOLVER.resolve(yaml.ScalarNode, value, (True, False)) == "tag:yaml.org,2002:str"
    )
    return value if plain else json.dumps(value, ensure_ascii=False)


def _emit(values: dict, indent: int, out: list[str]) -> None:
    pad = " " * indent
    for key, value in values.items():
        if isinstance(value, dict):
            out.append(f"{pad}{key}:")
            _emit(value, indent + 2, out)
        elif isinstance(value, list):
            if not value:
                out.append(f"{pad}{key}: []")
                continue
            out.append(f"{pad}{key}:")
            for item in value:
                if isinstance(item, dict):
                    nested: list[str] = []
                    _emit(item, indent + 4, nested)
                    out.append(f"{pad}  - {nested[0].lstrip()}")
                    out.extend(nested[1:])
                else:
                    out.append(f"{pad}  - {_scalar(item)}")
        elif isinstance(value, str) and "\n" in value:
            out.append(f"{pad}{key}: |" + ("" if value.endswith("\n") else "-"))
            out.extend(f"{pad}  {line}" if line else "" for line in value.rstrip("\n").split("\n"))
        else:
            out.append(f"{pad}{key}: {_scalar(value)}")


def dump(values: dict, first_line: str) -> str:
    """The YAML file for one record (keys in model order, lists indented as in data/)."""
    out = [first_line]
    _emit(values, 0, out)
    return "\n".join(out) + "\n"


def wrap(text: str, width: int = 100) -> str:
    """Greedy line wrapping at spaces (textwrap.fill without its cost)."""
    lines, line = [], ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return "\n".join(lines)


class _Slots(dict):
    """Template values computed only when a template uses them."""

    def __init__(self, make) -> None:
        super().__init__()
        self.make = make

    def __missing__(self, key: str):
        value = self[key] = self.make(key)
        return value


# ---------------------------------------------------------------------------------------------
# Generator


@dataclass
class _Rec:
    id: str
    name: str
    short: str
    land: str | None = None
    laender: list[str] = field(default_factory=list)
    values: dict = field(default_factory=dict)


class Generator:
    def __init__(self, total: int, seed: int) -> None:
        self.rng = random.Random(seed)
        self.counts = allocate(total)
        self.used: set[str] = set()  # membership only, never iterated
        self.records: dict[str, list[_Rec]] = {kind: [] for kind in KIND_ORDER}
        self.lands = list(LAENDER)
        self._land_cycle = 0
        self.orgs_by_land: dict[str, list[_Rec]] = {code: [] for code in self.lands}
        self.orgs_by_art: dict[str, list[_Rec]] = {art: [] for art in ORG_WEIGHTS}
        for required in REQUIRED_RECORDS.values():  # no generated record may take a required id
            self.used.update(rec_id for rec_id, _ in required)

    # --- small random pieces ---------------------------------------------------------------

    def new_id(self, wanted: str) -> str:
        base = slug(wanted)
        candidate, number = base, 2
        while candidate in self.used:
            candidate = f"{base}-{number}"
            number += 1
        self.used.add(candidate)
        return candidate

    def land(self) -> str:
        """Round-robin over all 16 for the first records of a kind, then weighted."""
        if self._land_cycle < len(self.lands):
            self._land_cycle += 1
            return self.lands[self._land_cycle - 1]
        return self.rng.choices(self.lands, weights=[LAND_WEIGHTS[c] for c in self.lands])[0]

    def city(self, land: str) -> str:
        return self.rng.choice(PLACES[land][0])

    def region(self, land: str) -> str:
        return self.rng.choice(PLACES[land][1])

    def compound(self) -> str:
        return self.rng.choice(FIRST) + self.rng.choice(SECOND)

    def day(self, start: date, end: date) -> date:
        return start + timedelta(days=self.rng.randrange((end - start).days + 1))

    def stand(self) -> date:
        return self.day(*STAND)

    def sentence(self, template: str, ctx: dict) -> str:
        land = ctx.get("land") or self.rng.choice(self.lands)
        rng = self.rng
        makers = {
            "Name": lambda: ctx.get("name", "Das Netzwerk"),
            "verb": lambda: rng.choice(VERBS),
            "gruppe": lambda: rng.choice(GROUPS),
            "region": lambda: ctx.get("region") or self.region(land),
            "stadt": lambda: ctx.get("stadt") or self.city(land),
            "land": lambda: LAENDER[land],
            "compound_f": lambda: rng.choice(FIRST) + rng.choice(SECOND_FEMININE),
            "activity": lambda: rng.choice(ACTIVITIES),
            "activity2": lambda: rng.choice(ACTIVITIES),
            "jahr": lambda: rng.randrange(2019, 2026),
            "jahr2": lambda: rng.randrange(2027, 2036),
            "zahl": lambda: rng.randrange(3, 25),
            "zahl2": lambda: rng.randrange(20, 400),
            "thema": lambda: rng.choice(self.records[Thema.kind.folder]).name
            if self.records[Thema.kind.folder] else "Elektromobilität",
            "org": lambda: rng.choice(self.records[Organisation.kind.folder]).short
            if self.records[Organisation.kind.folder] else "der Industrie- und Handelskammer",
        }
        return template.format_map(_Slots(lambda key: makers[key]()))

    def prose(self, ctx: dict, low: int = 80, high: int = 200) -> str:
        """Markdown of ``low``-``high`` words: two or three paragraphs, sometimes a list or bold lead."""
        target = self.rng.randint(low, high)
        sentences: list[str] = []
        words = 0
        while words < target:
            text = self.sentence(self.rng.choice(SENTENCES), ctx)
            length = len(text.split())
            if words + length > high:
                if words >= low:
                    break
                continue
            sentences.append(text)
            words += length
        paragraphs = self._paragraphs(sentences)
        if len(paragraphs) > 1 and self.rng.random() < 0.25:  # turn the last paragraph into a list
            items = [" ".join(s.split()).rstrip(".") for s in re.split(r"(?<=[.?])\s+", paragraphs[-1])]
            paragraphs[-1] = "\n".join(f"- {item}" for item in items)
        if self.rng.random() < 0.3:
            first = paragraphs[0].split(" ", 2)
            if len(first) == 3 and not first[0].startswith("-"):
                paragraphs[0] = f"**{first[0]} {first[1]}** {first[2]}"
        return "\n\n".join(paragraphs) + "\n"

    def _paragraphs(self, sentences: list[str]) -> list[str]:
        parts = max(1, min(len(sentences), self.rng.randint(2, 3)))
        size = math.ceil(len(sentences) / parts)
        chunks = [sentences[i:i + size] for i in range(0, len(sentences), size)]
        return [wrap(" ".join(chunk)) for chunk in chunks]

    def primer(self, ctx: dict) -> str:
        """A topic primer of 300-450 words in five ``###`` sections."""
        target = self.rng.randint(300, 450)
        while True:
            sections = []
            for heading in PRIMER_SECTIONS:
                if heading == "Erste Schritte":
                    steps = self.rng.sample(STEPS, self.rng.randint(3, 5))
                    body = "\n".join(f"{n}. {self.sentence(s, ctx)}" for n, s in enumerate(steps, 1))
                elif heading == "Typische Fragen":
                    qs = self.rng.sample(QUESTIONS, self.rng.randint(2, 4))
                    body = "\n".join(f"- **{q}** {self.sentence(a, ctx)}" for q, a in qs)
                else:
                    body = self.prose(ctx, 40, 90).strip()
                sections.append(f"### {heading}\n\n{body}")
            text = "\n\n".join(sections) + "\n"
            words = word_count(text)
            if words > 450:
                continue  # draw again (rare); the random stream stays deterministic
            while words < target:
                extra = self.sentence(self.rng.choice(SENTENCES), ctx)
                if words + len(extra.split()) > 450:
                    break
                # append to the first section's paragraph
                head, rest = text.split("\n\n", 1)
                first_para, after = rest.split("\n\n", 1)
                text = f"{head}\n\n{first_para} {extra}\n\n{after}"
                words += word_count(extra)
            if words >= 300:
                return text

    def sources(self, name: str, domain: str) -> list[dict]:
        chosen = self.rng.sample(SOURCE_TITLES, self.rng.randint(1, 4))
        return [{"titel": f"{title}: {name}", "url": f"https://www.{domain}.de/{slug(title, 30)}-{i + 1}"}
                for i, title in enumerate(chosen)]

    def notes(self) -> list[str]:
        return self.rng.sample(NOTES, self.rng.choice((0, 0, 1, 1, 2)))

    def common_tail(self, values: dict, name: str, domain: str) -> dict:
        notes = self.notes()
        if notes:
            values["hinweise"] = notes
        values["quellen"] = self.sources(name, domain)
        values["stand"] = self.stand()
        return values

    def pick_orgs(self, land: str | None, count: int, exclude: list[str]) -> list[_Rec]:
        """``count`` distinct organisations, mostly from ``land``."""
        everyone = self.records[Organisation.kind.folder]
        local = self.orgs_by_land.get(land, []) if land else []
        chosen: list[_Rec] = []
        taken = list(exclude)
        attempts = 0
        while len(chosen) < count and attempts < count * 20:
            attempts += 1
            pool = local if local and self.rng.random() < 0.7 else everyone
            org = self.rng.choice(pool)
            if org.id not in taken:
                chosen.append(org)
                taken.append(org.id)
        return chosen

    def pick(self, kind: str, count: int, exclude: tuple[str, ...] = ()) -> list[str]:
        pool = [r.id for r in self.records[kind] if r.id not in exclude]
        return self.rng.sample(pool, min(count, len(pool)))

    # --- record kinds --------------------------------------------------------------------------

    def organisations(self) -> None:
        arts = list(ORG_WEIGHTS)
        weights = [ORG_WEIGHTS[a] for a in arts]
        fixed = ["ministerium", "projekttraeger"]
        for number in range(self.counts[Organisation.kind.folder]):
            art = fixed[number] if number < len(fixed) else self.rng.choices(arts, weights=weights)[0]
            land = self.land()
            stadt = self.city(land)
            fach = self.rng.choice(FAECHER)
            template, short_template = self.rng.choice(ORG_TEMPLATES[art])
            fill = {"stadt": stadt, "land": LAENDER[land], "landkurz": land[3:], "fach": fach,
                    "nachname": self.rng.choice(NACHNAMEN), "c": ""}
            name = template.format(**fill)
            acronym = "".join(w[0] for w in re.findall(r"[A-ZÄÖÜ][\wäöüß-]*", name))[:6] or "ORG"
            fill["c"] = acronym
            short = short_template.format(**fill) if short_template else None
            rec_id = self.new_id(short or name)
            values: dict = {"name": name}
            if short:
                values["kurzname"] = short
            values["art"] = art
            if self.rng.random() < 0.08:
                values["fruehere_namen"] = [f"{name.split(' ')[0]} {self.compound()}"]
            values["website"] = f"https://www.{slug(short or name, 30)}.de/"
            if self.rng.random() < 0.3:
                domain = f"{slug(short or name, 30)}.de"
                values["kontakt"] = {"kontaktseite": f"https://www.{domain}/kontakt", "email": f"info@{domain}",
                                     "quelle": f"https://www.{domain}/impressum"}
            values["land"] = land
            values["ort"] = stadt
            rec = _Rec(rec_id, name, short or name, land=land, values=values)
            if self.rng.random() < 0.85:
                values["beschreibung"] = self.prose({"name": short or name, "land": land, "stadt": stadt})
            self.common_tail(values, short or name, slug(short or name, 30))
            self._add(Organisation.kind.folder, rec)
            self.orgs_by_land[land].append(rec)
            self.orgs_by_art[art].append(rec)

    def programmes(self) -> None:
        ministries = self.orgs_by_art["ministerium"]
        agencies = self.orgs_by_art["projekttraeger"]
        arts = ("programm", "foerderrichtlinie", "foerderaufruf", "fonds", "aenderung")
        for number in range(self.counts[Foerderprogramm.kind.folder]):
            art = "foerderaufruf" if number == 0 else self.rng.choice(arts)
            year = self.rng.randrange(2019, 2027)
            topic = self.compound()
            label = {"programm": "Förderprogramm", "foerderrichtlinie": "Richtlinie zur Förderung der",
                     "foerderaufruf": "Förderaufruf", "fonds": "Zukunftsfonds",
                     "aenderung": "Änderung der Richtlinie"}[art]
            name = f"{label} {topic} {year}"
            short = f"{topic[:10].rstrip('-')} {year}"
            values: dict = {"name": name, "kurzname": short, "art": art}
            if ministries:
                values["ministerium"] = self.rng.choice(ministries).id
            if agencies and self.rng.random() < 0.7:
                values["projekttraeger"] = self.rng.choice(agencies).id
            earlier = self.records[Foerderprogramm.kind.folder]
            if earlier and self.rng.random() < 0.5:
                values["uebergeordnet"] = self.rng.choice(earlier).id
            month = self.rng.randint(1, 12)
            values["datum"] = f"{year}-{month:02d}"
            values["fundstelle"] = f"BAnz AT {self.rng.randint(1, 28):02d}.{month:02d}.{year} B{self.rng.randint(1, 9)}"
            values["volumen"] = [{"datum": f"{year}-{month:02d}", "betrag_eur": self.rng.randrange(5, 2000) * 1_000_000,
                                  "genauigkeit": self.rng.choice(("genau", "rund", "bis zu")),
                                  "bezeichnung": "Fördervolumen laut Bekanntmachung"}]
            values["laufzeit"] = {"beginn": str(year), "ende": str(year + self.rng.randint(2, 6))}
            values["foerdert"] = self.prose({"name": short}, 80, 120)
            if number == 0 or self.rng.random() < 0.2:
                counts = []
                for step in range(self.rng.randint(1, 3)):
                    counts.append({"datum": f"{min(year + step, 2026)}-{self.rng.randint(1, 12):02d}",
                                   "netzwerke": self.rng.randint(10, 40), "hubs": self.rng.randint(5, 15),
                                   "cluster": self.rng.randint(1, 6),
                                   "quelle": f"https://www.bundesanzeiger.de/zaehlung-{slug(short, 20)}-{step + 1}"})
                values["zaehlungen"] = counts
            values["website"] = f"https://www.foerderdatenbank.de/{slug(name, 40)}"
            values["beschreibung"] = self.prose({"name": short})
            rec = _Rec(self.new_id(name), name, short, values=values)
            self.common_tail(values, short, "bundesanzeiger")
            self._add(Foerderprogramm.kind.folder, rec)

    def topics(self) -> None:
        required = REQUIRED_RECORDS.get(Thema.kind.folder, ())
        for number in range(self.counts[Thema.kind.folder]):
            if number < len(required):
                rec_id, title = required[number]
            else:
                subject, subject_slug = TOPIC_SUBJECTS[(number - len(required)) % len(TOPIC_SUBJECTS)]
                if number - len(required) < len(TOPIC_SUBJECTS):
                    title = subject
                    rec_id = self.new_id(subject_slug)
                else:
                    title = f"{subject} {self.rng.choice(TOPIC_ASPECTS)}"
                    rec_id = self.new_id(title)
            rec = _Rec(rec_id, title, title)
            self._add(Thema.kind.folder, rec)  # before the text, so related topics can be chosen below
        all_topics = self.records[Thema.kind.folder]
        for rec in all_topics:
            ctx = {"name": rec.name}
            values: dict = {"titel": rec.name}
            values["kurzfassung"] = (f"{rec.name} verändert, was Zulieferer herstellen und wie sie arbeiten. "
                                     f"Die Einführung zeigt, worauf es für {self.rng.choice(GROUPS)} ankommt.")
            values["einfuehrung"] = self.primer(ctx)
            values["schlagworte"] = [self.compound() for _ in range(self.rng.randint(4, 9))]
            values["verwandte_themen"] = self.pick(Thema.kind.folder, self.rng.randint(1, 4), exclude=(rec.id,))
            rec.values = values
            self.common_tail(values, rec.name, "transformationsportal-quellen")

    def initiatives(self, kind: str) -> None:
        required = REQUIRED_RECORDS.get(kind, ())
        prefixes = {Netzwerk.kind.folder: NETWORK_PREFIXES, Hub.kind.folder: HUB_PREFIXES,
                    Cluster.kind.folder: CLUSTER_PREFIXES}[kind]
        programmes = self.records[Foerderprogramm.kind.folder]
        for number in range(self.counts[kind]):
            land = self.land()
            region = self.region(land)
            if number < len(required):
                rec_id, short = required[number]
                name = f"Transformations-Hub {short}"
            else:
                if kind == Hub.kind.folder:
                    name = f"{self.rng.choice(prefixes)} {self.compound()}"
                else:
                    name = f"{self.rng.choice(prefixes)} {region}"
                letters = "".join(w[0] for w in re.findall(r"[A-ZÄÖÜ][\wäöüß]*", name))
                short = f"{letters[:5]}-{self.compound()[:6].upper()}"
                rec_id = self.new_id(short)
            values: dict = {"name": name, "kurzname": short}
            if kind == Hub.kind.folder:
                laender = [] if self.rng.random() < 0.3 else sorted(
                    {land} | set(self.rng.sample(self.lands, self.rng.randint(0, 3))), key=self.lands.index)
            else:
                laender = [land] if self.rng.random() < 0.85 else sorted(
                    {land, self.rng.choice(self.lands)}, key=self.lands.index)
            values["laender"] = laender
            if kind != Hub.kind.folder:
                values["region"] = region
            values["gebiete"] = sorted({self.city(code) for code in (laender or [land])
                                        for _ in range(self.rng.randint(1, 3))})
            coordinator = self.pick_orgs(land, 1, [])
            values["koordination"] = [o.id for o in coordinator]
            partners = self.pick_orgs(land, self.rng.randint(3, 8), values["koordination"])
            values["partner"] = []
            for org in partners:
                entry: dict = {"organisation": org.id}
                if self.rng.random() < 0.3:
                    entry["rolle"] = f"Teilprojekt {self.compound()}"
                if self.rng.random() < 0.15:
                    entry["seit"] = f"{self.rng.randint(2021, 2024)}-{self.rng.randint(1, 12):02d}"
                if self.rng.random() < 0.05:
                    entry["unsicher"] = True
                values["partner"].append(entry)
            values["website"] = f"https://www.{slug(short, 30)}.de/"
            if kind == Hub.kind.folder:
                values["bundesweit"] = True
            values["themen"] = self.pick(Thema.kind.folder, self.rng.randint(2, 6))
            funding = []
            for _ in range(self.rng.randint(1, 3)):
                year = self.rng.randint(2021, 2026)
                amount: dict = {"datum": f"{year}-{self.rng.randint(1, 12):02d}",
                                "betrag_eur": self.rng.randrange(500, 9000) * 1000,
                                "genauigkeit": self.rng.choice(("genau", "rund", "knapp", "mehr als", "bis zu")),
                                "bezeichnung": self.rng.choice(("Bewilligung", "Verlängerung", "Aufstockung")),
                                "programm": self.rng.choice(programmes).id}
                if self.rng.random() < 0.4:
                    amount["zeitraum"] = {"beginn": str(year), "ende": str(year + self.rng.randint(1, 4))}
                if self.rng.random() < 0.1:
                    amount["unsicher"] = True
                funding.append(amount)
            values["foerderung"] = funding
            start = self.rng.randint(2021, 2025)
            values["laufzeit"] = {"beginn": f"{start}-{self.rng.randint(1, 12):02d}", "ende": str(start + 3)}
            values["beschreibung"] = self.prose({"name": short, "land": land, "region": region})
            rec = _Rec(rec_id, name, short, land=land, laender=laender, values=values)
            self.common_tail(values, short, slug(short, 30))
            self._add(kind, rec)

    def events(self) -> None:
        required = REQUIRED_RECORDS.get(Veranstaltung.kind.folder, ())
        initiatives = (self.records[Netzwerk.kind.folder] + self.records[Hub.kind.folder]
                       + self.records[Cluster.kind.folder])
        for number in range(self.counts[Veranstaltung.kind.folder]):
            land = self.land()
            stadt = self.city(land)
            begin = self.day(date(2021, 9, 1), date(2027, 12, 31))
            host = self.rng.choice(initiatives)
            if number < len(required):
                rec_id, title = required[number]
                land, stadt, begin = "DE-BW", "Stuttgart", date(2023, 5, 8)
                event_format = "Netzwerk- und Auftaktveranstaltung"
            else:
                event_format = self.rng.choice(EVENT_FORMATS)
                title = f"{event_format} {host.short} {begin.year}" if self.rng.random() < 0.5 else \
                    f"{event_format} {self.compound()} in {stadt}"
                rec_id = self.new_id(title)
            values: dict = {"titel": title}
            if self.rng.random() < 0.5:
                values["motto"] = f"{self.compound()} gemeinsam gestalten"
            values["format"] = event_format
            values["beginn"] = begin
            if self.rng.random() < 0.3:
                values["ende"] = begin + timedelta(days=self.rng.randint(1, 2))
            if self.rng.random() < 0.6:
                hour = self.rng.randint(8, 14)
                values["beginn_uhrzeit"] = f"{hour:02d}:{self.rng.choice((0, 30)):02d}"
                values["ende_uhrzeit"] = f"{hour + self.rng.randint(2, 8):02d}:00"
            online = self.rng.random() < 0.2
            place: dict = {"veranstaltungsort": self.rng.choice(EVENT_VENUES), "stadt": stadt, "land": land}
            if online:
                place["online"] = True
            values["ort"] = place
            values["veranstalter"] = [o.id for o in self.pick_orgs(land, self.rng.randint(1, 3), [])]
            values["beteiligte"] = sorted({host.id} | {
                r.id for r in self.rng.sample(initiatives, min(len(initiatives), self.rng.randint(0, 3)))})
            values["themen"] = self.pick(Thema.kind.folder, self.rng.randint(1, 4))
            if self.rng.random() < 0.5:
                values["teilnehmende"] = self.rng.randrange(20, 400, 10)
            values["website"] = f"https://www.{slug(host.short, 30)}.de/termine/{slug(title, 40)}"
            values["beschreibung"] = self.prose({"name": "Die Veranstaltung", "land": land, "stadt": stadt})
            workshops = REQUIRED_WORKSHOPS + self.rng.randint(0, 2) if number < len(required) else (
                self.rng.randint(1, 5) if self.rng.random() < 0.3 else 0)
            if workshops:
                values["workshops"] = [self.workshop(land, stadt) for _ in range(workshops)]
            rec = _Rec(rec_id, title, title, land=land, values=values)
            self.common_tail(values, title, slug(host.short, 30))
            self._add(Veranstaltung.kind.folder, rec)

    def workshop(self, land: str, stadt: str) -> dict:
        topic = self.compound()
        values: dict = {"titel": f"Workshop {topic}"}
        if self.rng.random() < 0.7:
            values["leitfrage"] = f"Wie gelingt die {topic} im eigenen Betrieb?"
        values["themen"] = self.pick(Thema.kind.folder, self.rng.randint(1, 2))
        values["beschreibung"] = self.prose({"name": "Der Workshop", "land": land, "stadt": stadt}, 30, 80)
        return values

    def offers(self) -> None:
        """Offers of networks, hubs and organisations: some nationwide, some free, some ended."""
        providers = (self.records[Netzwerk.kind.folder] + self.records[Hub.kind.folder]
                     + self.records[Organisation.kind.folder])
        for _ in range(self.counts[Angebot.kind.folder]):
            host = self.rng.choice(providers)
            formats = self.rng.sample(list(OFFER_FORMATS), self.rng.randint(1, 2))
            title = f"{OFFER_FORMATS[formats[0]].split('/')[0]} {self.compound()} für {self.rng.choice(GROUPS)}"
            values: dict = {"titel": title, "anbieter": [host.id], "formate": formats,
                            "themen": self.pick(Thema.kind.folder, self.rng.randint(1, 3))}
            land = host.land or (host.laender[0] if host.laender else None)
            if land is None or self.rng.random() < 0.2:
                values["bundesweit"] = True
            else:
                values["laender"] = [land]
                values["region"] = self.region(land)
            if self.rng.random() < 0.6:
                values["durchfuehrung"] = self.rng.choice(list(OFFER_MODES))
            values["kosten"] = self.rng.choice(("kostenfrei", "kostenfrei", "kostenpflichtig", "nicht angegeben"))
            if self.rng.random() < 0.5:
                values["zielgruppe"] = self.rng.choice(GROUPS)
            values["teilnahme"] = f"https://www.{slug(host.short, 30)}.de/angebote/{slug(title, 40)}"
            if self.rng.random() < 0.3:
                start = self.day(date(2023, 1, 1), date(2027, 6, 30))
                values["zeitraum"] = {"beginn": start.isoformat(),
                                      "ende": (start + timedelta(days=self.rng.randint(30, 400))).isoformat()}
            values["beschreibung"] = self.prose({"name": host.short, "land": land}, 40, 120)
            rec = _Rec(self.new_id(title), title, title, land=land, values=values)
            self.common_tail(values, title, slug(host.short, 30))
            self._add(Angebot.kind.folder, rec)

    def publications(self) -> None:
        publishers = (self.records[Netzwerk.kind.folder] + self.records[Hub.kind.folder]
                      + self.records[Organisation.kind.folder])
        for _ in range(self.counts[Publikation.kind.folder]):
            host = self.rng.choice(publishers)
            kind = self.rng.choice(list(PUBLICATION_KINDS))
            title = f"{PUBLICATION_KINDS[kind].split('/')[0]}: {self.compound()} in der Region {host.short}"
            values: dict = {"titel": title, "herausgeber": [host.id], "art": [kind]}
            year = self.rng.randint(2021, 2026)
            values["datum"] = str(year) if self.rng.random() < 0.4 else f"{year}-{self.rng.randint(1, 12):02d}"
            values["themen"] = self.pick(Thema.kind.folder, self.rng.randint(1, 2))
            land = host.land or (host.laender[0] if host.laender else None)
            if land:
                values["laender"] = [land]
            values["link"] = f"https://www.{slug(host.short, 30)}.de/publikationen/{slug(title, 40)}.pdf"
            values["zusammenfassung"] = self.prose({"name": host.short, "land": land}, 40, 100)
            rec = _Rec(self.new_id(title), title, title, land=land, values=values)
            self.common_tail(values, title, slug(host.short, 30))
            self._add(Publikation.kind.folder, rec)

    def _add(self, kind: str, rec: _Rec) -> None:
        self.records[kind].append(rec)

    def generate(self) -> dict[str, list[_Rec]]:
        for kind in GENERATION_ORDER:
            GENERATORS[kind](self)
        return self.records


GENERATORS: dict[str, Callable[[Generator], None]] = {
    "organisation": Generator.organisations,
    "foerderprogramm": Generator.programmes,
    "thema": Generator.topics,
    "netzwerk": lambda generator: generator.initiatives(Netzwerk.kind.folder),
    "hub": lambda generator: generator.initiatives(Hub.kind.folder),
    "cluster": lambda generator: generator.initiatives(Cluster.kind.folder),
    "veranstaltung": Generator.events,
    "angebot": Generator.offers,
    "publikation": Generator.publications,
}
"""How each declared kind (portal.model.kinds) is made, in the order of generation: records that
others refer to come first."""
GENERATION_ORDER = tuple(GENERATORS)


def check_generators(kinds=KINDS) -> None:
    """Fail loudly for a declared kind this script cannot make (or a generator for no kind)."""
    missing = sorted(set(kinds.by_name) - set(GENERATORS))
    unknown = sorted(set(GENERATORS) - set(kinds.by_name))
    folders = {kind.folder for kind in kinds}
    if missing or unknown or set(SHARES) != folders or set(MINIMUM) != folders:
        raise ValueError("synth_catalogue.py: no generator, share or minimum for the kinds "
                         f"{missing or sorted(folders - set(SHARES))}; generators for unknown kinds {unknown}")


SITE_YML = """\
# Einstellungen des Portals: Betreiberangaben für Impressum und Datenschutzerklärung.
# Synthetischer Katalog für Lasttests (scripts/synth_catalogue.py); Platzhalter wie in data/site.yml.
betreiber:
  name: "[Platzhalter: Name der betreibenden Organisation]"
  strasse: "[Platzhalter: Straße und Hausnummer]"
  plz: "[Platzhalter: PLZ]"
  ort: "[Platzhalter: Ort]"
  email: "[Platzhalter: funktionale E-Mail-Adresse]"
  vertreten_durch: "[Platzhalter: vertretungsberechtigte Funktion, z. B. die Geschäftsführung]"
  inhaltlich_verantwortlich: "[Platzhalter: inhaltlich verantwortliche Stelle]"
repository: https://github.com/transformationsportal-automobil/portal
branch: main
barrierefreiheit_stand: 2026-11-24
datenschutz_stand: 2026-11-24
"""

_DATA_NAMES = set(KINDS.by_folder) | {SETTINGS_FILE, "README.md"}


def write_catalogue(out: Path, records: int, seed: int, *, force: bool = False) -> dict[str, int]:
    """Generate and write the catalogue; returns the number of records per folder."""
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise FileExistsError(f"{out} exists and is not a folder")
    if out.is_dir():
        entries = sorted(p.name for p in out.iterdir())
        if entries and not force:
            raise FileExistsError(f"{out} is not empty; use --force to replace its contents")
        strangers = [name for name in entries if name not in _DATA_NAMES]
        if strangers:
            raise FileExistsError(f"{out} holds files that do not belong to a data folder "
                                  f"({', '.join(strangers[:5])}); refusing to delete them even with --force")
        for name in entries:
            target = out / name
            shutil.rmtree(target) if target.is_dir() else target.unlink()
    check_generators()
    generated = Generator(records, seed).generate()
    out.mkdir(parents=True, exist_ok=True)
    (out / SETTINGS_FILE).write_text(f"{schema_comment(None)}\n{SITE_YML}", encoding="utf-8")
    for folder in KIND_ORDER:
        (out / folder).mkdir()
        for rec in sorted(generated[folder], key=lambda r: r.id):
            text = dump(rec.values, schema_comment(KINDS.by_folder[folder]))
            (out / folder / f"{rec.id}.yml").write_text(text, encoding="utf-8")
    return {folder: len(generated[folder]) for folder in KIND_ORDER}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, required=True, help="total number of records over all kinds")
    parser.add_argument("--seed", type=int, default=1, help="random seed (same seed, same bytes)")
    parser.add_argument("--out", type=Path, required=True, help="data folder to write")
    parser.add_argument("--force", action="store_true", help="replace the contents of a non-empty --out folder")
    args = parser.parse_args(argv)
    try:
        counts = write_catalogue(args.out, args.records, args.seed, force=args.force)
    except (FileExistsError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    summary = ", ".join(f"{n} {folder}" for folder, n in counts.items())
    print(f"wrote {sum(counts.values())} records to {args.out}: {summary}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
