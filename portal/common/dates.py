"""German display of dates: ``8. Mai 2023``, partial dates and date ranges.

Called by :mod:`portal.model.records` (card text of events) and :mod:`portal.common.formatting`
(template filters).
"""

from __future__ import annotations

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
