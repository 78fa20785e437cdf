"""The field reference for editors, derived from the model's JSON Schema so it cannot drift.

Called by :mod:`portal.pages` for the page "Feldreferenz" (``mitmachen/felder/``), which
CONTRIBUTING.md links to.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pydantic import BaseModel

from portal.load.schema import TRAILING_FIELDS, model_schema
from portal.model.kinds import KINDS, KindRegistry
from portal.model.settings import Einstellungen, Synonyme

_FORMATS = {
    "date": "Datum (JJJJ-MM-TT)",
    "markdown": "Markdown-Text",
}
_PATTERNS = {
    r"^[a-z0-9-]+$": "Id (Dateiname eines anderen Eintrags)",
    r"^https://": "Adresse (https://…)",
    r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$": "Datumsangabe (JJJJ, JJJJ-MM oder JJJJ-MM-TT)",
    r"^([01][0-9]|2[0-3]):[0-5][0-9]$": "Uhrzeit (\"HH:MM\")",
}
_TYPES = {"string": "Text", "integer": "ganze Zahl", "boolean": "true oder false"}


@dataclass
class FieldDoc:
    name: str
    kind: str
    required: bool
    description: str


@dataclass
class ObjectDoc:
    """One record kind or one nested object with its fields."""

    name: str
    title: str
    description: str
    folder: str = ""
    fields: list[FieldDoc] = field(default_factory=list)


def field_reference(kinds: KindRegistry = KINDS) -> list[ObjectDoc]:
    """Every record kind, the settings and every nested object, each with its fields."""
    documents: list[ObjectDoc] = []
    nested: dict[str, ObjectDoc] = {}
    models: list[tuple[str, str, str, type[BaseModel]]] = [
        (kind.name, kind.label, f"data/{kind.folder}/<id>.yml", kind.model) for kind in kinds
    ]
    models.append(("site", "Einstellungen", "data/site.yml", Einstellungen))
    models.append(("synonyme", "Synonyme für die Suche", "data/synonyme.yml", Synonyme))
    for name, label, folder, model in models:
        schema = model_schema(model)
        definitions = schema.get("$defs", {})
        documents.append(_object(name, label, schema, folder))
        for def_name, definition in definitions.items():
            if def_name not in nested:
                nested[def_name] = _object(def_name, def_name, definition)
    return documents + [nested[key] for key in sorted(nested)]


def _object(name: str, title: str, schema: dict, folder: str = "") -> ObjectDoc:
    required = set(schema.get("required", []))
    properties = list(schema.get("properties", {}).items())
    properties = [p for p in properties if p[0] not in TRAILING_FIELDS] + [
        p for p in properties if p[0] in TRAILING_FIELDS
    ]
    doc = ObjectDoc(name, title, schema.get("description", ""), folder)
    for key, prop in properties:
        doc.fields.append(FieldDoc(key, _kind(prop), key in required, prop.get("description", "")))
    return doc


def _kind(prop: dict) -> str:
    options = [p for p in prop.get("anyOf", [prop]) if p.get("type") != "null"]
    labels = [_single(p) for p in options]
    return " oder ".join(dict.fromkeys(labels))


def _single(prop: dict) -> str:
    if "$ref" in prop:
        return f"Unterfelder: {prop['$ref'].rsplit('/', 1)[-1]}"
    if prop.get("type") == "array":
        return f"Liste: {_single(prop.get('items', {}))}"
    if "enum" in prop:
        return "eines von: " + ", ".join(str(v) for v in prop["enum"])
    if "const" in prop:
        return str(prop["const"])
    if prop.get("format") in _FORMATS:
        return _FORMATS[prop["format"]]
    if prop.get("pattern") in _PATTERNS:
        return _PATTERNS[prop["pattern"]]
    return _TYPES.get(prop.get("type", ""), "Wert")
