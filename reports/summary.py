"""Keeping the desk's summary (`reports.models`) exact: each event the desk records adds its share
in the same transaction (`event_recorded`), holiday edits recount the answers they change, and
`rebuild` recounts everything (or every day from one on) from the requests themselves.

What an event changes (decision 0068):
- submit: +accepted, +open on the day of acceptance;
- approve, reject: +answered, the working and calendar days and within-SLA on the day of the
  decision (the desk's own clock, `desk.workflow.clock_after`: computed once for the event, with
  the workflow's), one more in the histogram of working days; −open on the day of acceptance;
- withdraw, lapse: +withdrawn on the day of withdrawal, −open; reopen undoes both;
- assign_unit (a reassignment) and a workflow step that hands the request to another unit (its
  payload's from_unit/to_unit, decision 0078): the request's accepted and open move to the new unit;
- feedback: +ratings and the score on the day it was given, +1 for each reason it chose;
- the first response to the applicant (`responds`: a staff message that is not an internal note,
  a request for more documents or explanation, a decision), once per request, on its day: its
  working days from acceptance (pauses excluded, the desk's clock) and, when the SLA in force on
  the day of acceptance for the province of the unit it was routed to names a first-response
  target, whether it came within it; it moves with the request, as accepted does. The request
  keeps which event was it and the target, from submission (`desk.first_response`, decision
  0096): the receiver reads neither the log nor the agreements to know (the clock it measures is
  the workflow's own, `clock_after`; a staff message reads the clock's events once).
"""

import datetime as dt
from dataclasses import dataclass
from types import SimpleNamespace

from django.db import connection, transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_save, pre_save
from django.utils import timezone

from core.calendar import clear_cache
from desk import sla
from desk.first_response import RESPONSE_TRANSITIONS, is_first_response, responds
from desk.models import ANSWERED_STATES, Feedback, RequestEvent, ServiceRequest, State
from desk.workflow import CLOCK_EFFECTS, clock_after, first_response_measured
from reports import contact, measure, months, recount
from reports.changes import COUNTS, Changes, Filing, local_day, place_key  # noqa: F401 - COUNTS: read by tests
from reports.models import DeskDay, DeskDuration, DeskReason

Kind = RequestEvent.Kind


@dataclass(frozen=True)
class FirstResponse:
    event_id: int
    day: dt.date
    working_days: int
    targeted: bool
    within: bool


def first_response(events, *, accepted_on: dt.date, target, calendar) -> FirstResponse | None:
    """The request's first response among its events (id, kind, name, actor role, time; in the
    log's order): working days from acceptance to its day with the desk's clock (pauses before it
    excluded; that day itself counted, as the answer's), and whether it came within `target`
    working days (None: no first-response target) by the clock's `breached` rule."""
    before = []
    for pk, kind, name, role, at in events:
        if responds(kind, name, role):
            day = local_day(at)
            clock = sla.compute(
                calendar=calendar,
                start=accepted_on,
                target=target or 0,
                events=[*before, sla.ClockEvent(day, "stop")],
                today=day,
            )
            within = target is not None and not clock.breached
            return FirstResponse(pk, day, clock.used, target is not None, within)
        if kind == Kind.TRANSITION and name in CLOCK_EFFECTS:
            before.append(sla.ClockEvent(local_day(at), CLOCK_EFFECTS[name]))
    return None


# ---- the desk's events ------------------------------------------------------------------------


def event_recorded(event: RequestEvent) -> None:
    """Add what this newly recorded event changes (called in the event's transaction)."""
    request, name = event.request, event.name
    changes, key = Changes(), place_key(request)
    accepted_on = local_day(request.submitted_at)
    if is_first_response(event):
        changes.first_response(_first_response_now(request, event), key)
    if event.kind == Kind.TRANSITION:
        if name == "submit":
            changes.add(accepted_on, key, accepted=1, open=1)
            Filing.remember(request.pk, key, accepted_on)
        elif name in ("approve", "reject"):
            clock = clock_after(request, event)  # the figures the workflow keeps on the request
            day = local_day(request.decided_at)
            changes.answer(request, key, used=clock.used, within=not clock.breached, day=day)
            changes.add(accepted_on, key, open=-1)
        elif name in ("withdraw", "lapse", "payment_lapse"):
            changes.add(local_day(request.decided_at), key, withdrawn=1)
            changes.add(accepted_on, key, open=-1)
        elif name == "issue_response":
            changes.add(local_day(request.decided_at), key, responded=1)
        elif name == "reopen":
            # The workflow saves the row after logging: the stored row still has the withdrawal.
            withdrawn_at = ServiceRequest.objects.values_list("decided_at", flat=True).get(pk=request.pk)
            changes.add(local_day(withdrawn_at), key, withdrawn=-1)
            changes.add(accepted_on, key, open=1)
        elif event.payload.get("to_unit") == request.unit_id and event.payload.get("from_unit"):
            # A workflow step handed the request to its own unit (start_review, advance: decision 0078).
            _moved(changes, request, key, accepted_on, event.payload["from_unit"])
    elif event.kind == Kind.ASSIGN_UNIT and event.actor_id is not None:
        # A person moved the request (the routing at submission is the system's, with no actor).
        from_unit = event.payload.get("from_unit") or _unit_before(event)
        if from_unit not in (None, request.unit_id):
            _moved(changes, request, key, accepted_on, from_unit)
    elif event.kind == Kind.FEEDBACK:
        feedback = Feedback.objects.get(request_id=request.pk)
        changes.rating(local_day(feedback.created_at), key, score=feedback.score, reasons=feedback.reasons)
    changes.save()


def _unit_before(event: RequestEvent) -> int | None:
    """The unit of the assignment before this one (an event recorded without its `from_unit`)."""
    before = (
        RequestEvent.objects.filter(request_id=event.request_id, kind=Kind.ASSIGN_UNIT, pk__lt=event.pk)
        .order_by("-pk")
        .values_list("payload", flat=True)
        .first()
    )
    return None if before is None else before.get("unit")


def _moved(changes: Changes, request, key: tuple, accepted_on: dt.date, from_unit: int) -> None:
    """The request's accepted (and open, while it is) and its first response, if it had one, move
    from `from_unit` to its unit now."""
    Filing.forget([request.pk])
    still_open = int(request.state not in (*ANSWERED_STATES, State.WITHDRAWN))
    changes.add(accepted_on, (from_unit, *key[1:]), accepted=-1, open=-still_open)
    changes.add(accepted_on, key, accepted=1, open=still_open)
    contact.moved(changes, request, key, (from_unit, *key[1:]), accepted_on)
    found = _kept_first_response(request)
    if found is not None:
        changes.first_response(found, (from_unit, *key[1:]), sign=-1)
        changes.first_response(found, key)


# The events a request's clock is measured from (`measure_request`): transitions that respond or
# move the clock, and messages.
READ_TRANSITIONS = sorted({*CLOCK_EFFECTS, *RESPONSE_TRANSITIONS})


def reads_event(kind: str, name: str) -> bool:
    """Whether a request's clock is measured from an event of this kind and name."""
    return kind == Kind.MESSAGE or (kind == Kind.TRANSITION and name in READ_TRANSITIONS)


def _first_response_now(request, event: RequestEvent) -> FirstResponse:
    """The first response being recorded, as the desk measures it and keeps it on the request
    (`desk.workflow.first_response_measured`, computed once for the event)."""
    used, within = first_response_measured(request, event)
    return FirstResponse(
        event.pk, local_day(event.at), used, request.first_response_target is not None, within
    )


def _kept_first_response(request) -> FirstResponse | None:
    """The request's first response as it keeps it (read from the database: the object that moved
    may be older)."""
    fields = ("first_response_event_id", "first_responded_at", "first_response_target", *measure.FIGURES[2:])
    row = ServiceRequest.objects.filter(pk=request.pk).values(*fields).get()
    return kept_first_response(SimpleNamespace(**row))


def _on_event_saved(sender, instance, created, raw=False, **kwargs) -> None:
    if created and not raw:
        event_recorded(instance)


# ---- recounting from the requests ------------------------------------------------------------


# What the generator's share of the summary takes of a request (`reports.bulk`, `add_request`).
REQUEST_FIELDS = ("pk", "unit_id", "service_id", "channel", "counter_office_id", "intake_unit_id", "state")
REQUEST_FIELDS += ("submitted_at", "decided_at", "target_working_days", "first_response_target")
REQUEST_FIELDS += ("first_response_event_id", "first_responded_at", *measure.FIGURES)


def kept_first_response(r) -> FirstResponse | None:
    """The first response a request keeps (its event, time and measured figures), or None."""
    if r.first_responded_at is None:
        return None
    day, targeted = local_day(r.first_responded_at), r.first_response_target is not None
    return FirstResponse(
        r.first_response_event_id, day, r.first_response_working_days, targeted, r.first_response_within
    )


def measure_request(r, events, *, calendar, today) -> None:
    """Keep on `r` (a request being generated, `reports.bulk`) what the desk's clock measures from
    its `events` (those `reads_event` takes: pk, kind, name, actor role, at, payload; in the log's
    order), as `desk.workflow` keeps it event by event and `reports.measure` from the log."""
    accepted_on = local_day(r.submitted_at)
    r.answer_working_days = r.answer_within_sla = None
    if r.decided_at and r.state in ANSWERED_STATES:
        clock_events = [
            sla.ClockEvent(local_day(at), CLOCK_EFFECTS[name])
            for _pk, kind, name, _role, at, _payload in events
            if kind == Kind.TRANSITION and name in CLOCK_EFFECTS
        ]
        clock = sla.compute(
            calendar=calendar,
            start=accepted_on,
            target=r.target_working_days,
            events=clock_events,
            today=today,
        )
        r.answer_working_days, r.answer_within_sla = clock.used, not clock.breached
    found = first_response([e[:5] for e in events], accepted_on=accepted_on, target=r.first_response_target,
                           calendar=calendar)  # fmt: skip
    r.first_response_working_days = None if found is None else found.working_days
    r.first_response_within = None if found is None else found.within


def add_request(changes: Changes, r, visits, *, since) -> None:
    """Add one request's shares whose day is `since` or later: `r` has REQUEST_FIELDS (its clock's
    figures measured) and its rating, response, receipt and call; `visits` the days of its visits."""
    key, accepted_on = place_key(r), local_day(r.submitted_at)

    def wanted(day):
        return since is None or day >= since

    if wanted(accepted_on):
        is_open = int(r.state not in (*ANSWERED_STATES, State.WITHDRAWN))
        sent, called = int(r.has_receipt), int(r.called_in)
        changes.add(accepted_on, key, accepted=1, open=is_open, receipts=sent, called_in=called)
    if r.decided_at and r.state == State.WITHDRAWN and wanted(local_day(r.decided_at)):
        changes.add(local_day(r.decided_at), key, withdrawn=1)
    if r.decided_at and r.state in ANSWERED_STATES and wanted(local_day(r.decided_at)):
        day = local_day(r.decided_at)
        changes.answer(r, key, used=r.answer_working_days, within=r.answer_within_sla, day=day)
        changes.add(day, key, responded=int(r.response_id is not None))
    found = kept_first_response(r)
    if found is not None and wanted(found.day):
        changes.first_response(found, key)
    for day in visits:
        if wanted(day):
            changes.add(day, key, visits=1)
    if r.fb_score is not None and wanted(local_day(r.fb_created_at)):
        changes.rating(local_day(r.fb_created_at), key, score=r.fb_score, reasons=r.fb_reasons)


@transaction.atomic
def rebuild(*, since: dt.date | None = None, remeasure: bool = False) -> int:
    """Recount the summary from the requests: everything, or every day from `since` on, by the
    database (`reports.recount`, decision 0124: the same figures as `add_request`, set-based) from
    what the desk's clock measured, as each request keeps it (decision 0145); then the month
    rollup from the day rows (from `since`'s month on). With `remeasure`, the clocks are measured
    again from the logs first (`reports.measure`: a holiday edit, a repair); without, only the
    requests never measured are. Returns how many requests were measured."""
    clear_cache()
    requests = ServiceRequest.objects.all()
    if since is not None:
        start = timezone.make_aware(dt.datetime.combine(since, dt.time()))
        # A first response comes before the decision or withdrawal: an open request may have one.
        requests = requests.filter(
            Q(submitted_at__gte=start)
            | Q(decided_at__gte=start)
            | Q(decided_at__isnull=True)
            | Q(feedback__created_at__gte=start)
            | Q(contact.visited_since(start))
        )
    measured, _changed = measure.measure(requests if remeasure else measure.unmeasured(requests))
    if connection.vendor == "postgresql":
        # The recount replaces the rows by difference (decision 0141). The desk's events wait until
        # it commits (readers do not), as they waited for the rows the DELETE below locks.
        with connection.cursor() as cursor:
            names = ", ".join(m._meta.db_table for m in (DeskDay, DeskDuration, DeskReason))
            cursor.execute(f"LOCK TABLE {names} IN SHARE ROW EXCLUSIVE MODE")
        recount.recount(requests, since=since, replace=True)
    else:
        for model in (DeskDay, DeskDuration, DeskReason):
            model.objects.filter(**({"day__gte": since} if since else {})).delete()
        recount.recount(requests, since=since)
    months.roll_up(since=since)
    return measured


# ---- holidays --------------------------------------------------------------------------------


def _remember_holiday(sender, instance, **kwargs) -> None:
    instance._reports_dates = {instance.date}
    if instance.pk:
        old = sender.objects.filter(pk=instance.pk).values_list("date", flat=True).first()
        if old:
            instance._reports_dates.add(old)


def _holiday_changed(sender, instance, **kwargs) -> None:
    """A holiday added, moved, switched off or removed changes the working days (and due dates)
    of the answers given on or after it: recount those days."""
    day = min(getattr(instance, "_reports_dates", None) or {instance.date})
    if day <= timezone.localdate() and DeskDay.objects.filter(day__gte=day).exists():
        rebuild(since=day, remeasure=True)


def connect_signals() -> None:
    from core.models import Holiday

    post_save.connect(_on_event_saved, sender=RequestEvent, dispatch_uid="reports_event")
    pre_save.connect(_remember_holiday, sender=Holiday, dispatch_uid="reports_holiday_before")
    post_save.connect(_holiday_changed, sender=Holiday, dispatch_uid="reports_holiday_saved")
    post_delete.connect(_holiday_changed, sender=Holiday, dispatch_uid="reports_holiday_deleted")
    contact.connect_signals()
