"""Writes of the payments app: start a payment, read the gateway's callback, settle a payment by
the gateway's server-to-server verify (the only way one is settled), inquire about payments whose
callback never came, refund a payment of a request rejected before work started.

Each payment and its charge are locked (`select_for_update`) while they change, and at most one
payment of a charge is settled (a partial unique constraint), so a replayed callback, two tabs
paying at once or the inquiry job racing a late callback leave one settled payment or none: a
second payment the gateway took is reversed at once. The gateway's verify runs while the lock is
held: a slow gateway delays only the payment it is about."""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from desk import services as desk_services
from desk.models import RequestEvent, State
from payments import selectors
from payments.backends import GatewayError, GatewayTimeout, get_gateway
from payments.backends.counter import CounterGateway
from payments.models import Charge, Payment, PaymentEvent

P = Payment.State

UNKNOWN_OUTCOME = (
    "پاسخ درگاه به‌موقع نرسید و نتیجه پرداخت هنوز روشن نیست. دوباره پرداخت نکنید: "
    "نتیجه تا دقایقی دیگر با استعلام از درگاه روشن می‌شود و اگر مبلغی کسر شده باشد یا به "
    "درخواست می‌نشیند یا به حساب شما بازمی‌گردد."
)
NOT_YOURS = "این پرداخت از آن شما نیست؛ چیزی تغییر نکرد."


@dataclass(frozen=True)
class Outcome:
    """What a callback or an inquiry did, for the page or the job (Persian `message`)."""

    settled: bool
    message: str
    payment: Payment | None = None


def _event(payment: Payment, name: str, **detail) -> None:
    PaymentEvent.objects.create(payment=payment, name=name, detail=detail)


def start_payment(*, request, payer, callback_url) -> tuple[Payment, str]:
    """Open a payment of the request's charge by its applicant and return it with the gateway's
    page to send the payer to. `callback_url(payment)` gives the URL the gateway calls back."""
    with transaction.atomic():
        if request.applicant_id != payer.pk:
            raise ValidationError("هزینه هر درخواست را متقاضی همان درخواست می‌پردازد.", code="not_applicant")
        due = selectors.due_charge(request)
        if due is None:
            if Charge.objects.filter(request=request).exists():
                raise ValidationError("هزینه این درخواست پیش‌تر پرداخت شده است.", code="paid")
            raise ValidationError("این درخواست هزینه‌ای ندارد.", code="no_charge")
        charge = Charge.objects.select_for_update().select_related("request").get(pk=due.pk)
        if charge.payments.filter(state=P.SETTLED).exists():
            raise ValidationError("هزینه این درخواست پیش‌تر پرداخت شده است.", code="paid")
        if charge.request.state != State.AWAITING_PAYMENT:
            raise ValidationError("این درخواست در انتظار پرداخت نیست.", code="not_awaiting")
        gateway = get_gateway()
        payment = Payment.objects.create(
            charge=charge, payer=payer, gateway=gateway.code, amount_rials=charge.amount_rials
        )
    try:
        started = gateway.start(
            amount_rials=payment.amount_rials,
            callback_url=callback_url(payment),
            description=f"هزینه درخواست {charge.request.tracking_code}",
            mobile=getattr(payer, "mobile", "") or "",
        )
    except GatewayError as exc:
        Payment.objects.filter(pk=payment.pk).update(state=P.FAILED, message="درگاه در دسترس نبود.")
        _event(payment, "start_failed", error=str(exc)[:200])
        raise ValidationError(
            "درگاه پرداخت اکنون در دسترس نیست؛ چیزی از حساب شما کسر نشد. چند دقیقه بعد دوباره بکوشید.",
            code="gateway_down",
        ) from exc
    Payment.objects.filter(pk=payment.pk).update(authority=started.authority)
    payment.authority = started.authority
    _event(payment, "started", authority=started.authority, amount_rials=payment.amount_rials)
    return payment, started.redirect_url


def handle_callback(*, payment_id: int, data, user) -> Outcome:
    """The payer's browser is back from the gateway with its callback (maybe forged, maybe sent
    twice). It is only a hint: the payment is settled by `settle`'s verify, or not at all."""
    payment = Payment.objects.filter(pk=payment_id).first()
    if payment is None:
        return Outcome(False, "پرداختی با این مشخصات یافت نشد.")
    if user.is_authenticated and user.pk != payment.payer_id:
        return Outcome(False, NOT_YOURS)
    callback = get_gateway(payment.gateway).parse_callback(data)
    if callback.authority != payment.authority:
        _event(payment, "callback_mismatch", authority=callback.authority)
        return Outcome(False, "پاسخ درگاه با این پرداخت نمی‌خواند؛ پرداخت تأیید نشد.", payment)
    _event(payment, "callback", ok=callback.ok, amount_rials=callback.amount_rials)
    if callback.amount_rials is not None and callback.amount_rials != payment.amount_rials:
        return Outcome(
            False,
            "مبلغی که درگاه اعلام کرد با هزینه درخواست یکی نیست؛ پرداخت تأیید نشد. اگر مبلغی کسر شده "
            "باشد، با استعلام از درگاه روشن و به درخواست نشانده یا بازگردانده می‌شود.",
            payment,
        )
    return settle(payment_id=payment.pk, via="callback", callback_ok=callback.ok)


def settle(*, payment_id: int, via: str, callback_ok: bool | None = None) -> Outcome:
    """Verify the payment with its gateway, server to server, and settle it only if the gateway
    confirms the amount of the request's charge; a second payment of a paid charge is reversed."""
    with transaction.atomic():
        payment = Payment.objects.select_for_update().select_related("charge__request").get(pk=payment_id)
        charge = Charge.objects.select_for_update().get(pk=payment.charge_id)
        if payment.state == P.SETTLED:
            _event(payment, "replayed", via=via)
            return Outcome(True, "این پرداخت پیش‌تر تأیید شده است.", payment)
        if payment.state not in Payment.OPEN:
            return Outcome(
                False, f"این پرداخت «{payment.get_state_display()}» است و دوباره بررسی نمی‌شود.", payment
            )
        gateway = get_gateway(payment.gateway)
        try:
            verified = gateway.verify(authority=payment.authority, amount_rials=payment.amount_rials)
        except GatewayError as exc:
            payment.state = P.UNKNOWN
            payment.save(update_fields=["state"])
            _event(
                payment,
                "verify_unknown",
                via=via,
                error=str(exc)[:200],
                timeout=isinstance(exc, GatewayTimeout),
            )
            return Outcome(False, UNKNOWN_OUTCOME, payment)
        _event(
            payment,
            "verify",
            via=via,
            ok=verified.ok,
            reference=verified.reference,
            amount=verified.amount_rials,
        )
        if not verified.ok:
            payment.state = P.CANCELLED if callback_ok is False else P.FAILED
            payment.message = verified.message[:300]
            payment.save(update_fields=["state", "message"])
            return Outcome(False, f"پرداخت تأیید نشد: {verified.message or 'درگاه آن را نپذیرفت.'}", payment)
        if verified.amount_rials is not None and verified.amount_rials != charge.amount_rials:
            return _reverse(payment, gateway, P.FAILED, "مبلغ پرداخت‌شده با هزینه درخواست یکی نیست")
        if charge.payments.filter(state=P.SETTLED).exists():
            return _reverse(payment, gateway, P.REVERSED, "هزینه این درخواست پیش‌تر پرداخت شده بود")
        payment.state, payment.settled_at = P.SETTLED, timezone.now()
        payment.reference, payment.card_mask = verified.reference[:100], verified.card_mask
        payment.save(update_fields=["state", "settled_at", "reference", "card_mask"])
        desk_services.payment_received(
            charge.request, payment_reference=payment.reference, amount_rials=payment.amount_rials
        )
        return Outcome(True, "پرداخت تأیید شد و درخواست شما به جریان افتاد.", payment)


def _reverse(payment: Payment, gateway, state: str, why: str) -> Outcome:
    reversed_ok = gateway.reverse(authority=payment.authority)
    payment.state, payment.message = state, why
    payment.save(update_fields=["state", "message"])
    _event(payment, "reversed", ok=reversed_ok, why=why)
    return Outcome(False, f"{why}؛ این پرداخت برگشت داده شد و مبلغ آن به حساب شما بازمی‌گردد.", payment)


def inquire_open(*, older_than: dt.timedelta, expire_after: dt.timedelta, now=None) -> dict[str, int]:
    """The inquiry job: ask the gateway about every payment still open after `older_than` (the
    payer closed the tab, the callback was lost, verify timed out); settle the paid ones, close the
    unpaid ones, and expire the ones still open after `expire_after`."""
    now = now or timezone.now()
    counts = {"settled": 0, "closed": 0, "expired": 0, "open": 0}
    candidates = Payment.objects.filter(state__in=Payment.OPEN, created_at__lte=now - older_than).exclude(
        authority=""
    )
    for payment_id, gateway_code, authority, created_at in candidates.values_list(
        "pk", "gateway", "authority", "created_at"
    ):
        try:
            answer = get_gateway(gateway_code).inquiry(authority=authority)
        except GatewayError:
            counts["open"] += 1
            continue
        if answer.paid:
            counts["settled" if settle(payment_id=payment_id, via="inquiry").settled else "closed"] += 1
        elif answer.paid is False or created_at <= now - expire_after:
            state = P.CANCELLED if answer.paid is False else P.EXPIRED
            changed = Payment.objects.filter(pk=payment_id, state__in=Payment.OPEN).update(state=state)
            if changed:
                _event(Payment.objects.get(pk=payment_id), "inquiry", paid=answer.paid, state=state)
            counts["closed" if answer.paid is False else "expired"] += changed
        else:
            counts["open"] += 1
    return counts


def refund(*, payment: Payment, actor, reason: str) -> Payment:
    """Staff return the fee of a request rejected before work on it started, with their reason."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("دلیل بازپرداخت را بنویسید.", code="reason")
    with transaction.atomic():
        locked = Payment.objects.select_for_update().select_related("charge__request").get(pk=payment.pk)
        request = locked.charge.request
        desk_services.check_staff(actor, request)
        if locked.state != P.SETTLED:
            raise ValidationError("فقط پرداخت تأییدشده بازپرداخت می‌شود.", code="not_settled")
        if request.state != State.REJECTED:
            raise ValidationError("هزینه فقط برای درخواست ردشده بازپرداخت می‌شود.", code="not_rejected")
        if request.events.filter(kind=RequestEvent.Kind.TRANSITION, name="start_review").exists():
            raise ValidationError(
                "بررسی این درخواست آغاز شده بود؛ هزینه کاری که انجام شده بازپرداخت نمی‌شود.",
                code="work_started",
            )
        if locked.gateway == CounterGateway.code:  # payments.counter: no gateway holds this money
            raise ValidationError(
                "هزینه‌ای که در دفتر پیشخوان پرداخت شده در همان دفتر بازپرداخت می‌شود.", code="counter"
            )
        if not get_gateway(locked.gateway).reverse(authority=locked.authority):
            raise ValidationError(
                "درگاه بازپرداخت را نپذیرفت؛ چیزی تغییر نکرد. بعداً دوباره بکوشید.", code="gateway"
            )
        locked.state, locked.refunded_at, locked.refunded_by = P.REFUNDED, timezone.now(), actor
        locked.refund_reason = reason[:300]
        locked.save(update_fields=["state", "refunded_at", "refunded_by", "refund_reason"])
        _event(locked, "refunded", by=actor.pk, reason=reason[:300])
    return locked
