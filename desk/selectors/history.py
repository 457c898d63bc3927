"""A request's history for display: event labels, the timeline, and the progress through its
service's workflow steps."""

from dataclasses import dataclass

from core.prepared import Prepared
from core.text import to_persian_digits
from desk.models import OPEN_STATES, RequestEvent, ServiceRequest, State

EVENT_LABELS = {
    "submit": "ثبت درخواست و صدور کد رهگیری",
    "assign_unit": "ارجاع به واحد رسیدگی‌کننده",
    "assign_expert": "ارجاع به کارشناس",
    "message": "پیام",
    "note": "یادداشت داخلی",
    "book_appointment": "تعیین نوبت حضور",
    "confirm_appointment": "تأیید نوبت از سوی متقاضی",
    "ask_another_time": "درخواست زمان دیگر برای نوبت",
    "download_response": "دریافت پاسخ از سوی متقاضی",
    "feedback": "ثبت نظر متقاضی",
    "escalate_head": "ارجاع دیرکرد به رئیس واحد",
    "escalate_province": "ارجاع دیرکرد به مدیر کل استان",
    "remind_applicant": "یادآوری به متقاضی برای پاسخ",
    "payment_reminder": "یادآوری پرداخت هزینه به متقاضی",
    "external_answer": "ثبت پاسخ طرف بیرونی",
}


def event_label(event) -> str:
    from desk.workflow import TRANSITIONS

    payload = event.payload or {}
    if event.name == "await_payment" and payload.get("extra"):  # a fee staff raised in the work
        return f"در انتظار پرداخت هزینه اضافی: {payload.get('explanation', '')}".rstrip(": ")
    if event.name in TRANSITIONS:
        return TRANSITIONS[event.name].label
    label = EVENT_LABELS.get(event.name, event.name)
    if event.kind == RequestEvent.Kind.ESCALATION:
        names = "، ".join(payload.get("told_names") or []) or "کسی در این نقش نیست"
        label = f"{label}: {names}"
    return label


TIMELINE_KINDS = ("transition", "assign_unit", "appointment")


def page_events(
    request: ServiceRequest, *, transitions_only: bool = False, actors: bool = True
) -> list[RequestEvent]:
    """The request's events read once for a page, public or not, in order: its `timeline` (which
    keeps what the reader may see) and its SLA clock (`workflow.clock_for(events=...)`, every
    transition) are made from them (issue 18: one query for both). `actors=False`: without who
    did each (the public page names no one)."""
    key = (transitions_only, actors)
    if key not in _PAGE_EVENTS:
        _PAGE_EVENTS[key] = Prepared(
            lambda request_id: _page_events(ServiceRequest(pk=request_id), transitions_only, actors),
            RequestEvent,
            request_id=int,
        )
    events = _PAGE_EVENTS[key].objects(request_id=request.pk)
    for event in events:
        RequestEvent.request.field.set_cached_value(event, request)  # as `request.events` does
    return events


# Every page of a request and every answer of the API reads them: compiled once (decision 0127).
_PAGE_EVENTS: dict[tuple[bool, bool], Prepared] = {}


def _page_events(request: ServiceRequest, transitions_only: bool, actors: bool):
    events = request.events.order_by("at", "id")
    if actors:
        events = events.select_related("actor")
    if transitions_only:
        events = events.filter(kind__in=TIMELINE_KINDS)
    return events


def timeline(
    request: ServiceRequest, *, staff: bool = False, transitions_only: bool = False, events=None
) -> list[dict]:
    """The request's events for display; the applicant and the public see only public ones.
    `events`: what `page_events(request, transitions_only=...)` read for the page."""
    if events is None:
        events = request.events.select_related("actor").order_by("at", "id")
        if not staff:
            events = events.filter(public=True)
        if transitions_only:
            events = events.filter(kind__in=TIMELINE_KINDS)
    else:
        events = [
            e for e in events if (staff or e.public) and (not transitions_only or e.kind in TIMELINE_KINDS)
        ]
    step_titles = {s.order: s.title for s in request.service.steps.all()}
    return [
        {
            "event": e,
            "label": event_label(e),
            "step_title": step_titles.get(e.step_number) if e.to_state == "in_review" else "",
            # Staff read where the request went (a step of another unit) and who answered outside.
            "detail": ((e.payload or {}).get("to_unit_name") or (e.payload or {}).get("party_name") or "")
            if staff
            else "",
        }
        for e in events
    ]


@dataclass(frozen=True)
class StepsProgress:
    """The service's workflow steps as this request went through them.

    `rows`: one per step, `{"step", "status", "label"}` with status `done` (passed), `current`
    (being worked on now), `pending` (still ahead), `stopped` (where the request ended: rejected or
    withdrawn there) or `skipped` (never reached because it ended earlier). `ended`: a sentence
    saying where a request that will pass no more steps stopped, or "" while it goes on or after
    it was approved."""

    rows: list[dict]
    ended: str = ""

    def __bool__(self) -> bool:
        return bool(self.rows)

    @property
    def summary(self) -> str:
        """The applicant's one line: which step of how many, and whether it is done, being worked
        on or still ahead; no unit or outside party is named (they are the staff's business)."""
        total = to_persian_digits(len(self.rows))
        if self.ended:
            return self.ended
        for n, row in enumerate(self.rows, start=1):
            if row["status"] == "current":
                return f"گام {to_persian_digits(n)} از {total}: «{row['step'].title}» در حال انجام است."
        if all(row["status"] == "done" for row in self.rows):
            return f"هر {total} گام انجام شد."
        done = sum(row["status"] == "done" for row in self.rows)
        if done:
            return f"{to_persian_digits(done)} گام از {total} گام انجام شد؛ گام بعد در نوبت است."
        return f"بررسی هنوز آغاز نشده است؛ {total} گام در پیش است."

    def __iter__(self):
        return iter(self.rows)


STEP_STATUS_LABELS = {
    "done": "انجام شد",
    "current": "در حال انجام",
    "pending": "در نوبت",
    "stopped": "پایان در این گام",
    "skipped": "انجام نشد",
}
_ENDINGS = {"approve": "", "reject": "رد شد", "withdraw": "با انصراف متقاضی پایان یافت"}


def _ending(request: ServiceRequest, events: list[RequestEvent] | None) -> str:
    """The transition that ended the request (approve, reject or withdraw): its last such one."""
    if events is not None:
        endings = [e.name for e in events if e.kind == RequestEvent.Kind.TRANSITION and e.name in _ENDINGS]
        return endings[-1] if endings else ""
    return (
        request.events.filter(kind=RequestEvent.Kind.TRANSITION, name__in=_ENDINGS)
        .order_by("-at", "-pk")
        .values_list("name", flat=True)
        .first()
    ) or ""


def _in_review(request: ServiceRequest) -> bool:
    """In review, or waiting (for the applicant or for a fee raised in review) to go back to it."""
    if request.state in (State.IN_REVIEW, State.AWAITING_APPLICANT):
        return True
    return request.state == State.AWAITING_PAYMENT and request.resume_state == State.IN_REVIEW


def steps_progress(request: ServiceRequest, *, events: list[RequestEvent] | None = None) -> StepsProgress:
    """Only the steps the request actually passed are done: all of them once it was approved
    (approval needs the last step), those before its step while it is in review, and those before
    the step where it was rejected or withdrawn; the log says which of the three ended it (the
    state alone does not once the response is issued or the request closed). `events`: the
    page's events (`page_events`, in order, transitions among them), read instead of the log."""
    steps = list(request.service.steps.all())
    ending = ""
    if request.state not in OPEN_STATES:
        ending = _ending(request, events)
    at = request.step_number
    rows = []
    for step in steps:
        if ending == "approve":
            status = "done"
        elif at is not None and step.order < at:
            status = "done"
        elif ending:
            status = "stopped" if step.order == at else "skipped"
        elif step.order == at and _in_review(request):
            status = "current"
        else:
            status = "pending"
        rows.append({"step": step, "status": status, "label": STEP_STATUS_LABELS[status]})
    ended = ""
    if ending and ending != "approve":
        stopped = next((row["step"] for row in rows if row["status"] == "stopped"), None)
        if stopped is None:
            ended = f"درخواست پیش از آغاز گام‌های بررسی {_ENDINGS[ending]}؛ هیچ گامی انجام نشد."
        else:
            ended = f"درخواست در گام «{stopped.title}» {_ENDINGS[ending]}؛ گام‌های پس از آن انجام نشد."
    return StepsProgress(rows=rows, ended=ended)
