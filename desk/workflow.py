"""The request state machine: every transition in one table, each a named operation with the
states it leaves, its guard and who may perform it; each one appends a `RequestEvent`.

    submitted ─accept→ accepted ─start_review→ in_review(step 1) ─advance→ … in_review(step n)
    accepted | in_review ─request_more→ awaiting_applicant ─applicant_answer→ (back where it was)
    in_review(last step) ─approve→ approved;  submitted | accepted | in_review ─reject→ rejected
    approved | rejected ─issue_response→ response_issued ─close→ closed
    submitted | accepted | in_review | awaiting_applicant ─withdraw→ withdrawn (the applicant)
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.calendar import get_calendar
from desk import sla
from desk.models import RequestEvent, ServiceRequest, State

STAFF = "staff"
APPLICANT = "applicant"
SYSTEM = "system"


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


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: tuple[str, ...]
    target: str | None  # None: computed (back to where the request was)
    actor: str
    guard: Callable[[ServiceRequest], str | None] | None = None
    clock: str | None = None  # "pause" | "resume" | "stop"
    public: bool = True

    def allowed_from(self, state: str) -> bool:
        return state in self.sources


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in [
        Transition("accept", "پذیرش درخواست", (State.SUBMITTED,), State.ACCEPTED, STAFF),
        Transition("start_review", "آغاز بررسی", (State.ACCEPTED,), State.IN_REVIEW, STAFF),
        Transition(
            "advance", "رفتن به گام بعد", (State.IN_REVIEW,), State.IN_REVIEW, STAFF, _guard_has_next_step
        ),
        Transition(
            "request_more",
            "درخواست مدرک یا توضیح از متقاضی",
            (State.ACCEPTED, State.IN_REVIEW),
            State.AWAITING_APPLICANT,
            STAFF,
            clock="pause",
        ),
        Transition(
            "applicant_answer", "پاسخ متقاضی", (State.AWAITING_APPLICANT,), None, APPLICANT, clock="resume"
        ),
        Transition("approve", "تأیید", (State.IN_REVIEW,), State.APPROVED, STAFF, _guard_last_step, "stop"),
        Transition(
            "reject",
            "رد درخواست",
            (State.SUBMITTED, State.ACCEPTED, State.IN_REVIEW),
            State.REJECTED,
            STAFF,
            clock="stop",
        ),
        Transition(
            "issue_response",
            "صدور پاسخ",
            (State.APPROVED, State.REJECTED),
            State.RESPONSE_ISSUED,
            STAFF,
            _guard_has_response,
        ),
        Transition("close", "بستن درخواست", (State.RESPONSE_ISSUED,), State.CLOSED, STAFF),
        Transition(
            "withdraw",
            "انصراف از درخواست",
            (State.SUBMITTED, State.ACCEPTED, State.IN_REVIEW, State.AWAITING_APPLICANT),
            State.WITHDRAWN,
            APPLICANT,
            clock="stop",
        ),
    ]
}

CLOCK_EFFECTS = {t.name: t.clock for t in TRANSITIONS.values() if t.clock}


def available(request: ServiceRequest, *, actor_kind: str) -> list[Transition]:
    """Transitions this kind of actor may perform now (for buttons; `apply` checks again)."""
    return [
        t
        for t in TRANSITIONS.values()
        if t.actor == actor_kind and t.allowed_from(request.state) and not (t.guard and t.guard(request))
    ]


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


@transaction.atomic
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
    transition = TRANSITIONS.get(name)
    if transition is None:
        raise ValidationError("عملیات ناشناخته است.", code="unknown_transition")
    locked = ServiceRequest.objects.select_for_update().get(pk=request.pk)
    if transition.actor != actor_kind and actor_kind != SYSTEM:
        raise ValidationError(f"«{transition.label}» از عهده شما نیست.", code="wrong_actor")
    if not transition.allowed_from(locked.state):
        raise ValidationError(
            f"«{transition.label}» در وضعیت «{State(locked.state).label}» مجاز نیست.",
            code="invalid_transition",
        )
    if transition.guard and (problem := transition.guard(locked)):
        raise ValidationError(problem, code="guard")
    from_state = locked.state
    now = timezone.now()
    if name == "start_review":
        locked.step_number = _first_step(locked)
    elif name == "advance":
        locked.step_number = _next_step(locked)
    if name == "request_more":
        locked.resume_state = from_state
    target = transition.target or locked.resume_state or State.IN_REVIEW
    if name == "applicant_answer":
        locked.resume_state = ""
    locked.state = target
    if transition.clock == "stop":
        locked.decided_at = now
    if target == State.CLOSED:
        locked.closed_at = now
    event = record(
        locked,
        kind=RequestEvent.Kind.TRANSITION,
        name=name,
        actor=actor,
        actor_role=actor_role,
        ip=ip,
        payload=payload,
        from_state=from_state,
        to_state=target,
    )
    refresh_clock(locked, save=False)
    locked.save()
    # The caller's object follows the database.
    for field in (
        "state",
        "step_number",
        "resume_state",
        "decided_at",
        "closed_at",
        "due_date",
        "clock_paused",
    ):
        setattr(request, field, getattr(locked, field))
    return event


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
