"""A fee raised by staff during the work (a test's cost): staff of the request's unit charge a
request in work an extra amount with their reason; it waits in «در انتظار پرداخت» (clock paused)
until the fee is paid, then goes back where it was (`desk.workflow`'s `await_payment` and
`payment_received`)."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from core.text import normalize_digits, normalize_text, to_persian_digits
from desk import services as desk_services
from desk.models import ServiceRequest, State
from payments import selectors
from payments.fees import pay_url
from payments.models import Charge

MAX_EXTRA_FEE_RIALS = 10_000_000_000  # one thousand million rials: past this it is a typo
RAISABLE_STATES = (State.ACCEPTED, State.IN_REVIEW)
_SEPARATORS = str.maketrans("", "", ",٬، _")
# Separators, when typed, must split thousands: «۱۲٬۵» or «۲٬۵۰٬۰۰۰» is a slip, not 125 or 250,000 rials.
_THOUSANDS = re.compile(r"[0-9]{1,3}(?:[,٬، _][0-9]{3})+")


def clean_amount(value, *, maximum: int = MAX_EXTRA_FEE_RIALS) -> int:
    """An amount in rials typed in any digits, with or without thousands separators (`۲٬۵۰۰٬۰۰۰`,
    `2,500,000`, `٢٥٠٠٠٠٠`), as a positive integer no more than `maximum`; else a Persian error.
    Separators that do not split thousands (`۱۲٬۵`) are refused rather than dropped."""
    if isinstance(value, bool):
        value = ""
    typed = normalize_digits(normalize_text(str(value if value is not None else ""))).strip()
    text = typed.translate(_SEPARATORS)
    if not text:
        raise ValidationError("مبلغ را به ریال بنویسید.", code="amount_required")
    if not text.isascii() or not text.isdigit():
        raise ValidationError("مبلغ را به ریال و فقط با رقم بنویسید، مانند ۲٬۵۰۰٬۰۰۰.", code="amount_invalid")
    if text != typed and not _THOUSANDS.fullmatch(typed):
        raise ValidationError(
            "جداکننده هزارگان را هر سه رقم از راست بگذارید، مانند ۲٬۵۰۰٬۰۰۰، یا مبلغ را بی‌جداکننده بنویسید.",
            code="amount_grouping",
        )
    amount = int(text)
    if amount <= 0:
        raise ValidationError("مبلغ باید بیش از صفر ریال باشد.", code="amount_positive")
    if amount > maximum:
        limit = to_persian_digits(f"{maximum:,}").replace(",", "٬")
        raise ValidationError(f"مبلغ بیش از سقف {limit} ریال است؛ آن را بازبینی کنید.", code="amount_max")
    return amount


def clean_reason(value) -> str:
    reason = normalize_text(str(value or "")).strip()
    if not reason:
        raise ValidationError("دلیل هزینه اضافی را بنویسید (مانند هزینه آزمون).", code="reason")
    if len(reason) > 300:
        raise ValidationError("دلیل هزینه اضافی حداکثر ۳۰۰ نویسه است.", code="reason_long")
    return reason


def raise_fee(*, request: ServiceRequest, actor, amount, reason, ip: str | None = None) -> Charge:
    """Staff of the request's unit charge it an extra fee with their reason. Refused, changing
    nothing, for anyone else, for a request not in work, or while a charge of it is unpaid (so a
    double submit makes one charge: the second finds the first unpaid)."""
    amount_rials, reason = clean_amount(amount), clean_reason(reason)
    with transaction.atomic():
        locked = (
            ServiceRequest.objects.select_for_update().select_related("service", "unit").get(pk=request.pk)
        )
        desk_services.check_staff(actor, locked)
        if selectors.unpaid_charges(locked).exists():
            raise ValidationError(
                "هزینه‌ای از این درخواست هنوز پرداخت نشده است؛ تا پرداخت آن هزینه تازه‌ای تعیین نمی‌شود.",
                code="unpaid_charge",
            )
        if locked.state not in RAISABLE_STATES:
            raise ValidationError(
                f"هزینه اضافی فقط برای درخواست پذیرفته‌شده یا در حال بررسی تعیین می‌شود؛ این درخواست "
                f"«{locked.get_state_display()}» است.",
                code="not_in_work",
            )
        charge = Charge(
            request=locked,
            kind=Charge.Kind.EXTRA,
            amount_rials=amount_rials,
            explanation=f"هزینه اضافی: {reason}"[:300],
            reason=reason,
            raised_by=actor,
        )
        charge.full_clean()
        charge.save()
        desk_services.extra_fee_due(
            locked,
            actor=actor,
            amount_rials=amount_rials,
            reason=reason,
            pay_url=settings.MIZ_SITE_URL.rstrip("/") + pay_url(locked),
            notice_key=f"{locked.pk}:charge-{charge.pk}",
            ip=ip,
        )
    request.state = locked.state
    return charge
