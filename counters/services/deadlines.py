"""The deadline sweep: late corrections, escalated reviews, ranks made final when objection time ends."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from core.jalali import format_date
from core.text import ltr_code
from core.workflow import SYSTEM
from counters.models import (
    Declaration,
)
from counters.services.events import _event, _lock, _tell_region, _today, _transition

State = Declaration.State


def sweep_deadlines(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Act on every expired window (run by `manage.py counters_deadlines` or its task):

    - a returned file not corrected in time is marked late and the region is told;
    - a review (or objection answer) overdue is escalated to the region's head;
    - an objection window that closed without an objection locks the rank.
    """
    now = now or timezone.now()
    today = _today(now)
    done = {"late": 0, "escalated": 0, "locked": 0}
    expired = Declaration.objects.filter(due_on__lt=today)
    for pk in expired.filter(state=State.RETURNED, is_late=False).values_list("pk", flat=True):
        with transaction.atomic():
            declaration = _lock(pk)
            if declaration.state != State.RETURNED or declaration.is_late:
                continue
            declaration.is_late = True
            declaration.save()
            _event(declaration, "late", note=f"مهلت اصلاح تا {format_date(declaration.due_on)} بود.")
            _tell_region(
                declaration,
                event="counters.late",
                text=f"دفتر {ltr_code(declaration.office.code)} پرونده عودت‌شده را در مهلت "
                f"({format_date(declaration.due_on)}) اصلاح نکرد و دیرکرد خورد.",
                key=f"counters.late:{declaration.pk}:{declaration.review_round}",
            )
            done["late"] += 1
    reviewing = (State.SUBMITTED, State.RESUBMITTED, State.OBJECTED)
    for pk in expired.filter(state__in=reviewing, is_escalated=False).values_list("pk", flat=True):
        with transaction.atomic():
            declaration = _lock(pk)
            if declaration.state not in reviewing or declaration.is_escalated:
                continue
            declaration.is_escalated = True
            declaration.save()
            heads = _tell_region(
                declaration,
                event="counters.escalated",
                text=f"مهلت بررسی پرونده دفتر {ltr_code(declaration.office.code)} در "
                f"{format_date(declaration.due_on)} گذشت و به سرپرست منطقه ارجاع شد.",
                key=f"counters.escalated:{declaration.pk}:{declaration.review_round}:{declaration.state}",
                heads_only=True,
            )
            _event(
                declaration,
                "escalate",
                note=f"مهلت تا {format_date(declaration.due_on)} بود.",
                data={"heads_told": heads},
            )
            done["escalated"] += 1
    for pk in expired.filter(state=State.APPROVED).values_list("pk", flat=True):
        with transaction.atomic():
            declaration = _lock(pk)
            if declaration.state != State.APPROVED or declaration.due_on >= today:
                continue
            declaration.locked_at = now
            declaration.due_on = None
            _transition(declaration, "lock", actor_kind=SYSTEM)
            done["locked"] += 1
    return done
