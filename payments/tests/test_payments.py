"""Paying through the sandbox gateway, as the payer's browser does, and every bad input of issue
16: each leaves exactly one settled payment or none, with a Persian message."""

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from core.testing import at_once, shared_by_threads
from desk.models import RequestEvent, State
from payments import services
from payments.models import Payment, PaymentEvent, SandboxTransaction
from payments.tests.conftest import callback_url, come_back, press, query_of

pytestmark = pytest.mark.django_db

P = Payment.State


def settled_count(request) -> int:
    return Payment.objects.filter(charge__request=request, state=P.SETTLED).count()


def test_journey_through_the_pages(client, applicant, file_request, paid_service):
    request = file_request(paid_service)
    client.force_login(applicant)
    page = client.get(f"/payments/r/{request.tracking_code}/pay/")
    assert "۱٬۲۰۰٬۰۰۰ ریال" in page.content.decode()
    to_gateway = client.post(f"/payments/r/{request.tracking_code}/pay/")
    assert to_gateway.status_code == 302 and "/payments/sandbox/" in to_gateway["Location"]
    assert "۱٬۲۰۰٬۰۰۰" in client.get(to_gateway["Location"]).content.decode()
    back = client.post(to_gateway["Location"], {"scenario": "pay"})
    assert back.status_code == 302 and "/payments/callback/" in back["Location"]
    result = client.get(back["Location"])
    assert "پرداخت تأیید شد" in result.content.decode()
    request.refresh_from_db()
    assert request.state == State.SUBMITTED and request.clock_paused is False
    payment = Payment.objects.get(charge__request=request)
    assert payment.state == P.SETTLED and payment.reference
    receipt = client.get(f"/payments/{payment.pk}/receipt/").content.decode()
    assert request.tracking_code[:2] in receipt and "۱٬۲۰۰٬۰۰۰ ریال" in receipt
    # the gateway by its Persian name, never its code (`sandbox`); codes right-aligned like the rest
    assert "<td>درگاه آزمایشی میز</td>" in receipt and ">sandbox<" not in receipt
    assert 'class="text-end"' not in receipt
    pdf = client.get(f"/payments/{payment.pk}/receipt.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    pdf_text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "sandbox" not in pdf_text and "شماره مرجع" in pdf_text.replace("\u200c", "")
    event = request.events.get(kind=RequestEvent.Kind.TRANSITION, name="payment_received")
    assert event.payload["reference"] == payment.reference


def test_callback_alone_settles_nothing(client, applicant, file_request, paid_service, start):
    """A well-formed «OK» callback for a transaction the payer never paid: verify says no."""
    request = file_request(paid_service)
    payment = start(request)
    client.force_login(applicant)
    forged = {"Authority": payment.authority, "Status": "OK", "Amount": "1200000"}
    page = client.get(callback_url(payment), forged).content.decode()
    assert "پرداخت تأیید نشد" in page
    assert settled_count(request) == 0
    request.refresh_from_db()
    assert request.state == State.AWAITING_PAYMENT


def test_replayed_callback_settles_once(client, applicant, file_request, paid_service, start):
    request = file_request(paid_service)
    payment = start(request)
    query = press(payment)
    come_back(client, applicant, payment, query)
    again = client.get(callback_url(payment), query).content.decode()
    assert "پیش‌تر تأیید شده" in again
    assert settled_count(request) == 1
    assert request.events.filter(name="payment_received").count() == 1
    assert PaymentEvent.objects.filter(payment=payment, name="replayed").count() == 1


def test_forged_amount_in_callback_is_refused(client, applicant, file_request, paid_service, start):
    request = file_request(paid_service)
    payment = start(request)
    page = come_back(client, applicant, payment, press(payment) | {"Amount": "1000"})
    assert "با هزینه درخواست یکی نیست" in page
    assert settled_count(request) == 0
    # the money was taken at the gateway: the inquiry job finds and settles it
    counts = services.inquire_open(older_than=dt.timedelta(0), expire_after=dt.timedelta(hours=1))
    assert counts["settled"] == 1 and settled_count(request) == 1


def test_gateway_amount_differing_from_charge_is_reversed(file_request, paid_service, start):
    request = file_request(paid_service)
    payment = start(request)
    press(payment)
    SandboxTransaction.objects.filter(authority=payment.authority).update(amount_rials=1000)
    outcome = services.settle(payment_id=payment.pk, via="callback")
    assert not outcome.settled and "یکی نیست" in outcome.message
    assert settled_count(request) == 0


def test_callback_for_another_applicants_payment_changes_nothing(
    client, other_applicant, file_request, paid_service, start
):
    request = file_request(paid_service)
    payment = start(request)
    page = come_back(client, other_applicant, payment, press(payment))
    assert "این پرداخت از آن شما نیست" in page
    assert request.tracking_code not in page
    payment.refresh_from_db()
    assert payment.state == P.STARTED and settled_count(request) == 0


def test_other_applicant_cannot_open_the_pay_page_or_receipt(
    client, other_applicant, file_request, paid_service, start
):
    request = file_request(paid_service)
    payment = start(request)
    client.force_login(other_applicant)
    assert client.get(f"/payments/r/{request.tracking_code}/pay/").status_code == 404
    assert client.post(f"/payments/r/{request.tracking_code}/pay/").status_code == 404
    assert client.get(f"/payments/{payment.pk}/receipt/").status_code == 404


def test_only_the_applicant_starts_a_payment(file_request, paid_service, start, other_applicant):
    request = file_request(paid_service)
    with pytest.raises(ValidationError, match="متقاضی همان درخواست"):
        start(request, payer=other_applicant)
    assert not Payment.objects.exists()


def test_verify_timeout_then_inquiry_settles(client, applicant, file_request, paid_service, start):
    request = file_request(paid_service)
    payment = start(request)
    page = come_back(client, applicant, payment, press(payment, "verify_timeout"))
    assert "دوباره پرداخت نکنید" in page
    payment.refresh_from_db()
    assert payment.state == P.UNKNOWN and settled_count(request) == 0
    SandboxTransaction.objects.filter(authority=payment.authority).update(verify_timeout=False)
    services.inquire_open(older_than=dt.timedelta(0), expire_after=dt.timedelta(hours=1))
    payment.refresh_from_db()
    assert payment.state == P.SETTLED
    request.refresh_from_db()
    assert request.state == State.SUBMITTED


def test_verify_that_fails_settles_nothing(client, applicant, file_request, paid_service, start):
    request = file_request(paid_service)
    payment = start(request)
    page = come_back(client, applicant, payment, press(payment, "fail_verify"))
    assert "پرداخت تأیید نشد" in page
    payment.refresh_from_db()
    assert payment.state == P.FAILED and settled_count(request) == 0


def test_cancel_at_the_gateway(client, applicant, file_request, paid_service, start):
    request = file_request(paid_service)
    payment = start(request)
    come_back(client, applicant, payment, press(payment, "cancel"))
    payment.refresh_from_db()
    assert payment.state == P.CANCELLED
    start(request)  # the applicant may try again
    assert Payment.objects.filter(charge__request=request).count() == 2


def test_closed_tab_is_settled_by_the_inquiry_job(file_request, paid_service, start, time_machine):
    from django.core.management import call_command

    request = file_request(paid_service)
    payment = start(request)
    press(payment, "close_tab")  # paid, but the browser never comes back
    call_command("payments_inquire")  # too early: left for later
    payment.refresh_from_db()
    assert payment.state == P.STARTED
    time_machine.move_to(payment.created_at + dt.timedelta(minutes=11))
    call_command("payments_inquire")
    payment.refresh_from_db()
    assert payment.state == P.SETTLED
    request.refresh_from_db()
    assert request.state == State.SUBMITTED


def test_abandoned_payment_expires(file_request, paid_service, start, time_machine):
    request = file_request(paid_service)
    payment = start(request)  # the payer never pressed anything at the gateway
    time_machine.move_to(payment.created_at + dt.timedelta(minutes=61))
    counts = services.inquire_open(older_than=dt.timedelta(minutes=10), expire_after=dt.timedelta(minutes=60))
    payment.refresh_from_db()
    assert counts["expired"] == 1 and payment.state == P.EXPIRED


def test_paying_twice_reverses_the_second(client, applicant, file_request, paid_service, start):
    request = file_request(paid_service)
    first, second = start(request), start(request)  # two tabs
    first_query, second_query = press(first), press(second)
    client.force_login(applicant)
    client.get(callback_url(first), first_query)
    page = client.get(callback_url(second), second_query).content.decode()
    assert "پیش‌تر پرداخت شده بود" in page
    second.refresh_from_db()
    assert second.state == P.REVERSED
    assert (
        SandboxTransaction.objects.get(authority=second.authority).state == SandboxTransaction.State.REVERSED
    )
    assert settled_count(request) == 1
    with pytest.raises(ValidationError) as caught:
        start(request)
    assert caught.value.messages == ["هزینه این درخواست پیش‌تر پرداخت شده است."]


@pytest.mark.django_db(transaction=True)
def test_two_verifies_at_once_settle_one(file_request, paid_service, start, tmp_path):
    with shared_by_threads(tmp_path):
        request = file_request(paid_service)
        first, second = start(request), start(request)
        press(first), press(second)
        outcomes = at_once(
            lambda: services.settle(payment_id=first.pk, via="callback"),
            lambda: services.settle(payment_id=second.pk, via="callback"),
        )
        assert sorted(o.settled for o in outcomes) == [False, True]
        assert settled_count(request) == 1


def test_refund_of_a_request_rejected_before_work(client, file_request, paid_service, start, expert):
    from desk import services as desk_services

    request = file_request(paid_service)
    payment = start(request)
    press(payment)
    assert services.settle(payment_id=payment.pk, via="callback").settled
    desk_services.transition(request=request, name="reject", user=expert, note="مدارک ناقص")
    client.force_login(expert)
    page = client.get(f"/payments/{payment.pk}/receipt/").content.decode()
    assert 'id="refund-form"' in page
    client.post(f"/payments/{payment.pk}/refund/", {"reason": ""})
    payment.refresh_from_db()
    assert payment.state == P.SETTLED  # no reason, nothing changed
    client.post(f"/payments/{payment.pk}/refund/", {"reason": "رد پیش از آغاز بررسی"})
    payment.refresh_from_db()
    assert payment.state == P.REFUNDED and payment.refund_reason == "رد پیش از آغاز بررسی"
    assert payment.refunded_by == expert


def test_no_refund_once_work_started_or_by_the_applicant(
    file_request, paid_service, start, expert, applicant
):
    from desk import services as desk_services

    request = file_request(paid_service)
    payment = start(request)
    press(payment)
    services.settle(payment_id=payment.pk, via="callback")
    with pytest.raises(ValidationError):
        services.refund(payment=payment, actor=applicant, reason="پس بده")
    with pytest.raises(ValidationError, match="ردشده"):
        services.refund(payment=payment, actor=expert, reason="اشتباه")
    for name in ("accept", "start_review", "reject"):
        desk_services.transition(request=request, name=name, user=expert, note="مدرک ناقص")
    with pytest.raises(ValidationError, match="بررسی این درخواست آغاز شده"):
        services.refund(payment=payment, actor=expert, reason="رد شد")
    payment.refresh_from_db()
    assert payment.state == P.SETTLED


def test_unknown_payment_callback(client):
    page = client.get("/payments/callback/999999/", {"Authority": "x", "Status": "OK"}).content.decode()
    assert "پرداختی با این مشخصات یافت نشد" in page


def test_sandbox_refuses_an_unknown_button(client, file_request, paid_service, start):
    payment = start(file_request(paid_service))
    assert client.post(f"/payments/sandbox/{payment.authority}/", {"scenario": "steal"}).status_code == 404
    assert client.get("/payments/sandbox/nope/").status_code == 404


def test_sandbox_page_is_off_with_another_backend(client, settings, file_request, paid_service, start):
    payment = start(file_request(paid_service))
    settings.PAYMENT_BACKEND = "zarinpal"
    assert client.get(f"/payments/sandbox/{payment.authority}/").status_code == 404


def test_redirected_callback_query_matches_the_gateway(client, applicant, file_request, paid_service):
    request = file_request(paid_service)
    client.force_login(applicant)
    to_gateway = client.post(f"/payments/r/{request.tracking_code}/pay/")
    back = client.post(to_gateway["Location"], {"scenario": "pay"})
    query = query_of(back["Location"])
    payment = Payment.objects.get(charge__request=request)
    assert query == {"Authority": payment.authority, "Status": "OK", "Amount": "1200000"}
