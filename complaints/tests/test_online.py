"""Filing a complaint online (R8): a desk request of the complaint service, with its own SLA, in
the handling unit's queue, never in the queue of the unit it is about."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from accounts.models import OneTimeCode
from complaints import services
from complaints.models import Complaint, ComplaintSubject, Source
from complaints.tests.conftest import COMPLAINT_SLA_DAYS
from desk import services as desk
from desk.models import ServiceRequest
from desk.tests.factories import pdf_file

pytestmark = pytest.mark.django_db


def file(client, *, subject, unit=None, text="کارشناس به تماس‌های من پاسخ نداد.", key="k-1", **extra):
    data = {"subject": subject.pk if subject else "", "text": text, "idempotency_key": key, **extra}
    if unit is not None:
        data["complained_unit"] = unit.pk
    return client.post(reverse("complaints:file"), data)


def test_an_applicant_files_a_complaint_and_gets_a_tracking_code(
    client, applicant, complaint_service, subject, directorate, inspector
):
    client.force_login(applicant)
    assert client.get(reverse("complaints:file")).status_code == 200
    response = file(client, subject=subject, unit=directorate, document=pdf_file("receipt.pdf"))
    request = ServiceRequest.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "desk:detail", args=[request.tracking_code]
    )
    complaint = request.complaint
    assert complaint.subject == subject and complaint.complained_unit == directorate
    assert complaint.source == Source.ONLINE and complaint.external_reference == ""
    assert request.service == complaint_service and request.applicant == applicant
    # Its own SLA: the complaint service's agreement sets the target.
    assert request.target_working_days == COMPLAINT_SLA_DAYS
    assert request.documents.get().original_name == "receipt.pdf"
    page = client.get(response.url).content.decode()
    assert "شکایت شما ثبت شد" in page
    # In the handling unit's queue.
    assert request.unit.code == "HQ-INSPECTION"
    client.force_login(inspector)
    queue = client.get(reverse("desk:queue")).content.decode()
    assert reverse("desk:detail", args=[request.tracking_code]) in queue


def test_a_complaint_about_an_office_goes_to_the_unit_above_it(
    client, applicant, complaint_service, subject, county_office, directorate
):
    client.force_login(applicant)
    file(client, subject=subject, unit=county_office)
    assert ServiceRequest.objects.get().unit == directorate


def test_a_complaint_about_no_unit_goes_where_the_desk_routes_it(client, applicant, complaint_service):
    client.force_login(applicant)
    product = ComplaintSubject.objects.get(title="کالا یا خدمت غیراستاندارد")
    file(client, subject=product)
    complaint = Complaint.objects.get()
    assert complaint.complained_unit is None and complaint.request.unit.code == "HQ-INSPECTION"


def test_a_complaint_about_the_only_unit_that_could_receive_it_is_refused(
    client, applicant, complaint_service, subject, hq
):
    # HQ's inspection unit and the directorate are both under HQ: none may look into HQ itself.
    client.force_login(applicant)
    response = file(client, subject=subject, unit=hq)
    assert response.status_code == 200
    assert "واحد دیگری جز «ستاد» برای رسیدگی به شکایت از آن تعیین نشده است" in response.content.decode()
    assert not ServiceRequest.objects.exists() and not Complaint.objects.exists()


def test_the_form_does_not_offer_a_unit_no_other_unit_may_answer_for(
    client, applicant, complaint_service, subject, hq, directorate
):
    """HQ holds every unit that answers complaints: choosing it could only be refused (the test
    above), so the form lists the units under it, not HQ."""
    client.force_login(applicant)
    page = client.get(reverse("complaints:file")).content.decode()
    choices = page.split('name="complained_unit"')[1].split("</select>")[0]
    offered = re.findall(r'<option value="(\d+)"', choices)
    assert str(directorate.pk) in offered
    assert str(hq.pk) not in offered


def test_a_complaint_about_the_handling_unit_goes_elsewhere(
    client, applicant, complaint_service, subject, inspection, directorate
):
    client.force_login(applicant)
    file(client, subject=subject, unit=inspection)
    assert ServiceRequest.objects.get().unit == directorate


@pytest.mark.parametrize("bad_subject", ["999999", "abc", ""])
def test_an_unknown_subject_is_refused_and_nothing_is_filed(
    client, applicant, complaint_service, bad_subject
):
    client.force_login(applicant)
    response = client.post(
        reverse("complaints:file"), {"subject": bad_subject, "text": "متن", "idempotency_key": "k"}
    )
    assert response.status_code == 200 and "موضوع شکایت" in response.content.decode()
    assert not ServiceRequest.objects.exists()


def test_an_inactive_subject_is_refused(client, applicant, complaint_service, subject):
    ComplaintSubject.objects.filter(pk=subject.pk).update(is_active=False)
    client.force_login(applicant)
    response = file(client, subject=subject)
    assert "موضوع شکایت را از فهرست برگزینید" in response.content.decode()
    assert not ServiceRequest.objects.exists()


def test_an_empty_text_is_refused(client, applicant, complaint_service, subject):
    client.force_login(applicant)
    response = file(client, subject=subject, text="<b> </b>")
    assert "شرح شکایت را بنویسید" in response.content.decode()
    assert not ServiceRequest.objects.exists()


def test_a_double_submit_files_one_complaint(client, applicant, complaint_service, subject):
    client.force_login(applicant)
    first = file(client, subject=subject, key="same")
    second = file(client, subject=subject, key="same")
    assert first.url == second.url
    assert ServiceRequest.objects.count() == 1 and Complaint.objects.count() == 1


def test_another_users_complaint_is_not_found(client, applicant, other_applicant, complaint_service, subject):
    client.force_login(applicant)
    file(client, subject=subject)
    code = ServiceRequest.objects.get().tracking_code
    client.force_login(other_applicant)
    assert client.get(reverse("desk:detail", args=[code])).status_code == 404
    assert client.get(reverse("desk:receipt", args=[code])).status_code == 404


def test_filing_needs_a_signed_in_person(client, complaint_service, subject):
    response = file(client, subject=subject)
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))
    assert not ServiceRequest.objects.exists()


def test_without_a_complaint_service_the_page_says_so(client, applicant, subject):
    client.force_login(applicant)
    response = file(client, subject=subject)
    assert "خدمت رسیدگی به شکایات در فهرست خدمات فعال نیست" in response.content.decode()


def test_the_generic_apply_page_sends_the_applicant_to_the_complaint_form(
    client, applicant, complaint_service
):
    client.force_login(applicant)
    response = client.get(reverse("desk:apply", args=[complaint_service.service_id]))
    assert response.status_code == 302 and response.url == reverse("complaints:file")


def test_no_other_path_files_the_complaint_service(applicant, complaint_service):
    # Not the generic intake, not a counter office: a complaint always gets its subject and routing.
    with pytest.raises(ValidationError) as refused:
        desk.submit_request(
            service=complaint_service,
            applicant=applicant,
            form_data={},
            files={},
            idempotency_key="direct",
            actor=applicant,
        )
    assert refused.value.messages == ["این خدمت از صفحه «ثبت شکایت» ثبت می‌شود."]
    assert not ServiceRequest.objects.exists()


def test_a_counter_office_sends_no_code_for_a_complaint(inspector, complaint_service):
    with pytest.raises(ValidationError):
        desk.start_counter_intake(
            operator=inspector, national_code="0084575948", mobile="09121112233", service=complaint_service
        )
    assert not OneTimeCode.objects.exists()


@settings(max_examples=60, deadline=None)
@given(text=st.text(max_size=60) | st.text(alphabet="يكی <>/b ", max_size=20))
def test_the_complaint_text_is_refused_in_persian_or_kept_clean(text):
    try:
        cleaned = services.clean_text(text)
    except ValidationError as exc:
        assert exc.messages == ["شرح شکایت را بنویسید."]
    else:
        assert cleaned and cleaned == cleaned.strip() and len(cleaned) <= services.MAX_TEXT
        assert "ي" not in cleaned and "ك" not in cleaned


def test_an_overlong_complaint_text_is_refused():
    with pytest.raises(ValidationError) as refused:
        services.clean_text("ا" * (services.MAX_TEXT + 1))
    assert "بیش از ۵۰۰۰ نویسه" in refused.value.messages[0]
