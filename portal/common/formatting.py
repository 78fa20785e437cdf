"""German display of amounts, and anchor ids for headings; used as template filters.

Called by :mod:`portal.pages.renderer` (registered as Jinja filters) and :mod:`portal.pages.facets`;
the date formats live in :mod:`portal.common.dates` (feeds and records use them too).
"""

from __future__ import annotations

import re


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
