"""German sort order (DIN 5007-1) for every list the portal shows; used by catalogue and pages.

Why: Python sorts by code point, so "Ärzte" lands after "Zwickau" and lower case after upper case.
DIN 5007-1 treats umlauts as their base letter and ß as ss; the original text breaks ties so the
order is total and stable across runs.
"""

from __future__ import annotations

import unicodedata


def german_key(text: str) -> tuple[str, str]:
    """Sort key: case-folded, ß as ss, accents stripped; the original string as tie-break."""
    folded = text.casefold().replace("ß", "ss")
    base = "".join(ch for ch in unicodedata.normalize("NFD", folded) if not unicodedata.combining(ch))
    return base, text
