"""C3: a request is due by the SLA version of the province whose unit handles it, else the
national version; a reassignment keeps the due date given on the receipt (decision 0089)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalogue import services as catalogue_services
from catalogue.models import ServiceLevelAgreement
from core.calendar import get_calendar
from core.jalali import format_date
from core.text import to_persian_digits
from desk import services
from desk.models import ServiceRequest
from desk.tests.factories import make_service, pdf_file
from orgs.models import OrgUnit
from orgs.tests.factories import OrgUnitFactory, ProvinceFactory

pytestmark = pytest.mark.django_db

NATIONAL_DAYS, PROVINCE_DAYS = 20, 3
WEDNESDAY = dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.UTC)  # 1405/09/04, a working day


@pytest.fixture
def hq(db):
    return OrgUnitFactory(code="HQ-SLA", name="دفتر ستادی", kind=OrgUnit.Kind.HQ_OFFICE)


@pytest.fixture
def agreed(unit, hq, province):
    """A service of a provincial directorate and an HQ office: a national SLA (20 working days)
    and the province's own version (3 working days)."""
    service = make_service([unit, hq], steps=0)
    catalogue_services.create_agreement(
        service=service, provider_unit=hq, resolution_working_days=NATIONAL_DAYS
    )
    catalogue_services.create_agreement(
        service=service, provider_unit=unit, province=province, resolution_working_days=PROVINCE_DAYS
    )
    return service


def test_the_province_version_binds_its_own_province_only(agreed, unit, hq, province):
    other = ProvinceFactory(code="IR-98", name="استان دیگر", phone_area_code="098")
    assert agreed.target_working_days(province_id=province.pk) == PROVINCE_DAYS
    assert agreed.target_working_days(province_id=other.pk) == NATIONAL_DAYS
    assert agreed.target_working_days() == NATIONAL_DAYS  # HQ: no province
    # The service's public page keeps showing the national agreement.
    assert agreed.agreement_in_force().provider_unit == hq


def test_a_unit_under_a_directorate_works_in_its_province(unit, province, hq):
    section = OrgUnitFactory(code="IR-99-1", name="اداره بازرسی", kind=OrgUnit.Kind.HQ_OFFICE, parent=unit)
    assert section.province_id_above() == province.pk
    assert unit.province_id_above() == province.pk
    assert hq.province_id_above() is None


def test_an_expired_province_version_falls_back_to_the_national_one(agreed, province):
    version = ServiceLevelAgreement.objects.get(province=province)
    version.valid_until = dt.date(2026, 1, 1)
    version.save()
    assert agreed.target_working_days(dt.date(2025, 12, 31), province_id=province.pk) == PROVINCE_DAYS
    assert agreed.target_working_days(dt.date(2026, 1, 2), province_id=province.pk) == NATIONAL_DAYS


def test_a_province_version_must_be_given_by_a_unit_of_that_province(agreed, hq, province):
    with pytest.raises(ValidationError) as caught:
        catalogue_services.create_agreement(service=agreed, provider_unit=hq, province=province)
    assert "اداره کل همان استان" in caught.value.messages[0]


def test_province_and_national_versions_of_one_unit_do_not_clash(agreed, unit, province):
    # The directorate may also hold a national version (seed 002's agreement is a province's),
    # and a second overlapping province version of the same unit is refused.
    catalogue_services.create_agreement(service=agreed, provider_unit=unit, resolution_working_days=9)
    with pytest.raises(ValidationError) as caught:
        catalogue_services.create_agreement(service=agreed, provider_unit=unit, province=province)
    assert "هم‌پوشانی" in caught.value.messages[0]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(day=st.dates(dt.date(2024, 1, 1), dt.date(2028, 12, 31)))
def test_due_date_is_the_chosen_version_counted_on_the_business_calendar(agreed, province, day):
    """Whatever the day: inside the province version's validity its requests are due by it, outside
    by the national one, and the due date is that many working days on the calendar."""
    version = ServiceLevelAgreement.objects.get(province=province)
    if version.valid_from is None:  # once per test run: a window inside the drawn range
        version.valid_from, version.valid_until = dt.date(2025, 3, 21), dt.date(2027, 3, 20)
        version.save()
    expected = PROVINCE_DAYS if version.valid_from <= day <= version.valid_until else NATIONAL_DAYS
    target = agreed.target_working_days(day, province_id=province.pk)
    assert target == expected
    due = get_calendar().add_working_days(day, target)
    assert get_calendar().working_days_between(day, due) == expected
    assert due > day


def test_a_request_handled_in_the_province_is_due_by_its_version(
    client, agreed, unit, applicant, time_machine, settings
):
    """Filed online through the form: the receipt shows the province's 3 working days."""
    settings.MIZ_WEEKEND = [4]
    time_machine.move_to(WEDNESDAY)
    client.force_login(applicant)
    document = agreed.documents.get(required=True)
    response = client.post(
        reverse("desk:apply", args=[agreed.service_id]),
        {
            "idempotency_key": "sla-1",
            "product_name": "شیر",
            "unit": str(unit.pk),
            f"document_{document.pk}": pdf_file(),
        },
        follow=True,
    )
    assert response.status_code == 200
    request = ServiceRequest.objects.get(applicant=applicant)
    assert (request.unit, request.target_working_days) == (unit, PROVINCE_DAYS)
    # Wednesday + 3 working days, Friday off: Thursday, Saturday, Sunday 1405/09/08.
    assert request.due_date == dt.date(2026, 11, 29)
    receipt = client.get(reverse("desk:receipt", args=[request.tracking_code])).content.decode()
    assert format_date(dt.date(2026, 11, 29)) in receipt
    assert f"({to_persian_digits('3')} روز کاری)" in receipt


def test_an_hq_request_is_due_by_the_national_version(agreed, hq, submit, time_machine, settings):
    settings.MIZ_WEEKEND = [4]
    time_machine.move_to(WEDNESDAY)
    request = submit(svc=agreed, unit=hq)
    assert request.target_working_days == NATIONAL_DAYS
    assert request.due_date == get_calendar().add_working_days(dt.date(2026, 11, 25), NATIONAL_DAYS)


def test_reassignment_across_provinces_keeps_the_receipts_due_date(agreed, unit, hq, submit, head):
    request = submit(svc=agreed, unit=unit)
    before = (request.target_working_days, request.due_date)
    assert before[0] == PROVINCE_DAYS
    services.reassign_unit(request=request, unit=hq, by=head)
    request.refresh_from_db()
    assert request.unit == hq
    assert (request.target_working_days, request.due_date) == before


def test_the_admin_shows_and_takes_a_province_version_in_persian(admin_client, agreed, unit, province):
    listing = admin_client.get(reverse("admin:catalogue_servicelevelagreement_changelist")).content.decode()
    assert "دامنه" in listing and f"استان {province}" in listing and "ملی" in listing
    form = admin_client.get(reverse("admin:catalogue_servicelevelagreement_add")).content.decode()
    assert "استان (نسخه استانی)" in form and "خالی: نسخه ملی" in form
    # A second province version of the same unit overlapping the first is refused, in Persian.
    response = admin_client.post(
        reverse("admin:catalogue_servicelevelagreement_add"),
        {
            "service": agreed.pk,
            "provider_unit": unit.pk,
            "province": province.pk,
            "resolution_working_days": "4",
        },
    )
    assert response.status_code == 200
    assert "هم‌پوشانی" in response.content.decode()
    assert ServiceLevelAgreement.objects.filter(province=province).count() == 1
