"""Unpaid requests (the job `payments_unpaid`): a request still «در انتظار پرداخت» after
`PAYMENT_REMIND_AFTER_DAYS` working days (3) is reminded once, with the date it will be closed;
after `PAYMENT_WITHDRAW_AFTER_DAYS` working days (10), and never sooner than the difference after
its reminder, it is withdrawn (`payment_lapse`, logged) and the applicant told. Working days are
the business calendar's (`core.calendar`). The reminder is an event of the request looked up
before it is written, each run locks the request, so running twice does each thing once."""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from core.calendar import get_calendar
from desk import notices, workflow
from desk import services as desk_services
from desk.models import RequestEvent, ServiceRequest, State
from payments import selectors
from payments.fees import pay_url
from payments.models import Payment

REMIND = "payment_reminder"


def unpaid_days() -> tuple[int, int]:
    """(remind after, withdraw after) working days of waiting for payment."""
    remind = max(1, getattr(settings, "PAYMENT_REMIND_AFTER_DAYS", 3))
    return remind, max(remind + 1, getattr(settings, "PAYMENT_WITHDRAW_AFTER_DAYS", 10))


def sweep_unpaid(*, today: dt.date | None = None) -> dict[str, int]:
    """Remind, then withdraw, the requests waiting for payment; returns what was done."""
    today = today or timezone.localdate()
    calendar = get_calendar()
    remind_after, withdraw_after = unpaid_days()
    done = {"reminded": 0, "withdrawn": 0, "paying": 0}
    asked = RequestEvent.objects.filter(
        request=OuterRef("pk"), kind=RequestEvent.Kind.TRANSITION, name="await_payment"
    ).order_by("-at", "-id")
    waiting = ServiceRequest.objects.filter(state=State.AWAITING_PAYMENT).annotate(
        since_id=Subquery(asked.values("pk")[:1]), since_at=Subquery(asked.values("at")[:1])
    )
    for request_id, since_id, since_at in waiting.values_list("pk", "since_id", "since_at").iterator(500):
        if since_id is None:
            continue
        waited = calendar.working_days_between(timezone.localtime(since_at).date(), today)
        if waited < remind_after:
            continue
        with transaction.atomic():
            locked = (
                ServiceRequest.objects.select_for_update()
                .select_related("service", "applicant")
                .get(pk=request_id)
            )
            if locked.state != State.AWAITING_PAYMENT:
                continue
            reminder = locked.events.filter(name=REMIND, payload__since=since_id).order_by("at").first()
            if reminder is None:
                _remind(
                    locked, since_id, lapse_on=calendar.add_working_days(today, withdraw_after - remind_after)
                )
                done["reminded"] += 1
                continue
            grace = calendar.working_days_between(timezone.localtime(reminder.at).date(), today)
            if waited < withdraw_after or grace < withdraw_after - remind_after:
                continue
            due = selectors.due_charge(locked)
            if due is not None and due.payments.filter(state__in=Payment.OPEN).exists():
                done["paying"] += 1  # a payment under way: the inquiry job settles or closes it first
                continue
            desk_services.payment_lapse(locked, since_event_id=since_id, working_days_waited=waited)
            done["withdrawn"] += 1
    return done


def _remind(request: ServiceRequest, since_id: int, *, lapse_on: dt.date) -> None:
    due = selectors.due_charge(request)
    amount = due.amount_rials if due is not None else 0
    workflow.record(
        request,
        kind=RequestEvent.Kind.REMINDER,
        name=REMIND,
        actor_role=workflow.SYSTEM,
        payload={"since": since_id, "lapse_on": lapse_on.isoformat(), "amount_rials": amount},
    )
    notices.payment_reminder(
        request,
        since_event_id=since_id,
        amount_rials=amount,
        pay_url=settings.MIZ_SITE_URL.rstrip("/") + pay_url(request),
        lapse_on=lapse_on,
    )
