"""The desk asks the counters app whether an office may file requests: its licence must be in
good standing (P1) and the service delegated to it by rank and qualified experts (P2)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from catalogue.models import Service
from counters import services
from counters.tests.test_workbench import rules  # noqa: F401 (fixture)
from desk import services as desk_services


@pytest.fixture
def operator(office, make_user):
    return make_user(role=Role.COUNTER_OPERATOR, scope={"counter_office": office})


def start(operator, office, service):
    return desk_services.start_counter_intake(
        operator=operator,
        national_code="0012345679",
        mobile="09121234567",
        counter_office=office,
        service=service,
    )


def refusal(operator, office, service) -> str:
    with pytest.raises(ValidationError) as caught:
        start(operator, office, service)
    return " ".join(caught.value.messages)


@pytest.mark.usefixtures("rules")
def test_only_delegated_services_are_filed_and_the_rest_say_why(submitted, expert, operator, outbox):
    office = submitted.office
    plain = Service.objects.get(title="صدور گواهی ساده")
    assert "رتبه تأییدشده" in refusal(operator, office, plain)  # no approved rank yet
    services.approve(declaration=submitted, actor=expert, recipients_score=90, association_score=70)  # rank 2
    start(operator, office, plain)  # delegated: the applicant's code goes out
    assert "رتبه ۱" in refusal(operator, office, Service.objects.get(title="خدمت ویژه رتبه یک"))
    assert "فیزیک" in refusal(operator, office, Service.objects.get(title="آزمون فیزیکی"))
    assert "واگذار نشده" in refusal(operator, office, Service.objects.get(title="خدمت فقط برخط"))


def test_an_office_with_an_expired_licence_cannot_act_and_is_told_where_to_go(office, operator):
    office.licence.expires_on = timezone.localdate() - dt.timedelta(days=1)
    office.licence.save()
    message = refusal(operator, office, None)
    assert "منقضی" in message and "تماس بگیرید" in message
    assert desk_services.counter_office_refusal(office) == message


def test_an_office_with_an_incomplete_file_cannot_act(office, operator):
    office.licence.file_complete = False
    office.licence.missing_items = "گواهی عدم سوء پیشینه"
    office.licence.save()
    assert "گواهی عدم سوء پیشینه" in refusal(operator, office, None)


@pytest.mark.usefixtures("rules")
def test_the_desk_page_shows_the_refusal_and_sends_no_code(committing_client, office, operator, outbox):
    committing_client.force_login(operator)
    service = Service.objects.get(title="آزمون فیزیکی")
    response = committing_client.post(
        reverse("desk:counter_start"),
        {
            "service": service.service_id,
            "national_code": "0012345679",
            "mobile": "09121234567",
            "place": f"office:{office.pk}",
        },
    )
    assert response.status_code == 200
    assert "به این دفتر واگذار نشده است" in response.content.decode()
    assert len(outbox) == 0
