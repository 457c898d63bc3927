"""The journeys of issue 16 in Chromium: apply for a paid service → pay in the sandbox gateway →
receipt; and a payment whose tab was closed at the gateway, settled by the inquiry job."""

import re

import pytest
from django.core.management import call_command

from desk.models import ServiceRequest, State
from desk.tests.test_browser import sign_in
from payments.models import Payment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def apply_and_go_to_gateway(page, base, service):
    page.goto(f"{base}/desk/apply/{service.service_id}/")
    assert "۱٬۲۰۰٬۰۰۰ ریال" in page.locator("#apply-fee").inner_text()
    page.fill("#id_product_name", "انگشتر طلا")
    page.locator("#submit-request").click()
    page.wait_for_url(re.compile(r"/desk/r/\d{13}/receipt/$"))
    request = ServiceRequest.objects.get()
    assert request.state == State.AWAITING_PAYMENT
    assert "پرداخت نشده" in page.locator("#payment-summary").inner_text()
    page.locator("#pay-fee").click()
    assert "۱٬۲۰۰٬۰۰۰" in page.locator("#pay-amount").inner_text()
    page.locator("#pay-submit").click()
    page.wait_for_url(re.compile(r"/payments/sandbox/"))
    assert "۱٬۲۰۰٬۰۰۰" in page.locator("#sandbox-amount").inner_text()
    return request


def test_apply_pay_in_sandbox_and_see_the_receipt(contexts, live_server, applicant, paid_service):
    base = live_server.url
    me = sign_in(contexts, base, applicant)
    request = apply_and_go_to_gateway(me, base, paid_service)
    me.locator("#sandbox-pay").click()
    me.wait_for_url(re.compile(r"/payments/callback/"))
    assert "پرداخت تأیید شد" in me.locator("#payment-outcome").inner_text()
    me.locator("#to-payment-receipt").click()
    payment = Payment.objects.get(charge__request=request)
    assert me.locator("#payment-state").inner_text() == "پرداخت‌شده"
    assert me.locator("#payment-amount").inner_text() == "۱٬۲۰۰٬۰۰۰ ریال"
    assert payment.reference and me.locator("#payment-reference").inner_text()
    assert me.locator("#payment-tracking").inner_text() == request.tracking_display
    pdf = me.request.get(f"{base}/payments/{payment.pk}/receipt.pdf")
    assert pdf.ok and pdf.body().startswith(b"%PDF")
    me.goto(f"{base}/desk/r/{request.tracking_code}/")
    assert me.locator("#request-state").inner_text() == "ثبت‌شده"
    # The callback reloaded (sent twice): still one settled payment.
    me.go_back()
    me.goto(me.url)
    assert Payment.objects.filter(charge__request=request, state=Payment.State.SETTLED).count() == 1


def test_closed_tab_settled_by_the_inquiry_job(contexts, live_server, applicant, paid_service, settings):
    settings.PAYMENT_INQUIRY_AFTER_MINUTES = 0
    base = live_server.url
    me = sign_in(contexts, base, applicant)
    request = apply_and_go_to_gateway(me, base, paid_service)
    me.locator("#sandbox-close_tab").click()
    assert "استعلام" in me.locator("#sandbox-closed").inner_text()
    me.goto(f"{base}/desk/r/{request.tracking_code}/")
    assert me.locator("#request-state").inner_text() == "در انتظار پرداخت"
    call_command("payments_inquire")
    me.reload()
    assert me.locator("#request-state").inner_text() == "ثبت‌شده"
    me.locator("#payment-receipt").click()
    assert me.locator("#payment-state").inner_text() == "پرداخت‌شده"


def test_staff_raise_an_extra_fee_and_the_applicant_pays_it(
    contexts, live_server, applicant, expert, free_service, file_request
):
    from desk import services as desk_services

    request = file_request(free_service)
    desk_services.transition(request=request, name="accept", user=expert)
    desk_services.transition(request=request, name="start_review", user=expert)
    base = live_server.url
    staff = sign_in(contexts, base, expert)
    staff.goto(f"{base}/desk/r/{request.tracking_code}/")
    staff.locator("#raise-extra-fee").click()
    staff.fill("#id_amount", "۲٬۵۰۰٬۰۰۰")
    staff.fill("#id_reason", "هزینه آزمون کشش")
    staff.locator("#extra-fee-submit").click()
    staff.wait_for_url(re.compile(rf"/desk/r/{request.tracking_code}/$"))
    assert staff.locator("#request-state").inner_text() == "در انتظار پرداخت"
    me = sign_in(contexts, base, applicant)
    me.goto(f"{base}/desk/r/{request.tracking_code}/")
    assert "هزینه آزمون کشش" in me.locator("#payment-summary").inner_text()
    me.locator("#pay-fee").click()
    assert "۲٬۵۰۰٬۰۰۰" in me.locator("#pay-amount").inner_text()
    me.locator("#pay-submit").click()
    me.wait_for_url(re.compile(r"/payments/sandbox/"))
    me.locator("#sandbox-pay").click()
    me.wait_for_url(re.compile(r"/payments/callback/"))
    assert "پرداخت تأیید شد" in me.locator("#payment-outcome").inner_text()
    me.goto(f"{base}/desk/r/{request.tracking_code}/")
    assert me.locator("#request-state").inner_text() == "در حال بررسی"
