"""Editing the catalogue in the admin: Persian input accepted, bad values, duplicate ids and
overlapping agreements refused in Persian."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from catalogue import services
from catalogue.models import Service, ServiceLevelAgreement
from catalogue.tests.factories import make_service, make_unit, service_admin_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, make_user):
    client.force_login(make_user(role="administrator", is_staff=True, is_superuser=True))
    return client


def _service_post(**overrides):
    new = {
        "service_id": "۱۰۰۳۱۹۴۰۰۰۰",
        "title": "خدمت تازه",
        "area": "metrology",
        "description": "",
        "fee_rials": "۵۰۰۰",
    }
    return service_admin_post(**{**new, **overrides})


def test_an_editor_adds_a_service_with_persian_digits_and_no_code_change(admin_client):
    response = admin_client.post(reverse("admin:catalogue_service_add"), _service_post())
    assert response.status_code == 302, response.content.decode()[:2000]
    service = Service.objects.get()
    assert service.service_id == "10031940000" and service.fee_rials == 5000


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"service_id": "1003194000"}, "شناسه خدمت باید ۱۱ رقم باشد"),
        ({"service_id": "100319400000"}, "شناسه خدمت باید ۱۱ رقم باشد"),
        ({"fee_rials": "-1"}, "هزینه خدمت نمی‌تواند منفی باشد."),
    ],
)
def test_admin_refuses_bad_service_input_in_persian(admin_client, overrides, message):
    response = admin_client.post(reverse("admin:catalogue_service_add"), _service_post(**overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Service.objects.exists()


def test_admin_refuses_a_duplicate_id(admin_client):
    make_service(service_id="10031940000")
    response = admin_client.post(reverse("admin:catalogue_service_add"), _service_post())
    assert "خدمتی با این شناسه پیش‌تر ثبت شده است." in response.content.decode()
    assert Service.objects.count() == 1


def _agreement_rows(unit, *rows):
    data = {"agreements-TOTAL_FORMS": str(len(rows)), "agreements-INITIAL_FORMS": "0"}
    for i, (start, end) in enumerate(rows):
        data.update(
            {
                f"agreements-{i}-provider_unit": str(unit.pk),
                f"agreements-{i}-valid_from": start,
                f"agreements-{i}-valid_until": end,
            }
        )
    return data


def test_inline_agreements_that_overlap_each_other_are_refused(admin_client):
    unit = make_unit()
    data = _service_post(**_agreement_rows(unit, ("۱۴۰۳/۰۱/۰۱", "۱۴۰۳/۱۲/۲۹"), ("۱۴۰۳/۰۶/۰۱", "")))
    response = admin_client.post(reverse("admin:catalogue_service_add"), data)
    assert response.status_code == 200
    assert "هم‌پوشانی" in response.content.decode()
    assert not Service.objects.exists() and not ServiceLevelAgreement.objects.exists()


def test_inline_agreement_with_reversed_dates_is_refused(admin_client):
    unit = make_unit()
    data = _service_post(**_agreement_rows(unit, ("۱۴۰۳/۰۶/۰۱", "۱۴۰۳/۰۱/۰۱")))
    response = admin_client.post(reverse("admin:catalogue_service_add"), data)
    assert "تاریخ پایان اعتبار نمی‌تواند پیش از تاریخ آغاز اعتبار باشد." in response.content.decode()
    assert not ServiceLevelAgreement.objects.exists()


def test_inline_agreement_overlapping_a_saved_version_is_refused(admin_client):
    unit = make_unit()
    service = make_service()
    services.create_agreement(service=service, provider_unit=unit, valid_from=None, valid_until=None)
    url = reverse("admin:catalogue_service_change", args=[service.pk])
    page = admin_client.get(url)
    assert page.status_code == 200
    data = _service_post(service_id=service.service_id, **_agreement_rows(unit, ("۱۴۰۴/۰۱/۰۱", "")))
    # The saved version is an initial form of the formset.
    existing = service.agreements.get()
    data.update(
        {
            "agreements-TOTAL_FORMS": "2",
            "agreements-INITIAL_FORMS": "1",
            "agreements-1-provider_unit": str(unit.pk),
            "agreements-1-valid_from": "۱۴۰۴/۰۱/۰۱",
            "agreements-1-valid_until": "",
            "agreements-0-id": str(existing.pk),
            "agreements-0-service": str(service.pk),
            "agreements-0-provider_unit": str(unit.pk),
            "agreements-0-valid_from": "",
            "agreements-0-valid_until": "",
        }
    )
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "هم‌پوشانی" in response.content.decode()
    assert ServiceLevelAgreement.objects.count() == 1


def test_expiring_filter_lists_agreements_ending_in_the_next_30_days(admin_client):
    today = timezone.localdate()
    unit = make_unit()
    soon = make_service(title="بزودی")
    later = make_service(title="دیرتر")
    gone = make_service(title="گذشته")
    services.create_agreement(
        service=soon, provider_unit=unit, title="زودگذر", valid_until=today + dt.timedelta(days=20)
    )
    services.create_agreement(
        service=later, provider_unit=unit, title="ماندگار", valid_until=today + dt.timedelta(days=60)
    )
    services.create_agreement(
        service=gone, provider_unit=unit, title="منقضی‌شده", valid_until=today - dt.timedelta(days=1)
    )
    url = reverse("admin:catalogue_servicelevelagreement_changelist")
    html = admin_client.get(url, {"validity": "expiring"}).content.decode()
    assert "زودگذر" in html and "ماندگار" not in html and "منقضی‌شده" not in html
    html = admin_client.get(url, {"validity": "expired"}).content.decode()
    assert "منقضی‌شده" in html and "زودگذر" not in html
    html = admin_client.get(url).content.decode()
    assert "رو به انقضا" in html


def test_service_changelist_shows_the_sample_mark_and_searches_like_the_public(admin_client):
    make_service(title="آزمون نازل‌های سوخت", fee_is_sample=True)
    url = reverse("admin:catalogue_service_changelist")
    html = admin_client.get(url).content.decode()
    assert "ارقام نمونه" in html
    html = admin_client.get(url, {"q": "نازلهاي"}).content.decode()
    assert "آزمون نازل‌های سوخت" in html
