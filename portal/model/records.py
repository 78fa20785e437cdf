"""Typed records of the catalogue: one class per record kind, German keys as editors write them.

Each class says what its fields are, which of them name other records (:class:`RefersTo`) and what
pages show of it where kinds differ (summary, card text, search names). Where its files lie, its
labels and its pages are declared once in :mod:`portal.model.kinds`. Used by :mod:`portal.load`
(validation, JSON Schema) and everything that reads the catalogue. No MkDocs import here.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, ClassVar, Literal

from pydantic import Field

from portal.common.dates import date_range
from portal.common.laender import LAENDER
from portal.model.entry import Belegt, Benannt, Eintrag
from portal.model.parts import Betrag, Kontakt, Ort, Partnerschaft, Workshop, Zaehlung, Zeitraum, period_over
from portal.model.references import RefersTo, Role
from portal.model.values import Datum, Ganzzahl, Id, JaNein, Land, Markdown, Teildatum, Text, Uhrzeit, Url
from portal.model.vocabularies import (
    OFFER_COSTS,
    OFFER_FORMATS,
    OFFER_MODES,
    ORGANISATION_KINDS,
    PROGRAMME_KINDS,
    PUBLICATION_KINDS,
)

ORGANISATION, THEMA, PROGRAMM = "organisation", "thema", "foerderprogramm"
INITIATIVES = ("netzwerk", "hub", "cluster")
PROVIDERS = (*INITIATIVES, ORGANISATION)
"""Who may offer an Angebot or publish a Publikation."""
ThemenIds = Annotated[list[Id], RefersTo(THEMA, role="thema")]
"""The type of the ``themen`` field of every kind that names topics."""


class Initiative(Benannt):
    """Fields shared by Netzwerk, Hub and Cluster."""

    laender: list[Land] = Field(default_factory=list, description="Länder als ISO-Kürzel, z. B. [DE-BW].")
    region: Text | None = Field(None, description="Region in Worten, z. B. „Schwarzwald-Baar-Heuberg“.")
    gebiete: list[Text] = Field(default_factory=list, description="Landkreise, kreisfreie Städte oder Standorte.")
    koordination: Annotated[list[Id], RefersTo(ORGANISATION, role="koordination")] = Field(
        default_factory=list, description="Ids der koordinierenden Organisationen (leer, wenn nicht belegt)."
    )
    partner: list[Partnerschaft] = Field(default_factory=list, description="Partnerorganisationen im Konsortium.")
    website: Url | None = Field(None, description="Offizielle Website (https://…).")
    kontakt: Kontakt | None = Field(None, description="Institutioneller Kontakt, nur wenn eine öffentliche "
                                    "Quelle ihn nennt.")
    bundesweit: JaNein = Field(False, description="true, wenn das Projekt bundesweit tätig ist "
                               "(wie die Transformations-Hubs).")
    themen: ThemenIds = Field(default_factory=list, description="Ids der Transformationsthemen (data/themen/).")
    foerderung: Annotated[list[Betrag], Role("foerderung")] = Field(
        default_factory=list, description="Förderangaben, jede mit ihrem Datum."
    )
    laufzeit: Zeitraum | None = Field(None, description="Laufzeit des Projekts.")
    beschreibung: Markdown = Field(description="Beschreibung in Markdown: was das Projekt anbietet und für wen.")

    def where(self) -> str:
        """The region, else the names of the Länder."""
        return self.region or ", ".join(LAENDER[c] for c in self.laender)

    def summary(self) -> str:
        where = self.where()
        return f"{self.kind.label}: {where}" if where else self.kind.label

    def card_text(self) -> str:
        return self.where()

    def nationwide(self) -> bool:
        """Initiatives named for no Land work everywhere."""
        return self.bundesweit or not self.laender


class Netzwerk(Initiative):
    """Ein regionales Transformations-Netzwerk der Fahrzeug- und Zulieferindustrie."""

    laender: list[Land] = Field(min_length=1, description="Länder als ISO-Kürzel, z. B. [DE-BW].")


class Hub(Initiative):
    """Ein thematischer Transformations-Hub."""


class Cluster(Initiative):
    """Ein regionales Innovationscluster zur Transformation der Fahrzeugindustrie."""

    laender: list[Land] = Field(min_length=1, description="Länder als ISO-Kürzel, z. B. [DE-SN].")


class Veranstaltung(Eintrag, Belegt):
    """Eine Veranstaltung (Kongress, Auftakt, Informationsveranstaltung …) mit ihren Workshops."""

    PERIOD: ClassVar[tuple[str, str]] = ("beginn", "ende")  # the loader checks that the end comes later

    titel: Text = Field(description="Titel der Veranstaltung.")
    motto: Text | None = Field(None, description="Motto oder Untertitel.")
    format: Text | None = Field(None, description="Art der Veranstaltung, z. B. „Kongress“ "
                                "oder „Auftaktveranstaltung“.")
    beginn: Datum = Field(description="Erster Tag (JJJJ-MM-TT).")
    ende: Datum | None = Field(None, description="Letzter Tag, wenn mehrtägig (JJJJ-MM-TT).")
    beginn_uhrzeit: Uhrzeit | None = Field(None, description="Beginn als HH:MM, in Anführungszeichen, z. B. \"09:30\".")
    ende_uhrzeit: Uhrzeit | None = Field(None, description="Ende als HH:MM, in Anführungszeichen, z. B. \"17:00\".")
    ort: Ort | None = Field(None, description="Veranstaltungsort.")
    veranstalter: Annotated[list[Id], RefersTo(ORGANISATION, role="veranstalter")] = Field(
        default_factory=list, description="Ids der einladenden Organisationen."
    )
    beteiligte: Annotated[list[Id], RefersTo(*INITIATIVES, role="beteiligt")] = Field(
        default_factory=list, description="Ids beteiligter Netzwerke, Hubs oder Cluster."
    )
    themen: ThemenIds = Field(default_factory=list, description="Ids der Themen (data/themen/).")
    teilnehmende: Ganzzahl | None = Field(None, description="Ungefähre Zahl der Teilnehmenden laut Quelle.")
    website: Url | None = Field(None, description="Seite zur Veranstaltung (https://…).")
    beschreibung: Markdown | None = Field(None, description="Beschreibung in Markdown.")
    workshops: Annotated[list[Workshop], Role("workshop-thema", numbered=True)] = Field(
        default_factory=list, description="Workshops der Veranstaltung."
    )

    @property
    def title(self) -> str:
        return self.titel

    @property
    def last_day(self) -> date:
        return self.ende or self.beginn

    def summary(self) -> str:
        return self.motto or ""

    def card_text(self) -> str:
        place = self.ort.stadt if self.ort and self.ort.stadt else ""
        return ", ".join(part for part in (date_range(self.beginn, self.ende), place) if part)

    def search_names(self) -> tuple[str, ...]:
        """None beyond the heading: a network's own page comes before the events named after it."""
        return ()


class Thema(Eintrag, Belegt):
    """Ein Transformationsthema mit einer kurzen Einführung für mittelständische Zulieferer."""

    titel: Text = Field(description="Titel des Themas.")
    kurzfassung: Text = Field(description="Ein bis zwei Sätze: worum es geht.")
    einfuehrung: Markdown = Field(
        description="Einführung in Markdown: was das Thema für einen mittelständischen Zulieferer bedeutet, "
        "erste Schritte, typische Fragen."
    )
    schlagworte: list[Text] = Field(default_factory=list, description="Suchbegriffe, auch Synonyme und Abkürzungen.")
    verwandte_themen: Annotated[list[Id], RefersTo(THEMA, role="verwandt")] = Field(
        default_factory=list, description="Ids verwandter Themen."
    )

    @property
    def title(self) -> str:
        return self.titel

    def summary(self) -> str:
        return self.kurzfassung

    def card_text(self) -> str:
        return self.kurzfassung

    def nationwide(self) -> bool:
        return True


class Organisation(Benannt):
    """Eine Organisation: Ministerium, Agentur, Kammer, Hochschule, Verband, Unternehmen …"""

    art: Literal[tuple(ORGANISATION_KINDS)] = Field(  # type: ignore[valid-type]
        description="Art der Organisation: " + ", ".join(ORGANISATION_KINDS) + "."
    )
    fruehere_namen: list[Text] = Field(default_factory=list,
                                       description="Frühere Namen, z. B. nach einer Umbenennung.")
    website: Url | None = Field(None, description="Offizielle Website (https://…).")
    kontakt: Kontakt | None = Field(None, description="Institutioneller Kontakt, nur wenn eine öffentliche "
                                    "Quelle ihn nennt.")
    land: Land | None = Field(None, description="Land des Sitzes als ISO-Kürzel, z. B. DE-NI.")
    ort: Text | None = Field(None, description="Sitz (Stadt).")
    beschreibung: Markdown | None = Field(None, description="Kurzbeschreibung in Markdown.")

    def card_text(self) -> str:
        return ORGANISATION_KINDS[self.art]

    def search_names(self) -> tuple[str, ...]:
        """None beyond the heading: a network's own page comes before its partners."""
        return ()


class Foerderprogramm(Benannt):
    """Ein Förderprogramm, eine Förderrichtlinie oder ein Förderaufruf."""

    art: Literal[tuple(PROGRAMME_KINDS)] = Field(  # type: ignore[valid-type]
        description="Art: " + ", ".join(PROGRAMME_KINDS) + "."
    )
    ministerium: Annotated[Id | None, RefersTo(ORGANISATION, role="ministerium")] = Field(
        None, description="Id des herausgebenden Ministeriums (data/organisationen/)."
    )
    projekttraeger: Annotated[Id | None, RefersTo(ORGANISATION, role="projekttraeger")] = Field(
        None, description="Id des Projektträgers (data/organisationen/)."
    )
    uebergeordnet: Annotated[Id | None, RefersTo(PROGRAMM, role="uebergeordnet")] = Field(
        None, description="Id des übergeordneten Programms."
    )
    datum: Teildatum | None = Field(None, description="Datum der Veröffentlichung oder des Beschlusses.")
    fundstelle: Text | None = Field(None, description="Amtliche Fundstelle, z. B. „BAnz AT 26.03.2021 B2“.")
    volumen: Annotated[list[Betrag], Role("volumen")] = Field(
        default_factory=list, description="Angaben zum Fördervolumen, jede mit Datum."
    )
    laufzeit: Zeitraum | None = Field(None, description="Zeitraum, den das Programm abdeckt.")
    foerdert: Markdown | None = Field(None, description="Was gefördert wird und wer antragsberechtigt ist, "
                                      "in Markdown.")
    zaehlungen: list[Zaehlung] = Field(default_factory=list, description="Offizielle Zählungen der geförderten "
                                       "Projekte, jede mit Datum.")
    website: Url | None = Field(None, description="Offizielle Seite (https://…).")
    beschreibung: Markdown | None = Field(None, description="Beschreibung in Markdown.")

    def nationwide(self) -> bool:
        return True


class Angebot(Eintrag, Belegt):
    """Ein Angebot eines Netzwerks, Hubs oder einer Organisation an Unternehmen (Beratung, Check, Weiterbildung …)."""

    titel: Text = Field(description="Titel des Angebots in eigenen Worten.")
    anbieter: Annotated[list[Id], RefersTo(*PROVIDERS, role="anbieter")] = Field(
        default_factory=list, description="Ids der Anbieter: Netzwerke, Hubs, Cluster oder Organisationen."
    )
    formate: list[Literal[tuple(OFFER_FORMATS)]] = Field(  # type: ignore[valid-type]
        min_length=1, description="Format(e): " + ", ".join(OFFER_FORMATS) + "."
    )
    themen: ThemenIds = Field(default_factory=list, description="Ids der Themen (data/themen/).")
    bundesweit: JaNein = Field(False, description="true, wenn das Angebot Unternehmen in ganz Deutschland offensteht.")
    laender: list[Land] = Field(default_factory=list, description="Länder, für die das Angebot gilt, als ISO-Kürzel.")
    region: Text | None = Field(None, description="Region in Worten, z. B. „Nordschwarzwald“.")
    durchfuehrung: Literal[tuple(OFFER_MODES)] | None = Field(  # type: ignore[valid-type]
        None, description="online, vor-ort oder beides (nur wenn die Quelle es sagt)."
    )
    kosten: Literal[OFFER_COSTS] = Field(  # type: ignore[valid-type]
        "nicht angegeben",
        description="kostenfrei, kostenpflichtig oder nicht angegeben; „kostenfrei“ nur, wenn eine Quelle das sagt.",
    )
    zielgruppe: Text | None = Field(None, description="Für wen das Angebot gedacht ist, z. B. „kleine und "
                                    "mittlere Zulieferer“.")
    teilnahme: Url | None = Field(None, description="Wo man sich informiert oder anmeldet (https://…).")
    zeitraum: Zeitraum | None = Field(None, description="Nur bei befristeten Angeboten: Beginn und Ende.")
    beschreibung: Markdown = Field(description="Was das Angebot ist und was ein Unternehmen davon hat, in Markdown.")

    @property
    def title(self) -> str:
        return self.titel

    @property
    def free(self) -> bool:
        return self.kosten == "kostenfrei"

    def ended(self, today: date) -> bool:
        """Whether the offer is time-bound and its period ended before ``today``."""
        return period_over(self.zeitraum, today)

    def summary(self) -> str:
        """Format, cost where known, provider area."""
        parts = [", ".join(OFFER_FORMATS[f] for f in self.formate)]
        if self.free:
            parts.append("kostenfrei")
        parts.append("bundesweit" if self.bundesweit else self.region or ", ".join(LAENDER[c] for c in self.laender))
        return " · ".join(part for part in parts if part)

    def card_text(self) -> str:
        return self.summary()


class Publikation(Eintrag, Belegt):
    """Eine Studie, Strategie, ein Leitfaden oder eine Analyse eines Netzwerks, Hubs oder einer Organisation."""

    titel: Text = Field(description="Titel, wie die Quelle ihn nennt.")
    herausgeber: Annotated[list[Id], RefersTo(*PROVIDERS, role="herausgeber")] = Field(
        default_factory=list, description="Ids der Herausgeber: Netzwerke, Hubs, Cluster oder Organisationen."
    )
    art: list[Literal[tuple(PUBLICATION_KINDS)]] = Field(  # type: ignore[valid-type]
        min_length=1, description="Art(en): " + ", ".join(PUBLICATION_KINDS) + "."
    )
    datum: Teildatum | None = Field(None, description="Erscheinungsdatum oder -jahr (JJJJ, JJJJ-MM oder JJJJ-MM-TT).")
    datum_unsicher: JaNein = Field(False, description="true, wenn das Datum nur erschlossen ist.")
    themen: ThemenIds = Field(default_factory=list, description="Ids der Themen (data/themen/).")
    laender: list[Land] = Field(default_factory=list, description="Länder, um die es geht, als ISO-Kürzel.")
    link: Url | None = Field(None, description="Adresse des Dokuments oder der Seite, auf der es steht (https://…).")
    zusammenfassung: Markdown = Field(description="Worum es geht, in eigenen Worten, in Markdown.")

    @property
    def title(self) -> str:
        return self.titel

    def card_text(self) -> str:
        return ", ".join(PUBLICATION_KINDS[k] for k in self.art) + (f" · {self.datum[:4]}" if self.datum else "")
