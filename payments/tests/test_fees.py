"""Fees on the request: a fixed or per-unit rule stored as data, shown before submission, the
request waiting for payment with its clock paused; a free service unchanged."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from desk.models import RequestEvent, State
from payments.fees import MAX_UNITS, quote_for, to_int
from payments.models import Charge, FeeRule

pytestmark = pytest.mark.django_db


def test_paid_service_waits_for_payment_with_clock_paused(file_request, paid_service):
    request = file_request(paid_service)
    request.refresh_from_db()
    assert request.state == State.AWAITING_PAYMENT
    assert request.clock_paused is True
    charge = Charge.objects.get(request=request)
    assert (charge.amount_rials, charge.deposit_id) == (1_200_000, "3360512345")
    names = list(request.events.filter(kind=RequestEvent.Kind.TRANSITION).values_list("name", flat=True))
    assert names == ["submit", "await_payment"]


def test_a_paid_filing_reads_its_fee_rule_once(file_request, paid_service):
    # The quote carries the rule's deposit ID to the charge; the charge does not read the rule again.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        request = file_request(paid_service)
    assert sum("payments_feerule" in q["sql"] for q in queries.captured_queries) == 1
    assert Charge.objects.get(request=request).deposit_id == "3360512345"


def test_applicant_is_told_how_to_pay(file_request, paid_service):
    from notifications.models import Notification

    request = file_request(paid_service)
    note = Notification.objects.filter(event="desk.payment_due", related_id=str(request.pk)).first()
    assert "۱٬۲۰۰٬۰۰۰" in note.body
    assert f"/payments/r/{request.tracking_code}/pay/" in note.body


def test_free_service_is_unchanged(file_request, free_service):
    request = file_request(free_service)
    assert request.state == State.SUBMITTED
    assert not Charge.objects.filter(request=request).exists()


def test_catalogue_fee_without_rule_is_not_collected(file_request, unit):
    from desk.tests.factories import make_service

    service = make_service([unit], documents=False, fee_rials=5000)
    assert file_request(service).state == State.SUBMITTED


def test_per_unit_fee_from_the_form_answer(file_request, per_unit_service):
    request = file_request(per_unit_service, form_data={"product_name": "شیر", "samples": 3})
    charge = Charge.objects.get(request=request)
    assert charge.amount_rials == 900_000
    assert charge.explanation == "۳ نمونه × ۳۰۰٬۰۰۰ ریال"


@pytest.mark.parametrize("answer", [0, -2, "", None, "سه", MAX_UNITS + 1])
def test_per_unit_fee_refuses_a_bad_count_and_files_nothing(file_request, per_unit_service, answer):
    from desk.models import ServiceRequest

    with pytest.raises(ValidationError) as caught:
        file_request(per_unit_service, form_data={"product_name": "شیر", "samples": answer})
    assert "تعداد نمونه" in caught.value.messages[0]
    assert not ServiceRequest.objects.exists()


@given(st.integers(min_value=1, max_value=MAX_UNITS), st.integers(min_value=1, max_value=10**8))
def test_per_unit_amount_is_units_times_price(units, price):
    rule = FeeRule(kind=FeeRule.Kind.PER_UNIT, amount_rials=price, unit_field="n", unit_label="عدد")
    assert quote_for(rule, {"n": units}).amount_rials == units * price
    assert quote_for(rule, {"n": str(units)}).amount_rials == units * price


@given(st.integers(min_value=0, max_value=10**9))
def test_to_int_reads_whole_numbers_as_text_or_int(n):
    assert to_int(n) == to_int(str(n)) == to_int(f" {n} ") == n


@given(st.one_of(st.booleans(), st.floats(), st.text(alphabet="abc-.,سه ", max_size=5)))
def test_to_int_refuses_anything_else(value):
    assert to_int(value) is None


def test_fee_is_shown_before_submission(client, applicant, paid_service, per_unit_service, free_service):
    client.force_login(applicant)
    page = client.get(f"/desk/apply/{paid_service.service_id}/").content.decode()
    assert "۱٬۲۰۰٬۰۰۰ ریال" in page and 'id="apply-fee"' in page
    page = client.get(f"/desk/apply/{per_unit_service.service_id}/").content.decode()
    assert "۳۰۰٬۰۰۰ ریال به ازای هر نمونه" in page
    page = client.get(f"/desk/apply/{free_service.service_id}/").content.decode()
    assert 'id="apply-fee"' not in page


def test_receipt_shows_fee_and_pay_button_only_to_the_applicant(client, file_request, paid_service, expert):
    request = file_request(paid_service)
    client.force_login(request.applicant)
    page = client.get(f"/desk/r/{request.tracking_code}/receipt/").content.decode()
    assert "۱٬۲۰۰٬۰۰۰ ریال" in page and 'id="pay-fee"' in page and "۳۳۶۰۵۱۲۳۴۵" in page
    client.force_login(expert)
    page = client.get(f"/desk/r/{request.tracking_code}/").content.decode()
    assert 'id="payment-summary"' in page and 'id="pay-fee"' not in page


def test_staff_cannot_accept_before_payment(file_request, paid_service, expert):
    from desk import services as desk_services

    request = file_request(paid_service)
    with pytest.raises(ValidationError):
        desk_services.transition(request=request, name="accept", user=expert)
    request.refresh_from_db()
    assert request.state == State.AWAITING_PAYMENT


def test_applicant_may_withdraw_an_unpaid_request(file_request, paid_service, applicant):
    from desk import services as desk_services

    request = file_request(paid_service)
    desk_services.transition(request=request, name="withdraw", user=applicant)
    request.refresh_from_db()
    assert request.state == State.WITHDRAWN
