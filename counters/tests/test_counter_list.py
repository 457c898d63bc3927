"""Issue 13 item 3: the public list of counter offices where a service can be filed holds only the
offices the intake itself would let file it (a licence in good standing, the service delegated),
the applicant's province first and, with a shared location, the nearest first; each with its
address, phone and opening hours. The operator's service list offers only what their office may
file."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from catalogue.models import Service
from counters import services
from counters.demo import fill
from counters.tests.test_workbench import rules  # noqa: F401 (fixture)

TEHRAN_POINT = ("35.7000", "51.4000")  # central Tehran: Tehran's office, then Karaj's, then Shiraz's


@pytest.fixture
def offices(rules, make_office, make_expert):  # noqa: F811
    """Karaj, Tehran and Shiraz ranked (rank 2); in Tehran also one whose licence has expired after
    its rank, and one without a rank (nothing delegated)."""

    def ranked(province, lat, lng, **extra):
        office = make_office(province=province)
        office.latitude, office.longitude = Decimal(lat), Decimal(lng)
        office.address = f"خیابان آزمون، پلاک {office.pk}"
        office.phone = "+982188001122"
        office.opening_hours = "شنبه تا چهارشنبه ۸ تا ۱۶"
        office.save()
        declaration = fill(services.start_declaration(office=office, actor=office.licence.holder))
        services.confirm(declaration=declaration, actor=office.licence.holder, agree=True)
        expert = make_expert(office.province.region)
        services.approve(declaration=declaration, actor=expert, recipients_score=90, association_score=70)
        return office

    made = {
        "karaj": ranked("IR-30", "35.8327", "50.9915"),
        "tehran": ranked("IR-23", "35.6892", "51.3890"),
        "shiraz": ranked("IR-07", "29.5918", "52.5837"),
        "expired": ranked("IR-23", "35.7000", "51.4000"),
        "unranked": make_office(province="IR-23"),
    }
    licence = made["expired"].licence
    licence.expires_on = timezone.localdate() - dt.timedelta(days=1)
    licence.save()
    return made


def listed(client, service, **params) -> tuple[list[str], str]:
    url = reverse("desk:apply", args=[service.service_id])
    response = client.get(url, {"channel": "counter", **params})
    assert response.status_code == 200
    html = response.content.decode()
    return re.findall(r'data-office="([^"]+)"', html), html


@pytest.fixture
def plain(db):
    return Service.objects.get(title="صدور گواهی ساده")


def test_only_offices_that_may_file_the_service_are_listed_with_how_to_reach_them(client, offices, plain):
    codes, html = listed(client, plain)
    assert set(codes) == {offices[k].code for k in ("karaj", "tehran", "shiraz")}
    assert offices["expired"].code not in codes and offices["unranked"].code not in codes
    assert f"خیابان آزمون، پلاک {offices['tehran'].pk}" in html
    assert "۰۲۱۸۸۰۰۱۱۲۲" in html and "شنبه تا چهارشنبه ۸ تا ۱۶" in html
    assert "openstreetmap.org/?mlat=35.689200&amp;mlon=51.389000" in html
    # a service delegated to nobody: no office at all
    codes, html = listed(client, Service.objects.get(title="خدمت ویژه رتبه یک"))
    assert codes == [] and "دفتر پیشخوانی که این خدمت را ثبت کند نیست" in html


def test_the_applicants_province_comes_first(client, offices, plain):
    codes, _ = listed(client, plain)
    assert codes == [offices[k].code for k in ("karaj", "tehran", "shiraz")]  # البرز، تهران، فارس
    codes, html = listed(client, plain, province="IR-07")
    assert codes[0] == offices["shiraz"].code
    assert "نخست دفاتر استان فارس" in html


def test_a_shared_location_puts_the_nearest_first(client, offices, plain):
    lat, lng = TEHRAN_POINT
    codes, html = listed(client, plain, lat=lat, lng=lng)
    assert codes == [offices[k].code for k in ("tehran", "karaj", "shiraz")]
    assert "کیلومتر" in html
    codes, _ = listed(client, plain, lat="۳۵٫۷", lng="۵۱٫۴")  # typed with Persian digits
    assert codes[0] == offices["tehran"].code
    codes, _ = listed(client, plain, lat=lat, lng=lng, province="IR-07")  # province first, then distance
    assert codes == [offices[k].code for k in ("shiraz", "tehran", "karaj")]


@pytest.mark.parametrize(
    "params",
    [
        {"lat": "abc", "lng": "51.4"},
        {"lat": "35.7"},
        {"lat": "95", "lng": "51.4"},
        {"lat": "nan", "lng": "inf"},
        {"lat": "35.7", "lng": "1e400"},
    ],
)
def test_a_bad_location_says_so_in_persian_and_keeps_the_default_order(client, offices, plain, params):
    default, _ = listed(client, plain)
    codes, html = listed(client, plain, **params)
    assert codes == default
    assert "موقعیت مکانی فرستاده‌شده معتبر نیست" in html
    assert "کیلومتر" not in html


def test_an_unknown_province_says_so(client, offices, plain):
    default, _ = listed(client, plain)
    codes, html = listed(client, plain, province="IR-99")
    assert codes == default and "استان «IR-99» شناخته نیست" in html


def test_the_operator_is_offered_only_the_services_their_office_may_file(client, offices, plain, make_user):
    operator = make_user(role=Role.COUNTER_OPERATOR, scope={"counter_office": offices["karaj"]})
    client.force_login(operator)
    html = client.get(reverse("desk:counter_start")).content.decode()
    offered = set(re.findall(r'<option value="(\d{11})"', html))
    chemical = Service.objects.get(title="آزمون شیمیایی")  # its chemist is on the office's staff
    assert offered == {plain.service_id, chemical.service_id}  # not rank one's, nor the physics test
    unranked = make_user(role=Role.COUNTER_OPERATOR, scope={"counter_office": offices["unranked"]})
    client.force_login(unranked)
    html = client.get(reverse("desk:counter_start")).content.decode()
    assert not re.findall(r'<option value="(\d{11})"', html)
