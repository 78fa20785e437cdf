"""Open data: the whole catalogue as one JSON file, one CSV file per record kind, and the JSON
Schemas that describe both.

Called by :mod:`portal.exports.bundle`; the page "Daten" (template ``daten.md.j2``) explains the
files. Every record kind of the model is exported the same way, so a new kind appears without a
change here.

- JSON (UTF-8): ``schema_version``, the build date, the licence, and per kind (keyed by its folder
  name) a list of ``{"id", "seite", "daten"}``, where ``daten`` is the record as an editor writes it
  and validates against the kind's published schema.
- CSV for German Excel: UTF-8 with byte order mark, ``;`` between cells, CRLF line ends. One column
  per field (a place or period: one column per part, e.g. ``ort.stadt``); lists of plain values
  joined with `` | ``, lists of objects (sources, amounts, workshops) as JSON text. A cell that
  begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
  (also their full-width forms) gets a leading apostrophe, so a spreadsheet shows it as text and
  never evaluates it as a formula.
"""

from __future__ import annotations

import csv
import io
import json
import types
import typing
from datetime import date
from typing import Any

from pydantic import BaseModel

from portal.exports.addresses import CATALOGUE_SCHEMA, SiteAddress, schema_path
from portal.load.schema import json_schemas, ordered_fields
from portal.model.catalogue import Catalogue
from portal.model.entry import Eintrag
from portal.model.kinds import KINDS, Kind, KindRegistry

SCHEMA_VERSION = "1.0"
"""Version of the catalogue file's layout; raise it when the layout (not the data) changes."""
LIST_SEPARATOR = " | "
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def record_data(record: Eintrag) -> dict[str, Any]:
    """The record's fields as JSON values, as an editor writes them (unset fields left out)."""
    return record.model_dump(mode="json", exclude_none=True)


def catalogue_json(catalogue: Catalogue, today: date, address: SiteAddress) -> str:
    """The whole catalogue as one JSON document (see the module docstring)."""
    settings = catalogue.settings
    document: dict[str, Any] = {
        "$schema": address.absolute(CATALOGUE_SCHEMA) or "schemas/katalog.schema.json",
        "schema_version": SCHEMA_VERSION,
        "erstellt": today.isoformat(),
        "quelle": address.absolute("") or "Transformationsportal Automobil",
        "lizenz": settings.lizenz.model_dump(mode="json") if settings.lizenz else None,
    }
    for kind in catalogue.kinds:
        records = sorted(catalogue.records.get(kind.name, {}).values(), key=lambda r: r.id)
        document[kind.folder] = [
            {"id": r.id, "seite": address.absolute(r.url) or r.url, "daten": record_data(r)} for r in records
        ]
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def catalogue_schema(address: SiteAddress, kinds: KindRegistry = KINDS) -> str:
    """JSON Schema of :func:`catalogue_json`; each record's ``daten`` refers to its kind's schema."""
    def array(kind: Kind) -> dict[str, Any]:
        return {
            "type": "array",
            "description": f"Alle Einträge der Art „{kind.label}“, nach Id geordnet.",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["id", "seite", "daten"],
                "properties": {
                    "id": {"type": "string", "pattern": "^[a-z0-9-]+$", "description": "Id (Dateiname ohne .yml)."},
                    "seite": {"type": "string", "description": "Adresse der Seite im Portal."},
                    "daten": {"$ref": kind.schema_file},
                },
            },
        }

    schema: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Katalog des Transformationsportals Automobil",
        "type": "object",
        "additionalProperties": False,
        "required": ["schema_version", "erstellt", "quelle", "lizenz", *(kind.folder for kind in kinds)],
        "properties": {
            "$schema": {"type": "string"},
            "schema_version": {"const": SCHEMA_VERSION},
            "erstellt": {"type": "string", "format": "date", "description": "Tag, an dem die Datei erzeugt wurde."},
            "quelle": {"type": "string", "description": "Adresse des Portals."},
            "lizenz": {"anyOf": [{"$ref": "site.schema.json#/$defs/Lizenz"}, {"type": "null"}],
                       "description": "Lizenz der Daten (null, solange keine festgelegt ist)."},
            **{kind.folder: array(kind) for kind in kinds},
        },
    }
    identifier = address.absolute(CATALOGUE_SCHEMA)
    if identifier:
        schema = {"$id": identifier, **schema}
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def schema_files(address: SiteAddress, kinds: KindRegistry = KINDS) -> dict[str, str]:
    """Site path -> text of every published JSON Schema: each record kind, the settings (for the
    licence) and the catalogue file."""
    files = {schema_path(name.removesuffix(".schema.json")): text for name, text in json_schemas(kinds).items()}
    files[CATALOGUE_SCHEMA] = catalogue_schema(address, kinds)
    return files


def csv_columns(record_type: type[Eintrag]) -> list[str]:
    """``id``, ``seite`` and one column per field; a single nested object (a place, a period)
    gets one column per field of its own, named ``feld.unterfeld``."""
    columns = ["id", "seite"]
    for name, info in ordered_fields(record_type):
        nested = _nested_model(info.annotation)
        columns += [f"{name}.{sub}" for sub in nested.model_fields] if nested else [name]
    return columns


def _nested_model(annotation: Any) -> type[BaseModel] | None:
    """The model class of a field that holds one object (optional or not), else None."""
    candidates = typing.get_args(annotation) if typing.get_origin(annotation) in (typing.Union, types.UnionType) \
        else (annotation,)
    models = [c for c in candidates if isinstance(c, type) and issubclass(c, BaseModel)]
    return models[0] if models else None


def csv_rows(catalogue: Catalogue, kind: Kind, address: SiteAddress) -> list[list[str]]:
    """Header and one row per record (ordered by id), each cell text as it will be written."""
    columns = csv_columns(kind.model)
    rows = [columns]
    for record in sorted(catalogue.records.get(kind.name, {}).values(), key=lambda r: r.id):
        data = record_data(record)
        values = {"id": record.id, "seite": address.absolute(record.url) or record.url}
        for key, value in data.items():
            if isinstance(value, dict):
                values.update({f"{key}.{sub}": item for sub, item in value.items()})
            else:
                values[key] = value
        rows.append([neutralise(_cell(values.get(column))) for column in columns])
    return rows


def csv_file(rows: list[list[str]]) -> bytes:
    """The rows as a CSV file that German Excel opens as it is (BOM, ``;``, CRLF)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def neutralise(cell: str) -> str:
    """``cell`` with a leading apostrophe if a spreadsheet would take it for a formula."""
    return f"'{cell}" if cell.startswith(_FORMULA_START) else cell


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, list) and all(isinstance(item, str | int) for item in value):
        return LIST_SEPARATOR.join(str(item) for item in value)
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)
