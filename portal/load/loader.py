"""Read and validate the whole ``data/`` folder into a :class:`~portal.model.catalogue.Catalogue`.

The only place that reads editor YAML (through :mod:`portal.load.yamlreader`). Called by the CLI
(``check``, ``diff``), the MkDocs glue and the tests. Every problem of every file is collected in
one pass and raised once as :class:`~portal.common.errors.DataErrors`, each located by file, line, column
and field. Each file is read and checked on its own (references against the list of file names),
so that ``check`` can spread big data sets over every core (:mod:`portal.common.fanout`).
"""

from __future__ import annotations

import difflib
import gc
import hashlib
import os
import re
import sys
import typing
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

from pydantic import BaseModel, ValidationError

from portal.model.catalogue import Catalogue
from portal.common.errors import DataError, DataErrors, field_name, os_reason
from portal.common.fanout import ordered_map
from portal.model.records import (
    PLACEHOLDER_MARK,
    PLACEHOLDER_URL,
    RECORD_TYPES,
    TOO_LARGE,
    Angebot,
    Eintrag,
    Einstellungen,
    Foerderprogramm,
    Initiative,
    Synonyme,
    Veranstaltung,
    personal_mailbox,
)
from portal.model.references import references
from portal.load.yamlreader import YamlDocument, YamlProblem, read_yaml

SETTINGS_FILE = "site.yml"
SYNONYMS_FILE = "synonyme.yml"
SINGLE_FILES: dict[str, type[BaseModel]] = {SETTINGS_FILE: Einstellungen, SYNONYMS_FILE: Synonyme}
"""Files of one object each directly in the data folder (the synonyms are optional)."""
SCHEMA_DIR = "schemas"
ID_PATTERN = re.compile(r"[a-z0-9-]+")
"""A record id, matched whole (``fullmatch``: ``$`` would accept a trailing newline)."""
ALLOWED_EXTRA = {"README.md"}
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
KINDS_BY_FOLDER = {t.FOLDER: t for t in RECORD_TYPES}
KINDS_BY_NAME = {t.KIND: t for t in RECORD_TYPES}


def schema_comment(record_type: type[Eintrag] | None, single_file: str = SETTINGS_FILE) -> str:
    """The first line every data file carries, so editors' YAML extensions can autocomplete."""
    name = record_type.KIND if record_type else single_file.removesuffix(".yml")
    prefix = "../../" if record_type else "../"
    return f"# yaml-language-server: $schema={prefix}{SCHEMA_DIR}/{name}.schema.json"


def display_path(path: Path) -> str:
    """The path as an editor sees it: relative to the working directory when inside it."""
    absolute = os.path.abspath(path)
    cwd = os.getcwd()
    if absolute.startswith(cwd + os.sep):
        return Path(absolute[len(cwd) + 1:]).as_posix()
    return Path(path).as_posix()


def load_catalogue(data_dir: Path, *, repo_root: Path | None = None, cache: FileCache | None = None) -> Catalogue:
    """Load and validate every file under ``data_dir``; raise :class:`DataErrors` listing all problems.

    ``repo_root`` makes each record's ``source`` (used for edit links) relative to the repository;
    by default it is the parent of ``data_dir``. ``cache`` keeps what was read for the next load of
    the same folder (see :class:`FileCache`).
    """
    records, singles = _load(Path(data_dir), repo_root, keep_records=True, cache=cache)
    synonyms = singles.get(SYNONYMS_FILE)
    return Catalogue(records={kind: dict(sorted(recs.items())) for kind, recs in records.items()},  # type: ignore[misc]
                     settings=singles[SETTINGS_FILE],  # type: ignore[arg-type]
                     synonyms=tuple(tuple(group) for group in synonyms.gruppen) if synonyms else ())


def check_catalogue(data_dir: Path) -> dict[str, int]:
    """Validate ``data_dir`` like :func:`load_catalogue`, with the same errors; count each kind's records.

    Faster for ``check`` on big data sets: the files are read on every core, and the records need
    not travel back from the worker processes.
    """
    records, _ = _load(Path(data_dir), None, keep_records=False)
    return {kind: len(recs) for kind, recs in records.items()}


PARALLEL_MIN_FILES = 1000
"""From this many files on, :func:`check_catalogue` reads them in worker processes."""
MAX_SUGGESTIONS = 5
"""At most this many unknown ids per file get a "Meinten Sie …?" (each compares with every id)."""


def _load(
    data_dir: Path, repo_root: Path | None, *, keep_records: bool, cache: FileCache | None = None
) -> tuple[dict[str, dict[str, Eintrag | None]], dict[str, BaseModel]]:
    """Every record by kind and id (``None`` for each unless ``keep_records``) and the single files
    (:data:`SINGLE_FILES`) by name."""
    if not data_dir.is_dir():
        raise DataErrors([DataError(display_path(data_dir), 1, 1, "(Ordner)", "Datenordner nicht gefunden")])
    root = repo_root or data_dir.resolve().parent
    errors: list[DataError] = []
    files = _data_files(data_dir, root, errors)
    reader = _FileReader({file.record_id: file.record_type.KIND for file in files if file.record_type}, keep_records)
    with _cycle_collector_paused():
        # Kept records stay in this process: sending them back from workers would eat most of the
        # gain, and the MkDocs glue calls this from a process that may have threads (``serve``).
        results = reader.read_all(files, cache) if keep_records else ordered_map(_FileReader.read_all, files,
                                                                          min_items=PARALLEL_MIN_FILES, shared=reader)
    singles: dict[str, BaseModel] = {}
    records: dict[str, dict[str, Eintrag | None]] = {t.KIND: {} for t in RECORD_TYPES}
    broken: set[str] = set()  # files with errors: references to them are not reported again
    reference_errors: list[tuple[str, DataError]] = []
    for file, result in zip(files, results):
        errors.extend(result.errors)
        if file.record_type is None:
            if result.model is not None:
                singles[file.record_id] = result.model
        elif result.valid:
            records[file.record_type.KIND][file.record_id] = result.model  # type: ignore[assignment]
            reference_errors.extend(result.reference_errors)
        else:
            broken.add(file.record_id)
    errors.extend(error for target, error in reference_errors if target not in broken)
    if SETTINGS_FILE not in singles and not any(e.path.endswith(SETTINGS_FILE) for e in errors):
        errors.append(DataError(display_path(data_dir / SETTINGS_FILE), 1, 1, "(Datei)",
                                "Einstellungsdatei fehlt (Betreiberangaben für Impressum und Datenschutz)"))
    if errors:
        raise DataErrors(errors)
    return records, singles


@contextmanager
def _cycle_collector_paused() -> Iterator[None]:
    """Reading makes about a hundred objects per file and keeps many, none of them in reference
    cycles; Python's cycle collector would scan the growing heap again and again (a fifth of the
    time for 10 000 files). Plain reference counting still frees everything that is dropped."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class _DataFile(NamedTuple):
    """One file to read: where it is, how errors name it, how edit links name it, and its kind."""

    path: str
    shown: str
    source: str
    record_type: type[Eintrag] | None  # None: one of the SINGLE_FILES
    record_id: str = ""  # the file name without .yml; for a single file its name


def _data_files(data_dir: Path, root: Path, errors: list[DataError]) -> list[_DataFile]:
    """Every data file with a valid, unique name, in name order.

    Anything else in the folder is an error, so a file in the wrong place is never silently skipped.
    """
    files: list[_DataFile] = []
    seen_ids: dict[str, str] = {}
    shown_prefix = _display_prefix(data_dir)
    for entry in _sorted_entries(data_dir):
        shown = shown_prefix + entry.name
        if entry.is_symlink():
            errors.append(DataError(shown, 1, 1, "(Datei)", "symbolische Links sind im Datenordner nicht erlaubt"))
        elif entry.is_dir() and entry.name in KINDS_BY_FOLDER:
            record_type = KINDS_BY_FOLDER[entry.name]
            folder = data_dir / entry.name
            child_shown_prefix, source_prefix = _display_prefix(folder), _source_prefix(folder, root)
            for child in _sorted_entries(folder):
                child_shown = child_shown_prefix + child.name
                if child.is_symlink():
                    errors.append(DataError(child_shown, 1, 1, "(Datei)",
                                            "symbolische Links sind im Datenordner nicht erlaubt"))
                elif child.is_file() and child.name.endswith(".yml") and child.name != ".yml":
                    file = _DataFile(child.path, child_shown, source_prefix + child.name, record_type, child.name[:-4])
                    if _valid_id(file, seen_ids, errors):
                        files.append(file)
                elif child.name not in ALLOWED_EXTRA:
                    errors.append(DataError(child_shown, 1, 1, "(Datei)",
                                            "unerwartete Datei: Einträge sind YAML-Dateien mit der Endung .yml"))
        elif entry.is_file() and entry.name in SINGLE_FILES:
            files.append(_DataFile(entry.path, shown, "", None, entry.name))
        elif entry.name not in ALLOWED_EXTRA:
            folders = ", ".join(sorted(KINDS_BY_FOLDER))
            errors.append(DataError(shown, 1, 1, "(Datei)",
                                    f"unerwarteter Eintrag im Datenordner; erlaubt sind die Ordner {folders} "
                                    f"und die Dateien {' und '.join(SINGLE_FILES)}"))
    return files


def _sorted_entries(folder: Path) -> list[os.DirEntry]:
    with os.scandir(folder) as entries:
        return sorted(entries, key=lambda entry: entry.name)


def _display_prefix(folder: Path) -> str:
    """What :func:`display_path` puts before the name of any file in ``folder``."""
    return display_path(folder / "x")[:-1]


def _source_prefix(folder: Path, root: Path) -> str:
    """What a record's ``source`` puts before the name of its file in ``folder``.

    The path relative to ``root`` after resolving symbolic links (the folder and the file are
    no links), or the path as given when the folder is outside ``root``.
    """
    try:
        return (folder.resolve() / "x").relative_to(root.resolve()).as_posix()[:-1]
    except ValueError:
        return (folder / "x").as_posix()[:-1]


def _valid_id(file: _DataFile, seen_ids: dict[str, str], errors: list[DataError]) -> bool:
    """Whether the file name is a valid id not used before (ignoring case); reports it when not."""
    record_id = file.record_id
    if not ID_PATTERN.fullmatch(record_id):
        errors.append(DataError(file.shown, 1, 1, "(Dateiname)", (
            f"Dateiname '{record_id}.yml' ist als Id ungültig; erlaubt sind nur Kleinbuchstaben a–z, "
            "Ziffern und Bindestriche, z. B. 'autos-sw-bw.yml'")))
        return False
    folded = record_id.casefold()
    if folded in seen_ids:
        errors.append(DataError(file.shown, 1, 1, "(Dateiname)",
                                f"Id '{record_id}' ist schon vergeben an {seen_ids[folded]}"))
        return False
    seen_ids[folded] = file.shown
    return True


class _FileResult(NamedTuple):
    model: Eintrag | Einstellungen | None  # None when the file has errors or records are not kept
    valid: bool
    errors: list[DataError]
    reference_errors: list[tuple[str, DataError]]  # (target id, error): void if the target has errors


class _FileReader(NamedTuple):
    """Reads data files; knows the kind of every listed id, so references need no other file."""

    kinds: dict[str, str]
    keep_records: bool

    def read_all(self, files: Sequence[_DataFile], cache: FileCache | None = None) -> list[_FileResult]:
        if cache is None:
            return [self.read(file) for file in files]
        results = [cache.read(self, file) for file in files]
        cache.keep_only(files)
        return results

    def read(self, file: _DataFile, raw: bytes | None = None) -> _FileResult:
        """The validated record (or settings) of one file (its bytes ``raw``, if read) and every error in it."""
        errors: list[DataError] = []
        try:
            if raw is None:
                with open(file.path, "rb") as stream:
                    raw = stream.read()
        except OSError as exc:
            reason = os_reason(OSError(exc.errno, exc.strerror))  # the reason alone: the path comes first
            return _FileResult(None, False, [DataError(file.shown, 1, 1, "(Datei)", f"nicht lesbar: {reason}")], [])
        document = _parse(raw, file, errors)
        if document is None:
            return _FileResult(None, False, errors, [])
        # An unfilled scaffold (python -m portal new) is an error in a record, not only for --release;
        # the settings may keep their placeholders until the release check.
        unfilled = placeholder_paths(document, (PLACEHOLDER_MARK, PLACEHOLDER_URL)) if file.record_type else []
        errors.extend(_field_error(document, file.shown, path, _placeholder_message(value))
                      for path, value in unfilled)
        model_type = file.record_type or SINGLE_FILES[file.record_id]
        try:
            model = model_type.model_validate(document.value)
        except ValidationError as exc:
            filled = [e for e in _schema_errors(exc, document, file.shown, model_type)
                      if not any(e[0][:len(path)] == path for path, _ in unfilled)]
            return _FileResult(None, False, errors + [error for _, error in filled], [])
        if not isinstance(model, Eintrag):
            return _FileResult(model, True, errors, [])
        if unfilled:
            return _FileResult(None, False, errors, [])
        model._id = file.record_id
        model._source = file.source
        errors.extend(_period_errors(model, document, file.shown))
        errors.extend(_contact_errors(model, document, file.shown))
        return _FileResult(model if self.keep_records else None, True, errors,
                           self._reference_errors(model, document, file))

    def _reference_errors(
        self, record: Eintrag, document: YamlDocument, file: _DataFile
    ) -> list[tuple[str, DataError]]:
        """Each reference to an id that is no record of an allowed kind, or to the record itself."""
        errors = []
        listed: dict[tuple, tuple] = {}  # (list field, id) -> path of its first mention
        suggestions_left = MAX_SUGGESTIONS
        for ref in references(record):
            found = self.kinds.get(ref.target)
            if found not in ref.targets:
                wanted = " oder ".join(_KIND_LABELS[t] for t in ref.targets)
                folder = " oder ".join(f"data/{KINDS_BY_NAME[t].FOLDER}/" for t in ref.targets)
                detail = f" (es ist ein Eintrag vom Typ {_KIND_LABELS[found]})" if found else ""
                # Suggestions compare with every id of the kind: a few per file keep a file full of
                # unknown ids from taking long.
                allowed = ([known for known, kind in self.kinds.items() if kind in ref.targets]
                           if suggestions_left else [])
                suggestions_left = max(suggestions_left - 1, 0)
                message = (f"'{ref.target}' ist kein bekannter Eintrag vom Typ {wanted}{detail}; "
                           f"erwartet wird der Dateiname (ohne .yml) eines Eintrags in {folder}"
                           f"{_suggestion(ref.target, allowed, '. ')}")
            elif ref.target == file.record_id:
                message = "ein Eintrag kann nicht auf sich selbst verweisen"
            elif (first := _first_mention(listed, ref)) is not None:
                message = (f"'{ref.target}' steht schon in {field_name(first)} (Zeile {document.position(first)[0]}); "
                           "nennen Sie jeden Eintrag nur einmal")
            else:
                continue
            errors.append((ref.target, _field_error(document, file.shown, ref.path, message)))
        return errors


    def still_resolves(self, result: _FileResult) -> bool:
        """Whether a result read earlier, with other files around, has the same reference errors now:
        it had none, and every id it names is still a record of an allowed kind."""
        if result.reference_errors:
            return False
        return not isinstance(result.model, Eintrag) or all(
            self.kinds.get(ref.target) in ref.targets for ref in references(result.model))


class FileCache:
    """What earlier loads read, by file and content, for a process that loads the same folder again
    (``mkdocs serve`` on every save; kept by :class:`portal.site.session.BuildSession`).

    A file whose bytes are unchanged is neither parsed nor validated again; its result is reused as
    long as its references still resolve (else it is read again, for the positions of the errors).
    The checks across files run on every load. :attr:`versions` names each record's content."""

    def __init__(self) -> None:
        self._entries: dict[_DataFile, tuple[bytes, _FileResult]] = {}
        self.versions: dict[str, bytes] = {}
        """Record id (or single file's name) -> digest of its file's bytes, as last loaded."""

    def read(self, reader: _FileReader, file: _DataFile) -> _FileResult:
        try:
            with open(file.path, "rb") as stream:
                raw = stream.read()
        except OSError:
            self._entries.pop(file, None)
            return reader.read(file)
        digest = hashlib.blake2b(raw, digest_size=16).digest()
        entry = self._entries.get(file)
        if entry is not None and entry[0] == digest and reader.still_resolves(entry[1]):
            result = entry[1]
        else:
            result = reader.read(file, raw)
            self._entries[file] = (digest, result)
        self.versions[file.record_id] = digest
        return result

    def keep_only(self, files: Sequence[_DataFile]) -> None:
        """Forget files that are gone (renamed or deleted), so the cache does not grow."""
        listed = set(files)
        for gone in [file for file in self._entries if file not in listed]:
            del self._entries[gone]
        ids = {file.record_id for file in files}
        for gone_id in [record_id for record_id in self.versions if record_id not in ids]:
            del self.versions[gone_id]


_REPEATABLE_ROLES = {"foerderung", "volumen"}
"""References that may name the same id again: several amounts from one programme."""


def _first_mention(listed: dict[tuple, tuple], ref) -> tuple | None:
    """Where the list that holds ``ref`` names the same id before, or ``None`` (and remembers it).

    A list of references names each id once: 14,000 copies of one topic once made a 1.2 MB page."""
    if ref.role in _REPEATABLE_ROLES:
        return None
    indices = [i for i, part in enumerate(ref.path) if isinstance(part, int)]
    key = (ref.path[:indices[-1]] if indices else ref.path, ref.target)
    first = listed.get(key)
    if first is None:
        listed[key] = ref.path
    return first


def _parse(raw: bytes, file: _DataFile, errors: list[DataError]) -> YamlDocument | None:
    try:
        document = read_yaml(raw, file.shown)
    except YamlProblem as problem:
        errors.append(problem.error)
        return None
    first_line = _LINE_BREAK.split(document.text, maxsplit=1)[0]  # CR alone ends a line too (old Mac files)
    expected = schema_comment(file.record_type, file.record_id)
    if first_line.startswith("# yaml-language-server:") and first_line != expected:
        errors.append(DataError(file.shown, 1, 1, "(Schema-Zeile)", f"erste Zeile muss lauten: {expected}"))
    elif not first_line.startswith("# yaml-language-server:"):
        errors.append(DataError(file.shown, 1, 1, "(Schema-Zeile)",
                                f"erste Zeile fehlt (für die Autovervollständigung): {expected}"))
    if not isinstance(document.value, dict):
        kind = "leer" if document.value is None else "keine Sammlung von Feldern (name: Wert)"
        errors.append(DataError(file.shown, 1, 1, "(Datei)", f"Datei ist {kind}"))
        return None
    return document


# --- schema errors ---------------------------------------------------------------------------


def _schema_errors(
    exc: ValidationError, document: YamlDocument, shown: str, model: type[BaseModel]
) -> list[tuple[tuple, DataError]]:
    """Each schema error with the path of the field it is about."""
    errors = []
    for item in exc.errors(include_url=False):
        loc = tuple(part for part in item["loc"] if not (isinstance(part, str) and "[" in part))
        errors.append((loc, _field_error(document, shown, loc, _message(item, model, loc))))
    return errors


def _message(item: dict, model: type[BaseModel], loc: tuple) -> str:
    kind = item["type"]
    ctx = item.get("ctx") or {}
    value = item.get("input")
    if kind == "missing":
        return "Pflichtfeld fehlt"
    if kind == "extra_forbidden":
        hint = _suggestion(str(loc[-1]), _field_names(model, loc[:-1]), "; ") if loc else ""
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
        return f"'{value}' hat nicht die erwartete Form ({_PATTERN_HINTS.get(ctx.get('pattern', ''), ctx.get('pattern'))})"
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
        current = _model_in(fields[part].annotation)
    return list(current.model_fields) if isinstance(current, type) and issubclass(current, BaseModel) else []


def _model_in(annotation: object) -> object:
    """The pydantic model inside an annotation such as ``list[Quelle] | None``, if there is one."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def _suggestion(wrong: str, candidates: list[str], separator: str) -> str:
    """``"; Meinten Sie 'website'?"`` for a near miss, else an empty string."""
    close = difflib.get_close_matches(wrong, candidates, n=1, cutoff=0.75)
    return f"{separator}Meinten Sie '{close[0]}'?" if close else ""


# --- placeholders ----------------------------------------------------------------------------


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


def _placeholder_message(value: str) -> str:
    start = value.find(PLACEHOLDER_MARK)
    if start < 0:
        return f"enthält noch die Platzhalter-Adresse {PLACEHOLDER_URL}; ersetzen Sie sie durch die richtige Adresse"
    end = value.find("]", start)
    mark = value[start:end + 1 if 0 <= end < start + 80 else start + 80]
    return f"enthält noch den Platzhalter „{mark}“; ersetzen Sie ihn durch die richtige Angabe"


# --- cross-checks ----------------------------------------------------------------------------

_KIND_LABELS = {t.KIND: t.LABEL for t in RECORD_TYPES}


def _period_errors(record: Eintrag, document: YamlDocument, shown: str) -> list[DataError]:
    """Every period of the record that ends before it begins."""
    errors = []
    for path, start, end, end_field in _periods(record):
        if start and end and _pad(end, "99") < _pad(start, "00"):
            errors.append(_field_error(document, shown, (*path, end_field), f"Ende {end} liegt vor dem Beginn {start}"))
    if isinstance(record, Veranstaltung) and record.ende and record.ende < record.beginn:
        message = f"Ende {record.ende} liegt vor dem Beginn {record.beginn}"
        errors.append(_field_error(document, shown, ("ende",), message))
    return errors


def _field_error(document: YamlDocument, shown: str, path: tuple, message: str) -> DataError:
    line, col = document.position(path)
    return DataError(shown, line, col, field_name(path), message)


def _contact_errors(record: Eintrag, document: YamlDocument, shown: str) -> list[DataError]:
    """A contact address that looks like a person's (vorname.nachname@) and is not marked functional."""
    contact = getattr(record, "kontakt", None)
    if not contact or not contact.email or contact.email_funktional or not personal_mailbox(contact.email):
        return []
    message = (f"'{contact.email}' sieht nach der Adresse einer Person aus; geben Sie ein Funktionspostfach "
               "(z. B. info@…) an oder, wenn es eines ist, setzen Sie email_funktional: true")
    return [_field_error(document, shown, ("kontakt", "email"), message)]


def _periods(record: Eintrag):
    """Every (path, start, end, name of the end field) with partial dates, for the order check."""
    if isinstance(record, Angebot) and record.zeitraum:
        yield ("zeitraum",), record.zeitraum.beginn, record.zeitraum.ende, "ende"
    if not isinstance(record, (Initiative, Foerderprogramm)):
        return
    if record.laufzeit:
        yield ("laufzeit",), record.laufzeit.beginn, record.laufzeit.ende, "ende"
    name, amounts = ("foerderung", record.foerderung) if isinstance(record, Initiative) else ("volumen", record.volumen)
    for index, amount in enumerate(amounts):
        if amount.zeitraum:
            yield (name, index, "zeitraum"), amount.zeitraum.beginn, amount.zeitraum.ende, "ende"
    for index, partner in enumerate(record.partner if isinstance(record, Initiative) else ()):
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
