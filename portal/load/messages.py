"""The German messages of the loader: schema errors in an editor's words, "Meinten Sie …?"
suggestions, and placeholders left in a file.

Called by :mod:`portal.load.filereader` (every file's errors) and :mod:`portal.cli.release`
(placeholders in the settings).
"""

from __future__ import annotations

import difflib

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from portal.common.errors import DataError, field_name
from portal.load.yamlreader import YamlDocument
from portal.model.references import model_in
from portal.model.settings import PLACEHOLDER_MARK, PLACEHOLDER_URL
from portal.model.values import TOO_LARGE


def field_error(document: YamlDocument, shown: str, path: tuple, message: str) -> DataError:
    line, col = document.position(path)
    return DataError(shown, line, col, field_name(path), message)


def schema_errors(
    exc: ValidationError, document: YamlDocument, shown: str, model: type[BaseModel]
) -> list[tuple[tuple, DataError]]:
    """Each schema error with the path of the field it is about."""
    errors = []
    for item in exc.errors(include_url=False):
        loc = tuple(part for part in item["loc"] if not (isinstance(part, str) and "[" in part))
        errors.append((loc, field_error(document, shown, loc, _message(item, model, loc))))
    return errors


def _message(item: ErrorDetails, model: type[BaseModel], loc: tuple) -> str:
    kind = item["type"]
    ctx = item.get("ctx") or {}
    value = item.get("input")
    if kind == "missing":
        return "Pflichtfeld fehlt"
    if kind == "extra_forbidden":
        hint = suggestion(str(loc[-1]), _field_names(model, loc[:-1]), "; ") if loc else ""
        return "unbekanntes Feld (Tippfehler?)" + (hint or "; die Feldreferenz nennt alle Felder, die es gibt")
    if value is None:
        return "darf nicht leer sein"
    if kind == "value_error":
        return str(ctx.get("error", item["msg"]))
    if kind in ("string_type", "int_type", "bool_type", "date_type"):
        return "erwartet einen einzelnen Wert, keine Liste und keine Unterfelder"
    if kind == "list_type":
        return "erwartet eine Liste (Einträge mit '- ' beginnen)"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return "erwartet Unterfelder (name: Wert), keinen einzelnen Wert"
    if kind == "literal_error":
        return f"'{value}' ist nicht erlaubt; erlaubt sind: {ctx.get('expected', '')}"
    if kind == "string_pattern_mismatch":
        pattern = ctx.get("pattern", "")
        return f"'{value}' hat nicht die erwartete Form ({_PATTERN_HINTS.get(pattern, ctx.get('pattern'))})"
    if kind == "less_than_equal":
        return TOO_LARGE
    if kind == "too_short":
        return f"mindestens {ctx.get('min_length', 1)} Eintrag/Einträge erforderlich"
    if kind == "union_tag_invalid" or kind.startswith("union"):
        return "Wert passt zu keiner erlaubten Form"
    return item["msg"]


_PATTERN_HINTS = {
    r"^[a-z0-9-]+$": "eine Id aus Kleinbuchstaben, Ziffern und Bindestrichen, z. B. ihk-erfurt",
    r"^([01][0-9]|2[0-3]):[0-5][0-9]$": "Uhrzeit HH:MM in Anführungszeichen, z. B. \"09:30\"",
    r"^https://": "Adresse, die mit https:// beginnt",
    r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$": "JJJJ, JJJJ-MM oder JJJJ-MM-TT",
    r"^([0-9]{5}|\[Platzhalter.*)$": "fünfstellige Postleitzahl, z. B. \"01067\"",
}


def _field_names(model: type[BaseModel], loc: tuple) -> list[str]:
    """The field names allowed at ``loc`` inside ``model`` (list positions are skipped)."""
    current: object = model
    for part in loc:
        if isinstance(part, int):
            continue
        fields = current.model_fields if isinstance(current, type) and issubclass(current, BaseModel) else {}
        if part not in fields:
            return []
        current = model_in(fields[part].annotation)
    return list(current.model_fields) if isinstance(current, type) and issubclass(current, BaseModel) else []


def suggestion(wrong: str, candidates: list[str], separator: str) -> str:
    """``"; Meinten Sie 'website'?"`` for a near miss, else an empty string."""
    close = difflib.get_close_matches(wrong, candidates, n=1, cutoff=0.75)
    return f"{separator}Meinten Sie '{close[0]}'?" if close else ""


def placeholder_paths(document: YamlDocument, marks: tuple[str, ...]) -> list[tuple[tuple, str]]:
    """(path, value) of every text value in the file that still holds one of ``marks``."""
    if not any(mark in document.text for mark in marks):  # most files: no need to walk the values
        return []
    found: list[tuple[tuple, str]] = []

    def walk(value: object, path: tuple) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                walk(item, (*path, key))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, (*path, index))
        elif isinstance(value, str) and any(mark in value for mark in marks):
            found.append((path, value))

    walk(document.value, ())
    return found


def placeholder_message(value: str) -> str:
    start = value.find(PLACEHOLDER_MARK)
    if start < 0:
        return f"enthält noch die Platzhalter-Adresse {PLACEHOLDER_URL}; ersetzen Sie sie durch die richtige Adresse"
    end = value.find("]", start)
    mark = value[start:end + 1 if 0 <= end < start + 80 else start + 80]
    return f"enthält noch den Platzhalter „{mark}“; ersetzen Sie ihn durch die richtige Angabe"
