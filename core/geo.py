"""Points on the map: a latitude and longitude read from a query string, and the great-circle
distance between two points (haversine on a sphere of the Earth's mean radius; good to a few
metres in a city and about 0.5% across the country, which is all a "nearest first" list needs)."""

import math

from core.text import normalize_digits

EARTH_RADIUS_KM = 6371.0088
BAD_POINT = "موقعیت مکانی فرستاده‌شده معتبر نیست (عرض و طول جغرافیایی دو عدد لازم است)."


def parse_point(lat, lng) -> tuple[tuple[float, float] | None, str]:
    """((lat, lng), "") for two numbers on the globe (digits of any script, «٫» or «.» as the
    decimal point); (None, "") when neither is given; (None, a Persian reason) otherwise."""
    texts = [normalize_digits(str(v or "")).strip().replace("٫", ".") for v in (lat, lng)]
    if not any(texts):
        return None, ""
    try:
        lat_f, lng_f = (float(t) for t in texts)
    except ValueError:
        return None, BAD_POINT
    if not (math.isfinite(lat_f) and math.isfinite(lng_f)):
        return None, BAD_POINT
    if not (-90 <= lat_f <= 90 and -180 <= lng_f <= 180):
        return None, (
            "موقعیت مکانی فرستاده‌شده معتبر نیست: عرض جغرافیایی میان منفی ۹۰ و ۹۰ "
            "و طول جغرافیایی میان منفی ۱۸۰ و ۱۸۰ است."
        )
    return (lat_f, lng_f), ""


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lng1, lat2, lng2 = (math.radians(float(x)) for x in (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lng2 - lng1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))
