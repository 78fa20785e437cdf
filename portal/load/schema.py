"""Everything derived from the model for editors: JSON Schemas and new-record scaffolds.

Called by ``python -m portal schema`` / ``new`` (:mod:`portal.cli`) and by the tests that fail
when the committed schemas in ``schemas/`` are stale. Nothing here is written by hand, so the
schemas and scaffolds cannot drift from :mod:`portal.model`.
"""

from __future__ import annotations

import json
import typing
from datetime import date
from functools import cache
from pathlib import Path

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from portal.load.filereader import SCHEMA_DIR, schema_comment
from portal.load.loader import SINGLE_FILES
from portal.model.kinds import KINDS, Kind, KindRegistry
from portal.model.settings import PLACEHOLDER_MARK, PLACEHOLDER_URL

PLACEHOLDER = f"{PLACEHOLDER_MARK}: bitte ausfüllen]"
TRAILING_FIELDS = ("hinweise", "quellen", "stand")


def json_schemas(kinds: KindRegistry = KINDS) -> dict[str, str]:
    """File name -> JSON Schema text for every record kind and for the single files (``site.yml``,
    ``synonyme.yml``)."""
    models: list[tuple[str, type[BaseModel]]] = [(kind.schema_file, kind.model) for kind in kinds]
    models += [(name.replace(".yml", ".schema.json"), model) for name, model in SINGLE_FILES.items()]
    result = {}
    for name, model in models:
        schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **model_schema(model)}
        result[name] = json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    return result


@cache
def model_schema(model: type[BaseModel]) -> dict[str, typing.Any]:
    """pydantic's JSON Schema of ``model`` (validation mode); read it, never change it.

    Made once per process: it depends on the class alone, and every build asks for the schemas of
    all kinds (the field reference, the published schemas), under ``mkdocs serve`` on every save,
    where making them took about a tenth of a second of each rebuild of the real data."""
    return model.model_json_schema(mode="validation")


def write_schemas(repo_root: Path) -> list[Path]:
    """Write every schema into ``<repo_root>/schemas``; returns the files written."""
    target = repo_root / SCHEMA_DIR
    target.mkdir(exist_ok=True)
    written = []
    for name, text in json_schemas().items():
        path = target / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def ordered_fields(model: type[BaseModel]) -> list[tuple[str, FieldInfo]]:
    """The model's fields in the order editors see them: content first, sources and date last."""
    fields = list(model.model_fields.items())
    return [f for f in fields if f[0] not in TRAILING_FIELDS] + [f for f in fields if f[0] in TRAILING_FIELDS]


def scaffold(kind: Kind, today: date) -> str:
    """A commented record file: required fields hold placeholders (``check`` rejects the file, naming
    each, until they are replaced), optional fields are commented out. Only ``stand`` is a real value."""
    lines = [
        schema_comment(kind),
        f"# Neuer Eintrag: {kind.label}. Der Dateiname (ohne .yml) ist die Id des Eintrags.",
        "# Pflichtfelder enthalten Platzhalter: Ersetzen Sie jeden, sonst meldet 'python -m portal check'",
        "# das Feld als Fehler. Optionale Felder stehen als Kommentar darunter: Zum Ausfüllen entfernen Sie",
        "# das '# ' am Zeilenanfang. Feldreferenz: docs/mitmachen/felder.md",
        "",
    ]
    for name, info in ordered_fields(kind.model):
        lines.append(f"# {info.description}")
        if info.is_required():
            lines.extend(_required_value(name, info, today))
        else:
            lines.append(f"# {name}:")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _required_value(name: str, info: FieldInfo, today: date) -> list[str]:
    """The lines of a required field. Comments stand on their own line: after a plain value, YAML
    would take them for a comment, and a reader for part of the value."""
    annotation = info.annotation
    if name == "quellen":
        return ["quellen:", f"  - titel: \"{PLACEHOLDER}\"", f"    url: {PLACEHOLDER_URL}"]
    if name == "laender":
        return ["laender:", f"  - \"{PLACEHOLDER_MARK}: Kürzel des Landes, z. B. DE-BW]\""]
    if name == "stand":
        return [f"{name}: {today.isoformat()}"]
    if annotation is date:
        return [f"{name}: \"{PLACEHOLDER_MARK}: Datum JJJJ-MM-TT]\""]
    if typing.get_origin(annotation) is typing.Literal:
        choices = typing.get_args(annotation)
        return [f"# erlaubt: {', '.join(choices)}", f"{name}: \"{PLACEHOLDER_MARK}: eine der erlaubten Angaben]\""]
    if typing.get_origin(annotation) is list and typing.get_origin(typing.get_args(annotation)[0]) is typing.Literal:
        choices = typing.get_args(typing.get_args(annotation)[0])
        return [f"# erlaubt: {', '.join(choices)}", f"{name}:",
                f"  - \"{PLACEHOLDER_MARK}: eine der erlaubten Angaben]\""]
    if name in ("beschreibung", "einfuehrung"):
        return [f"{name}: |", f"  {PLACEHOLDER}"]
    return [f"{name}: \"{PLACEHOLDER}\""]
