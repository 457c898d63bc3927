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
- feedback: +ratings and the score on the day it was given.
"""

import datetime as dt
from collections import Counter, defaultdict
from types import SimpleNamespace

from django.db import connection, transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_save, pre_save
from django.utils import timezone

from core.calendar import clear_cache, get_calendar
from desk import sla
from desk.models import Feedback, RequestEvent, ServiceRequest, State
from desk.workflow import CLOCK_EFFECTS, clock_after
from reports.models import KEY_FIELDS, DeskAnswerDays, DeskDay

Kind = RequestEvent.Kind
ANSWERED_STATES = (State.APPROVED, State.REJECTED, State.RESPONSE_ISSUED, State.CLOSED)
COUNTS = ("accepted", "open", "answered", "withdrawn", "working_days", "calendar_days", "within_sla")
COUNTS += ("ratings", "rating_sum")


def local_day(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date()


def place_key(request) -> tuple:
    """(unit, service, channel, counter office or 0, in-person desk or 0) of a request."""
    return (
        request.unit_id,
        request.service_id,
        request.channel,
        request.counter_office_id or 0,
        request.intake_unit_id or 0,
    )


class Changes:
    """Additions to the summary, gathered and then written in one statement per table."""

    def __init__(self):
        self.days: dict[tuple, Counter] = defaultdict(Counter)
        self.answers: Counter = Counter()

    def add(self, day: dt.date, key: tuple, **counts: int) -> None:
        self.days[(day, *key)].update(counts)

    def answer(self, request, key: tuple, *, clock: sla.Clock, day: dt.date) -> None:
        calendar_days = (day - local_day(request.submitted_at)).days
        within = int(not clock.breached)
        self.add(
            day, key, answered=1, working_days=clock.used, calendar_days=calendar_days, within_sla=within
        )
        self.answers[(day, *key, clock.used)] += 1

    def save(self) -> None:
        _upsert(DeskDay, KEY_FIELDS, COUNTS, [(*k, *(c[n] for n in COUNTS)) for k, c in self.days.items()])
        _upsert(
            DeskAnswerDays,
            (*KEY_FIELDS, "working_days"),
            ("answered",),
            [(*k, n) for k, n in self.answers.items()],
        )


def _upsert(model, keys: tuple, counts: tuple, rows: list) -> None:
    """Add `counts` to the rows of these keys, creating the missing ones (one statement; the same
    SQL on SQLite and PostgreSQL). Rows are written in key order, so two transactions that touch
    the same rows lock them in the same order."""
    if not rows:
        return
    table = model._meta.db_table
    columns = ", ".join((*keys, *counts))
    marks = ", ".join(["%s"] * (len(keys) + len(counts)))
    updates = ", ".join(f"{c} = {table}.{c} + excluded.{c}" for c in counts)
    sql = (
        f"INSERT INTO {table} ({columns}) VALUES ({marks}) "  # noqa: S608 - names are ours
        f"ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {updates}"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, sorted(rows, key=lambda r: tuple(str(v) for v in r[: len(keys)])))


# ---- the desk's events ------------------------------------------------------------------------


def event_recorded(event: RequestEvent) -> None:
    """Add what this newly recorded event changes (called in the event's transaction)."""
    request, name = event.request, event.name
    changes, key = Changes(), place_key(request)
    accepted_on = local_day(request.submitted_at)
    if event.kind == Kind.TRANSITION:
        if name == "submit":
            changes.add(accepted_on, key, accepted=1, open=1)
        elif name in ("approve", "reject"):
            changes.answer(request, key, clock=clock_after(request, event), day=local_day(request.decided_at))
            changes.add(accepted_on, key, open=-1)
        elif name in ("withdraw", "lapse", "payment_lapse"):
            changes.add(local_day(request.decided_at), key, withdrawn=1)
            changes.add(accepted_on, key, open=-1)
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
        before = (
            RequestEvent.objects.filter(request_id=request.pk, kind=Kind.ASSIGN_UNIT, pk__lt=event.pk)
            .order_by("-pk")
            .values_list("payload", flat=True)
            .first()
        )
        if before is not None and before.get("unit") not in (None, request.unit_id):
            _moved(changes, request, key, accepted_on, before["unit"])
    elif event.kind == Kind.FEEDBACK:
        feedback = Feedback.objects.get(request_id=request.pk)
        changes.add(local_day(feedback.created_at), key, ratings=1, rating_sum=feedback.score)
    changes.save()


def _moved(changes: Changes, request, key: tuple, accepted_on: dt.date, from_unit: int) -> None:
    """The request's accepted (and open, while it is) move from `from_unit` to its unit now."""
    still_open = int(request.state not in (*ANSWERED_STATES, State.WITHDRAWN))
    changes.add(accepted_on, (from_unit, *key[1:]), accepted=-1, open=-still_open)
    changes.add(accepted_on, key, accepted=1, open=still_open)


def _on_event_saved(sender, instance, created, raw=False, **kwargs) -> None:
    if created and not raw:
        event_recorded(instance)


# ---- recounting from the requests ------------------------------------------------------------


def _clock_events(request_ids: list[int]) -> dict[int, list[sla.ClockEvent]]:
    found = defaultdict(list)
    rows = RequestEvent.objects.filter(
        request_id__in=request_ids, kind=Kind.TRANSITION, name__in=list(CLOCK_EFFECTS)
    ).values_list("request_id", "name", "at")
    for request_id, name, at in rows:
        found[request_id].append(sla.ClockEvent(local_day(at), CLOCK_EFFECTS[name]))
    return found


def add_requests(requests, *, since: dt.date | None = None, chunk: int = 2000) -> int:
    """Add every share of these requests (a queryset) whose day is `since` or later (all: None).
    Returns how many requests were read."""
    calendar, today = get_calendar(), timezone.localdate()
    fields = ("pk", "unit_id", "service_id", "channel", "counter_office_id", "intake_unit_id", "state")
    fields += ("submitted_at", "decided_at", "target_working_days", "feedback__score", "feedback__created_at")
    read = 0
    ids = list(requests.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), chunk):
        part = ids[start : start + chunk]
        names = [f.replace("feedback__", "fb_") for f in fields]
        rows = [SimpleNamespace(**dict(zip(names, row, strict=True))) for row in _values(part, fields)]
        answered = [r.pk for r in rows if r.state in ANSWERED_STATES and r.decided_at]
        events = _clock_events(answered) if answered else {}
        changes = Changes()
        for r in rows:
            _add_request(changes, r, events.get(r.pk, ()), calendar=calendar, today=today, since=since)
        changes.save()
        read += len(rows)
    return read


def _values(ids, fields):
    return ServiceRequest.objects.filter(pk__in=ids).order_by("pk").values_list(*fields)


def _add_request(changes: Changes, r, clock_events, *, calendar, today, since) -> None:
    key, accepted_on = place_key(r), local_day(r.submitted_at)

    def wanted(day):
        return since is None or day >= since

    if wanted(accepted_on):
        is_open = int(r.state not in (*ANSWERED_STATES, State.WITHDRAWN))
        changes.add(accepted_on, key, accepted=1, open=is_open)
    if r.decided_at and r.state == State.WITHDRAWN and wanted(local_day(r.decided_at)):
        changes.add(local_day(r.decided_at), key, withdrawn=1)
    if r.decided_at and r.state in ANSWERED_STATES and wanted(local_day(r.decided_at)):
        clock = sla.compute(
            calendar=calendar,
            start=accepted_on,
            target=r.target_working_days,
            events=clock_events,
            today=today,
        )
        changes.answer(r, key, clock=clock, day=local_day(r.decided_at))
    if r.fb_score is not None and wanted(local_day(r.fb_created_at)):
        changes.add(local_day(r.fb_created_at), key, ratings=1, rating_sum=r.fb_score)


@transaction.atomic
def rebuild(*, since: dt.date | None = None) -> int:
    """Recount the summary from the requests: everything, or every day from `since` on."""
    clear_cache()
    days, answers = DeskDay.objects.all(), DeskAnswerDays.objects.all()
    requests = ServiceRequest.objects.all()
    if since is not None:
        days, answers = days.filter(day__gte=since), answers.filter(day__gte=since)
        start = timezone.make_aware(dt.datetime.combine(since, dt.time()))
        requests = requests.filter(
            Q(submitted_at__gte=start) | Q(decided_at__gte=start) | Q(feedback__created_at__gte=start)
        )
    days.delete()
    answers.delete()
    return add_requests(requests, since=since)


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
        rebuild(since=day)


def connect_signals() -> None:
    from core.models import Holiday

    post_save.connect(_on_event_saved, sender=RequestEvent, dispatch_uid="reports_event")
    pre_save.connect(_remember_holiday, sender=Holiday, dispatch_uid="reports_holiday_before")
    post_save.connect(_holiday_changed, sender=Holiday, dispatch_uid="reports_holiday_saved")
    post_delete.connect(_holiday_changed, sender=Holiday, dispatch_uid="reports_holiday_deleted")
