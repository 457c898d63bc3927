"""Is a point inside Iran, and inside the province declared for it? A ray-casting test against a
simplified boundary committed as data, and a box per province.

The boundary (`data/iran_boundary.geojson`, 12 polygons, 1,334 points) is Natural Earth's 1:10m
country outline (public domain), taken from the npm package world-atlas@2.0.2 and simplified with
Douglas–Peucker at 0.005° (about 500 m). Within about a kilometre of the border or the coast a
point may be judged wrongly, and islets missing from the 1:10m outline count as outside;
docs/counters.md says so. The province boxes (`data/province_boxes.json`) are described there.
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


PROVINCE_BOXES_FILE = Path(__file__).parent / "data" / "province_boxes.json"


@cache
def _province_boxes() -> dict[str, tuple[float, float, float, float]]:
    data = json.loads(PROVINCE_BOXES_FILE.read_text())
    margin = data["margin_degrees"]
    return {
        code: (south - margin, north + margin, west - margin, east + margin)
        for code, (south, north, west, east) in data["boxes"].items()
    }


def inside_province(lat: float, lon: float, province_code: str) -> bool:
    """Whether the point lies in the province's box (`data/province_boxes.json`, widened by its
    margin): a coarse check that catches a point in another part of the country (Shiraz for an
    office in Fardis), not one a few kilometres over a province border. A province the file does
    not know is not checked (True)."""
    box = _province_boxes().get(province_code)
    if box is None:
        return True
    south, north, west, east = box
    return south <= lat <= north and west <= lon <= east


def province_capital(province_code: str) -> tuple[float, float]:
    """The province's capital city (lat, lon): a point inside it."""
    lat, lon = json.loads(PROVINCE_BOXES_FILE.read_text())["capitals"][province_code]
    return lat, lon


def province_problem(lat: float, lon: float, office) -> str | None:
    """The Persian refusal when the point is outside the office's declared province, else None."""
    if inside_province(lat, lon, office.province.code):
        return None
    place = f"{office.city}، استان {office.province.name}" if office.city else f"استان {office.province.name}"
    return (
        f"نقطه انتخاب‌شده در استان {office.province.name} نیست، حال آنکه دفتر در {place} ثبت شده است؛ "
        "موقعیت دفتر را دوباره روی نقشه انتخاب کنید."
    )
