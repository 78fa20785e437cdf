"""The extra checks of ``check --release``: nothing unfinished may be published.

Called by :mod:`portal.cli` after the catalogue loaded without errors. Finds placeholder values
(``[Platzhalter …``, example.org addresses) in the site settings and in every record, each reported
with its field and line so an editor can fix it. (Records with ``[Platzhalter`` already fail the
plain ``check``; the settings may keep theirs until the first release.) The data licence
(``lizenz`` in the site settings) and the public address (``site_url``, or ``PORTAL_SITE_URL``
for the build that publishes) must be set, too.
"""

from __future__ import annotations

import os
from pathlib import Path

from portal.common.errors import DataError, field_name
from portal.load.loader import SETTINGS_FILE, display_path
from portal.load.messages import placeholder_paths
from portal.load.yamlreader import read_yaml
from portal.model.catalogue import Catalogue
from portal.model.settings import PLACEHOLDER_MARK

_MARKS = (PLACEHOLDER_MARK, "example.org")


def release_problems(catalogue: Catalogue, data_dir: Path) -> list[DataError]:
    """One error per field that still holds a placeholder, in the settings and in every record."""
    files = [data_dir / SETTINGS_FILE]
    files += [data_dir / record.kind.folder / f"{record.id}.yml" for record in catalogue.everything()]
    problems = []
    for path in files:
        shown = display_path(path)
        document = read_yaml(path.read_bytes(), shown)
        for field, _ in placeholder_paths(document, _MARKS):
            line, col = document.position(field)
            problems.append(DataError(shown, line, col, field_name(field),
                                      "Platzhalter muss vor der Veröffentlichung ersetzt werden"))
    if catalogue.settings.lizenz is None:
        problems.append(DataError(display_path(files[0]), 1, 1, "lizenz",
                                  "die Lizenz der Daten fehlt; geben Sie unter lizenz: Name, Kennung und "
                                  "Adresse an (sie steht auf der Seite „Daten“ und in jedem Download)"))
    if catalogue.settings.site_url is None and not os.environ.get("PORTAL_SITE_URL"):
        problems.append(DataError(display_path(files[0]), 1, 1, "site_url",
                                  "die öffentliche Adresse der Website fehlt; geben Sie unter site_url: die "
                                  "Adresse an (z. B. https://organisation.github.io/portal/) oder setzen Sie "
                                  "PORTAL_SITE_URL – ohne sie bleiben Sitemap, kanonische Links und die "
                                  "Vorschau in sozialen Netzen leer"))
    return problems
