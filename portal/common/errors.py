"""Data errors as editors read them: ``path:line:col: field: message``.

Produced by :mod:`portal.load.yamlreader` and :mod:`portal.load`, printed by :mod:`portal.cli` and raised
to MkDocs by the glue. :func:`os_reason` puts a file-system error (a full disk, an unreadable
file) into one German line for the build and ``check``.
"""

from __future__ import annotations

import errno
from dataclasses import dataclass

from portal.common.characters import printable


@dataclass(frozen=True, order=True)
class DataError:
    """One problem in one data file, located by line and column (both 1-based)."""

    path: str
    line: int
    col: int
    field: str
    message: str

    def __str__(self) -> str:
        """One line; values in it are printed with escapes, so none reaches a terminal as a command."""
        return printable(f"{self.path}:{self.line}:{self.col}: {self.field}: {self.message}")

    def github_annotation(self) -> str:
        """The same error as a GitHub Actions workflow command, shown on the changed line."""
        props = ",".join(
            f"{key}={_escape_property(value)}"
            for key, value in (
                ("file", printable(self.path)),
                ("line", str(self.line)),
                ("col", str(self.col)),
                ("title", printable(self.field)),
            )
        )
        return f"::error {props}::{_escape_data(printable(self.message))}"


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


class DataErrors(Exception):
    """Every error found in one pass over the catalogue, sorted by file and line."""

    def __init__(self, errors: list[DataError]) -> None:
        self.errors = sorted(set(errors))
        super().__init__(self.summary())

    def summary(self) -> str:
        files = len({error.path for error in self.errors})
        return f"{len(self.errors)} Fehler in {files} Datei(en)"

    def __str__(self) -> str:
        return "\n".join([*(str(error) for error in self.errors), self.summary()])


def field_name(loc: tuple) -> str:
    """``('partner', 0, 'organisation')`` -> ``partner[1].organisation`` (entries counted from 1)."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part + 1}]"
        else:
            text += f".{part}" if text else str(part)
    return text or "(Datei)"


_OS_REASONS = {
    errno.ENOENT: "nicht gefunden",
    errno.EACCES: "keine Berechtigung",
    errno.EPERM: "keine Berechtigung",
    errno.ENOSPC: "kein Platz mehr auf dem Datenträger",
    errno.EDQUOT: "Speicherkontingent erschöpft",
    errno.EFBIG: "Datei zu groß für das System",
    errno.EROFS: "Datenträger ist schreibgeschützt",
    errno.EISDIR: "ist ein Ordner, keine Datei",
    errno.ENOTDIR: "ein Teil des Pfads ist kein Ordner",
    errno.ENOEXEC: "keine ausführbare Datei",
    errno.EIO: "Ein-/Ausgabefehler des Datenträgers",
    errno.EMFILE: "zu viele offene Dateien",
}


def os_reason(exc: OSError) -> str:
    """A file-system error as one German line: ``file: reason`` (the system's words as a fallback)."""
    reason = _OS_REASONS.get(exc.errno or 0) or exc.strerror or str(exc)
    return f"{exc.filename}: {reason}" if exc.filename else reason
