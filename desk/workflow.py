"""The request state machine (declared with `core.workflow`): every transition in one table, each a
named operation with the states it leaves, its guard, its effect and who may perform it; each one
appends a `RequestEvent` and refreshes the SLA clock in the same transaction.

    submitted ─accept→ accepted ─start_review→ in_review(step 1) ─advance→ … in_review(step n)
    accepted | in_review ─request_more→ awaiting_applicant ─applicant_answer→ (back where it was)
    in_review(last step) ─approve→ approved;  submitted | accepted | in_review ─reject→ rejected
    approved | rejected ─issue_response→ response_issued ─close→ closed
    submitted | accepted | in_review | awaiting_applicant ─withdraw→ withdrawn (the applicant)
    awaiting_applicant ─lapse→ withdrawn (the system: no answer after a reminder; the clock stays
    paused) ─reopen→ where it was before awaiting (staff; only a lapsed request; the clock resumes)
"""

from django.utils import timezone

from core.calendar import get_calendar
from core.workflow import SYSTEM, Step, Transition, Workflow
from desk import sla
from desk.models import RequestEvent, ServiceRequest, State

STAFF = "staff"
APPLICANT = "applicant"
__all__ = ["APPLICANT", "STAFF", "SYSTEM", "TRANSITIONS", "WORKFLOW", "apply", "available", "record"]


def _steps(request: ServiceRequest) -> list[int]:
    return sorted(step.order for step in request.service.steps.all())


def _first_step(request: ServiceRequest) -> int | None:
    steps = _steps(request)
    return steps[0] if steps else None


def _next_step(request: ServiceRequest) -> int | None:
    later = [n for n in _steps(request) if request.step_number is not None and n > request.step_number]
    return later[0] if later else None


def _guard_has_next_step(request: ServiceRequest) -> str | None:
    if _next_step(request) is None:
        return "این درخواست در آخرین گام گردش کار است؛ گام بعدی ندارد."
    return None


def _guard_last_step(request: ServiceRequest) -> str | None:
    if _next_step(request) is not None:
        return "پیش از تأیید، همه گام‌های گردش کار باید انجام شود."
    return None


def _guard_has_response(request: ServiceRequest) -> str | None:
    if not hasattr(request, "response"):
        return "پاسخ خدمت هنوز ثبت نشده است."
    return None


def _start_review(request: ServiceRequest, step: Step) -> None:
    request.step_number = _first_step(request)


def _advance(request: ServiceRequest, step: Step) -> None:
    request.step_number = _next_step(request)


def _remember_where(request: ServiceRequest, step: Step) -> None:
    request.resume_state = step.from_state


def _back_where_it_was(request: ServiceRequest, step: Step) -> str:
    target, request.resume_state = request.resume_state or State.IN_REVIEW, ""
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
            (State.SUBMITTED, State.ACCEPTED, State.IN_REVIEW, State.AWAITING_APPLICANT),
            State.WITHDRAWN,
            APPLICANT,
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
    refresh_clock(request, save=False)  # reads the event just appended


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
    """Append one event to the request's log."""
    return RequestEvent.objects.create(
        request=request,
        kind=kind,
        name=name,
        from_state=from_state,
        to_state=to_state,
        step_number=request.step_number,
        actor=actor,
        actor_role=actor_role,
        at=timezone.now(),
        ip=ip or None,
        payload=payload or {},
        public=public,
    )


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


def clock_for(request: ServiceRequest, *, today=None) -> sla.Clock:
    local = timezone.localtime
    events = [
        sla.ClockEvent(local(at).date(), CLOCK_EFFECTS[name])
        for name, at in request.events.filter(
            kind=RequestEvent.Kind.TRANSITION, name__in=list(CLOCK_EFFECTS)
        ).values_list("name", "at")
    ]
    return sla.compute(
        calendar=get_calendar(),
        start=local(request.submitted_at).date(),
        target=request.target_working_days,
        events=events,
        today=today or timezone.localdate(),
    )


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
