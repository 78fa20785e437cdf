"""Building blocks shared by several record kinds: sources, periods, amounts, partners, places,
workshops, official counts and contacts, and the rule that tells a person's mailbox from a functional one.

Used by :mod:`portal.model.records` (field types) and by :mod:`portal.load` (the contact check).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, ClassVar, Literal

from pydantic import Field

from portal.model.references import RefersTo
from portal.model.values import Email, Ganzzahl, Id, JaNein, Land, Markdown, Strict, Teildatum, Text, Url


class Quelle(Strict):
    """Eine öffentliche Quelle, auf der die Angaben eines Eintrags beruhen."""

    titel: Text | None = Field(None, description="Was die Quelle ist, z. B. „Pressemitteilung des BMWK vom 2.7.2021“.")
    url: Url = Field(description="Öffentliche Adresse der Quelle (https://…).")


class Zeitraum(Strict):
    """Beginn und Ende, jeweils als JJJJ, JJJJ-MM oder JJJJ-MM-TT."""

    PERIOD: ClassVar[tuple[str, str]] = ("beginn", "ende")  # the loader checks that the end comes later

    beginn: Teildatum | None = Field(None, description="Beginn (JJJJ, JJJJ-MM oder JJJJ-MM-TT).")
    ende: Teildatum | None = Field(None, description="Ende (JJJJ, JJJJ-MM oder JJJJ-MM-TT).")
    hinweis: Text | None = Field(None, description="Erläuterung, z. B. „verlängert bis Ende 2026“.")


class Betrag(Strict):
    """Eine datierte Angabe über einen Förderbetrag oder ein Fördervolumen."""

    datum: Teildatum = Field(description="Wann die Angabe gemacht wurde (Veröffentlichung der Quelle).")
    betrag_eur: Ganzzahl | None = Field(None, description="Betrag in Euro als ganze Zahl, z. B. 3000000.")
    genauigkeit: Literal["genau", "rund", "knapp", "mehr als", "bis zu"] = Field(
        "genau", description="Wie die Quelle den Betrag angibt: genau, rund, knapp, mehr als oder bis zu."
    )
    bezeichnung: Text | None = Field(
        None, description="Art der Angabe, z. B. „Bewilligung“ oder „Verlängerung bis Ende 2026“."
    )
    programm: Annotated[Id | None, RefersTo("foerderprogramm", role="programm", repeatable=True)] = Field(
        None, description="Id des Förderprogramms (Datei in data/foerderprogramme/)."
    )
    zeitraum: Zeitraum | None = Field(None, description="Zeitraum, für den der Betrag gilt.")
    unsicher: JaNein = Field(
        False, description="true, wenn die Quellen sich widersprechen oder die Angabe indirekt ist."
    )
    quelle: Url | None = Field(None, description="Quelle genau dieser Angabe (https://…).")
    hinweis: Text | None = Field(None, description="Erläuterung zur Angabe.")


class Partnerschaft(Strict):
    """Eine Partnerorganisation in einem Konsortium, optional mit Rolle und Zeitraum."""

    PERIOD: ClassVar[tuple[str, str]] = ("seit", "bis")

    organisation: Annotated[Id, RefersTo("organisation", role="partner")] = Field(
        description="Id der Organisation (Datei in data/organisationen/)."
    )
    rolle: Text | None = Field(None, description="Rolle im Konsortium, z. B. „Teilprojekt Qualifizierung“.")
    seit: Teildatum | None = Field(None, description="Beteiligt seit (JJJJ, JJJJ-MM oder JJJJ-MM-TT).")
    bis: Teildatum | None = Field(None, description="Beteiligt bis, z. B. wenn die Organisation ausgeschieden ist.")
    unsicher: JaNein = Field(False, description="true, wenn die Beteiligung nicht eindeutig belegt ist.")


class Ort(Strict):
    """Wo eine Veranstaltung stattfindet."""

    veranstaltungsort: Text | None = Field(None, description="Name des Hauses oder Saals, z. B. „Wagenhallen“.")
    stadt: Text | None = Field(None, description="Stadt oder Gemeinde.")
    land: Land | None = Field(None, description="Land als ISO-Kürzel, z. B. DE-BW.")
    online: JaNein = Field(False, description="true, wenn die Veranstaltung (auch) online stattfindet.")


class Workshop(Strict):
    """Ein Workshop innerhalb einer Veranstaltung."""

    titel: Text = Field(description="Titel des Workshops.")
    leitfrage: Text | None = Field(None, description="Leitfrage oder Motto des Workshops.")
    themen: Annotated[list[Id], RefersTo("thema", role="thema")] = Field(
        default_factory=list, description="Ids der Themen (data/themen/)."
    )
    beschreibung: Markdown | None = Field(None, description="Beschreibung in Markdown.")


class Zaehlung(Strict):
    """Eine offizielle, datierte Zählung der geförderten Projekte."""

    datum: Teildatum = Field(description="Stand der Zählung (JJJJ-MM oder JJJJ-MM-TT).")
    netzwerke: Ganzzahl | None = Field(None, description="Zahl der Transformations-Netzwerke.")
    hubs: Ganzzahl | None = Field(None, description="Zahl der Transformations-Hubs.")
    cluster: Ganzzahl | None = Field(None, description="Zahl der Innovationscluster.")
    quelle: Url = Field(description="Quelle der Zählung (https://…).")
    hinweis: Text | None = Field(None, description="Erläuterung zur Zählung.")


class Kontakt(Strict):
    """Institutioneller Kontakt: nur Angaben, die eine öffentliche Quelle nennt, keine Daten von Einzelpersonen."""

    kontaktseite: Url | None = Field(None, description="Kontaktseite oder Kontaktformular (https://…).")
    email: Email | None = Field(
        None, description="Funktionales Postfach, z. B. info@… (keine Adresse einer Person)."
    )
    email_funktional: JaNein = Field(
        False,
        description="true, wenn eine Adresse wie vorname.nachname@ trotzdem ein Funktionspostfach ist "
        "(sonst lehnt die Prüfung sie als persönliche Adresse ab).",
    )
    telefon: Annotated[str, Field(pattern=r"^\+?[0-9][0-9 ()/-]{5,}[0-9]$")] | None = Field(
        None,
        description="Nummer der Zentrale oder Geschäftsstelle, z. B. \"+49 711 123450\" "
        "(keine Durchwahl einer Person).",
    )
    quelle: Url = Field(description="Öffentliche Seite, auf der diese Kontaktangaben stehen (https://…).")


PERSONAL_FIRST_NAMES = frozenset(
    "alexander andrea andreas anja anna barbara bernd birgit christian christine claudia daniel "
    "dirk eva frank gabriele hans heike jan jens joerg julia juergen karin katharina klaus markus "
    "martin martina matthias michael monika nicole peter petra ralf sabine sandra stefan stefanie "
    "susanne thomas tobias torsten ulrich ute uwe wolfgang".split()
)
"""Common first names: a mailbox called just ``thomas@`` is most likely a person's."""

FUNCTIONAL_MAILBOX_WORDS = frozenset(
    "info kontakt contact office service presse press post mail team buero geschaeftsstelle sekretariat "
    "anfrage anfragen hallo hello zentrale verwaltung projekt projektbuero netzwerk hub transformation "
    "veranstaltungen events webmaster redaktion support beratung".split()
)


def personal_mailbox(email: str) -> bool:
    """Whether an address looks like a person's: ``vorname.nachname@``, ``v.nachname@``,
    ``vorname-nachname@`` or a bare common first name; words like ``info`` or ``kontakt`` are functional."""
    local = email.split("@", 1)[0].casefold()
    parts = [part for part in re.split(r"[._-]", local) if part]
    if any(part in FUNCTIONAL_MAILBOX_WORDS for part in parts):
        return False
    if len(parts) == 2 and all(part.isalpha() for part in parts):
        return True
    return len(parts) == 1 and local in PERSONAL_FIRST_NAMES


def _pad(partial: str, filler: str) -> str:
    """Make partial dates comparable: an end '2025' means its last day, a start '2025' its first."""
    return partial + f"-{filler}" * (2 - partial.count("-"))


def period_over(span: Zeitraum | None, today: date) -> bool:
    """Whether ``span`` has an end and it lies before ``today`` (an end '2025-06' ends with June)."""
    if not span or not span.ende:
        return False
    return _pad(span.ende, "99") < today.isoformat()


def period_reversed(start: str | None, end: str | None) -> bool:
    """Whether a period's end (JJJJ, JJJJ-MM or JJJJ-MM-TT) lies before its start."""
    if not start or not end:
        return False
    return _pad(end, "99") < _pad(start, "00")
