"""Read and validate the whole ``data/`` folder into a :class:`~portal.model.catalogue.Catalogue`.

The only place that reads editor YAML (through :mod:`portal.load.yamlreader`). Called by the CLI
(``check``, ``diff``), the MkDocs glue and the tests. Every problem of every file is collected in
one pass and raised once as :class:`~portal.common.errors.DataErrors`, each located by file, line, column
and field. Each file is read and checked on its own (references against the list of file names),
so that ``check`` can spread big data sets over every core (:mod:`portal.common.fanout`).
"""

from __future__ import annotations

import gc
import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pydantic import BaseModel

from portal.common.errors import DataError, DataErrors
from portal.common.fanout import ordered_map
from portal.load.filecache import FileCache
from portal.load.filereader import DataFile, FileReader
from portal.model.catalogue import Catalogue
from portal.model.entry import Eintrag
from portal.model.kinds import KINDS, KindRegistry
from portal.model.references import Reference
from portal.model.settings import Einstellungen, Synonyme

SETTINGS_FILE = "site.yml"
SYNONYMS_FILE = "synonyme.yml"
SINGLE_FILES: dict[str, type[BaseModel]] = {SETTINGS_FILE: Einstellungen, SYNONYMS_FILE: Synonyme}
"""Files of one object each directly in the data folder (the synonyms are optional)."""
ID_PATTERN = re.compile(r"[a-z0-9-]+")
"""A record id, matched whole (``fullmatch``: ``$`` would accept a trailing newline)."""
ALLOWED_EXTRA = {"README.md"}


def display_path(path: Path) -> str:
    """The path as an editor sees it: relative to the working directory when inside it."""
    absolute = os.path.abspath(path)
    cwd = os.getcwd()
    if absolute.startswith(cwd + os.sep):
        return Path(absolute[len(cwd) + 1:]).as_posix()
    return Path(path).as_posix()


def load_catalogue(data_dir: Path, *, repo_root: Path | None = None, kinds: KindRegistry = KINDS,
                   cache: FileCache | None = None) -> Catalogue:
    """Load and validate every file under ``data_dir``; raise :class:`DataErrors` listing all problems.

    ``repo_root`` makes each record's ``source`` (used for edit links) relative to the repository;
    by default it is the parent of ``data_dir``. ``kinds``: the record kinds to read (a test may add one).
    ``cache`` keeps what was read for the next load of the same folder (see :class:`FileCache`).
    """
    references: dict[str, tuple[Reference, ...]] = {}
    records, singles = _load(Path(data_dir), repo_root, kinds, keep_records=True, cache=cache, references=references)
    synonyms = singles.get(SYNONYMS_FILE)
    kept = {kind: dict(sorted(recs.items())) for kind, recs in records.items()}
    return Catalogue(records=kept,  # type: ignore[arg-type]  # keep_records=True: no record is None
                     settings=singles[SETTINGS_FILE],  # type: ignore[arg-type]  # read as SINGLE_FILES says
                     synonyms=tuple(tuple(group) for group in synonyms.gruppen)
                     if isinstance(synonyms, Synonyme) else (),
                     kinds=kinds, references_by_id=references)


def check_catalogue(data_dir: Path, kinds: KindRegistry = KINDS) -> dict[str, int]:
    """Validate ``data_dir`` like :func:`load_catalogue`, with the same errors; count each kind's records.

    Faster for ``check`` on big data sets: the files are read on every core, and the records need
    not travel back from the worker processes.
    """
    records, _ = _load(Path(data_dir), None, kinds, keep_records=False)
    return {kind: len(recs) for kind, recs in records.items()}


PARALLEL_MIN_FILES = 1000
"""From this many files on, :func:`check_catalogue` reads them in worker processes."""

def _load(
    data_dir: Path, repo_root: Path | None, kinds: KindRegistry, *, keep_records: bool,
    cache: FileCache | None = None, references: dict[str, tuple[Reference, ...]] | None = None,
) -> tuple[dict[str, dict[str, Eintrag | None]], dict[str, BaseModel]]:
    """Every record by kind and id (``None`` for each unless ``keep_records``) and the single files
    (:data:`SINGLE_FILES`) by name; with ``keep_records``, each record's references go into
    ``references`` (by id)."""
    if not data_dir.is_dir():
        raise DataErrors([DataError(display_path(data_dir), 1, 1, "(Ordner)", "Datenordner nicht gefunden")])
    root = repo_root or data_dir.resolve().parent
    errors: list[DataError] = []
    files = _data_files(data_dir, root, kinds, errors)
    reader = FileReader({file.record_id: file.kind.name for file in files if file.kind}, keep_records, kinds,
                        SINGLE_FILES)
    with _cycle_collector_paused():
        # Kept records stay in this process: sending them back from workers would eat most of the
        # gain, and the MkDocs glue calls this from a process that may have threads (``serve``).
        results = (reader.read_all(files, cache) if keep_records
                   else ordered_map(FileReader.read_all, files, min_items=PARALLEL_MIN_FILES, shared=reader))
    singles: dict[str, BaseModel] = {}
    records: dict[str, dict[str, Eintrag | None]] = {kind.name: {} for kind in kinds}
    broken: set[str] = set()  # files with errors: references to them are not reported again
    reference_errors: list[tuple[str, DataError]] = []
    for file, result in zip(files, results, strict=True):
        errors.extend(result.errors)
        if file.kind is None:
            if result.model is not None:
                singles[file.record_id] = result.model
        elif result.valid:
            records[file.kind.name][file.record_id] = result.model  # type: ignore[assignment]
            reference_errors.extend(result.reference_errors)
            if references is not None:
                references[file.record_id] = result.references
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


def _data_files(data_dir: Path, root: Path, kinds: KindRegistry, errors: list[DataError]) -> list[DataFile]:
    """Every data file with a valid, unique name, in name order.

    Anything else in the folder is an error, so a file in the wrong place is never silently skipped.
    """
    files: list[DataFile] = []
    seen_ids: dict[str, str] = {}
    shown_prefix = _display_prefix(data_dir)
    for entry in _sorted_entries(data_dir):
        shown = shown_prefix + entry.name
        if entry.is_symlink():
            errors.append(DataError(shown, 1, 1, "(Datei)", "symbolische Links sind im Datenordner nicht erlaubt"))
        elif entry.is_dir() and entry.name in kinds.by_folder:
            kind = kinds.by_folder[entry.name]
            folder = data_dir / entry.name
            child_shown_prefix, source_prefix = _display_prefix(folder), _source_prefix(folder, root)
            for child in _sorted_entries(folder):
                child_shown = child_shown_prefix + child.name
                if child.is_symlink():
                    errors.append(DataError(child_shown, 1, 1, "(Datei)",
                                            "symbolische Links sind im Datenordner nicht erlaubt"))
                elif child.is_file() and child.name.endswith(".yml") and child.name != ".yml":
                    file = DataFile(child.path, child_shown, source_prefix + child.name, kind, child.name[:-4])
                    if _valid_id(file, seen_ids, errors):
                        files.append(file)
                elif child.name not in ALLOWED_EXTRA:
                    errors.append(DataError(child_shown, 1, 1, "(Datei)",
                                            "unerwartete Datei: Einträge sind YAML-Dateien mit der Endung .yml"))
        elif entry.is_file() and entry.name in SINGLE_FILES:
            files.append(DataFile(entry.path, shown, "", None, entry.name))
        elif entry.name not in ALLOWED_EXTRA:
            folders = ", ".join(sorted(kinds.by_folder))
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


def _valid_id(file: DataFile, seen_ids: dict[str, str], errors: list[DataError]) -> bool:
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


def load_or_explain(data_dir: Path, purpose: str) -> Catalogue | None:
    """For commands that need valid data: the catalogue, or ``None`` after printing every error."""
    try:
        return load_catalogue(data_dir)
    except DataErrors as exc:
        for error in exc.errors:
            print(error, file=sys.stderr)
        print(f"{exc.summary()}: {purpose} braucht gültige Daten.", file=sys.stderr)
        return None
