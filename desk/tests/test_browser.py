"""The two journeys of issue #4 in Chromium.

1. Apply online with a document → receipt → the expert asks for one more document → the
   applicant answers → approval and certificate → the applicant downloads it and rates the service.
2. A counter office files a request for an applicant confirmed by the SMS code they read out.

The live server runs in this process, so the SMS it sends lands in `core.sms.outbox`.
"""

import re

import pytest

from accounts.models import Role
from core.testing import PASSWORD
from desk.models import Feedback, ServiceRequest, State
from desk.tests.factories import PDF_BYTES, make_service

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(contexts, base_url, user):
    context = contexts()
    page = context.new_page()
    page.set_default_timeout(15000)
    page.goto(base_url + "/accounts/login/")
    page.fill("#id_national_code", user.national_code)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="ورود").click()
    page.wait_for_url(re.compile(r"/$"))
    return page


def pdf_upload(name):
    return {"name": name, "mimeType": "application/pdf", "buffer": PDF_BYTES}


def test_online_journey_to_certificate_and_rating(contexts, live_server, make_user, unit, tmp_path):
    service = make_service([unit], title="صدور پروانه آزمون مرورگر")
    applicant = make_user(role=Role.APPLICANT, first_name="سارا", last_name="محمدی")
    expert = make_user(role=Role.STAFF_EXPERT, scope={"org_unit": unit}, first_name="حسین", last_name="احمدی")
    base = live_server.url

    # The applicant applies from the catalogue page, with their document.
    me = sign_in(contexts, base, applicant)
    me.goto(f"{base}/services/{service.service_id}/")
    me.locator("#apply-online").click()
    me.wait_for_url(re.compile(r"/desk/apply/"))
    me.fill("#id_product_name", "شير پاستوريزه")  # Arabic yeh, normalised on the way in
    document = service.documents.get(required=True)
    me.set_input_files(f"#id_document_{document.pk}", pdf_upload("test-report.pdf"))
    me.locator("#submit-request").click()
    me.wait_for_url(re.compile(r"/desk/r/\d{13}/receipt/$"))
    request = ServiceRequest.objects.get()
    assert request.form_data["product_name"] == "شیر پاستوریزه"
    assert me.locator("#receipt-code").inner_text() == request.tracking_display
    assert "test-report.pdf" in me.locator("#receipt-documents").inner_text()
    assert me.locator("#receipt-qr").is_visible()
    pdf = me.request.get(f"{base}/desk/r/{request.tracking_code}/receipt.pdf")
    assert pdf.ok and pdf.body().startswith(b"%PDF")

    # The expert takes it from the queue and asks for one more document.
    staff = sign_in(contexts, base, expert)
    staff.goto(f"{base}/desk/queue/")
    staff.get_by_role("link", name=request.tracking_display).click()
    staff.locator("#do-accept").click()
    staff.locator("#do-start_review").click()
    assert "در حال بررسی" in staff.locator("#request-state").inner_text()
    staff.locator("form[data-name=request_more] textarea").fill("تصویر پروانه بهره‌برداری را هم بفرستید.")
    staff.locator("#do-request_more").click()
    assert staff.locator("#request-state").inner_text() == "در انتظار متقاضی"

    # The applicant answers with the document; the clock runs again.
    me.goto(f"{base}/desk/my/")
    me.get_by_role("link", name=request.tracking_display).click()
    assert "تصویر پروانه بهره‌برداری را هم بفرستید." in me.locator("#messages").inner_text()
    me.fill("#id_body", "پروانه پیوست شد.")
    me.set_input_files("#id_attachment", pdf_upload("licence.pdf"))
    me.locator("#send-message").click()
    assert me.locator("#request-state").inner_text() == "در حال بررسی"

    # The expert sees the attachment, finishes the steps, approves and issues the certificate.
    staff.reload()
    assert "licence.pdf" in staff.locator("#messages").inner_text()
    staff.locator("#do-advance").click()
    staff.locator("#do-approve").click()
    assert staff.locator("#request-state").inner_text() == "تأییدشده"
    staff.fill("#id_text", "پروانه کاربرد علامت استاندارد برای این کالا صادر شد.")
    staff.locator("#issue-response").click()
    assert staff.locator("#request-state").inner_text() == "پاسخ صادر شد"

    # The applicant downloads the certificate and rates the service.
    me.reload()
    with me.expect_download() as info:
        me.locator("#download-response").click()
    saved = tmp_path / "certificate.pdf"
    info.value.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF")
    me.reload()
    assert me.locator("#request-state").inner_text() == "بسته‌شده"
    me.locator("#feedback-form input[name=score][value='5']").check()
    me.locator("#feedback-form input[name=reasons][value='speed']").check()
    me.fill("#id_comment", "سریع و بی‌دردسر")
    me.locator("#feedback-form button[type=submit]").click()
    assert "۵ از ۵" in me.locator("#feedback-done").inner_text()
    feedback = Feedback.objects.get()
    assert (feedback.score, feedback.reasons) == (5, ["speed"])
    request.refresh_from_db()
    assert request.state == State.CLOSED
    names = list(request.events.filter(kind="transition").values_list("name", flat=True))
    assert names == [
        "submit",
        "accept",
        "start_review",
        "request_more",
        "applicant_answer",
        "advance",
        "approve",
        "issue_response",
        "close",
    ]
    # The certificate's QR leads to the public verification page.
    verify = me.request.get(f"{base}/desk/verify/{request.response.verification_token}/")
    assert verify.ok and request.tracking_display in verify.text()


def test_counter_office_journey(contexts, live_server, make_user, unit, office, outbox):
    service = make_service([unit], title="خدمت دفتر پیشخوان")
    operator = make_user(role=Role.COUNTER_OPERATOR, scope={"counter_office": office}, first_name="علی")
    base = live_server.url

    desk = sign_in(contexts, base, operator)
    desk.goto(f"{base}/services/{service.service_id}/")
    desk.locator("#apply-counter").click()
    desk.wait_for_url(re.compile(r"/desk/counter/\?service="))
    desk.fill("#id_national_code", "۰۰۸۴۵۷۵۹۴۸")
    desk.fill("#id_mobile", "۰۹۳۵۱۱۱۲۲۳۳")
    desk.fill("#id_first_name", "رضا")
    desk.fill("#id_last_name", "كشاورز")  # Arabic kaf
    desk.get_by_role("button", name="فرستادن کد تأیید").click()
    desk.wait_for_url(re.compile(r"/desk/counter/confirm/$"))
    assert outbox[-1].to == "+989351112233"
    code = re.search(r"کد: (\d{6})", outbox[-1].text).group(1)
    desk.fill("#id_product_name", "کاشی")
    document = service.documents.get(required=True)
    desk.set_input_files(f"#id_document_{document.pk}", pdf_upload("report.pdf"))
    desk.fill("#id_otp", code.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")))
    desk.locator("#counter-submit").click()
    desk.wait_for_url(re.compile(r"/desk/r/\d{13}/receipt/$"))
    request = ServiceRequest.objects.get()
    assert request.channel == "counter" and request.counter_office == office
    assert request.applicant.last_name == "کشاورز"
    assert office.name in desk.locator("main").inner_text()

    # The applicant tracks it on the public page with the code and their mobile.
    public = contexts().new_page()
    public.goto(f"{base}/desk/track/")
    public.fill("#id_code", request.tracking_display)
    public.fill("#id_identifier", "۰۹۳۵۱۱۱۲۲۳۳")
    public.get_by_role("button", name="پیگیری").click()
    assert public.locator("#request-state").inner_text() == "ثبت‌شده"
    assert "ثبت درخواست و صدور کد رهگیری" in public.locator("#timeline").inner_text()
