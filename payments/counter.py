"""Payment taken at a counter office (D11): an operator of the office that filed the request
records the fee the applicant paid there (the POS or bank receipt's reference), which settles the
charge exactly as a verified gateway payment does: one settled payment per charge, its
`PaymentEvent`, the request moved on, and a row in `payments_reconcile` (gateway `counter`)."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.text import normalize_identifier, to_persian_digits
from desk import selectors as desk_selectors
from desk import services as desk_services
from desk.models import ServiceRequest, State
from payments import selectors
from payments.backends.counter import CounterGateway
from payments.extra import clean_amount
from payments.models import Charge, Payment, PaymentEvent

GATEWAY = CounterGateway.code


def is_filing_operator(user, request: ServiceRequest) -> bool:
    """An active operator of the active counter office that filed the request."""
    return bool(request.counter_office_id) and (
        desk_selectors.operator_offices(user).filter(pk=request.counter_office_id).exists()
    )


def clean_reference(value) -> str:
    reference = normalize_identifier(str(value or "")).upper()
    if not reference:
        raise ValidationError("شماره مرجع رسید دستگاه کارتخوان یا فیش بانکی را بنویسید.", code="reference")
    if len(reference) > 40 or not reference.isascii() or not reference.isalnum():
        raise ValidationError(
            "شماره مرجع فقط رقم و حرف لاتین است و حداکثر ۴۰ نویسه، مانند ۱۲۳۴۵۶۷۸۹۰۱۲.", code="reference"
        )
    return reference


def record_counter_payment(*, request: ServiceRequest, operator, amount, reference) -> Payment:
    """The operator records the fee the applicant paid at their counter. The amount must equal the
    request's due charge; refused, changing nothing, for anyone but an operator of the filing
    office, for a request not awaiting payment, or a receipt reference the office recorded before
    (a double submit records one payment)."""
    amount_rials, reference = clean_amount(amount), clean_reference(reference)
    with transaction.atomic():
        locked = (
            ServiceRequest.objects.select_for_update(of=("self",))
            .select_related("counter_office")
            .get(pk=request.pk)
        )
        if not is_filing_operator(operator, locked):
            raise ValidationError(
                "فقط کاربر دفتر پیشخوانی که این درخواست را ثبت کرده هزینه آن را در دفتر دریافت می‌کند.",
                code="not_operator",
            )
        if locked.state != State.AWAITING_PAYMENT or (due := selectors.due_charge(locked)) is None:
            raise ValidationError("این درخواست در انتظار پرداخت نیست.", code="not_awaiting")
        charge = Charge.objects.select_for_update().get(pk=due.pk)
        if amount_rials != charge.amount_rials:
            expected = to_persian_digits(f"{charge.amount_rials:,}").replace(",", "٬")
            raise ValidationError(
                f"مبلغ دریافتی باید درست برابر هزینه درخواست، {expected} ریال، باشد.", code="amount_mismatch"
            )
        authority = f"{locked.counter_office.code}-{reference}"
        if Payment.objects.filter(gateway=GATEWAY, authority=authority).exists():
            raise ValidationError("این شماره مرجع پیش‌تر در این دفتر ثبت شده است.", code="reference_used")
        if charge.payments.filter(state=Payment.State.SETTLED).exists():
            raise ValidationError("هزینه این درخواست پیش‌تر پرداخت شده است.", code="paid")
        try:
            with transaction.atomic():
                payment = Payment.objects.create(
                    charge=charge,
                    payer=locked.applicant,
                    gateway=GATEWAY,
                    amount_rials=amount_rials,
                    state=Payment.State.SETTLED,
                    authority=authority,
                    reference=reference,
                    settled_at=timezone.now(),
                    message=f"دریافت در {locked.counter_office}"[:300],
                )
        except IntegrityError as exc:  # a concurrent settlement of the same charge or receipt
            raise ValidationError("هزینه این درخواست پیش‌تر پرداخت شده است.", code="paid") from exc
        PaymentEvent.objects.create(
            payment=payment,
            name="counter",
            detail={"by": operator.pk, "office": locked.counter_office.code, "reference": reference},
        )
        desk_services.payment_received(locked, payment_reference=reference, amount_rials=amount_rials)
    request.state = locked.state
    return payment
