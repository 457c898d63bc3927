"""core.geo: a point read from a query string, and the distance between two points."""

import pytest

from core.geo import BAD_POINT, distance_km, parse_point


def test_distance_between_known_cities():
    tehran, shiraz, karaj = (35.6892, 51.3890), (29.5918, 52.5837), (35.8327, 50.9915)
    assert distance_km(tehran, shiraz) == pytest.approx(686, abs=8)  # great-circle, not by road
    assert distance_km(tehran, karaj) == pytest.approx(39, abs=2)
    assert distance_km(karaj, karaj) == 0
    assert distance_km(tehran, shiraz) == pytest.approx(distance_km(shiraz, tehran))


@pytest.mark.parametrize(
    ("lat", "lng", "point"),
    [("35.7", "51.4", (35.7, 51.4)), ("۳۵٫۷", "۵۱.۴", (35.7, 51.4)), ("-90", "180", (-90.0, 180.0))],
)
def test_good_points(lat, lng, point):
    assert parse_point(lat, lng) == (point, "")


def test_no_point():
    assert parse_point(None, "") == (None, "")


@pytest.mark.parametrize(
    ("lat", "lng"), [("x", "1"), ("1", None), ("nan", "1"), ("1", "inf"), ("91", "1"), ("1", "-181")]
)
def test_bad_points_have_a_persian_reason(lat, lng):
    point, error = parse_point(lat, lng)
    assert point is None and error.startswith(BAD_POINT[:30])
