"""Reads of the payments app, each respecting who may see what: a payment only with its request
(`desk.selectors.visible_requests`), 404 whether missing or not yours."""

import datetime as dt

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from desk import selectors as desk_selectors
from payments.models import Charge, Payment

PAID = (Payment.State.SETTLED, Payment.State.REFUNDED)


def unpaid_charges(request) -> QuerySet[Charge]:
    """The request's charges with no settled (or refunded) payment, oldest first."""
    return Charge.objects.filter(request=request).exclude(payments__state__in=PAID)


def due_charge(request) -> Charge | None:
    """The charge the request waits for: its unpaid one (at most one is raised at a time)."""
    return unpaid_charges(request).select_related("request__service", "request__applicant").last()


def charge_for(user, code) -> Charge:
    """The request's due charge, else its latest one, if `user` may see the request; else 404."""
    request = desk_selectors.request_for(user, code)
    charges = Charge.objects.select_related("request__service", "request__applicant").filter(request=request)
    charge = due_charge(request) or charges.last()
    if charge is None:
        raise Http404("این درخواست هزینه‌ای ندارد.")
    return charge


def payment_for(user, payment_id: int) -> Payment:
    visible = desk_selectors.visible_requests(user).values("pk")
    payment = (
        Payment.objects.select_related("charge__request__service", "charge__request__applicant", "payer")
        .filter(pk=payment_id, charge__request__in=visible)
        .first()
    )
    if payment is None:
        raise Http404("پرداخت یافت نشد.")
    return payment


def last_paid(user, request) -> Payment | None:
    """The request's latest settled (or since refunded) payment, if `user` may see its receipt
    (`payment_for`'s rule: the request is theirs to see); else None."""
    visible = desk_selectors.visible_requests(user).filter(pk=request.pk).values("pk")
    return (
        Payment.objects.filter(charge__request__in=visible, state__in=PAID)
        .select_related("charge")
        .order_by("settled_at", "pk")
        .last()
    )


def payments_of_day(day: dt.date) -> QuerySet[Payment]:
    """Payments started or settled on `day` (Tehran time), oldest first: the day's reconciliation."""
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(day, dt.time.min, tzinfo=tz)
    end = start + dt.timedelta(days=1)
    return (
        Payment.objects.filter(
            Q(created_at__gte=start, created_at__lt=end) | Q(settled_at__gte=start, settled_at__lt=end)
        )
        .select_related("charge__request")
        .order_by("created_at", "id")
    )
