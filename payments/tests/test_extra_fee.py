"""A fee raised by staff during the work (issue 16, item 1): the request waits for it with its
clock paused, the applicant is told, paying it brings the request back where it was; bad input
(another unit's staff, the applicant, a bad amount, no reason, a double submit) changes nothing."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from accounts.models import Role
from desk import services as desk_services
from desk.models import RequestEvent, State
from notifications.models import Notification
from payments import extra, services
from payments.models import Charge, Payment
from payments.tests.conftest import press

pytestmark = pytest.mark.django_db

PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
ARABIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


@pytest.fixture
def in_work(file_request, free_service, expert):
    """A request of a service with no fee, accepted and in review by the unit's expert."""
    request = file_request(free_service)
    desk_services.transition(request=request, name="accept", user=expert)
    desk_services.transition(request=request, name="start_review", user=expert)
    request.refresh_from_db()
    assert request.state == State.IN_REVIEW
    return request


@pytest.fixture
def other_staff(make_user):
    from orgs.tests.factories import OrgUnitFactory

    return make_user(role=Role.STAFF_EXPERT, scope={"org_unit": OrgUnitFactory(code="IR-97")})


@given(st.integers(min_value=1, max_value=extra.MAX_EXTRA_FEE_RIALS))
def test_an_amount_reads_in_any_digits_with_separators(amount):
    grouped = f"{amount:,}"
    for typed in (str(amount), grouped, str(amount).translate(PERSIAN), grouped.translate(ARABIC)):
        assert extra.clean_amount(typed) == amount
    assert extra.clean_amount(grouped.translate(PERSIAN).replace(",", "٬")) == amount


@given(st.one_of(st.integers(max_value=0), st.integers(min_value=extra.MAX_EXTRA_FEE_RIALS + 1)))
def test_an_amount_out_of_range_is_refused_in_persian(amount):
    with pytest.raises(ValidationError) as refused:
        extra.clean_amount(str(amount))
    assert refused.value.code in ("amount_positive", "amount_max", "amount_invalid")
    assert any("\u0600" <= ch <= "\u06ff" for ch in refused.value.messages[0])


@pytest.mark.parametrize("typed", ["", "  ", "12.5", "۱۲ریال", "abc", "1e6", None, True])
def test_an_amount_that_is_not_a_whole_number_is_refused(typed):
    with pytest.raises(ValidationError):
        extra.clean_amount(typed)


@pytest.mark.parametrize("typed", ["12,5", "۲٬۵۰٬۰۰۰", "25,00000", "1,2345", "٬۵۰۰", "500,", "2,,500"])
def test_separators_that_do_not_split_thousands_are_refused_not_dropped(typed):
    with pytest.raises(ValidationError) as refused:
        extra.clean_amount(typed)
    assert refused.value.code == "amount_grouping"
    assert "هر سه رقم" in refused.value.messages[0]


@given(st.integers(min_value=1_000, max_value=extra.MAX_EXTRA_FEE_RIALS), st.data())
def test_a_separator_moved_off_a_thousands_boundary_is_refused(amount, data):
    digits = str(amount)
    cut = data.draw(st.integers(min_value=1, max_value=len(digits) - 1))
    if (len(digits) - cut) % 3 == 0:
        cut -= 1 if cut > 1 else -1
    typed = f"{digits[:cut]}٬{digits[cut:]}".translate(PERSIAN)
    with pytest.raises(ValidationError) as refused:
        extra.clean_amount(typed)
    assert refused.value.code == "amount_grouping"


def test_staff_raise_a_fee_and_paying_it_brings_the_request_back(in_work, expert, applicant, start):
    step = in_work.step_number
    charge = extra.raise_fee(request=in_work, actor=expert, amount="۲٬۵۰۰٬۰۰۰", reason="هزینه آزمون کشش")
    in_work.refresh_from_db()
    assert charge.kind == Charge.Kind.EXTRA and charge.amount_rials == 2_500_000
    assert charge.reason == "هزینه آزمون کشش" and charge.raised_by == expert
    assert in_work.state == State.AWAITING_PAYMENT and in_work.clock_paused is True
    event = in_work.events.get(name="await_payment")
    assert event.actor == expert and event.from_state == State.IN_REVIEW
    assert event.payload["amount_rials"] == 2_500_000 and event.payload["extra"] is True
    note = Notification.objects.get(event="desk.payment_due", user=applicant)
    assert "۲٬۵۰۰٬۰۰۰" in note.body and f"/payments/r/{in_work.tracking_code}/pay/" in note.body
    payment = start(in_work)
    assert payment.amount_rials == 2_500_000 and payment.charge == charge
    outcome = services.handle_callback(payment_id=payment.pk, data=press(payment), user=applicant)
    assert outcome.settled
    in_work.refresh_from_db()
    assert in_work.state == State.IN_REVIEW and in_work.step_number == step
    assert in_work.clock_paused is False and in_work.resume_state == ""
    back = in_work.events.get(name="payment_received")
    assert back.to_state == State.IN_REVIEW


def test_an_extra_fee_after_the_service_fee_is_a_second_charge(
    file_request, paid_service, expert, applicant, start
):
    request = file_request(paid_service)
    services.handle_callback(payment_id=(p := start(request)).pk, data=press(p), user=applicant)
    request.refresh_from_db()
    assert request.state == State.SUBMITTED
    desk_services.transition(request=request, name="accept", user=expert)
    extra.raise_fee(request=request, actor=expert, amount=300_000, reason="آزمون دوباره")
    request.refresh_from_db()
    assert request.state == State.AWAITING_PAYMENT
    assert Notification.objects.filter(event="desk.payment_due", user=applicant).count() == 2
    second = start(request)
    assert second.amount_rials == 300_000 and second.charge.kind == Charge.Kind.EXTRA
    services.handle_callback(payment_id=second.pk, data=press(second), user=applicant)
    request.refresh_from_db()
    assert request.state == State.ACCEPTED
    assert Payment.objects.filter(charge__request=request, state=Payment.State.SETTLED).count() == 2


def test_a_double_submit_makes_one_charge(in_work, expert):
    extra.raise_fee(request=in_work, actor=expert, amount=1000, reason="آزمون")
    with pytest.raises(ValidationError) as refused:
        extra.raise_fee(request=in_work, actor=expert, amount=1000, reason="آزمون")
    assert refused.value.code == "unpaid_charge"
    assert Charge.objects.filter(request=in_work).count() == 1
    assert in_work.events.filter(name="await_payment").count() == 1


@pytest.mark.parametrize(
    ("amount", "reason", "code"),
    [("0", "آزمون", "amount_positive"), ("-5", "آزمون", "amount_invalid"), ("1000", "  ", "reason")],
)
def test_bad_input_changes_nothing(in_work, expert, amount, reason, code):
    with pytest.raises(ValidationError) as refused:
        extra.raise_fee(request=in_work, actor=expert, amount=amount, reason=reason)
    assert refused.value.code == code
    in_work.refresh_from_db()
    assert in_work.state == State.IN_REVIEW and not Charge.objects.filter(request=in_work).exists()


def test_only_staff_of_the_unit_raise_a_fee(in_work, other_staff, applicant):
    for who in (other_staff, applicant):
        with pytest.raises(ValidationError) as refused:
            extra.raise_fee(request=in_work, actor=who, amount=1000, reason="آزمون")
        assert refused.value.code == "not_staff"
    assert not Charge.objects.filter(request=in_work).exists()


def test_no_fee_on_a_request_not_in_work(file_request, free_service, expert):
    request = file_request(free_service)  # submitted, not yet accepted
    with pytest.raises(ValidationError) as refused:
        extra.raise_fee(request=request, actor=expert, amount=1000, reason="آزمون")
    assert refused.value.code == "not_in_work"


def test_the_page_raises_a_fee_with_persian_digits(client, in_work, expert):
    client.force_login(expert)
    url = f"/payments/r/{in_work.tracking_code}/fee/"
    page = client.get(url).content.decode()
    assert 'id="extra-fee-form"' in page and "</span><br>وضعیت:" in page and "</span> ·" not in page
    detail = client.get(f"/desk/r/{in_work.tracking_code}/").content.decode()
    assert 'id="raise-extra-fee"' in detail
    done = client.post(url, {"amount": "۱٬۲۰۰٬۰۰۰", "reason": "هزینه آزمون"})
    assert done.status_code == 302 and done["Location"].endswith(f"/desk/r/{in_work.tracking_code}/")
    again = client.post(url, {"amount": "۱٬۲۰۰٬۰۰۰", "reason": "هزینه آزمون"})
    assert again.status_code == 200 and "هنوز پرداخت نشده" in again.content.decode()
    assert Charge.objects.get(request=in_work).amount_rials == 1_200_000


def test_the_page_shows_persian_errors_and_changes_nothing(client, in_work, expert):
    client.force_login(expert)
    url = f"/payments/r/{in_work.tracking_code}/fee/"
    page = client.post(url, {"amount": "دو میلیون", "reason": "آزمون"})
    assert page.status_code == 200 and "فقط با رقم" in page.content.decode()
    page = client.post(url, {"amount": "۲۰۰۰", "reason": ""})
    assert page.status_code == 200 and 'id="extra-fee-form"' in page.content.decode()
    page = client.post(url, {"amount": "۱۲٬۵", "reason": "آزمون"})
    assert page.status_code == 200 and "هر سه رقم" in page.content.decode()
    assert not Charge.objects.filter(request=in_work).exists()


def test_the_page_offers_no_form_on_a_request_not_in_work(client, file_request, free_service, expert):
    request = file_request(free_service)  # submitted, not yet accepted: a fee would be refused
    client.force_login(expert)
    page = client.get(f"/payments/r/{request.tracking_code}/fee/").content.decode()
    assert 'id="extra-fee-not-in-work"' in page and "«ثبت‌شده»" in page
    assert 'id="extra-fee-form"' not in page


def test_the_page_refuses_another_units_staff_and_the_applicant(client, in_work, other_staff, applicant):
    url = f"/payments/r/{in_work.tracking_code}/fee/"
    client.force_login(other_staff)
    assert client.get(url).status_code == 404
    assert client.post(url, {"amount": "1000", "reason": "آزمون"}).status_code == 404
    client.force_login(applicant)
    assert client.get(url).status_code == 403
    assert client.post(url, {"amount": "1000", "reason": "آزمون"}).status_code == 403
    assert 'id="raise-extra-fee"' not in client.get(f"/desk/r/{in_work.tracking_code}/").content.decode()
    assert not Charge.objects.filter(request=in_work).exists()
    assert not in_work.events.filter(kind=RequestEvent.Kind.TRANSITION, name="await_payment").exists()


def test_the_receipt_lists_the_extra_fee_and_its_reason(client, in_work, expert, applicant):
    extra.raise_fee(request=in_work, actor=expert, amount=5000, reason="هزینه آزمون سختی")
    client.force_login(applicant)
    page = client.get(f"/desk/r/{in_work.tracking_code}/").content.decode()
    assert "هزینه آزمون سختی" in page and 'id="pay-fee"' in page
    # the clock waits for the payment, not for an answer the applicant owes
    assert "مهلت تا پرداخت هزینه متوقف است" in page and "تا پاسخ متقاضی" not in page
