"""The extra checks of ``check --release``: nothing unfinished may be published.

Called by :mod:`portal.cli`. Finds placeholder values (``[Platzhalter …``, example.org addresses)
left by ``new`` or in the site settings, each reported at its line so an editor can fix it, and a
missing data licence (``lizenz`` in the site settings).
"""

from __future__ import annotations

from pathlib import Path

from portal.catalogue import Catalogue
from portal.errors import DataError
from portal.load import SETTINGS_FILE, display_path
from portal.model import PLACEHOLDER_MARK

_MARKS = (PLACEHOLDER_MARK, "example.org")


def release_problems(catalogue: Catalogue, data_dir: Path) -> list[DataError]:
    """One error per line that still holds a placeholder, in the settings and in every record."""
    files = [data_dir / SETTINGS_FILE]
    files += [data_dir / record.FOLDER / f"{record.id}.yml" for record in catalogue.everything()]
    problems = []
    for path in files:
        lines = path.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, start=1):
            if line.lstrip().startswith("#"):
                continue
            for mark in _MARKS:
                col = line.find(mark)
                if col >= 0:
                    field = line.strip().split(":", 1)[0].lstrip("- ") or "(Wert)"
                    problems.append(DataError(display_path(path), number, col + 1, field,
                                              "Platzhalter muss vor der Veröffentlichung ersetzt werden"))
                    break
    if catalogue.settings.lizenz is None:
        problems.append(DataError(display_path(files[0]), 1, 1, "lizenz",
                                  "die Lizenz der Daten fehlt; bitte unter lizenz: Name, Kennung und "
                                  "Adresse angeben (sie steht auf der Seite „Daten“ und in jedem Download)"))
    return problems
