"""Issue 13 item 10: the office's map point must lie in the province the office is declared in
(a point in Shiraz for an office in Fardis, Alborz, is refused with a Persian message naming
the province, and nothing is saved)."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from counters import services
from counters.demo import CITY_LOCATIONS, DEMO_OFFICES, EXPIRED_OFFICE
from counters.geo import PROVINCE_BOXES_FILE, inside_iran, inside_province
from counters.tests.conftest import fill
from orgs.data import PROVINCES

BOXES = json.loads(PROVINCE_BOXES_FILE.read_text())
SHIRAZ, FARDIS = CITY_LOCATIONS["شیراز"], CITY_LOCATIONS["فردیس"]


def test_every_province_has_a_box_inside_iran_around_its_demo_cities():
    assert set(BOXES["boxes"]) == {code for code, *_ in PROVINCES}
    for code, (south, north, west, east) in BOXES["boxes"].items():
        assert south < north and west < east, code
        lat, lon = BOXES["capitals"][code]
        assert inside_iran(lat, lon) and south <= lat <= north and west <= lon <= east, code
    for _code, _name, _kind, province, city, *_ in [*DEMO_OFFICES, EXPIRED_OFFICE]:
        lat, lon = CITY_LOCATIONS[city]
        assert inside_province(float(lat), float(lon), province), (province, city)


def test_shiraz_is_not_in_alborz_nor_fardis_in_fars():
    assert inside_province(float(FARDIS[0]), float(FARDIS[1]), "IR-30")
    assert not inside_province(float(SHIRAZ[0]), float(SHIRAZ[1]), "IR-30")
    assert not inside_province(float(FARDIS[0]), float(FARDIS[1]), "IR-07")


def test_a_province_without_a_box_is_not_checked():
    assert inside_province(29.59, 52.58, "IR-99")


MARGIN = BOXES["margin_degrees"]


@given(st.sampled_from(sorted(BOXES["boxes"])), st.floats(0, 1), st.floats(0, 1))
def test_every_point_of_a_province_box_is_accepted(code, x, y):
    south, north, west, east = BOXES["boxes"][code]
    assert inside_province(south + (north - south) * y, west + (east - west) * x, code)


@given(
    st.sampled_from(sorted(BOXES["boxes"])),
    st.sampled_from(["north", "south", "east", "west"]),
    st.floats(0.001, 10),
    st.floats(0, 1),
)
def test_a_point_beyond_the_margin_is_refused(code, side, beyond, along):
    south, north, west, east = BOXES["boxes"][code]
    lat, lon = south + (north - south) * along, west + (east - west) * along
    lat = {"north": north + MARGIN + beyond, "south": south - MARGIN - beyond}.get(side, lat)
    lon = {"east": east + MARGIN + beyond, "west": west - MARGIN - beyond}.get(side, lon)
    assert not inside_province(lat, lon, code)


@pytest.fixture
def fardis_file(make_office):
    office = make_office(province="IR-30")
    office.city = "فردیس"
    office.save(update_fields=["city"])
    declaration = services.start_declaration(office=office, actor=office.licence.holder)
    return fill(declaration, until="contact")


def test_the_wizard_refuses_a_point_in_shiraz_for_an_office_in_fardis(client, fardis_file):
    client.force_login(fardis_file.office.licence.holder)
    url = reverse("counters:step", args=[fardis_file.pk, "location"])
    response = client.post(url, {"latitude": "۲۹٫۵۹۱۸", "longitude": "۵۲٫۵۸۳۷"})
    html = response.content.decode()
    assert "نقطه انتخاب‌شده در استان البرز نیست، حال آنکه دفتر در فردیس، استان البرز ثبت شده است" in html
    fardis_file.refresh_from_db()
    assert fardis_file.latitude is None and "location" not in fardis_file.saved_steps

    client.post(url, {"latitude": "۳۵٫۷۲۹۷", "longitude": "۵۰٫۹۸۶۴"})
    fardis_file.refresh_from_db()
    assert str(fardis_file.latitude) == "35.729700"


def test_a_point_saved_before_the_check_blocks_confirmation(fardis_file):
    from counters.wizard import problems

    type(fardis_file).objects.filter(pk=fardis_file.pk).update(latitude=SHIRAZ[0], longitude=SHIRAZ[1])
    fardis_file.refresh_from_db()
    assert any("استان البرز نیست" in p for p in problems(fardis_file, "location"))
    with pytest.raises(ValidationError):
        services.save_step(
            declaration=fardis_file,
            step="location",
            values={"latitude": SHIRAZ[0], "longitude": SHIRAZ[1]},
            actor=fardis_file.office.licence.holder,
        )
