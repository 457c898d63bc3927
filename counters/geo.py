"""Is a point inside Iran? A ray-casting test against a simplified boundary committed as data.

The boundary (`data/iran_boundary.geojson`, 12 polygons, 1,334 points) is Natural Earth's 1:10m
country outline (public domain), taken from the npm package world-atlas@2.0.2 and simplified with
Douglas–Peucker at 0.005° (about 500 m). Within about a kilometre of the border or the coast a
point may be judged wrongly, and islets missing from the 1:10m outline count as outside;
docs/counters.md says so.
"""

import json
from functools import cache
from pathlib import Path

BOUNDARY_FILE = Path(__file__).parent / "data" / "iran_boundary.geojson"


@cache
def _polygons() -> list[list[list[tuple[float, float]]]]:
    feature = json.loads(BOUNDARY_FILE.read_text())
    return [[[(x, y) for x, y in ring] for ring in polygon] for polygon in feature["geometry"]["coordinates"]]


def _in_ring(lon: float, lat: float, ring: list[tuple[float, float]]) -> bool:
    inside = False
    j = len(ring) - 1
    for i in range(len(ring)):
        xi, yi = ring[i]
        xj, yj = ring[j]
        if (yi > lat) != (yj > lat) and lon < (xj - xi) * (lat - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def inside_iran(lat: float, lon: float) -> bool:
    for outer, *holes in _polygons():
        if _in_ring(lon, lat, outer) and not any(_in_ring(lon, lat, hole) for hole in holes):
            return True
    return False
