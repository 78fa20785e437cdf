"""Read and check one data file: YAML, schema line, model, references, periods and contacts.

Called by :mod:`portal.load.loader` for every file, in this process or in worker processes (the
reader and its results pickle). Each file is checked on its own: references are checked against
the list of every file's id and kind, so no other file needs to be read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import cache
from typing import TYPE_CHECKING, NamedTuple

from pydantic import BaseModel, ValidationError

from portal.common.errors import DataError, field_name, os_reason
from portal.load.messages import (
    field_error,
    placeholder_message,
    placeholder_paths,
    schema_errors,
    suggestion,
)
from portal.load.yamlreader import YamlDocument, YamlProblem, read_yaml
from portal.model.entry import Eintrag
from portal.model.kinds import Kind, KindRegistry
from portal.model.parts import period_reversed, personal_mailbox
from portal.model.references import Reference, model_in, references
from portal.model.settings import PLACEHOLDER_MARK, PLACEHOLDER_URL

if TYPE_CHECKING:
    from portal.load.filecache import FileCache

SCHEMA_DIR = "schemas"
MAX_SUGGESTIONS = 5
"""At most this many unknown ids per file get a "Meinten Sie …?" (each compares with every id)."""
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def schema_comment(kind: Kind | None, single_file: str = "site.yml") -> str:
    """The first line every data file carries, so editors' YAML extensions can autocomplete."""
    name = kind.name if kind else single_file.removesuffix(".yml")
    prefix = "../../" if kind else "../"
    return f"# yaml-language-server: $schema={prefix}{SCHEMA_DIR}/{name}.schema.json"


class DataFile(NamedTuple):
    """One file to read: where it is, how errors name it, how edit links name it, and its kind."""

    path: str
    shown: str
    source: str
    kind: Kind | None  # None: one of the single files (site.yml, synonyme.yml)
    record_id: str = ""  # the file name without .yml; for a single file its name


class FileResult(NamedTuple):
    model: BaseModel | None  # None when the file has errors or records are not kept
    valid: bool
    errors: list[DataError]
    reference_errors: list[tuple[str, DataError]]  # (target id, error): void if the target has errors
    references: tuple[Reference, ...] = ()  # the kept record's references (the catalogue's back-links)


class FileReader(NamedTuple):
    """Reads data files; knows the kind of every listed id, so references need no other file."""

    kinds: dict[str, str]  # id -> name of its kind
    keep_records: bool
    registry: KindRegistry
    single_files: dict[str, type[BaseModel]]

    def read_all(self, files: Sequence[DataFile], cache: FileCache | None = None) -> list[FileResult]:
        if cache is None:
            return [self.read(file) for file in files]
        results = [cache.read(self, file) for file in files]
        cache.keep_only(files)
        return results

    def read(self, file: DataFile, raw: bytes | None = None) -> FileResult:
        """The validated record (or settings) of one file (its bytes ``raw``, if read) and every error in it."""
        errors: list[DataError] = []
        try:
            if raw is None:
                with open(file.path, "rb") as stream:
                    raw = stream.read()
        except OSError as exc:
            reason = os_reason(OSError(exc.errno, exc.strerror))  # the reason alone: the path comes first
            return FileResult(None, False, [DataError(file.shown, 1, 1, "(Datei)", f"nicht lesbar: {reason}")], [])
        document = _parse(raw, file, errors)
        if document is None:
            return FileResult(None, False, errors, [])
        # An unfilled scaffold (python -m portal new) is an error in a record, not only for --release;
        # the settings may keep their placeholders until the release check.
        unfilled = placeholder_paths(document, (PLACEHOLDER_MARK, PLACEHOLDER_URL)) if file.kind else []
        errors.extend(field_error(document, file.shown, path, placeholder_message(value))
                      for path, value in unfilled)
        model_type = file.kind.model if file.kind else self.single_files[file.record_id]
        try:
            model = model_type.model_validate(document.value)
        except ValidationError as exc:
            filled = [e for e in schema_errors(exc, document, file.shown, model_type)
                      if not any(e[0][:len(path)] == path for path, _ in unfilled)]
            return FileResult(None, False, errors + [error for _, error in filled], [])
        if not isinstance(model, Eintrag):
            return FileResult(model, True, errors, [])
        if unfilled:
            return FileResult(None, False, errors, [])
        model._id = file.record_id
        model._source = file.source
        errors.extend(_period_errors(model, document, file.shown))
        errors.extend(_contact_errors(model, document, file.shown))
        made = tuple(references(model))
        return FileResult(model if self.keep_records else None, True, errors,
                          self._reference_errors(made, document, file), made if self.keep_records else ())

    def _reference_errors(
        self, made: tuple[Reference, ...], document: YamlDocument, file: DataFile
    ) -> list[tuple[str, DataError]]:
        """Each reference (of those a record ``made``) to an id that is no record of an allowed kind,
        or to the record itself."""
        errors = []
        listed: dict[tuple, tuple] = {}  # (list field, id) -> path of its first mention
        suggestions_left = MAX_SUGGESTIONS
        by_name = self.registry.by_name
        for ref in made:
            found = self.kinds.get(ref.target)
            if found not in ref.targets:
                wanted = " oder ".join(by_name[t].label for t in ref.targets)
                folder = " oder ".join(f"data/{by_name[t].folder}/" for t in ref.targets)
                detail = f" (es ist ein Eintrag vom Typ {by_name[found].label})" if found else ""
                # Suggestions compare with every id of the kind: a few per file keep a file full of
                # unknown ids from taking long.
                allowed = ([known for known, kind in self.kinds.items() if kind in ref.targets]
                           if suggestions_left else [])
                suggestions_left = max(suggestions_left - 1, 0)
                message = (f"'{ref.target}' ist kein bekannter Eintrag vom Typ {wanted}{detail}; "
                           f"erwartet wird der Dateiname (ohne .yml) eines Eintrags in {folder}"
                           f"{suggestion(ref.target, allowed, '. ')}")
            elif ref.target == file.record_id:
                message = "ein Eintrag kann nicht auf sich selbst verweisen"
            elif (first := _first_mention(listed, ref)) is not None:
                message = (f"'{ref.target}' steht schon in {field_name(first)} (Zeile {document.position(first)[0]}); "
                           "nennen Sie jeden Eintrag nur einmal")
            else:
                continue
            errors.append((ref.target, field_error(document, file.shown, ref.path, message)))
        return errors

    def still_resolves(self, result: FileResult) -> bool:
        """Whether a result read earlier, with other files around, has the same reference errors now:
        it had none, and every id it names is still a record of an allowed kind."""
        if result.reference_errors:
            return False
        return all(self.kinds.get(ref.target) in ref.targets for ref in result.references)


def _first_mention(listed: dict[tuple, tuple], ref: Reference) -> tuple | None:
    """Where the list that holds ``ref`` names the same id before, or ``None`` (and remembers it).

    A list of references names each id once: 14,000 copies of one topic once made a 1.2 MB page.
    Amounts may name one programme again (``RefersTo(repeatable=True)``)."""
    if ref.repeatable:
        return None
    indices = [i for i, part in enumerate(ref.path) if isinstance(part, int)]
    key = (ref.path[:indices[-1]] if indices else ref.path, ref.target)
    first = listed.get(key)
    if first is None:
        listed[key] = ref.path
    return first


def _parse(raw: bytes, file: DataFile, errors: list[DataError]) -> YamlDocument | None:
    try:
        document = read_yaml(raw, file.shown)
    except YamlProblem as problem:
        errors.append(problem.error)
        return None
    first_line = _LINE_BREAK.split(document.text, maxsplit=1)[0]  # CR alone ends a line too (old Mac files)
    expected = schema_comment(file.kind, file.record_id)
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


# --- cross-checks ----------------------------------------------------------------------------


def _period_errors(record: Eintrag, document: YamlDocument, shown: str) -> list[DataError]:
    """Every period of the record that ends before it begins."""
    return [field_error(document, shown, (*path, end_field), f"Ende {end} liegt vor dem Beginn {start}")
            for path, start, end, end_field in _periods(record, ())]


def _periods(value: BaseModel, path: tuple) -> Iterator[tuple[tuple, object, object, str]]:
    """Every (path, start, end, name of the end field) of a period that ends before it begins: of
    each object in the record whose class names its period fields (``PERIOD``), at any depth."""
    fields = getattr(type(value), "PERIOD", None)
    if fields:
        start, end = getattr(value, fields[0]), getattr(value, fields[1])
        if start and end and (period_reversed(start, end) if isinstance(start, str) else end < start):
            yield path, start, end, fields[1]
    for name in _nested_fields(type(value)):
        item = getattr(value, name)
        if isinstance(item, BaseModel):
            yield from _periods(item, (*path, name))
        elif isinstance(item, list) and item and isinstance(item[0], BaseModel):
            for index, block in enumerate(item):
                yield from _periods(block, (*path, name, index))


@cache
def _nested_fields(model: type[BaseModel]) -> tuple[str, ...]:
    """The fields of ``model`` that may hold objects with a period (computed once per class)."""
    return tuple(name for name, info in model.model_fields.items()
                 if (nested := model_in(info.annotation))
                 and (getattr(nested, "PERIOD", None) or _nested_fields(nested)))


def _contact_errors(record: Eintrag, document: YamlDocument, shown: str) -> list[DataError]:
    """A contact address that looks like a person's (vorname.nachname@) and is not marked functional."""
    contact = getattr(record, "kontakt", None)
    if not contact or not contact.email or contact.email_funktional or not personal_mailbox(contact.email):
        return []
    message = (f"'{contact.email}' sieht nach der Adresse einer Person aus; geben Sie ein Funktionspostfach "
               "(z. B. info@…) an oder, wenn es eines ist, setzen Sie email_funktional: true")
    return [field_error(document, shown, ("kontakt", "email"), message)]

