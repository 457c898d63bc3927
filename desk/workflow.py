"""The request state machine (declared with `core.workflow`): every transition in one table, each a
named operation with the states it leaves, its guard, its effect and who may perform it; each one
appends a `RequestEvent` and refreshes the SLA clock in the same transaction.

    submitted ─accept→ accepted ─start_review→ in_review(step 1) ─advance→ … in_review(step n)
    accepted | in_review ─request_more→ awaiting_applicant ─applicant_answer→ (back where it was)
    in_review(last step) ─approve→ approved;  submitted | accepted | in_review ─reject→ rejected
    approved | rejected ─issue_response→ response_issued ─close→ closed
    submitted | accepted | in_review ─await_payment→ awaiting_payment ─payment_received→ (back
    where it was) (the system: a paid service's fee at submission, or an extra fee staff raised
    during the work; the clock paused meanwhile; only a settled payment moves it on, `payments`)
    awaiting_payment ─payment_lapse→ withdrawn (the system: still unpaid after a reminder)
    submitted | accepted | in_review | awaiting_applicant | awaiting_payment ─withdraw→ withdrawn
    awaiting_applicant ─lapse→ withdrawn (the system: no answer after a reminder; the clock stays
    paused) ─reopen→ where it was before awaiting (staff; only a lapsed request; the clock resumes)

Entering a step (start_review, advance) moves the request to the step's responsible unit when the
step names one (else it stays): the assignee is cleared, the unit it left is kept in `PastUnit`
(its staff read, only the holder acts) and the event's payload says from which unit to which. A
step whose unit is no longer active is refused and nothing changes. A step run by an external
party (a laboratory, an inspection company) is left, or the request approved at it, only once
its answer is recorded (`RequestEvent.Kind.EXTERNAL`, by `desk.services.staff.record_external_answer`).
"""

from django.core.exceptions import ValidationError
from django.utils import timezone

from core.calendar import get_calendar
from core.workflow import SYSTEM, Step, Transition, Workflow
from desk import first_response, search, sla
from desk.models import PastUnit, RequestEvent, ServiceRequest, State

STAFF = "staff"
APPLICANT = "applicant"
__all__ = [
    "APPLICANT",
    "STAFF",
    "SYSTEM",
    "TRANSITIONS",
    "WORKFLOW",
    "apply",
    "available",
    "entry_refusal",
    "external_answered",
    "next_step",
    "record",
    "step_of",
]


def _steps(request: ServiceRequest) -> list[int]:
    return sorted(step.order for step in request.service.steps.all())


def _first_step(request: ServiceRequest) -> int | None:
    steps = _steps(request)
    return steps[0] if steps else None


def next_step(request: ServiceRequest) -> int | None:
    """The order of the step after the request's current one (None at the last)."""
    later = [n for n in _steps(request) if request.step_number is not None and n > request.step_number]
    return later[0] if later else None


def step_of(request: ServiceRequest, order: int | None):
    """The service's workflow step with this order (from the prefetched steps when there are)."""
    return next((s for s in request.service.steps.all() if s.order == order), None)


def external_answered(request: ServiceRequest) -> bool:
    """Whether the external party's answer for the request's current step is recorded."""
    return request.events.filter(kind=RequestEvent.Kind.EXTERNAL, step_number=request.step_number).exists()


def _external_unanswered(request: ServiceRequest) -> str | None:
    step = step_of(request, request.step_number)
    if step is not None and step.is_external and not external_answered(request):
        return (
            f"پاسخ {step.external_party} برای گام «{step.title}» هنوز ثبت نشده است؛ "
            "نخست آن را با مدرکش ثبت کنید."
        )
    return None


def _guard_has_next_step(request: ServiceRequest) -> str | None:
    if next_step(request) is None:
        return "این درخواست در آخرین گام گردش کار است؛ گام بعدی ندارد."
    return _external_unanswered(request)


def _guard_last_step(request: ServiceRequest) -> str | None:
    if next_step(request) is not None:
        return "پیش از تأیید، همه گام‌های گردش کار باید انجام شود."
    return _external_unanswered(request)


def entry_refusal(request: ServiceRequest, order: int | None) -> ValidationError | None:
    """Why the request may not enter step `order` now: its responsible unit is no longer active, or
    may not receive this request (`desk.services.routing`)."""
    target = step_of(request, order)
    if target is None or not target.responsible_unit_id or target.responsible_unit_id == request.unit_id:
        return None
    unit = target.responsible_unit
    if unit.is_active:
        from desk.services.routing import check_receiving_unit  # the services import this module

        try:
            check_receiving_unit(request, unit)  # e.g. a complaint never goes to the unit it is about
        except ValidationError as refused:
            return refused
        return None
    return ValidationError(
        f"واحد «{unit}» که گام «{target.title}» بر عهده آن است دیگر فعال نیست؛ درخواست به آن گام "
        "نرفت و چیزی تغییر نکرد. از مدیر سامانه بخواهید واحد مسئول این گام را در کاتالوگ خدمات اصلاح کند.",
        code="step_unit_inactive",
    )


def _enter(request: ServiceRequest, step: Step, order: int | None) -> None:
    """The request enters step `order`, moving to the step's responsible unit if it names another
    (refused, with nothing changed, when that unit is no longer active)."""
    if problem := entry_refusal(request, order):
        raise problem
    target = step_of(request, order)
    payload = dict(step.context.get("payload") or {})
    if request.step_number is not None:
        payload["from_step"] = request.step_number
    unit = target.responsible_unit if target is not None and target.responsible_unit_id else None
    if unit is not None and unit.pk != request.unit_id:
        left = request.unit
        PastUnit.objects.get_or_create(request=request, unit=left, defaults={"left_at": step.now})
        payload.update(from_unit=left.pk, from_unit_name=str(left), to_unit=unit.pk, to_unit_name=str(unit))
        request.unit, request.assignee = unit, None
        search.moved(request)
    step.context["payload"] = payload
    request.step_number = order


def _guard_has_response(request: ServiceRequest) -> str | None:
    if not hasattr(request, "response"):
        return "پاسخ خدمت هنوز ثبت نشده است."
    return None


def _start_review(request: ServiceRequest, step: Step) -> None:
    _enter(request, step, _first_step(request))


def _advance(request: ServiceRequest, step: Step) -> None:
    _enter(request, step, next_step(request))


def _remember_where(request: ServiceRequest, step: Step) -> None:
    request.resume_state = step.from_state


def _back_where_it_was(request: ServiceRequest, step: Step) -> str:
    target, request.resume_state = request.resume_state or State.IN_REVIEW, ""
    return target


def _back_after_payment(request: ServiceRequest, step: Step) -> str:
    # A request that waited before `await_payment` remembered where it was (submitted for the
    # service fee); one still waiting from before that went back to submitted, as it always did.
    target, request.resume_state = request.resume_state or State.SUBMITTED, ""
    return target


def _decided(request: ServiceRequest, step: Step) -> None:
    request.decided_at = step.now


def _guard_lapsed(request: ServiceRequest) -> str | None:
    last = (
        request.events.filter(kind=RequestEvent.Kind.TRANSITION, to_state=State.WITHDRAWN)
        .order_by("-at", "-id")
        .values_list("name", flat=True)
        .first()
    )
    if last != "lapse":
        return "فقط درخواستی که برای پاسخ‌ندادن متقاضی بسته شده بازگشایی می‌شود، نه انصراف خود متقاضی."
    return None


def _reopened(request: ServiceRequest, step: Step) -> str:
    request.decided_at = None
    return _back_where_it_was(request, step)


def _closed(request: ServiceRequest, step: Step) -> None:
    request.closed_at = step.now


PAUSE, RESUME, STOP = {"clock": "pause"}, {"clock": "resume"}, {"clock": "stop"}

TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in [
        Transition("accept", "پذیرش درخواست", (State.SUBMITTED,), State.ACCEPTED, STAFF),
        Transition(
            "start_review", "آغاز بررسی", (State.ACCEPTED,), State.IN_REVIEW, STAFF, effect=_start_review
        ),
        Transition(
            "advance",
            "رفتن به گام بعد",
            (State.IN_REVIEW,),
            State.IN_REVIEW,
            STAFF,
            _guard_has_next_step,
            _advance,
        ),
        Transition(
            "request_more",
            "درخواست مدرک یا توضیح از متقاضی",
            (State.ACCEPTED, State.IN_REVIEW),
            State.AWAITING_APPLICANT,
            STAFF,
            effect=_remember_where,
            meta=PAUSE,
        ),
        Transition(
            "applicant_answer",
            "پاسخ متقاضی",
            (State.AWAITING_APPLICANT,),
            None,
            APPLICANT,
            effect=_back_where_it_was,
            meta=RESUME,
        ),
        Transition(
            "approve", "تأیید", (State.IN_REVIEW,), State.APPROVED, STAFF, _guard_last_step, _decided, STOP
        ),
        Transition(
            "reject",
            "رد درخواست",
            (State.SUBMITTED, State.ACCEPTED, State.IN_REVIEW),
            State.REJECTED,
            STAFF,
            effect=_decided,
            meta=STOP,
        ),
        Transition(
            "issue_response",
            "صدور پاسخ",
            (State.APPROVED, State.REJECTED),
            State.RESPONSE_ISSUED,
            STAFF,
            _guard_has_response,
        ),
        Transition("close", "بستن درخواست", (State.RESPONSE_ISSUED,), State.CLOSED, STAFF, effect=_closed),
        Transition(
            "withdraw",
            "انصراف از درخواست",
            (
                State.SUBMITTED,
                State.ACCEPTED,
                State.IN_REVIEW,
                State.AWAITING_APPLICANT,
                State.AWAITING_PAYMENT,
            ),
            State.WITHDRAWN,
            APPLICANT,
            effect=_decided,
            meta=STOP,
        ),
        # A paid service waits for its fee with the clock paused, and so does a request in work
        # whose staff raised an extra fee (a test's cost); only the payments app's settled
        # payment (through `desk.services.payment.payment_received`) moves it back where it was.
        Transition(
            "await_payment",
            "در انتظار پرداخت هزینه خدمت",
            (State.SUBMITTED, State.ACCEPTED, State.IN_REVIEW),
            State.AWAITING_PAYMENT,
            SYSTEM,
            effect=_remember_where,
            meta=PAUSE,
        ),
        Transition(
            "payment_received",
            "پرداخت هزینه خدمت",
            (State.AWAITING_PAYMENT,),
            None,
            SYSTEM,
            effect=_back_after_payment,
            meta=RESUME,
        ),
        # Unpaid after a reminder (the payments app's job `payments_unpaid`): the request is
        # withdrawn and its clock stopped, as if the applicant had withdrawn it.
        Transition(
            "payment_lapse",
            "انصراف به سبب پرداخت‌نکردن هزینه",
            (State.AWAITING_PAYMENT,),
            State.WITHDRAWN,
            SYSTEM,
            effect=_decided,
            meta=STOP,
        ),
        # No clock effect: the pause that began when the applicant was asked goes on, so a
        # reopened request has lost no working day of its target to the applicant's silence.
        Transition(
            "lapse",
            "بسته‌شدن به سبب پاسخ‌ندادن متقاضی",
            (State.AWAITING_APPLICANT,),
            State.WITHDRAWN,
            SYSTEM,
            effect=_decided,
        ),
        Transition(
            "reopen",
            "بازگشایی درخواست",
            (State.WITHDRAWN,),
            None,
            STAFF,
            _guard_lapsed,
            _reopened,
            RESUME,
        ),
    ]
}

CLOCK_EFFECTS = {t.name: t.meta["clock"] for t in TRANSITIONS.values() if "clock" in t.meta}


def _log(request: ServiceRequest, step: Step) -> RequestEvent:
    return record(
        request,
        kind=RequestEvent.Kind.TRANSITION,
        name=step.transition.name,
        actor=step.actor,
        actor_role=step.context["actor_role"],
        ip=step.context["ip"],
        payload=step.context["payload"],
        from_state=step.from_state,
        to_state=step.to_state,
    )


def _refresh_clock(request: ServiceRequest, step: Step) -> None:
    clock = clock_after(request, step.event)  # reads the event just appended
    request.due_date, request.clock_paused = clock.due_date, clock.paused
    if step.transition.name in ("approve", "reject"):  # what the clock measured, kept with the decision
        request.answer_working_days, request.answer_within_sla = clock.used, not clock.breached


WORKFLOW = Workflow(model=ServiceRequest, transitions=TRANSITIONS.values(), log=_log, finish=_refresh_clock)


def available(request: ServiceRequest, *, actor_kind: str) -> list[Transition]:
    """Transitions this kind of actor may perform now (for buttons; `apply` checks again)."""
    return WORKFLOW.available(request, actor_kind=actor_kind)


def record(
    request: ServiceRequest,
    *,
    kind: str,
    name: str,
    actor=None,
    actor_role: str = "",
    ip: str | None = None,
    payload: dict | None = None,
    public: bool = True,
    from_state: str = "",
    to_state: str = "",
) -> RequestEvent:
    """Append one event to the request's log; the first response to the applicant is kept on the
    request (`desk.first_response`), once."""
    at = timezone.now()
    first = _claim_first_response(request, kind=kind, name=name, actor_role=actor_role, at=at)
    event = RequestEvent.objects.create(
        request=request,
        kind=kind,
        name=name,
        from_state=from_state,
        to_state=to_state,
        step_number=request.step_number,
        actor=actor,
        actor_role=actor_role,
        at=at,
        ip=ip or None,
        payload=payload or {},
        public=public,
    )
    if first:
        request.first_response_event = event
        used, within = first_response_measured(request, event)
        request.first_response_working_days, request.first_response_within = used, within
        if kind != RequestEvent.Kind.TRANSITION:  # a transition's row is saved by `WORKFLOW.apply`
            ServiceRequest.objects.filter(pk=request.pk).update(
                first_response_event=event, first_response_working_days=used, first_response_within=within
            )
    return event


def first_response_measured(request: ServiceRequest, event: RequestEvent) -> tuple[int, bool]:
    """The first response being recorded, measured by the desk's clock as the event leaves it: its
    working days and whether it came within the target kept at submission (False: none). A
    transition's clock is the workflow's (`clock_after`, once per event); a message leaves the
    clock as it was, read on its day. As `reports.summary.first_response` over the log."""
    memo = getattr(request, "_first_measured", None)
    if memo is None or memo[0] != event.pk:
        if event.kind == RequestEvent.Kind.TRANSITION:
            clock = clock_after(request, event)
        else:
            clock = clock_for(request, today=timezone.localtime(event.at).date())
        target = request.first_response_target
        within = target is not None and not clock.against(target, get_calendar()).breached
        memo = request._first_measured = (event.pk, (clock.used, within))
    return memo[1]


def _claim_first_response(request: ServiceRequest, *, kind: str, name: str, actor_role: str, at) -> bool:
    """Whether the event about to be recorded is the request's first response; if so its time is
    kept on the request before the event is saved, so what reads the new event (the reports
    summary's receiver) finds `first_responded_at == event.at` and no event named yet. A
    transition is logged by `WORKFLOW.apply` on the row it locked and saves after: set there. A
    message claims the row (`first_responded_at` still empty), so two at once count one."""
    if request.first_responded_at is not None or not first_response.responds(kind, name, actor_role):
        return False
    if kind == RequestEvent.Kind.TRANSITION:
        request.first_responded_at = at
        return True
    claimed = ServiceRequest.objects.filter(pk=request.pk, first_responded_at__isnull=True).update(
        first_responded_at=at
    )
    if claimed:
        request.first_responded_at = at
    else:  # another first response was recorded since this object was read
        request.first_responded_at, request.first_response_event_id = (
            ServiceRequest.objects.filter(pk=request.pk)
            .values_list("first_responded_at", "first_response_event_id")
            .get()
        )
    return bool(claimed)


def apply(
    request: ServiceRequest,
    name: str,
    *,
    actor,
    actor_kind: str,
    actor_role: str = "",
    ip: str | None = None,
    payload: dict | None = None,
) -> RequestEvent:
    """Perform transition `name` on the request, or raise a Persian `ValidationError` and change
    nothing. The caller has checked that `actor` may act as `actor_kind` on this request."""
    step = WORKFLOW.apply(
        request, name, actor=actor, actor_kind=actor_kind, actor_role=actor_role, ip=ip, payload=payload
    )
    return step.event


def clock_for(request: ServiceRequest, *, today=None, events=None) -> sla.Clock:
    """The request's SLA clock. `events`: its events already read for the page (every transition
    among them), so the clock costs no query of its own (issue 18)."""
    local = timezone.localtime
    if events is None:
        pairs = request.events.filter(kind=RequestEvent.Kind.TRANSITION, name__in=list(CLOCK_EFFECTS))
        pairs = pairs.values_list("name", "at")
    else:
        transition = RequestEvent.Kind.TRANSITION
        pairs = [(e.name, e.at) for e in events if e.kind == transition and e.name in CLOCK_EFFECTS]
    events = [sla.ClockEvent(local(at).date(), CLOCK_EFFECTS[name]) for name, at in pairs]
    return sla.compute(
        calendar=get_calendar(),
        start=local(request.submitted_at).date(),
        target=request.target_working_days,
        events=events,
        today=today or timezone.localdate(),
    )


def clock_after(request: ServiceRequest, event: RequestEvent) -> sla.Clock:
    """`clock_for(request)` once `event` is recorded, computed once for the event: the reports
    summary's receiver (on the event's save) and the workflow's finish (just after) both ask."""
    memo = getattr(request, "_clock_after", None)
    if memo is None or memo[0] != event.pk:
        memo = request._clock_after = (event.pk, clock_for(request))
    return memo[1]


def refresh_clock(request: ServiceRequest, *, save: bool = True) -> sla.Clock:
    clock = clock_for(request)
    request.due_date, request.clock_paused = clock.due_date, clock.paused
    if save:
        ServiceRequest.objects.filter(pk=request.pk).update(
            due_date=clock.due_date, clock_paused=clock.paused
        )
    return clock


def start_clock(request: ServiceRequest) -> None:
    """The due date of a request not yet saved (no events): target working days from today."""
    start = timezone.localtime(request.submitted_at).date()
    request.due_date = get_calendar().add_working_days(start, request.target_working_days)
    request.clock_paused = False
