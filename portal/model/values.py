"""Value types of the records, German keys as editors write them, and the base of every YAML object.

Used by :mod:`portal.model.parts`, :mod:`portal.model.records` and :mod:`portal.model.settings`
(field types), and by :mod:`portal.load` (messages that name a limit). No MkDocs import here.

Why strings in, types out: :mod:`portal.load.yamlreader` hands over every scalar as a string, and the
annotated types below decide what a value means (a date, a whole number, ``true``/``false``),
each with a German message an editor can act on. Unknown keys are errors, so a typo never drops
text silently.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from portal.common.laender import LAENDER
from portal.model.references import ID_PATTERN
from portal.model.richtext import markdown_problems
from portal.model.urls import url_problem


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
    problems = markdown_problems(value)
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
Id = Annotated[str, Field(pattern=ID_PATTERN)]
"""The id of another record: a field of this type also carries :class:`~portal.model.references.RefersTo`."""
Land = Annotated[str, AfterValidator(_land), Field(json_schema_extra={"enum": list(LAENDER)})]
GithubRepository = Annotated[
    str, AfterValidator(_github_repository), Field(json_schema_extra={"pattern": "^https://github\\.com/[^/]+/[^/]+$"})
]
Zweig = Annotated[str, AfterValidator(_branch), Field(json_schema_extra={"pattern": "^[A-Za-z0-9._/-]+$"})]


class Strict(BaseModel):
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
