"""German display formats for dates, partial dates and amounts, and anchor ids for headings; used as
template filters.

Called by :mod:`portal.pages.plan` (registered as Jinja filters), :mod:`portal.pages.facets` and
:mod:`portal.exports.feeds` (the date in a feed entry), so it lives below both.
"""

from __future__ import annotations

import re
from datetime import date

MONTHS = (
    "Januar", "Februar", "März", "April", "Mai", "Juni",
    "Juli", "August", "September", "Oktober", "November", "Dezember",
)  # fmt: skip


def german_date(value: date) -> str:
    """``2023-05-08`` -> ``8. Mai 2023``."""
    return f"{value.day}. {MONTHS[value.month - 1]} {value.year}"


def partial_date(value: str) -> str:
    """``2022`` -> ``2022``, ``2022-07`` -> ``Juli 2022``, ``2022-07-01`` -> ``1. Juli 2022``."""
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 3:
        return german_date(date(*parts))
    if len(parts) == 2:
        return f"{MONTHS[parts[1] - 1]} {parts[0]}"
    return str(parts[0])


def date_range(start: date, end: date | None) -> str:
    """``8. bis 9. Mai 2023``, or one date when the event lasts a day."""
    if end is None or end == start:
        return german_date(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}. bis {german_date(end)}"
    return f"{german_date(start)} bis {german_date(end)}"


def euro(amount: int) -> str:
    """``6770000`` -> ``6,77 Mio. Euro``; ``750000`` -> ``750.000 Euro``; ``10**9`` -> ``1 Mrd. Euro``.

    Exact amounts that do not round cleanly keep every digit: ``3504295`` -> ``3.504.295 Euro``.
    """
    for size, unit in ((1_000_000_000, "Mrd."), (1_000_000, "Mio.")):
        if amount >= size and amount % (size // 100) == 0:
            hundredths = amount // (size // 100)  # whole numbers only: exact for any amount
            number = f"{hundredths // 100:_},{hundredths % 100:02d}".rstrip("0").rstrip(",").replace("_", ".")
            return f"{number} {unit} Euro"
    return f"{amount:,} Euro".replace(",", ".")


def slug(text: str) -> str:
    """A stable anchor id for a German heading: ``Förderung`` -> ``foerderung``."""
    text = text.lower().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")
