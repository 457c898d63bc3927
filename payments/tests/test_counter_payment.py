"""Payment taken at the counter office that filed the request (issue 16, item 3): recorded by its
operator, it settles the charge as a verified gateway payment does and is in the reconciliation;
another office's operator, a wrong amount, no reference, a double submit change nothing."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from core.jalali import format_date
from desk import services as desk_services
from desk.models import State
from payments import counter, reconcile, services
from payments.models import Payment, PaymentEvent
from payments.tests.conftest import file_at
from reports.scope import Scope

pytestmark = pytest.mark.django_db


def record(req, operator, *, reference="R1", amount=1_200_000):
    return counter.record_counter_payment(request=req, operator=operator, amount=amount, reference=reference)


def settled(request):
    return Payment.objects.filter(charge__request=request, state=Payment.State.SETTLED)


def test_the_operator_records_a_counter_payment(filed, operator):
    payment = counter.record_counter_payment(
        request=filed, operator=operator, amount="۱٬۲۰۰٬۰۰۰", reference="۱۲۳۴۵۶۷۸۹۰۱۲"
    )
    filed.refresh_from_db()
    assert filed.state == State.SUBMITTED and filed.clock_paused is False
    assert payment.state == Payment.State.SETTLED and payment.gateway == "counter"
    assert payment.reference == "123456789012" and payment.payer == filed.applicant and payment.settled_at
    event = PaymentEvent.objects.get(payment=payment)
    assert event.name == "counter" and event.detail["by"] == operator.pk
    assert filed.events.get(name="payment_received").payload["reference"] == "123456789012"


def test_a_counter_payment_is_in_the_reconciliation(filed, operator):
    payment = record(filed, operator, reference="RRN77")
    out = io.StringIO()
    call_command("payments_reconcile", "--date", format_date(payment.settled_at), stdout=out)
    rows = out.getvalue().splitlines()
    assert rows[0] == "gateway,reference,tracking_code,amount_rials,state,settled_at"
    assert any(r.startswith(f"counter,RRN77,{filed.tracking_code},1200000,settled,") for r in rows[1:])


def test_the_daily_reconciliation_totals_a_counter_payment_and_asks_no_gateway_list(filed, operator):
    payment = record(filed, operator, reference="RRN78")
    report = reconcile.day_report(
        day=timezone.localtime(payment.settled_at).date(), scope=Scope(unit_ids=None)
    )
    counter_line = next(line for line in report.by_gateway if line.key == "counter")
    assert (counter_line.settled_count, counter_line.settled_rials) == (1, 1_200_000)
    assert counter_line.name == "دفتر پیشخوان"
    assert not report.mismatches and not [u for u in report.unavailable if u.gateway == "counter"]


@pytest.mark.parametrize(("amount", "code"), [("1000000", "amount_mismatch"), ("۰", "amount_positive")])
def test_a_wrong_amount_changes_nothing(filed, operator, amount, code):
    with pytest.raises(ValidationError) as refused:
        counter.record_counter_payment(request=filed, operator=operator, amount=amount, reference="R1")
    assert refused.value.code == code
    assert "ریال" in refused.value.messages[0] or code == "amount_positive"
    filed.refresh_from_db()
    assert filed.state == State.AWAITING_PAYMENT and not Payment.objects.exists()


@pytest.mark.parametrize("reference", ["", "  ", "رسید", "x" * 41])
def test_a_reference_is_required(filed, operator, reference):
    with pytest.raises(ValidationError) as refused:
        record(filed, operator, reference=reference)
    assert refused.value.code == "reference"
    assert not Payment.objects.exists()


def test_another_offices_operator_and_staff_cannot_record(filed, other_operator, expert, applicant):
    for who in (other_operator, expert, applicant):
        with pytest.raises(ValidationError) as refused:
            record(filed, who)
        assert refused.value.code == "not_operator"
    assert not Payment.objects.exists()


def test_a_double_submit_records_one_payment(filed, operator):
    record(filed, operator)
    for reference in ("R1", "R2"):
        with pytest.raises(ValidationError) as refused:
            record(filed, operator, reference=reference)
        assert refused.value.code in ("not_awaiting", "reference_used")
    assert settled(filed).count() == 1 and Payment.objects.count() == 1


def test_an_online_payment_after_the_counter_one_is_refused(filed, operator, applicant, start):
    record(filed, operator)
    with pytest.raises(ValidationError) as refused:
        start(filed)
    assert refused.value.code == "paid"
    assert settled(filed).count() == 1


def test_a_counter_payment_is_not_refunded_through_a_gateway(filed, operator, expert):
    payment = record(filed, operator)
    desk_services.transition(request=filed, name="reject", user=expert, note="مدارک ناقص")
    with pytest.raises(ValidationError) as refused:
        services.refund(payment=payment, actor=expert, reason="رد پیش از بررسی")
    assert refused.value.code == "counter"
    payment.refresh_from_db()
    assert payment.state == Payment.State.SETTLED


def test_the_counter_page(client, filed, operator):
    client.force_login(operator)
    detail = client.get(f"/desk/r/{filed.tracking_code}/").content.decode()
    assert 'id="record-counter-payment"' in detail
    url = f"/payments/r/{filed.tracking_code}/counter/"
    page = client.get(url).content.decode()
    # the code starts with «۰»: a «·» beside it would read as one more zero
    assert "۱٬۲۰۰٬۰۰۰" in page and "</span><br>متقاضی:" in page and "</span> ·" not in page
    wrong = client.post(url, {"amount": "۱۰۰۰", "reference": "۹۹۸۸"})
    assert wrong.status_code == 200 and "درست برابر هزینه" in wrong.content.decode()
    slipped = client.post(url, {"amount": "۱۲۰٬۰۰۰۰", "reference": "۹۹۸۸"})
    assert slipped.status_code == 200 and "هر سه رقم" in slipped.content.decode()
    done = client.post(url, {"amount": "۱٬۲۰۰٬۰۰۰", "reference": "۹۹۸۸"})
    payment = settled(filed).get()
    assert done.status_code == 302 and done["Location"] == f"/payments/{payment.pk}/receipt/"
    receipt = client.get(done["Location"]).content.decode()
    assert "۹۹۸۸" in receipt
    again = client.post(url, {"amount": "۱٬۲۰۰٬۰۰۰", "reference": "۹۹۸۸"})
    assert again.status_code == 200 and 'id="counter-paid"' in again.content.decode()
    assert Payment.objects.count() == 1


def test_the_counter_page_refuses_others(client, filed, other_operator, expert, applicant):
    url = f"/payments/r/{filed.tracking_code}/counter/"
    client.force_login(other_operator)
    assert client.post(url, {"amount": "1200000", "reference": "1"}).status_code == 404
    for who in (expert, applicant):
        client.force_login(who)
        assert client.post(url, {"amount": "1200000", "reference": "1"}).status_code == 403
    client.force_login(applicant)
    assert 'id="record-counter-payment"' not in client.get(f"/desk/r/{filed.tracking_code}/").content.decode()
    assert not Payment.objects.exists()


def test_the_counter_gateway_does_nothing_online(filed, operator, applicant):
    from payments.backends import GatewayError, get_gateway

    payment = record(filed, operator)
    gateway = get_gateway(payment.gateway)
    assert gateway.label == "دفتر پیشخوان" and gateway.reverse(authority=payment.authority) is False
    for call in (gateway.verify, lambda **kw: gateway.inquiry(authority=kw["authority"])):
        with pytest.raises(GatewayError):
            call(authority=payment.authority, amount_rials=payment.amount_rials)
    # A callback naming the counter payment changes nothing.
    outcome = services.handle_callback(payment_id=payment.pk, data={"Authority": "x"}, user=applicant)
    assert outcome.settled is False
    assert PaymentEvent.objects.filter(payment=payment, name="callback_mismatch").exists()
    payment.refresh_from_db()
    assert payment.state == Payment.State.SETTLED


def test_the_counter_page_after_payment_says_it_is_paid_and_links_the_receipt(client, filed, operator):
    client.force_login(operator)
    url = f"/payments/r/{filed.tracking_code}/counter/"
    client.post(url, {"amount": "۱٬۲۰۰٬۰۰۰", "reference": "۹۹۸۸"})
    payment = settled(filed).get()
    page = client.get(url).content.decode()
    assert 'id="counter-paid"' in page and 'id="counter-not-awaiting"' not in page
    assert "۱٬۲۰۰٬۰۰۰ ریال" in page and f'href="/payments/{payment.pk}/receipt/"' in page
    assert 'id="counter-payment-form"' not in page
    assert client.get(f"/payments/{payment.pk}/receipt/").status_code == 200  # the link opens for them


def test_the_counter_page_of_a_request_with_no_fee_paid_still_says_it_awaits_none(
    client, free_service, applicant, office, operator
):
    request = file_at(office, operator, free_service, applicant, key="counter-free-1")
    client.force_login(operator)
    page = client.get(f"/payments/r/{request.tracking_code}/counter/").content.decode()
    assert 'id="counter-not-awaiting"' in page and 'id="counter-paid"' not in page
