"""Typed records of the catalogue: one class per record kind, German keys as editors write them.

Used by :mod:`portal.load` (validation), :mod:`portal.load.schema` (JSON Schema, field reference) and
everything that reads the catalogue. No MkDocs import here.

Why strings in, types out: :mod:`portal.load.yamlreader` hands over every scalar as a string, and the
annotated types below decide what a value means (a date, a whole number, ``true``/``false``),
each with a German message an editor can act on. Unknown keys are errors, so a typo never drops
text silently.
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal
from urllib.parse import quote, urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    model_validator,
)

from portal.common.laender import LAENDER
from portal.model.richtext import render_markdown
from portal.model.urls import url_problem

# ---------------------------------------------------------------------------------------------
# Value types


def _text(value: str) -> str:
    if not value.strip():
        raise ValueError("darf nicht leer sein")
    return value


def _iso_date(value: Any) -> Any:
    if isinstance(value, str):
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
            raise ValueError(f"'{value}' ist kein Datum im Format JJJJ-MM-TT (z. B. 2023-05-08)")
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"'{value}' ist kein gültiges Kalenderdatum") from None
    return value


def _partial_date(value: str) -> str:
    if not re.fullmatch(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?", value):
        raise ValueError(f"'{value}' ist keine Datumsangabe; erlaubt sind JJJJ, JJJJ-MM oder JJJJ-MM-TT")
    parts = [int(p) for p in value.split("-")]
    try:
        date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        raise ValueError(f"'{value}' ist kein gültiges Kalenderdatum") from None
    return value


def _whole_number(value: Any) -> Any:
    if isinstance(value, str):
        if not re.fullmatch(r"[0-9]+", value):
            raise ValueError(f"'{value}' ist keine ganze Zahl; schreiben Sie nur Ziffern, z. B. 3000000")
        if len(value.lstrip("0")) > len(str(MAX_AMOUNT)):  # int() of thousands of digits is slow
            raise ValueError(TOO_LARGE)
        return int(value)
    return value


MAX_AMOUNT = 10**13
"""Upper bound of every whole number (ten trillion euros): far above any programme's volume, and
small enough that every display format and export handles it exactly."""
TOO_LARGE = f"Zahl ist zu groß; höchstens {MAX_AMOUNT:_} ist erlaubt".replace("_", ".")


def _yes_no(value: Any) -> Any:
    if isinstance(value, str):
        if value not in ("true", "false"):
            raise ValueError(f"'{value}' ist kein Wahrheitswert; schreiben Sie true oder false")
        return value == "true"
    return value


def _https(value: str) -> str:
    problem = url_problem(value, allow_mailto=False)
    if problem:
        raise ValueError(problem)
    return value


def _email(value: str) -> str:
    if not re.fullmatch(r"[^@\s:/]+@[^@\s:/]+\.[a-z]{2,}", value):
        raise ValueError(f"'{value}' ist keine E-Mail-Adresse")
    return value


MARKDOWN_MAX_CHARS = 10_000
MARKDOWN_MAX_BRACKETS = 200
"""The budget of one Markdown text. Python-Markdown's link search takes time that grows with the
number of ``[`` times the length of the text (16,000 ``[`` took 80 s); within this budget the worst
text measured takes about 0.2 s. The longest text in the real data has about 3,200 characters."""


def _markdown(value: str) -> str:
    _text(value)
    if len(value) > MARKDOWN_MAX_CHARS:
        raise ValueError(f"Text ist zu lang ({len(value)} Zeichen); höchstens {MARKDOWN_MAX_CHARS:_} Zeichen "
                         "sind erlaubt; kürzen Sie ihn".replace("_", "."))
    if value.count("[") > MARKDOWN_MAX_BRACKETS:
        raise ValueError(f"Text enthält {value.count('[')} eckige Klammern '['; höchstens "
                         f"{MARKDOWN_MAX_BRACKETS} sind erlaubt (ein Link braucht eine)")
    # Raw HTML, links and images all need '<' or '['; text without them cannot hold a problem
    # ('&' alone only makes entities, which stay text), so the (slower) full render waits until a
    # page needs the HTML.
    if "<" not in value and "[" not in value:
        return value
    problems = render_markdown(value)[1]
    if problems:
        raise ValueError("; ".join(problems))
    return value


_GITHUB_REPOSITORY = re.compile(r"https://github\.com/[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/(?!\.\.?\Z)[A-Za-z0-9._-]{1,100}")
_BRANCH = re.compile(r"(?![-./])(?!.*(?:\.\.|//|/\.|@\{|\.lock(?:/|\Z)))[A-Za-z0-9._/-]{1,200}(?<![./])")
"""A branch name git accepts (``git check-ref-format --branch``), restricted to ASCII letters,
digits and ``. _ / -``: nothing that needs quoting in a URL or escaping in HTML."""


def _github_repository(value: str) -> str:
    if not _GITHUB_REPOSITORY.fullmatch(value):
        raise ValueError(
            f"'{value}' ist keine Adresse eines GitHub-Repositorys; erwartet wird genau "
            "https://github.com/<organisation>/<repository>, ohne / am Ende und ohne weitere Teile"
        )
    return value


def _branch(value: str) -> str:
    if not _BRANCH.fullmatch(value):
        raise ValueError(
            f"'{value}' ist kein gültiger Zweigname; erlaubt sind Buchstaben a–z und A–Z, Ziffern und "
            "die Zeichen . _ / - (nicht am Anfang oder Ende, keine zwei Punkte hintereinander), z. B. main"
        )
    return value


def _land(value: str) -> str:
    if value not in LAENDER:
        raise ValueError(
            f"unbekanntes Land '{value}'; erlaubt sind die ISO-Kürzel {', '.join(LAENDER)}"
        )
    return value


Text = Annotated[str, AfterValidator(_text)]
Markdown = Annotated[str, AfterValidator(_markdown), Field(json_schema_extra={"format": "markdown"})]
Datum = Annotated[date, BeforeValidator(_iso_date)]
Teildatum = Annotated[
    str,
    AfterValidator(_partial_date),
    Field(json_schema_extra={"pattern": r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"}),
]
Uhrzeit = Annotated[str, Field(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$")]
Ganzzahl = Annotated[int, BeforeValidator(_whole_number), Field(ge=0, le=MAX_AMOUNT)]
JaNein = Annotated[bool, BeforeValidator(_yes_no)]
Url = Annotated[str, AfterValidator(_https), Field(json_schema_extra={"pattern": r"^https://"})]
Email = Annotated[str, AfterValidator(_email)]
Id = Annotated[str, Field(pattern=r"^[a-z0-9-]+$")]
Land = Annotated[str, AfterValidator(_land), Field(json_schema_extra={"enum": list(LAENDER)})]
GithubRepository = Annotated[
    str, AfterValidator(_github_repository), Field(json_schema_extra={"pattern": "^https://github\\.com/[^/]+/[^/]+$"})
]
Zweig = Annotated[str, AfterValidator(_branch), Field(json_schema_extra={"pattern": "^[A-Za-z0-9._/-]+$"})]


class _Strict(BaseModel):
    """Base of every YAML object: unknown keys are errors; an empty optional value means "unset"."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False, validate_default=True)

    @model_validator(mode="before")
    @classmethod
    def _drop_empty_optional(cls, data: Any) -> Any:
        if isinstance(data, dict) and None in data.values():
            return {
                key: value
                for key, value in data.items()
                if not (value is None and key in cls.model_fields and not cls.model_fields[key].is_required())
            }
        return data


# ---------------------------------------------------------------------------------------------
# Building blocks shared by several record kinds


class Quelle(_Strict):
    """Eine öffentliche Quelle, auf der die Angaben eines Eintrags beruhen."""

    titel: Text | None = Field(None, description="Was die Quelle ist, z. B. „Pressemitteilung des BMWK vom 2.7.2021“.")
    url: Url = Field(description="Öffentliche Adresse der Quelle (https://…).")


class Zeitraum(_Strict):
    """Beginn und Ende, jeweils als JJJJ, JJJJ-MM oder JJJJ-MM-TT."""

    beginn: Teildatum | None = Field(None, description="Beginn (JJJJ, JJJJ-MM oder JJJJ-MM-TT).")
    ende: Teildatum | None = Field(None, description="Ende (JJJJ, JJJJ-MM oder JJJJ-MM-TT).")
    hinweis: Text | None = Field(None, description="Erläuterung, z. B. „verlängert bis Ende 2026“.")


class Betrag(_Strict):
    """Eine datierte Angabe über einen Förderbetrag oder ein Fördervolumen."""

    datum: Teildatum = Field(description="Wann die Angabe gemacht wurde (Veröffentlichung der Quelle).")
    betrag_eur: Ganzzahl | None = Field(None, description="Betrag in Euro als ganze Zahl, z. B. 3000000.")
    genauigkeit: Literal["genau", "rund", "knapp", "mehr als", "bis zu"] = Field(
        "genau", description="Wie die Quelle den Betrag angibt: genau, rund, knapp, mehr als oder bis zu."
    )
    bezeichnung: Text | None = Field(
        None, description="Art der Angabe, z. B. „Bewilligung“ oder „Verlängerung bis Ende 2026“.")
    programm: Id | None = Field(None, description="Id des Förderprogramms (Datei in data/foerderprogramme/).")
    zeitraum: Zeitraum | None = Field(None, description="Zeitraum, für den der Betrag gilt.")
    unsicher: JaNein = Field(
        False, description="true, wenn die Quellen sich widersprechen oder die Angabe indirekt ist.")
    quelle: Url | None = Field(None, description="Quelle genau dieser Angabe (https://…).")
    hinweis: Text | None = Field(None, description="Erläuterung zur Angabe.")


class Partnerschaft(_Strict):
    """Eine Partnerorganisation in einem Konsortium, optional mit Rolle und Zeitraum."""

    organisation: Id = Field(description="Id der Organisation (Datei in data/organisationen/).")
    rolle: Text | None = Field(None, description="Rolle im Konsortium, z. B. „Teilprojekt Qualifizierung“.")
    seit: Teildatum | None = Field(None, description="Beteiligt seit (JJJJ, JJJJ-MM oder JJJJ-MM-TT).")
    bis: Teildatum | None = Field(None, description="Beteiligt bis, z. B. wenn die Organisation ausgeschieden ist.")
    unsicher: JaNein = Field(False, description="true, wenn die Beteiligung nicht eindeutig belegt ist.")


class Ort(_Strict):
    """Wo eine Veranstaltung stattfindet."""

    veranstaltungsort: Text | None = Field(None, description="Name des Hauses oder Saals, z. B. „Wagenhallen“.")
    stadt: Text | None = Field(None, description="Stadt oder Gemeinde.")
    land: Land | None = Field(None, description="Land als ISO-Kürzel, z. B. DE-BW.")
    online: JaNein = Field(False, description="true, wenn die Veranstaltung (auch) online stattfindet.")


class Workshop(_Strict):
    """Ein Workshop innerhalb einer Veranstaltung."""

    titel: Text = Field(description="Titel des Workshops.")
    leitfrage: Text | None = Field(None, description="Leitfrage oder Motto des Workshops.")
    themen: list[Id] = Field(default_factory=list, description="Ids der Themen (data/themen/).")
    beschreibung: Markdown | None = Field(None, description="Beschreibung in Markdown.")


class Zaehlung(_Strict):
    """Eine offizielle, datierte Zählung der geförderten Projekte."""

    datum: Teildatum = Field(description="Stand der Zählung (JJJJ-MM oder JJJJ-MM-TT).")
    netzwerke: Ganzzahl | None = Field(None, description="Zahl der Transformations-Netzwerke.")
    hubs: Ganzzahl | None = Field(None, description="Zahl der Transformations-Hubs.")
    cluster: Ganzzahl | None = Field(None, description="Zahl der Innovationscluster.")
    quelle: Url = Field(description="Quelle der Zählung (https://…).")
    hinweis: Text | None = Field(None, description="Erläuterung zur Zählung.")


class Kontakt(_Strict):
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


# ---------------------------------------------------------------------------------------------
# Record kinds: one YAML file each, data/<ordner>/<id>.yml


class Eintrag(_Strict):
    """Common fields and identity of every record; the id and file come from the file name."""

    KIND: ClassVar[str] = ""
    FOLDER: ClassVar[str] = ""
    URL_SEGMENT: ClassVar[str] = ""
    LABEL: ClassVar[str] = ""
    LABEL_PLURAL: ClassVar[str] = ""

    _id: str = PrivateAttr("")
    _source: str = PrivateAttr("")

    if TYPE_CHECKING:  # every kind ends with the fields of _Belegt, declared there so that they come last
        hinweise: list[str]
        quellen: list[Quelle]
        stand: date

    # The two properties read pydantic's store of private values directly: ``self._id`` takes
    # pydantic's ``__getattr__`` after a failed lookup, about 2.5 µs, and pages ask for ids often.
    @property
    def id(self) -> str:
        return self.__pydantic_private__["_id"]  # type: ignore[index]  # set for every model with private attributes

    @property
    def source(self) -> str:
        """Path of the YAML file, relative to the repository root (for edit links and errors)."""
        return self.__pydantic_private__["_source"]  # type: ignore[index]

    @property
    def title(self) -> str:
        raise NotImplementedError

    @property
    def short_title(self) -> str:
        """The name used in links and lists: the acronym where one exists."""
        return self.title

    @property
    def url(self) -> str:
        """Site-relative URL of the record's page, e.g. ``netzwerke/autos-sw-bw/``."""
        return f"{self.URL_SEGMENT}/{self.id}/"


class _Belegt(_Strict):
    """Fields every record ends with: sources, date of the last check, notes on uncertainty."""

    hinweise: list[Text] = Field(
        default_factory=list,
        description="Nur für unsichere oder strittige Angaben, z. B. „Die Quellen nennen unterschiedliche "
                    "Förderbeträge.“ Was unbekannt ist, bleibt einfach leer.",
    )
    quellen: list[Quelle] = Field(min_length=1, description="Öffentliche Quellen der Angaben (mindestens eine).")
    stand: Datum = Field(description="Datum, an dem die Angaben zuletzt geprüft wurden (JJJJ-MM-TT).")


class _Benannt(Eintrag, _Belegt):
    """Records known by an official name and, often, an acronym."""

    name: Text = Field(description="Vollständiger offizieller Name.")
    kurzname: Text | None = Field(
        None, description="Kurzname oder Abkürzung in offizieller Schreibweise, z. B. „TrAIBeR.NRW“ oder „IHK Erfurt“."
    )

    @property
    def title(self) -> str:
        return self.name

    @property
    def short_title(self) -> str:
        return self.kurzname or self.name


class Initiative(_Benannt):
    """Fields shared by Netzwerk, Hub and Cluster."""

    laender: list[Land] = Field(default_factory=list, description="Länder als ISO-Kürzel, z. B. [DE-BW].")
    region: Text | None = Field(None, description="Region in Worten, z. B. „Schwarzwald-Baar-Heuberg“.")
    gebiete: list[Text] = Field(default_factory=list, description="Landkreise, kreisfreie Städte oder Standorte.")
    koordination: list[Id] = Field(
        default_factory=list, description="Ids der koordinierenden Organisationen (leer, wenn nicht belegt).")
    partner: list[Partnerschaft] = Field(default_factory=list, description="Partnerorganisationen im Konsortium.")
    website: Url | None = Field(None, description="Offizielle Website (https://…).")
    kontakt: Kontakt | None = Field(
        None, description="Institutioneller Kontakt, nur wenn eine öffentliche Quelle ihn nennt.")
    bundesweit: JaNein = Field(
        False, description="true, wenn das Projekt bundesweit tätig ist (wie die Transformations-Hubs).")
    themen: list[Id] = Field(default_factory=list, description="Ids der Transformationsthemen (data/themen/).")
    foerderung: list[Betrag] = Field(default_factory=list, description="Förderangaben, jede mit ihrem Datum.")
    laufzeit: Zeitraum | None = Field(None, description="Laufzeit des Projekts.")
    beschreibung: Markdown = Field(description="Beschreibung in Markdown: was das Projekt anbietet und für wen.")


class Netzwerk(Initiative):
    """Ein regionales Transformations-Netzwerk der Fahrzeug- und Zulieferindustrie."""

    KIND = "netzwerk"
    FOLDER = "netzwerke"
    URL_SEGMENT = "netzwerke"
    LABEL = "Transformations-Netzwerk"
    LABEL_PLURAL = "Transformations-Netzwerke"

    laender: list[Land] = Field(min_length=1, description="Länder als ISO-Kürzel, z. B. [DE-BW].")


class Hub(Initiative):
    """Ein thematischer Transformations-Hub."""

    KIND = "hub"
    FOLDER = "hubs"
    URL_SEGMENT = "hubs"
    LABEL = "Transformations-Hub"
    LABEL_PLURAL = "Transformations-Hubs"


class Cluster(Initiative):
    """Ein regionales Innovationscluster zur Transformation der Fahrzeugindustrie."""

    KIND = "cluster"
    FOLDER = "cluster"
    URL_SEGMENT = "cluster"
    LABEL = "Innovationscluster"
    LABEL_PLURAL = "Innovationscluster"

    laender: list[Land] = Field(min_length=1, description="Länder als ISO-Kürzel, z. B. [DE-SN].")


class Veranstaltung(Eintrag, _Belegt):
    """Eine Veranstaltung (Kongress, Auftakt, Informationsveranstaltung …) mit ihren Workshops."""

    KIND = "veranstaltung"
    FOLDER = "veranstaltungen"
    URL_SEGMENT = "veranstaltungen"
    LABEL = "Veranstaltung"
    LABEL_PLURAL = "Veranstaltungen"

    titel: Text = Field(description="Titel der Veranstaltung.")
    motto: Text | None = Field(None, description="Motto oder Untertitel.")
    format: Text | None = Field(
        None, description="Art der Veranstaltung, z. B. „Kongress“ oder „Auftaktveranstaltung“.")
    beginn: Datum = Field(description="Erster Tag (JJJJ-MM-TT).")
    ende: Datum | None = Field(None, description="Letzter Tag, wenn mehrtägig (JJJJ-MM-TT).")
    beginn_uhrzeit: Uhrzeit | None = Field(None, description="Beginn als HH:MM, in Anführungszeichen, z. B. \"09:30\".")
    ende_uhrzeit: Uhrzeit | None = Field(None, description="Ende als HH:MM, in Anführungszeichen, z. B. \"17:00\".")
    ort: Ort | None = Field(None, description="Veranstaltungsort.")
    veranstalter: list[Id] = Field(default_factory=list, description="Ids der einladenden Organisationen.")
    beteiligte: list[Id] = Field(default_factory=list, description="Ids beteiligter Netzwerke, Hubs oder Cluster.")
    themen: list[Id] = Field(default_factory=list, description="Ids der Themen (data/themen/).")
    teilnehmende: Ganzzahl | None = Field(None, description="Ungefähre Zahl der Teilnehmenden laut Quelle.")
    website: Url | None = Field(None, description="Seite zur Veranstaltung (https://…).")
    beschreibung: Markdown | None = Field(None, description="Beschreibung in Markdown.")
    workshops: list[Workshop] = Field(default_factory=list, description="Workshops der Veranstaltung.")

    @property
    def title(self) -> str:
        return self.titel

    @property
    def last_day(self) -> date:
        return self.ende or self.beginn


class Thema(Eintrag, _Belegt):
    """Ein Transformationsthema mit einer kurzen Einführung für mittelständische Zulieferer."""

    KIND = "thema"
    FOLDER = "themen"
    URL_SEGMENT = "themen"
    LABEL = "Thema"
    LABEL_PLURAL = "Themen"

    titel: Text = Field(description="Titel des Themas.")
    kurzfassung: Text = Field(description="Ein bis zwei Sätze: worum es geht.")
    einfuehrung: Markdown = Field(
        description="Einführung in Markdown: was das Thema für einen mittelständischen Zulieferer bedeutet, "
        "erste Schritte, typische Fragen."
    )
    schlagworte: list[Text] = Field(default_factory=list, description="Suchbegriffe, auch Synonyme und Abkürzungen.")
    verwandte_themen: list[Id] = Field(default_factory=list, description="Ids verwandter Themen.")

    @property
    def title(self) -> str:
        return self.titel


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


class Organisation(_Benannt):
    """Eine Organisation: Ministerium, Agentur, Kammer, Hochschule, Verband, Unternehmen …"""

    KIND = "organisation"
    FOLDER = "organisationen"
    URL_SEGMENT = "organisationen"
    LABEL = "Organisation"
    LABEL_PLURAL = "Organisationen"

    art: Literal[tuple(ORGANISATION_KINDS)] = Field(  # type: ignore[valid-type]
        description="Art der Organisation: " + ", ".join(ORGANISATION_KINDS) + "."
    )
    fruehere_namen: list[Text] = Field(default_factory=list, description="Frühere Namen, z. B. nach einer Umbenennung.")
    website: Url | None = Field(None, description="Offizielle Website (https://…).")
    kontakt: Kontakt | None = Field(
        None, description="Institutioneller Kontakt, nur wenn eine öffentliche Quelle ihn nennt.")
    land: Land | None = Field(None, description="Land des Sitzes als ISO-Kürzel, z. B. DE-NI.")
    ort: Text | None = Field(None, description="Sitz (Stadt).")
    beschreibung: Markdown | None = Field(None, description="Kurzbeschreibung in Markdown.")


PROGRAMME_KINDS: dict[str, str] = {
    "fonds": "Fonds",
    "programm": "Förderprogramm",
    "foerderrichtlinie": "Förderrichtlinie",
    "foerderaufruf": "Förderaufruf",
    "aenderung": "Änderungsbekanntmachung",
}


class Foerderprogramm(_Benannt):
    """Ein Förderprogramm, eine Förderrichtlinie oder ein Förderaufruf."""

    KIND = "foerderprogramm"
    FOLDER = "foerderprogramme"
    URL_SEGMENT = "foerderung"
    LABEL = "Förderprogramm"
    LABEL_PLURAL = "Förderprogramme"

    art: Literal[tuple(PROGRAMME_KINDS)] = Field(  # type: ignore[valid-type]
        description="Art: " + ", ".join(PROGRAMME_KINDS) + "."
    )
    ministerium: Id | None = Field(None, description="Id des herausgebenden Ministeriums (data/organisationen/).")
    projekttraeger: Id | None = Field(None, description="Id des Projektträgers (data/organisationen/).")
    uebergeordnet: Id | None = Field(None, description="Id des übergeordneten Programms.")
    datum: Teildatum | None = Field(None, description="Datum der Veröffentlichung oder des Beschlusses.")
    fundstelle: Text | None = Field(None, description="Amtliche Fundstelle, z. B. „BAnz AT 26.03.2021 B2“.")
    volumen: list[Betrag] = Field(default_factory=list, description="Angaben zum Fördervolumen, jede mit Datum.")
    laufzeit: Zeitraum | None = Field(None, description="Zeitraum, den das Programm abdeckt.")
    foerdert: Markdown | None = Field(
        None, description="Was gefördert wird und wer antragsberechtigt ist, in Markdown.")
    zaehlungen: list[Zaehlung] = Field(
        default_factory=list, description="Offizielle Zählungen der geförderten Projekte, jede mit Datum.")
    website: Url | None = Field(None, description="Offizielle Seite (https://…).")
    beschreibung: Markdown | None = Field(None, description="Beschreibung in Markdown.")


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

OFFER_COSTS = ("kostenfrei", "kostenpflichtig", "nicht angegeben")

OFFER_MODES: dict[str, str] = {"online": "online", "vor-ort": "vor Ort", "beides": "online und vor Ort"}


def _pad(partial: str, filler: str) -> str:
    """Make partial dates comparable: an end '2025' means its last day, a start '2025' its first."""
    return partial + f"-{filler}" * (2 - partial.count("-"))


def period_over(span: Zeitraum | None, today: date) -> bool:
    """Whether ``span`` has an end and it lies before ``today`` (an end '2025-06' ends with June)."""
    return span is not None and span.ende is not None and _pad(span.ende, "99") < today.isoformat()


class Angebot(Eintrag, _Belegt):
    """Ein Angebot eines Netzwerks, Hubs oder einer Organisation an Unternehmen (Beratung, Check, Weiterbildung …)."""

    KIND = "angebot"
    FOLDER = "angebote"
    URL_SEGMENT = "angebote"
    LABEL = "Angebot"
    LABEL_PLURAL = "Angebote"

    titel: Text = Field(description="Titel des Angebots in eigenen Worten.")
    anbieter: list[Id] = Field(
        default_factory=list, description="Ids der Anbieter: Netzwerke, Hubs, Cluster oder Organisationen."
    )
    formate: list[Literal[tuple(OFFER_FORMATS)]] = Field(  # type: ignore[valid-type]
        min_length=1, description="Format(e): " + ", ".join(OFFER_FORMATS) + "."
    )
    themen: list[Id] = Field(default_factory=list, description="Ids der Themen (data/themen/).")
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
    zielgruppe: Text | None = Field(
        None, description="Für wen das Angebot gedacht ist, z. B. „kleine und mittlere Zulieferer“.")
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


class Publikation(Eintrag, _Belegt):
    """Eine Studie, Strategie, ein Leitfaden oder eine Analyse eines Netzwerks, Hubs oder einer Organisation."""

    KIND = "publikation"
    FOLDER = "publikationen"
    URL_SEGMENT = "publikationen"
    LABEL = "Publikation"
    LABEL_PLURAL = "Publikationen"

    titel: Text = Field(description="Titel, wie die Quelle ihn nennt.")
    herausgeber: list[Id] = Field(
        default_factory=list, description="Ids der Herausgeber: Netzwerke, Hubs, Cluster oder Organisationen."
    )
    art: list[Literal[tuple(PUBLICATION_KINDS)]] = Field(  # type: ignore[valid-type]
        min_length=1, description="Art(en): " + ", ".join(PUBLICATION_KINDS) + "."
    )
    datum: Teildatum | None = Field(None, description="Erscheinungsdatum oder -jahr (JJJJ, JJJJ-MM oder JJJJ-MM-TT).")
    datum_unsicher: JaNein = Field(False, description="true, wenn das Datum nur erschlossen ist.")
    themen: list[Id] = Field(default_factory=list, description="Ids der Themen (data/themen/).")
    laender: list[Land] = Field(default_factory=list, description="Länder, um die es geht, als ISO-Kürzel.")
    link: Url | None = Field(None, description="Adresse des Dokuments oder der Seite, auf der es steht (https://…).")
    zusammenfassung: Markdown = Field(description="Worum es geht, in eigenen Worten, in Markdown.")

    @property
    def title(self) -> str:
        return self.titel


RECORD_TYPES: tuple[type[Eintrag], ...] = (
    Netzwerk,
    Hub,
    Cluster,
    Veranstaltung,
    Thema,
    Organisation,
    Foerderprogramm,
    Angebot,
    Publikation,
)
"""Every record kind, in the order the portal presents them."""


# ---------------------------------------------------------------------------------------------
# Site settings: data/site.yml

PLACEHOLDER_MARK = "[Platzhalter"
"""Values that start with this text are not final: ``check`` rejects them in records (left by
``python -m portal new``); in the settings, ``check --release`` fails while any remain."""
PLACEHOLDER_URL = "https://example.org/bitte-ersetzen"
"""The address ``python -m portal new`` puts where a source's address belongs."""


def _site_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.query or parts.fragment or not parts.path.endswith("/"):
        raise ValueError(f"'{value}' muss mit / enden und darf kein ? und kein # enthalten, "
                         "z. B. https://beispiel.github.io/portal/")
    return value


SiteUrl = Annotated[Url, AfterValidator(_site_url)]


class Lizenz(_Strict):
    """Unter welcher Lizenz die Daten des Portals weitergegeben werden (Seite „Daten“, Downloads)."""

    name: Text = Field(description="Name der Lizenz, z. B. „Creative Commons Namensnennung 4.0 International“.")
    kennung: Text = Field(description="Kurzbezeichnung, z. B. „CC BY 4.0“ oder „dl-de/by-2-0“.")
    url: Url = Field(description="Adresse des Lizenztexts (https://…).")


class Betreiber(_Strict):
    """Wer das Portal betreibt (für Impressum und Datenschutzerklärung)."""

    name: Text = Field(description="Name der betreibenden Organisation.")
    strasse: Text = Field(description="Straße und Hausnummer.")
    plz: Annotated[str, Field(pattern=r"^([0-9]{5}|\[Platzhalter.*)$")] = Field(
        description="Postleitzahl, fünfstellig.")
    ort: Text = Field(description="Ort.")
    email: Email | Annotated[str, Field(pattern=r"^\[Platzhalter")] = Field(description="Funktionale E-Mail-Adresse.")
    telefon: Text | None = Field(None, description="Telefonnummer der Geschäftsstelle (keine private Nummer).")
    vertreten_durch: Text = Field(description="Vertretungsberechtigt (Funktion, z. B. „die Geschäftsführung“).")
    registereintrag: Text | None = Field(None, description="Registereintrag, z. B. „Amtsgericht …, HRB …“.")
    umsatzsteuer_id: Text | None = Field(None, description="Umsatzsteuer-Identifikationsnummer, falls vorhanden.")
    inhaltlich_verantwortlich: Text = Field(description="Inhaltlich verantwortlich (Funktion oder Organisation).")


def _distinct_terms(groups: list[list[str]]) -> list[list[str]]:
    seen: dict[str, int] = {}
    for number, group in enumerate(groups, 1):
        for term in group:
            key = " ".join(term.casefold().split())
            if key in seen:
                where = "in derselben Gruppe" if seen[key] == number else f"schon in Gruppe {seen[key]}"
                raise ValueError(f"'{term}' steht {where}; jeder Begriff darf nur einmal vorkommen")
            seen[key] = number
    return groups


class Synonyme(_Strict):
    """Gleichbedeutende Suchbegriffe (data/synonyme.yml): Wer einen Begriff einer Gruppe sucht, findet
    auch die Seiten, die einen anderen Begriff derselben Gruppe verwenden."""

    gruppen: Annotated[
        list[Annotated[list[Annotated[Text, Field(max_length=60)]], Field(min_length=2)]],
        AfterValidator(_distinct_terms),
    ] = Field(description="Gruppen gleichbedeutender Begriffe, je Gruppe mindestens zwei, "
                          "z. B. [KI, künstliche Intelligenz].")


class Einstellungen(_Strict):
    """Einstellungen des Portals (data/site.yml)."""

    betreiber: Betreiber = Field(description="Angaben zum Betreiber.")
    repository: GithubRepository = Field(
        description="Adresse des GitHub-Repositorys (für die Links „Eintrag bearbeiten“), genau in der Form "
        "https://github.com/organisation/repository."
    )
    branch: Zweig = Field("main", description="Zweig, auf den sich die Bearbeiten-Links beziehen, z. B. main.")
    barrierefreiheit_stand: Datum = Field(description="Datum der letzten Prüfung der Barrierefreiheit (JJJJ-MM-TT).")
    datenschutz_stand: Datum = Field(description="Datum der Datenschutzerklärung (JJJJ-MM-TT).")
    site_url: SiteUrl | None = Field(
        None,
        description="Öffentliche Adresse des Portals mit / am Ende, z. B. https://beispiel.github.io/portal/; "
        "für Sitemap, kanonische Links, Kalender und Feeds. Die Umgebungsvariable PORTAL_SITE_URL hat Vorrang.",
    )
    lizenz: Lizenz | None = Field(None, description="Lizenz der Daten (für die Seite „Daten“ und die Downloads).")

    def edit_url(self, repo_path: str) -> str:
        """The GitHub web-editor address of a file in the repository, every part URL-quoted.

        ``repository`` and ``branch`` are validated to plain forms already; quoting is the second
        layer, so that no character of a path or setting can end the ``href`` it is printed into.
        """
        return f"{self.repository}/edit/{quote(self.branch, safe='/')}/{quote(repo_path, safe='/')}"

    def placeholders(self) -> list[str]:
        """Dotted field names whose value is still a placeholder."""
        found = []
        for section, values in self.model_dump().items():
            items = values.items() if isinstance(values, dict) else [("", values)]
            for key, value in items:
                if isinstance(value, str) and value.startswith(PLACEHOLDER_MARK):
                    found.append(f"{section}.{key}" if key else section)
        return found
