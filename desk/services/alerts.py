"""Alerts and escalation (issue 14 item 3).

Staff are told of a new request in their unit and of an applicant's reply as it happens, and by
the daily `sweep` (`manage.py desk_alerts`, scheduled in `MIZ_SCHEDULED_JOBS`) of a request due on
the next working day and of one overdue; each on their workbench and by SMS and/or email as they
chose (`StaffAlertPreference`). The sweep also

- escalates an overdue request to the head of its unit once it is
  `MIZ_ESCALATE_TO_HEAD_AFTER_DAYS` working days past its due date, and to the province manager
  `MIZ_ESCALATE_TO_PROVINCE_AFTER_DAYS` working days after that (both counted from the due date,
  so a missed run never shifts them); each escalation is a request event;
- reminds the applicant of an appointment the day before;
- reminds an applicant who has not answered a request for more after
  `MIZ_AWAITING_REMIND_AFTER_DAYS` working days, and closes the request (`lapse`, with notice)
  after `MIZ_AWAITING_WITHDRAW_AFTER_DAYS`, never sooner than the difference after the reminder;
  staff may `reopen` it.

Staff alerts, escalations and the applicant's waiting reminders are for working days only: the
sweep leaves them on a weekend or holiday (counted in working days, they fall on the next one).
Every message carries a key and every escalation and reminder is an event looked up before it is
written, so running the sweep twice sends nothing twice.
"""

import datetime as dt
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from accounts.models import Membership, Role, User
from core.calendar import get_calendar
from core.prepared import Prepared
from desk import notices, selectors, workflow
from desk.models import (
    OPEN_STATES,
    Appointment,
    RequestEvent,
    ServiceRequest,
    StaffAlertPreference,
    State,
)
from orgs.models import OrgUnit

logger = logging.getLogger(__name__)
Kind = RequestEvent.Kind

# The escalation levels: event name → (role told, its label in the message and the timeline).
ESCALATE_HEAD, ESCALATE_PROVINCE = "escalate_head", "escalate_province"
LEVELS = {
    ESCALATE_HEAD: (Role.UNIT_HEAD, "رئیس واحد"),
    ESCALATE_PROVINCE: (Role.PROVINCE_MANAGER, "مدیر کل استان"),
}
REMIND_APPLICANT = "remind_applicant"


def escalation_days() -> dict[str, int]:
    """Working days past the due date at which each level is reached."""
    head = max(1, settings.MIZ_ESCALATE_TO_HEAD_AFTER_DAYS)
    province = head + max(1, settings.MIZ_ESCALATE_TO_PROVINCE_AFTER_DAYS)
    return {ESCALATE_HEAD: head, ESCALATE_PROVINCE: province}


def awaiting_days() -> tuple[int, int]:
    """(remind after, close after) working days of waiting for the applicant."""
    remind = max(1, settings.MIZ_AWAITING_REMIND_AFTER_DAYS)
    return remind, max(remind + 1, settings.MIZ_AWAITING_WITHDRAW_AFTER_DAYS)


# --- preferences and recipients -------------------------------------------------------------


def is_alerted_staff(user) -> bool:
    """Staff who work on some unit's requests: they receive alerts and may choose how."""
    return bool(selectors.staff_unit_ids(user))


def preference_for(user) -> str:
    pref = StaffAlertPreference.objects.filter(user=user).first()
    return pref.channels if pref else StaffAlertPreference.Channels.IN_APP


@transaction.atomic
def set_preference(*, user, channels: str) -> StaffAlertPreference:
    """A staff member chooses how they are told; refused in Persian for anyone else or a choice
    that is not offered, or SMS/email without a mobile/address."""
    if not is_alerted_staff(user):
        raise ValidationError("تنظیم اعلان‌ها فقط برای کارکنان واحدهاست.", code="not_staff")
    if channels not in StaffAlertPreference.Channels.values:
        raise ValidationError("یکی از گزینه‌های اعلان را برگزینید.", code="bad_choice")
    pref = StaffAlertPreference(user=user, channels=channels)
    if "email" in pref.notify_channels and not user.email:
        raise ValidationError(
            "برای اعلان با رایانامه، نخست نشانی رایانامه را در حساب خود ثبت کنید.", code="email"
        )
    if "sms" in pref.notify_channels and not user.mobile:
        raise ValidationError("برای اعلان با پیامک، شماره همراه لازم است.", code="mobile")
    pref.save()
    return pref


def _with_channels(people) -> list[tuple[User, tuple[str, ...]]]:
    people = list(people)
    rows = StaffAlertPreference.objects.filter(user__in=[p.pk for p in people])
    chosen = dict(rows.values_list("user_id", "channels"))
    return [
        (p, StaffAlertPreference(user_id=p.pk, channels=chosen.get(p.pk, "in_app")).notify_channels)
        for p in people
    ]


def _not_theirs(people, request) -> list[User]:
    """Nobody is alerted as staff about a request that is their own or their company's."""
    return [p for p in people if p.is_active and not selectors.conflict_of_interest(p, request)]


# Every filing and every applicant's reply asks it: compiled once per process (decision 0127).
_UNIT_STAFF = Prepared(lambda unit_id: selectors.unit_staff(unit_id).order_by("pk"), User, unit_id=int)


def staff_to_tell(request) -> list[User]:
    """Who works on the request now: its expert, or every expert and head of its unit."""
    if request.assignee_id and request.assignee.is_active:
        people = [request.assignee]
    else:
        people = _UNIT_STAFF.objects(unit_id=request.unit_id)
    return _not_theirs(people, request)


def holders_above(request, role: str) -> list[User]:
    """The active holders of `role` in the request's unit or, if none, in the nearest unit above
    it that has one (a unit head; the province manager of the directorate)."""
    parents = dict(OrgUnit.objects.values_list("pk", "parent_id"))
    node, seen = request.unit_id, set()
    while node is not None and node not in seen:
        seen.add(node)
        ids = Membership.objects.filter(org_unit_id=node, role=role, is_active=True).values("user_id")
        people = _not_theirs(User.objects.filter(pk__in=ids).order_by("pk"), request)
        if people:
            return people
        node = parents.get(node)
    return []


# --- as it happens ----------------------------------------------------------------------------


def new_request(request, *, filed: bool = False) -> None:
    """A request arrived in its unit (`filed` in this transaction, or sent there by another
    unit); a desk clerk of the unit who filed it for the applicant knows already."""
    people = [p for p in staff_to_tell(request) if p.pk != request.filed_by_id]
    notices.staff_new_request(request, _with_channels(people), new_request=filed)


def applicant_replied(request, message_id: int) -> None:
    notices.staff_applicant_reply(request, _with_channels(staff_to_tell(request)), message_id)


# --- the daily sweep --------------------------------------------------------------------------


def sweep(*, today: dt.date | None = None) -> dict[str, int]:
    """Everything the day asks for (see the module's doc). Returns how many requests were alerted
    as due tomorrow and overdue (each person's message for a due date is sent once), and how many
    escalations, appointment reminders, waiting reminders and lapses were done."""
    today = today or timezone.localdate()
    done = dict.fromkeys(
        ["due_tomorrow", "overdue", ESCALATE_HEAD, ESCALATE_PROVINCE, "appointments", "reminded", "lapsed"], 0
    )
    done["appointments"] = _remind_appointments(today)
    calendar = get_calendar()
    if not calendar.is_working_day(today):
        return done
    _due_tomorrow(today, calendar.add_working_days(today, 1), done)
    _overdue(today, calendar, done)
    _awaiting(today, calendar, done)
    return done


def _running():
    return ServiceRequest.objects.filter(state__in=OPEN_STATES, clock_paused=False).select_related(
        "service", "unit", "assignee", "applicant"
    )


def _due_tomorrow(today: dt.date, next_working_day: dt.date, done: dict) -> None:
    for request in _running().filter(due_date__gt=today, due_date__lte=next_working_day).iterator(500):
        with transaction.atomic():
            notices.staff_due_tomorrow(request, _with_channels(staff_to_tell(request)))
        done["due_tomorrow"] += 1


def _overdue(today: dt.date, calendar, done: dict) -> None:
    levels = escalation_days()
    for request in _running().filter(due_date__lt=today).iterator(500):
        late = calendar.working_days_between(request.due_date, today)
        with transaction.atomic():
            notices.staff_overdue(request, _with_channels(staff_to_tell(request)))
            done["overdue"] += 1
            reached = [name for name, days in levels.items() if late >= days]
            if reached:
                for name in _escalate(request, reached, late):
                    done[name] += 1


def _escalate(request, levels: list[str], late: int) -> list[str]:
    """Record and send each escalation level not yet recorded for this due date; returns those done."""
    locked = ServiceRequest.objects.select_for_update().get(pk=request.pk)
    if locked.state not in OPEN_STATES or locked.clock_paused or locked.due_date != request.due_date:
        return []
    due = request.due_date.isoformat()
    recorded = set(
        request.events.filter(kind=Kind.ESCALATION, name__in=levels, payload__due_date=due).values_list(
            "name", flat=True
        )
    )
    done = []
    for name in levels:
        if name in recorded:
            continue
        role, label = LEVELS[name]
        people = holders_above(request, role)
        event = workflow.record(
            request,
            kind=Kind.ESCALATION,
            name=name,
            actor_role=workflow.SYSTEM,
            payload={
                "due_date": due,
                "working_days_late": late,
                "told": [p.pk for p in people],
                "told_names": [p.get_full_name() for p in people],
            },
            public=False,
        )
        if not people:
            logger.warning("desk: overdue request %s has no %s to escalate to", request.pk, role)
        notices.staff_escalated(request, _with_channels(people), label, late, event.pk)
        done.append(name)
    return done


def _remind_appointments(today: dt.date) -> int:
    tomorrow = today + dt.timedelta(days=1)
    appointments = Appointment.objects.filter(
        status__in=[Appointment.Status.PROPOSED, Appointment.Status.CONFIRMED],
        request__state__in=OPEN_STATES,
        starts_at__date=tomorrow,
    ).select_related("request__service", "request__applicant", "unit", "counter_office")
    count = 0
    for appointment in appointments:
        with transaction.atomic():
            notices.appointment_reminder(appointment.request, appointment)
        count += 1
    return count


def _awaiting(today: dt.date, calendar, done: dict) -> None:
    remind_after, lapse_after = awaiting_days()
    asked = RequestEvent.objects.filter(
        request=OuterRef("pk"), kind=Kind.TRANSITION, to_state=State.AWAITING_APPLICANT
    ).order_by("-at", "-id")
    waiting = (
        ServiceRequest.objects.filter(state=State.AWAITING_APPLICANT)
        .annotate(since_id=Subquery(asked.values("pk")[:1]), since_at=Subquery(asked.values("at")[:1]))
        .select_related("service", "applicant", "unit")
    )
    for request in waiting.iterator(500):
        if request.since_id is None:
            continue
        since = timezone.localtime(request.since_at).date()
        waited = calendar.working_days_between(since, today)
        if waited < remind_after:
            continue
        with transaction.atomic():
            locked = ServiceRequest.objects.select_for_update().get(pk=request.pk)
            if locked.state != State.AWAITING_APPLICANT:
                continue
            reminder = (
                request.events.filter(name=REMIND_APPLICANT, payload__since=request.since_id)
                .order_by("at")
                .first()
            )
            if reminder is None:
                lapse_on = calendar.add_working_days(today, lapse_after - remind_after)
                workflow.record(
                    request,
                    kind=Kind.REMINDER,
                    name=REMIND_APPLICANT,
                    actor_role=workflow.SYSTEM,
                    payload={"since": request.since_id, "lapse_on": lapse_on.isoformat()},
                )
                notices.awaiting_reminder(request, request.since_id, lapse_on)
                done["reminded"] += 1
                continue
            reminded_on = timezone.localtime(reminder.at).date()
            grace = calendar.working_days_between(reminded_on, today)
            if waited >= lapse_after and grace >= lapse_after - remind_after:
                event = workflow.apply(
                    locked,
                    "lapse",
                    actor=None,
                    actor_kind=workflow.SYSTEM,
                    actor_role=workflow.SYSTEM,
                    payload={"since": request.since_id, "working_days_waited": waited},
                )
                notices.lapsed(locked, event.pk)
                done["lapsed"] += 1
