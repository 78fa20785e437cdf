"""Read and validate the whole ``data/`` folder into a :class:`~portal.catalogue.Catalogue`.

The only place that reads editor YAML (through :mod:`portal.yamlreader`). Called by the CLI
(``check``, ``diff``), the MkDocs glue and the tests. Every problem of every file is collected in
one pass and raised once as :class:`~portal.errors.DataErrors`, each located by file, line, column
and field.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

from pydantic import ValidationError

from portal.catalogue import Catalogue
from portal.errors import DataError, DataErrors
from portal.model import RECORD_TYPES, Eintrag, Einstellungen, Veranstaltung, Zeitraum
from portal.references import references
from portal.yamlreader import YamlDocument, YamlProblem, read_yaml

SETTINGS_FILE = "site.yml"
SCHEMA_DIR = "schemas"
ID_PATTERN = re.compile(r"^[a-z0-9-]+$")
ALLOWED_EXTRA = {"README.md"}
KINDS_BY_FOLDER = {t.FOLDER: t for t in RECORD_TYPES}
KINDS_BY_NAME = {t.KIND: t for t in RECORD_TYPES}


def schema_comment(record_type: type[Eintrag] | None) -> str:
    """The first line every data file carries, so editors' YAML extensions can autocomplete."""
    name = record_type.KIND if record_type else "site"
    prefix = "../../" if record_type else "../"
    return f"# yaml-language-server: $schema={prefix}{SCHEMA_DIR}/{name}.schema.json"


def display_path(path: Path) -> str:
    """The path as an editor sees it: relative to the working directory when inside it."""
    absolute = os.path.abspath(path)
    cwd = os.getcwd()
    if absolute.startswith(cwd + os.sep):
        return Path(absolute[len(cwd) + 1:]).as_posix()
    return Path(path).as_posix()


def load_catalogue(data_dir: Path, *, repo_root: Path | None = None) -> Catalogue:
    """Load and validate every file under ``data_dir``; raise :class:`DataErrors` listing all problems.

    ``repo_root`` makes each record's ``source`` (used for edit links) relative to the repository;
    by default it is the parent of ``data_dir``.
    """
    data_dir = Path(data_dir)
    root = repo_root or data_dir.resolve().parent
    errors: list[DataError] = []
    records: dict[str, dict[str, Eintrag]] = {t.KIND: {} for t in RECORD_TYPES}
    documents: dict[str, tuple[YamlDocument, str]] = {}
    seen_ids: dict[str, str] = {}
    broken: set[str] = set()  # files with errors: references to them are not reported again
    settings: Einstellungen | None = None

    if not data_dir.is_dir():
        raise DataErrors([DataError(display_path(data_dir), 1, 1, "(Ordner)", "Datenordner nicht gefunden")])

    for path, record_type in _data_files(data_dir, errors):
        shown = display_path(path)
        if record_type is None:
            settings = _load_settings(path, shown, errors)
            continue
        record_id = path.stem
        if not ID_PATTERN.match(record_id):
            errors.append(DataError(shown, 1, 1, "(Dateiname)", (
                f"Dateiname '{path.name}' ist als Id ungültig; erlaubt sind nur Kleinbuchstaben a–z, "
                "Ziffern und Bindestriche, z. B. 'autos-sw-bw.yml'")))
            continue
        folded = record_id.casefold()
        if folded in seen_ids:
            errors.append(DataError(shown, 1, 1, "(Dateiname)",
                                    f"Id '{record_id}' ist schon vergeben an {seen_ids[folded]}"))
            continue
        seen_ids[folded] = shown
        broken.add(record_id)
        parsed = _parse(path, shown, record_type, errors)
        if parsed is None:
            continue
        document, raw_text = parsed
        try:
            record = record_type.model_validate(document.value)
        except ValidationError as exc:
            errors.extend(_schema_errors(exc, document, shown))
            continue
        record._id = record_id
        record._source = _relative(path, root)
        records[record_type.KIND][record_id] = record
        documents[record_id] = (document, shown)
        broken.discard(record_id)

    errors.extend(_cross_check(records, documents, broken))
    if settings is None and not any(e.path.endswith(SETTINGS_FILE) for e in errors):
        errors.append(DataError(display_path(data_dir / SETTINGS_FILE), 1, 1, "(Datei)",
                                "Einstellungsdatei fehlt (Betreiberangaben für Impressum und Datenschutz)"))
    if errors:
        raise DataErrors(errors)
    assert settings is not None
    return Catalogue(records={kind: dict(sorted(recs.items())) for kind, recs in records.items()}, settings=settings)


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _data_files(data_dir: Path, errors: list[DataError]):
    """Yield ``(path, record type)`` for every data file (``None`` for the settings), sorted.

    Anything else in the folder is an error, so a file in the wrong place is never silently skipped.
    """
    for entry in sorted(data_dir.iterdir()):
        shown = display_path(entry)
        if entry.is_symlink():
            errors.append(DataError(shown, 1, 1, "(Datei)", "symbolische Links sind im Datenordner nicht erlaubt"))
        elif entry.is_dir() and entry.name in KINDS_BY_FOLDER:
            for child in sorted(entry.iterdir()):
                child_shown = display_path(child)
                if child.is_symlink():
                    errors.append(DataError(child_shown, 1, 1, "(Datei)",
                                            "symbolische Links sind im Datenordner nicht erlaubt"))
                elif child.is_file() and child.suffix == ".yml":
                    yield child, KINDS_BY_FOLDER[entry.name]
                elif child.name not in ALLOWED_EXTRA:
                    errors.append(DataError(child_shown, 1, 1, "(Datei)",
                                            "unerwartete Datei: Einträge sind YAML-Dateien mit der Endung .yml"))
        elif entry.is_file() and entry.name == SETTINGS_FILE:
            yield entry, None
        elif entry.name not in ALLOWED_EXTRA:
            folders = ", ".join(sorted(KINDS_BY_FOLDER))
            errors.append(DataError(shown, 1, 1, "(Datei)",
                                    f"unerwarteter Eintrag im Datenordner; erlaubt sind die Ordner {folders} "
                                    f"und {SETTINGS_FILE}"))


def _parse(path: Path, shown: str, record_type, errors: list[DataError]):
    raw = path.read_bytes()
    try:
        document = read_yaml(raw, shown)
    except YamlProblem as problem:
        errors.append(problem.error)
        return None
    text = raw.decode("utf-8")
    first_line = text.lstrip("\ufeff").split("\n", 1)[0].rstrip("\r")
    expected = schema_comment(record_type)
    if first_line.startswith("# yaml-language-server:") and first_line != expected:
        errors.append(DataError(shown, 1, 1, "(Schema-Zeile)", f"erste Zeile muss lauten: {expected}"))
    elif not first_line.startswith("# yaml-language-server:"):
        errors.append(DataError(shown, 1, 1, "(Schema-Zeile)",
                                f"erste Zeile fehlt (für die Autovervollständigung): {expected}"))
    if not isinstance(document.value, dict):
        kind = "leer" if document.value is None else "keine Sammlung von Feldern (name: Wert)"
        errors.append(DataError(shown, 1, 1, "(Datei)", f"Datei ist {kind}"))
        return None
    return document, text


def _load_settings(path: Path, shown: str, errors: list[DataError]) -> Einstellungen | None:
    parsed = _parse(path, shown, None, errors)
    if parsed is None:
        return None
    document = parsed[0]
    try:
        return Einstellungen.model_validate(document.value)
    except ValidationError as exc:
        errors.extend(_schema_errors(exc, document, shown))
        return None


# --- schema errors ---------------------------------------------------------------------------


def field_name(loc: tuple) -> str:
    """``('partner', 0, 'organisation')`` -> ``partner[1].organisation`` (entries counted from 1)."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part + 1}]"
        else:
            text += f".{part}" if text else str(part)
    return text or "(Datei)"


def _schema_errors(exc: ValidationError, document: YamlDocument, shown: str) -> list[DataError]:
    errors = []
    for item in exc.errors(include_url=False):
        loc = tuple(part for part in item["loc"] if not (isinstance(part, str) and "[" in part))
        line, col = document.position(loc)
        errors.append(DataError(shown, line, col, field_name(loc), _message(item)))
    return errors


def _message(item: dict) -> str:
    kind = item["type"]
    ctx = item.get("ctx") or {}
    value = item.get("input")
    if kind == "missing":
        return "Pflichtfeld fehlt"
    if kind == "extra_forbidden":
        return "unbekanntes Feld (Tippfehler?); bitte in der Feldreferenz nachsehen, welche Felder es gibt"
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
        return f"'{value}' hat nicht die erwartete Form ({_PATTERN_HINTS.get(ctx.get('pattern', ''), ctx.get('pattern'))})"
    if kind == "too_short":
        return f"mindestens {ctx.get('min_length', 1)} Eintrag/Einträge erforderlich"
    if kind == "union_tag_invalid" or kind.startswith("union"):
        return "Wert passt zu keiner erlaubten Form"
    return item["msg"]


_PATTERN_HINTS = {
    r"^[a-z0-9-]+$": "eine Id aus Kleinbuchstaben, Ziffern und Bindestrichen, z. B. ihk-erfurt",
    r"^([01]\d|2[0-3]):[0-5]\d$": "Uhrzeit HH:MM in Anführungszeichen, z. B. \"09:30\"",
    r"^https://": "Adresse, die mit https:// beginnt",
    r"^\d{4}(-\d{2}(-\d{2})?)?$": "JJJJ, JJJJ-MM oder JJJJ-MM-TT",
    r"^(\d{5}|\[Platzhalter.*)$": "fünfstellige Postleitzahl, z. B. \"01067\"",
}


# --- cross-checks ----------------------------------------------------------------------------

_KIND_LABELS = {t.KIND: t.LABEL for t in RECORD_TYPES}


def _cross_check(
    records: dict[str, dict[str, Eintrag]], documents: dict[str, tuple[YamlDocument, str]], broken: set[str]
) -> list[DataError]:
    errors: list[DataError] = []
    kind_of = {rid: kind for kind, recs in records.items() for rid in recs}
    for kind, recs in records.items():
        for record_id, record in recs.items():
            document, shown = documents[record_id]

            def error(path: tuple, message: str) -> None:
                line, col = document.position(path)
                errors.append(DataError(shown, line, col, field_name(path), message))

            for ref in references(record):
                found = kind_of.get(ref.target)
                if found is None and ref.target in broken:
                    continue  # that file's own errors are reported; don't repeat them here
                if found not in ref.targets:
                    wanted = " oder ".join(_KIND_LABELS[t] for t in ref.targets)
                    folder = " oder ".join(f"data/{KINDS_BY_NAME[t].FOLDER}/" for t in ref.targets)
                    detail = f" (es ist ein Eintrag vom Typ {_KIND_LABELS[found]})" if found else ""
                    error(ref.path, f"'{ref.target}' ist kein bekannter Eintrag vom Typ {wanted}{detail}; "
                                    f"erwartet wird der Dateiname (ohne .yml) eines Eintrags in {folder}")
                elif ref.target == record_id:
                    error(ref.path, "ein Eintrag kann nicht auf sich selbst verweisen")
            for path, start, end, end_field in _periods(record):
                if start and end and _pad(end, "99") < _pad(start, "00"):
                    error((*path, end_field), f"Ende {end} liegt vor dem Beginn {start}")
            if isinstance(record, Veranstaltung) and record.ende and record.ende < record.beginn:
                error(("ende",), f"Ende {record.ende} liegt vor dem Beginn {record.beginn}")
    return errors


def _periods(record: Eintrag):
    """Every (path, start, end, name of the end field) with partial dates, for the order check."""
    span = getattr(record, "laufzeit", None)
    if isinstance(span, Zeitraum):
        yield ("laufzeit",), span.beginn, span.ende, "ende"
    for name in ("foerderung", "volumen"):
        for index, amount in enumerate(getattr(record, name, None) or []):
            if amount.zeitraum:
                yield (name, index, "zeitraum"), amount.zeitraum.beginn, amount.zeitraum.ende, "ende"
    for index, partner in enumerate(getattr(record, "partner", None) or []):
        yield ("partner", index), partner.seit, partner.bis, "bis"


def _pad(partial: str, filler: str) -> str:
    """Make partial dates comparable: an end '2025' means its last day, a start '2025' its first."""
    return partial + f"-{filler}" * (2 - partial.count("-"))


def record_type_for(name: str):
    """The record class for a kind name (``netzwerk``) or folder name (``netzwerke``)."""
    return KINDS_BY_NAME.get(name) or KINDS_BY_FOLDER.get(name)


def load_or_explain(data_dir: Path, purpose: str) -> Catalogue | None:
    """For commands that need valid data: the catalogue, or ``None`` after printing every error."""
    try:
        return load_catalogue(data_dir)
    except DataErrors as exc:
        for error in exc.errors:
            print(error, file=sys.stderr)
        print(f"{exc.summary()}: {purpose} braucht gültige Daten.", file=sys.stderr)
        return None
