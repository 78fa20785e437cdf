"""Properties of a portal built from editor data that hold whatever the editors add (never counts of
today's records), and an edit an editor may legitimately make: new valid records of several kinds, the
first cluster, a network in a Land that had none, and the operator details filled in.

Used by tests/test_site.py on the real data and by tests/test_edited_data.py on an edited copy of it.
"""

from __future__ import annotations

import re
from pathlib import Path

from portal.common.laender import LAENDER
from portal.model.catalogue import Catalogue
from tests.site_helpers import page_file, visible_text


def missing_pages(site: Path, catalogue: Catalogue) -> list[str]:
    """Records and Länder without their page in ``site``."""
    missing = [record.url for record in catalogue.everything() if not page_file(site, record.url).is_file()]
    return missing + [code for code in LAENDER if not page_file(site, f"laender/{code.lower()}/").is_file()]


def wrong_counts(site: Path, catalogue: Catalogue) -> list[str]:
    """Every "im Portal erfasst" count the site shows that differs from the catalogue's."""
    networks, hubs, clusters = len(catalogue.netzwerke), len(catalogue.hubs), len(catalogue.cluster)
    expected = {
        "": [f"{networks} Netzwerke im Portal", f"{hubs} Hubs im Portal", f"{clusters} Innovationscluster im Portal"],
        "netzwerke/": [f"Im Portal erfasst: {networks} Netzwerke"],
        "hubs/": [f"Im Portal erfasst: {hubs} Hubs"],
        "angebote/": [f"Im Portal erfasst: {len(catalogue.angebote)} Angebote"],
        "publikationen/": [f"Im Portal erfasst: {len(catalogue.publikationen)} Publikationen"],
        "foerderung/": [f"Im Portal erfasst: {networks} Netzwerke, {hubs} Hubs, {clusters} Cluster."],
    }
    problems = []
    for url, sentences in expected.items():
        text = visible_text(page_file(site, url))
        problems += [f"{url or 'start page'}: '{sentence}' not shown" for sentence in sentences if sentence not in text]
    for code, name in LAENDER.items():
        there = sum(code in network.laender for network in catalogue.netzwerke)
        url = f"laender/{code.lower()}/"
        if f"Für Unternehmen in {name}: {there} regionale" not in visible_text(page_file(site, url)):
            problems.append(f"{url}: not '{there}' networks in {name}")
    for programme in catalogue.foerderprogramme:
        text = visible_text(page_file(site, programme.url))
        for shown in re.findall(r"im Portal erfasst: (\d+) von", text):
            if int(shown) not in (networks, hubs, clusters):
                problems.append(f"{programme.url}: 'im Portal erfasst: {shown}' is no count of the catalogue")
    return problems


OPERATOR = {
    "name": "Beispielverein Mobilität e. V.",
    "strasse": "Musterstraße 1",
    "plz": '"04109"',
    "ort": "Leipzig",
    "email": "kontakt@beispielverein.de",
    "vertreten_durch": "den Vorstand",
    "inhaltlich_verantwortlich": "die Geschäftsstelle",
}

NEW_RECORDS = {
    "organisationen/neu-agentur.yml": """\
# yaml-language-server: $schema=../../schemas/organisation.schema.json
name: Neue Transformationsagentur Bremen
art: agentur
land: DE-HB
ort: Bremen
quellen:
  - url: https://www.bremen.de/
stand: 2026-12-01
""",
    "netzwerke/neu-netz-bremen.yml": """\
# yaml-language-server: $schema=../../schemas/netzwerk.schema.json
name: Neues Transformationsnetzwerk Bremen
kurzname: NeTB
laender: [DE-HB]
region: Bremen und Bremerhaven
koordination: [neu-agentur]
themen: [batterie-wertschoepfung]
beschreibung: Ein neues Netzwerk für die Zulieferer in Bremen.
quellen:
  - url: https://www.bremen.de/
stand: 2026-12-01
""",
    "hubs/neu-hub.yml": """\
# yaml-language-server: $schema=../../schemas/hub.schema.json
name: Neuer Transformations-Hub Leichtbau
laender: []
bundesweit: true
koordination: [neu-agentur]
themen: [batterie-wertschoepfung]
beschreibung: Ein bundesweiter Hub für Leichtbau.
quellen:
  - url: https://www.bremen.de/
stand: 2026-12-01
""",
    "cluster/neu-cluster.yml": """\
# yaml-language-server: $schema=../../schemas/cluster.schema.json
name: Neues Innovationscluster Nord
laender: [DE-HB, DE-NI]
koordination: [neu-agentur]
beschreibung: Ein Innovationscluster im Norden.
quellen:
  - url: https://www.bremen.de/
stand: 2026-12-01
""",
    "angebote/neu-beratung.yml": """\
# yaml-language-server: $schema=../../schemas/angebot.schema.json
titel: Erstberatung für Zulieferer in Bremen
anbieter: [neu-netz-bremen]
formate: [beratung]
themen: [batterie-wertschoepfung]
laender: [DE-HB]
durchfuehrung: vor-ort
beschreibung: Das Netzwerk berät Zulieferer zu neuen Geschäftsfeldern.
quellen:
  - url: https://www.bremen.de/
stand: 2026-12-01
""",
    "veranstaltungen/neu-treffen-2030.yml": """\
# yaml-language-server: $schema=../../schemas/veranstaltung.schema.json
titel: Netzwerktreffen Bremen
beginn: 2030-03-14
ort:
  stadt: Bremen
  land: DE-HB
veranstalter: [neu-agentur]
beteiligte: [neu-netz-bremen]
themen: [batterie-wertschoepfung]
quellen:
  - url: https://www.bremen.de/
stand: 2026-12-01
""",
    "publikationen/neu-studie.yml": """\
# yaml-language-server: $schema=../../schemas/publikation.schema.json
titel: Zulieferer in Bremen
herausgeber: [neu-netz-bremen]
art: [analyse]
datum: 2026-11
themen: [batterie-wertschoepfung]
laender: [DE-HB]
link: https://www.bremen.de/
zusammenfassung: Eine Studie über die Zulieferer in Bremen.
quellen:
  - url: https://www.bremen.de/
stand: 2026-12-01
""",
}


def edit_like_an_editor(data: Path) -> None:
    """Add a valid record of every kind but topics and programmes (among them the first cluster and
    a network in Bremen) to the data folder ``data`` and fill in the operator details."""
    for name, text in NEW_RECORDS.items():
        path = data / name
        path.parent.mkdir(exist_ok=True)
        assert not path.exists(), f"{path} exists already; choose another id in tests/real_data.py"
        path.write_text(text, encoding="utf-8")
    settings = data / "site.yml"
    text = settings.read_text(encoding="utf-8")
    for key, value in OPERATOR.items():
        text, replaced = re.subn(rf"^(  {key}:) .*$", rf"\1 {value}", text, count=1, flags=re.MULTILINE)
        assert replaced == 1, f"no '{key}:' under betreiber in {settings}"
    settings.write_text(text, encoding="utf-8")
