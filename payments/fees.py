"""The fee of a service as the desk asks for it (`desk.services.FeeProvider`): the service's
active `FeeRule`, a fixed amount or an amount per unit of a form answer; the charge a request owes;
what the receipt shows. Registered with the desk in `PaymentsConfig.ready()`."""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.prepared import Prepared
from core.templatetags.miz import code
from core.text import to_persian_digits
from desk.models import State
from desk.services import FeeQuote, PaymentSummary
from payments.models import Charge, FeeRule, Payment

MAX_UNITS = 10_000  # a form answer past this is a typo, not a tariff
MAX_AMOUNT_RIALS = 10**13


def rials(amount: int) -> str:
    """`1200000` → «۱٬۲۰۰٬۰۰۰ ریال»."""
    return to_persian_digits(f"{amount:,}").replace(",", "٬") + " ریال"


# Every filing asks for its service's rule (`Fees.quote`): compiled once per process (decision 0127).
_ACTIVE_RULE = Prepared(
    lambda service_id: FeeRule.objects.filter(service_id=service_id, is_active=True),
    FeeRule,
    service_id=int,
)


def _rule(service) -> FeeRule | None:
    """The service's active rule; none for a free service, which is never charged (not read)."""
    if service.is_free:
        return None
    return _ACTIVE_RULE.first_object(service_id=service.pk)


def describe(rule: FeeRule) -> str:
    text = rials(rule.amount_rials)
    if rule.kind == FeeRule.Kind.PER_UNIT:
        text += f" به ازای هر {rule.unit_label or 'واحد'}"
    return text + "."


@dataclass(frozen=True)
class OnlineFee:
    """A service's fee rule as the information package shows it."""

    text: str  # «۵۰۰٬۰۰۰ ریال.» or «۸۰۰٬۰۰۰ ریال به ازای هر نازل.»
    per_unit: bool
    unit_label: str
    deposit_id: str


def online_fee(service) -> OnlineFee | None:
    rule = _rule(service)
    if rule is None:
        return None
    per_unit = rule.kind == FeeRule.Kind.PER_UNIT
    return OnlineFee(
        describe(rule), per_unit, (rule.unit_label or "واحد") if per_unit else "", rule.deposit_id
    )


def quote_for(rule: FeeRule, form_data: dict) -> FeeQuote:
    if rule.kind == FeeRule.Kind.FIXED:
        return FeeQuote(rule.amount_rials, "هزینه خدمت", rule.deposit_id)
    raw = form_data.get(rule.unit_field)
    units = to_int(raw)
    label = rule.unit_label or "واحد"
    if units is None or not 1 <= units <= MAX_UNITS:
        raise ValidationError(
            f"تعداد {label} برای محاسبه هزینه باید عددی از ۱ تا {to_persian_digits(f'{MAX_UNITS:,}')} باشد.",
            code="fee_units",
        )
    amount = units * rule.amount_rials
    if amount > MAX_AMOUNT_RIALS:
        raise ValidationError("هزینه محاسبه‌شده بیش از حد مجاز است؛ تعداد را بازبینی کنید.", code="fee_units")
    explanation = f"{to_persian_digits(units)} {label} × {rials(rule.amount_rials)}"
    return FeeQuote(amount, explanation, rule.deposit_id)


def to_int(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    text = str(value or "").strip()
    return int(text) if text.isascii() and text.isdigit() else None


def pay_url(request) -> str:
    return reverse("payments:pay", args=[request.tracking_code])


class Fees:
    """The payments app's answer to the desk's questions about fees."""

    def describe(self, service) -> str:
        rule = _rule(service)
        return describe(rule) if rule else ""

    def quote(self, service, form_data: dict) -> FeeQuote | None:
        rule = _rule(service)
        return quote_for(rule, form_data) if rule else None

    def open_charge(self, request, quote: FeeQuote) -> str:
        """The charge of `quote` (from `quote`, whose rule gave its deposit ID: not read again)."""
        Charge.objects.create(
            request=request,
            amount_rials=quote.amount_rials,
            explanation=quote.explanation[:300],
            deposit_id=quote.deposit_id,
        )
        return settings.MIZ_SITE_URL.rstrip("/") + pay_url(request)

    def summary(self, request) -> PaymentSummary | None:
        charges = list(Charge.objects.filter(request=request).prefetch_related("payments"))
        if not charges:
            return None
        lines: list[tuple[str, str]] = []
        pay, receipt = "", ""
        for charge in charges:
            lines += charge_lines(charge)
            done = next(
                (
                    p
                    for p in charge.payments.all()
                    if p.state in (Payment.State.SETTLED, Payment.State.REFUNDED)
                ),
                None,
            )
            if done is None:
                lines.append(("وضعیت پرداخت", "پرداخت نشده"))
                if request.state == State.AWAITING_PAYMENT:
                    pay = pay_url(request)
                continue
            lines += [
                ("وضعیت پرداخت", done.get_state_display()),
                ("شماره مرجع", code(done.reference)),
            ]
            receipt = reverse("payments:receipt", args=[done.pk])
        return PaymentSummary(lines=lines, pay_url=pay, receipt_url="" if pay else receipt)


def charge_lines(charge: Charge) -> list[tuple[str, str]]:
    """The receipt's rows about one charge: amount, explanation, reason of an extra fee, deposit ID.
    A code among them (deposit ID, gateway reference) is HTML of the one `code` filter: Persian
    digits kept left to right in the right-to-left row."""
    if charge.kind == Charge.Kind.EXTRA:
        lines = [("هزینه اضافی", rials(charge.amount_rials)), ("دلیل هزینه اضافی", charge.reason)]
    else:
        lines = [("مبلغ", rials(charge.amount_rials)), ("شرح", charge.explanation)]
    if charge.deposit_id:
        lines.append(("شناسه واریز", code(charge.deposit_id)))
    return lines
