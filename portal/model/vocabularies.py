"""The fixed choices of record fields with their German labels (Art, Format, Kosten …).

Used by :mod:`portal.model.records` (allowed values), the page templates (labels) and
:mod:`portal.pages.facets` (filter options).
"""

from __future__ import annotations

ORGANISATION_KINDS: dict[str, str] = {
    "ministerium": "Ministerium",
    "behoerde": "Behörde",
    "projekttraeger": "Projektträger",
    "agentur": "Landesagentur",
    "wirtschaftsfoerderung": "Wirtschaftsförderung",
    "kammer": "Kammer",
    "hochschule": "Hochschule",
    "forschung": "Forschungseinrichtung",
    "verband": "Verband",
    "gewerkschaft": "Gewerkschaft",
    "cluster-netzwerk": "Cluster oder Netzwerk",
    "bildung": "Bildungseinrichtung",
    "kommune": "Kommune oder Region",
    "unternehmen": "Unternehmen",
    "sonstige": "Sonstige",
}

PROGRAMME_KINDS: dict[str, str] = {
    "fonds": "Fonds",
    "programm": "Förderprogramm",
    "foerderrichtlinie": "Förderrichtlinie",
    "foerderaufruf": "Förderaufruf",
    "aenderung": "Änderungsbekanntmachung",
}

OFFER_FORMATS: dict[str, str] = {
    "beratung": "Beratung",
    "check": "Check/Selbstbewertung",
    "weiterbildung": "Weiterbildung",
    "workshop": "Workshop/Seminar",
    "vernetzung": "Vernetzung/Matchmaking",
    "wettbewerb": "Wettbewerb",
    "werkzeug": "Werkzeug/Plattform",
    "foerderberatung": "Förderberatung",
    "analyse": "Analyse/Recherche",
    "studie": "Studie im Auftrag",
    "labor": "Labor/Erprobung",
    "information": "Information/Austausch",
}

PUBLICATION_KINDS: dict[str, str] = {
    "studie": "Studie",
    "leitfaden": "Leitfaden",
    "strategie": "Strategie/Zielbild",
    "analyse": "Analyse",
    "whitepaper": "Whitepaper",
    "bericht": "Bericht",
    "dokumentation": "Dokumentation",
    "fachbeitrag": "Fachbeitrag",
    "amtlich": "Amtliche Drucksache",
}

OFFER_COSTS = ("kostenfrei", "kostenpflichtig", "nicht angegeben")

OFFER_MODES: dict[str, str] = {"online": "online", "vor-ort": "vor Ort", "beides": "online und vor Ort"}
