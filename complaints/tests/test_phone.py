"""The 1517 line (R8): an operator files a complaint for a caller identified by national code and
mobile and confirmed by the code SMSed to the caller (the desk's counter confirmation, reused)."""

import re

import pytest
from django.urls import reverse

from accounts.models import OneTimeCode, User
from complaints.models import Complaint, Source
from core.text import to_persian_digits
from core.validators import national_code_with_check_digit
from desk.models import ServiceRequest

pytestmark = pytest.mark.django_db

CALLER = national_code_with_check_digit("444555666")


def start(client, *, national_code=CALLER, mobile="09351112244"):
    return client.post(
        reverse("complaints:phone_start"),
        {"national_code": national_code, "mobile": mobile, "first_name": "رضا", "last_name": "کشاورز"},
    )


def confirm(client, *, otp, subject, unit=None, text="کالای خریده‌شده نشان استاندارد جعلی داشت."):
    data = {
        "otp": otp,
        "subject": subject.pk,
        "text": text,
        "idempotency_key": client.session["miz_complaints_phone_caller"]["key"],
    }
    if unit is not None:
        data["complained_unit"] = unit.pk
    return client.post(reverse("complaints:phone_confirm"), data)


def code_from(outbox) -> str:
    return re.search(r"کد: (\d{6})", outbox[-1].text).group(1)


def test_an_operator_files_a_callers_complaint_confirmed_by_sms(
    committing_client, line_operator, complaint_service, subject, county_office, directorate, outbox
):
    client = committing_client
    client.force_login(line_operator)
    assert client.get(reverse("complaints:phone_start")).status_code == 200
    response = start(client)
    assert response.url == reverse("complaints:phone_confirm")
    assert outbox[-1].to == "+989351112244" and "۱۵۱۷" in outbox[-1].text
    page = client.get(reverse("complaints:phone_confirm")).content.decode()
    assert to_persian_digits(CALLER) in page and "۰۹۳۵۱۱۱۲۲۴۴" in page
    response = confirm(client, otp=code_from(outbox), subject=subject, unit=county_office)
    request = ServiceRequest.objects.get()
    assert response.url == reverse("desk:receipt", args=[request.tracking_code])
    complaint = request.complaint
    assert complaint.source == Source.LINE_1517 and complaint.complained_unit == county_office
    assert request.unit == directorate  # above the office complained about
    caller = User.objects.get(national_code=CALLER)
    assert request.applicant == caller and request.filed_by == line_operator
    submit = request.events.get(name="submit")
    assert submit.actor == line_operator and submit.actor_role == "line_1517_operator"


def test_a_wrong_code_files_nothing(committing_client, line_operator, complaint_service, subject, outbox):
    client = committing_client
    client.force_login(line_operator)
    start(client)
    wrong = "000000" if code_from(outbox) != "000000" else "111111"
    response = confirm(client, otp=wrong, subject=subject)
    assert response.status_code == 200 and "کد واردشده درست نیست" in response.content.decode()
    assert not ServiceRequest.objects.exists() and not User.objects.filter(national_code=CALLER).exists()


def test_a_complaint_against_the_receiving_unit_is_refused_before_the_code_is_spent(
    committing_client, line_operator, complaint_service, subject, hq, outbox
):
    client = committing_client
    client.force_login(line_operator)
    start(client)
    otp = code_from(outbox)
    response = confirm(client, otp=otp, subject=subject, unit=hq)
    assert "واحد دیگری جز «ستاد»" in response.content.decode()
    assert not Complaint.objects.exists()
    # The code is still good for the corrected complaint.
    confirm(client, otp=otp, subject=subject)
    assert Complaint.objects.count() == 1


def test_a_double_submit_files_one_complaint(
    committing_client, line_operator, complaint_service, subject, outbox
):
    client = committing_client
    client.force_login(line_operator)
    start(client)
    otp = code_from(outbox)
    key = client.session["miz_complaints_phone_caller"]["key"]
    data = {"otp": otp, "subject": subject.pk, "text": "شکایت", "idempotency_key": key}
    client.post(reverse("complaints:phone_confirm"), data)
    # A second click that raced the first: the session still names the caller and the same key.
    session = client.session
    session["miz_complaints_phone_caller"] = {
        "national_code": CALLER,
        "mobile": "+989351112244",
        "first_name": "رضا",
        "last_name": "کشاورز",
        "key": key,
    }
    session.save()
    client.post(reverse("complaints:phone_confirm"), data)  # the same form again (a second click)
    assert Complaint.objects.count() == 1


@pytest.mark.parametrize(
    ("national_code", "mobile", "message"),
    [
        (CALLER[:-1] + str((int(CALLER[-1]) + 1) % 10), "09351112244", "کد ملی"),
        (CALLER, "0935111224", "شماره همراه"),
        (CALLER, "02188776655", "شماره همراه"),
    ],
)
def test_a_bad_national_code_or_mobile_sends_no_code(
    client, line_operator, complaint_service, outbox, national_code, mobile, message
):
    client.force_login(line_operator)
    response = start(client, national_code=national_code, mobile=mobile)
    assert response.status_code == 200 and message in response.content.decode()
    assert outbox == [] and "miz_complaints_phone_caller" not in client.session


def test_a_known_caller_must_give_their_own_mobile(
    client, line_operator, complaint_service, applicant, outbox
):
    client.force_login(line_operator)
    response = start(client, national_code=applicant.national_code, mobile="09351112244")
    assert "این شماره همراه با حساب این کد ملی نمی‌خواند" in response.content.decode()
    assert outbox == []


def test_only_an_operator_may_file_by_phone(client, inspector, complaint_service):
    client.force_login(inspector)
    assert client.get(reverse("complaints:phone_start")).status_code == 403
    assert start(client).status_code == 403
    assert client.post(reverse("complaints:phone_confirm"), {}).status_code == 403


def test_the_complaint_page_links_the_operator_to_the_1517_form(client, line_operator, applicant):
    client.force_login(line_operator)
    assert reverse("complaints:phone_start") in client.get(reverse("complaints:file")).content.decode()
    client.force_login(applicant)
    assert reverse("complaints:phone_start") not in client.get(reverse("complaints:file")).content.decode()


def test_a_new_caller_without_a_name_keeps_their_code(
    committing_client, line_operator, complaint_service, subject, outbox
):
    client = committing_client
    client.force_login(line_operator)
    client.post(reverse("complaints:phone_start"), {"national_code": CALLER, "mobile": "09351112244"})
    otp = code_from(outbox)
    response = confirm(client, otp=otp, subject=subject)
    assert "نام و نام خانوادگی تماس‌گیرنده تازه را وارد کنید" in response.content.decode()
    assert not Complaint.objects.exists()
    assert OneTimeCode.objects.get().used_at is None  # not spent: the operator can go back and add it
