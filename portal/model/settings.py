"""The portal's settings (``data/site.yml``) and search synonyms (``data/synonyme.yml``).

Used by :mod:`portal.load` (validation of the two files), the legal pages, edit links and the
release check (:mod:`portal.cli.release`).
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote, urlsplit

from pydantic import AfterValidator, Field

from portal.model.values import Datum, Email, GithubRepository, Strict, Text, Url, Zweig

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


class Lizenz(Strict):
    """Unter welcher Lizenz die Daten des Portals weitergegeben werden (Seite „Daten“, Downloads)."""

    name: Text = Field(description="Name der Lizenz, z. B. „Creative Commons Namensnennung 4.0 International“.")
    kennung: Text = Field(description="Kurzbezeichnung, z. B. „CC BY 4.0“ oder „dl-de/by-2-0“.")
    url: Url = Field(description="Adresse des Lizenztexts (https://…).")


class Betreiber(Strict):
    """Wer das Portal betreibt (für Impressum und Datenschutzerklärung)."""

    name: Text = Field(description="Name der betreibenden Organisation.")
    strasse: Text = Field(description="Straße und Hausnummer.")
    plz: Annotated[str, Field(pattern=r"^([0-9]{5}|\[Platzhalter.*)$")] = Field(
        description="Postleitzahl, fünfstellig."
    )
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


class Synonyme(Strict):
    """Gleichbedeutende Suchbegriffe (data/synonyme.yml): Wer einen Begriff einer Gruppe sucht, findet
    auch die Seiten, die einen anderen Begriff derselben Gruppe verwenden."""

    gruppen: Annotated[
        list[Annotated[list[Annotated[Text, Field(max_length=60)]], Field(min_length=2)]],
        AfterValidator(_distinct_terms),
    ] = Field(description="Gruppen gleichbedeutender Begriffe, je Gruppe mindestens zwei, "
                          "z. B. [KI, künstliche Intelligenz].")


class Einstellungen(Strict):
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
