"""Data for the inline SVG map of the Länder (template ``_map.html.j2``); used by :mod:`portal.pages`.

The outlines (``portal/assets/bundeslaender.geo.json``, public domain, from the deutschlandGeoJSON
project, derived from DIVA-GIS boundaries) are projected once per process at build time with an
equirectangular projection scaled by cos(51°); nothing is fetched when a visitor opens the page.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache

from portal.common.laender import LAENDER
from portal.common.paths import ASSETS
from portal.model.catalogue import Catalogue

OUTLINES = ASSETS / "bundeslaender.geo.json"
WIDTH = 480
CREDIT = "Kartengrundlage: deutschlandGeoJSON, gemeinfrei; Daten: DIVA-GIS"


@lru_cache(maxsize=1)
def _outlines() -> tuple[dict[str, str], float]:
    """SVG path data per Land code, and the map height for :data:`WIDTH`."""
    features = json.loads(OUTLINES.read_text(encoding="utf-8"))["features"]
    scale_x = math.cos(math.radians(51))
    rings = {}
    for feature in features:
        geometry = feature["geometry"]
        polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        rings[feature["properties"]["id"]] = [ring for polygon in polygons for ring in polygon]
    points = [(lon * scale_x, lat) for land in rings.values() for ring in land for lon, lat in ring]
    min_x, max_x = min(p[0] for p in points), max(p[0] for p in points)
    min_y, max_y = min(p[1] for p in points), max(p[1] for p in points)
    factor = WIDTH / (max_x - min_x)
    paths = {}
    for code, land in rings.items():
        parts = []
        for ring in land:
            coords = [f"{(lon * scale_x - min_x) * factor:.1f},{(max_y - lat) * factor:.1f}" for lon, lat in ring]
            parts.append("M" + "L".join(coords) + "Z")
        paths[code] = "".join(parts)
    return paths, round((max_y - min_y) * factor, 1)


@dataclass(frozen=True)
class LandShape:
    code: str
    name: str
    networks: int
    path: str

    @property
    def level(self) -> int:
        """Shade 0-4 for the map's colour scale."""
        return min(self.networks, 4)


@dataclass(frozen=True)
class LandMap:
    width: int
    height: float
    lands: list[LandShape]
    credit: str = CREDIT


def land_map(catalogue: Catalogue) -> LandMap:
    """Shapes of all Länder with the number of networks recorded in each; rendered by ``_map.html.j2``."""
    paths, height = _outlines()
    counts = {code: 0 for code in LAENDER}
    for network in catalogue.netzwerke:
        for code in network.laender:
            counts[code] += 1
    lands = [LandShape(code, LAENDER[code], counts[code], paths[code]) for code in sorted(paths)]
    return LandMap(WIDTH, height, lands)
