"""Counter-office and in-person intake (D11) with the applicant's one-time code."""

import re

import pytest
from django.urls import reverse

from accounts.models import OneTimeCode, Role, User
from core.validators import national_code_with_check_digit
from desk.models import ServiceRequest
from desk.tests.factories import pdf_file
from orgs.tests.factories import CounterOfficeFactory

pytestmark = pytest.mark.django_db

NEW_CODE = national_code_with_check_digit("555666777")


def start(client, service, place, *, national_code=NEW_CODE, mobile="09351112233", **extra):
    return client.post(
        reverse("desk:counter_start"),
        {
            "service": service.service_id,
            "national_code": national_code,
            "mobile": mobile,
            "first_name": "رضا",
            "last_name": "کشاورز",
            "place": place,
            **extra,
        },
    )


def code_from(outbox) -> str:
    return re.search(r"کد: (\d{6})", outbox[-1].text).group(1)


def confirm(client, service, otp):
    doc = service.documents.first()
    session_key = client.session["miz_desk_counter_intake"]["key"]
    return client.post(
        reverse("desk:counter_confirm"),
        {
            "otp": otp,
            "idempotency_key": session_key,
            "product_name": "کاشی",
            f"document_{doc.pk}": pdf_file(),
        },
    )


def test_operator_files_for_a_new_applicant_confirmed_by_sms(
    committing_client, operator, office, service, outbox
):
    client = committing_client
    client.force_login(operator)
    response = start(client, service, f"office:{office.pk}")
    assert response.status_code == 302 and response.url == reverse("desk:counter_confirm")
    assert outbox[-1].to == "+989351112233" and office.name in outbox[-1].text
    response = confirm(client, service, code_from(outbox))
    request = ServiceRequest.objects.get()
    assert response.url == reverse("desk:receipt", args=[request.tracking_code])
    assert request.channel == "counter" and request.counter_office == office and request.filed_by == operator
    applicant = User.objects.get(national_code=NEW_CODE)
    assert request.applicant == applicant and not applicant.has_usable_password()
    assert applicant.memberships.filter(role=Role.APPLICANT).exists()
    submit_event = request.events.get(name="submit")
    assert submit_event.actor == operator and submit_event.actor_role == "counter_operator"
    # The operator sees the receipt of what their office filed; the applicant got an SMS receipt.
    assert client.get(response.url).status_code == 200
    from notifications.models import Notification

    receipt = Notification.objects.get(event="desk.receipt", channel="sms")
    assert receipt.recipient == "+989351112233" and request.tracking_display in receipt.body


def test_wrong_code_files_nothing(committing_client, operator, office, service, outbox):
    client = committing_client
    client.force_login(operator)
    start(client, service, f"office:{office.pk}")
    response = confirm(client, service, "000000" if code_from(outbox) != "000000" else "111111")
    assert "کد واردشده درست نیست." in response.content.decode()
    assert not ServiceRequest.objects.exists() and not User.objects.filter(national_code=NEW_CODE).exists()
    assert OneTimeCode.objects.get(purpose="counter_intake").attempts == 1


def test_existing_applicant_must_match_their_mobile(
    committing_client, operator, office, service, applicant, outbox
):
    client = committing_client
    client.force_login(operator)
    response = start(client, service, f"office:{office.pk}", national_code=applicant.national_code)
    assert "این شماره همراه با حساب این کد ملی نمی‌خواند" in response.content.decode()
    assert not outbox
    response = start(
        client, service, f"office:{office.pk}", national_code=applicant.national_code, mobile=applicant.mobile
    )
    assert response.status_code == 302
    confirm(client, service, code_from(outbox))
    assert ServiceRequest.objects.get().applicant == applicant


def test_inactive_office_cannot_file(client, operator, office, service):
    office.is_active = False
    office.save()
    client.force_login(operator)
    assert client.get(reverse("desk:counter_start")).status_code == 403


def test_other_staff_and_applicants_cannot_receive_applicants(
    client, applicant, other_expert, service, office
):
    client.force_login(applicant)
    assert client.get(reverse("desk:counter_start")).status_code == 403
    # A staff member of another unit cannot use someone else's office.
    client.force_login(other_expert)
    response = start(client, service, f"office:{office.pk}")
    assert response.status_code == 200 and "place" in response.context["form"].errors


def test_desk_clerk_files_in_person(committing_client, expert, unit, service, outbox):
    client = committing_client
    client.force_login(expert)
    start(client, service, f"unit:{unit.pk}")
    confirm(client, service, code_from(outbox))
    request = ServiceRequest.objects.get()
    assert request.channel == "in_person" and request.intake_unit == unit and request.counter_office is None


def test_operator_sees_only_what_their_office_filed(
    committing_client, operator, office, service, submit, outbox
):
    client = committing_client
    online = submit()
    client.force_login(operator)
    start(client, service, f"office:{office.pk}")
    confirm(client, service, code_from(outbox))
    filed = ServiceRequest.objects.get(channel="counter")
    assert client.get(reverse("desk:detail", args=[filed.tracking_code])).status_code == 200
    assert client.get(reverse("desk:detail", args=[online.tracking_code])).status_code == 404


def test_counter_button_on_the_catalogue_goes_to_counter_intake_for_operators(client, operator, service):
    client.force_login(operator)
    response = client.get(reverse("desk:apply", args=[service.service_id]) + "?channel=counter")
    assert response.status_code == 302
    assert response.url == reverse("desk:counter_start") + f"?service={service.service_id}"


def test_a_bad_file_is_refused_before_the_code_is_spent(committing_client, operator, office, service, outbox):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = committing_client
    client.force_login(operator)
    start(client, service, f"office:{office.pk}")
    code = code_from(outbox)
    doc = service.documents.first()
    session_key = client.session["miz_desk_counter_intake"]["key"]
    fake = SimpleUploadedFile("report.pdf", b"not a pdf at all", content_type="application/pdf")
    response = client.post(
        reverse("desk:counter_confirm"),
        {"otp": code, "idempotency_key": session_key, "product_name": "x", f"document_{doc.pk}": fake},
    )
    assert "نمی‌خواند" in response.content.decode()
    assert OneTimeCode.objects.get(purpose="counter_intake").used_at is None
    assert confirm(client, service, code).status_code == 302
    assert ServiceRequest.objects.count() == 1


def test_operator_follows_up_what_their_office_filed_and_nothing_else(
    committing_client, operator, office, service, submit, outbox, province
):

    client = committing_client
    online = submit()
    elsewhere = submit()
    other = CounterOfficeFactory(code="9901-01-02", name="دفتر دیگر", province=province)
    ServiceRequest.objects.filter(pk=elsewhere.pk).update(channel="counter", counter_office=other)
    client.force_login(operator)
    start(client, service, f"office:{office.pk}")
    confirm(client, service, code_from(outbox))
    filed = ServiceRequest.objects.get(counter_office=office)
    html = client.get(reverse("desk:my_requests")).content.decode()
    listed = html.split('id="filed-requests"', 1)[1]
    assert filed.tracking_display in listed and "رضا کشاورز" in listed and office.name in listed
    assert online.tracking_display not in html and elsewhere.tracking_display not in html
    # The applicant's own page has no such list.
    client.force_login(online.applicant)
    assert 'id="filed-requests"' not in client.get(reverse("desk:my_requests")).content.decode()
