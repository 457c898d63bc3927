"""Read API of the desk for other government systems (E7): the public tracking lookup.

The same rule as the public page: tracking code plus the applicant's national code or mobile,
rate-limited per client, answered through `selectors.request_for`."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Router, Schema
from ninja.responses import Status

from core.jalali import format_date
from core.policy import over_limit
from desk import forms, selectors, workflow
from desk.models import State

router = Router(tags=["میز خدمت"])


class TrackIn(Schema):
    code: str
    identifier: str


class EventOut(Schema):
    at: dt.datetime
    label: str


class TrackOut(Schema):
    tracking_code: str
    service_id: str
    service_title: str
    state: str
    state_label: str
    step_number: int | None
    step_title: str | None
    submitted_at: dt.datetime
    due_date: dt.date
    due_date_jalali: str
    clock_paused: bool
    overdue: bool
    events: list[EventOut]


class ErrorOut(Schema):
    detail: str


@router.post(
    "/track",
    response={200: TrackOut, 400: ErrorOut, 404: ErrorOut, 429: ErrorOut},
    summary="پیگیری درخواست با کد رهگیری و کد ملی یا شماره همراه",
)
def track(request, payload: TrackIn):
    if over_limit(
        request,
        group="desk:track",
        limit=settings.MIZ_DESK_TRACK_LIMIT,
        window=settings.MIZ_DESK_TRACK_WINDOW_SECONDS,
    ):
        return Status(
            429, {"detail": "تعداد جست‌وجوهای شما از حد مجاز گذشت؛ چند دقیقه دیگر دوباره تلاش کنید."}
        )
    form = forms.TrackForm({"code": payload.code, "identifier": payload.identifier})
    if not form.is_valid():
        messages = [m for errors in form.errors.values() for m in errors]
        return Status(400, {"detail": " ".join(messages)})
    try:
        req = selectors.request_for(None, form.cleaned_data["code"], identity=form.cleaned_data["identifier"])
    except Http404:
        return Status(404, {"detail": "درخواستی با این کد رهگیری و این کد ملی یا شماره همراه یافت نشد."})
    except ValidationError as exc:  # pragma: no cover - the form already checked the code
        return Status(400, {"detail": " ".join(exc.messages)})
    clock = workflow.clock_for(req)
    step = req.current_step()
    return Status(
        200,
        {
            "tracking_code": req.tracking_code,
            "service_id": req.service.service_id,
            "service_title": req.service.title,
            "state": req.state,
            "state_label": State(req.state).label,
            "step_number": req.step_number,
            "step_title": step.title if step else None,
            "submitted_at": req.submitted_at,
            "due_date": req.due_date,
            "due_date_jalali": format_date(req.due_date),
            "clock_paused": clock.paused,
            "overdue": clock.overdue and not clock.stopped,
            "events": [
                {"at": row["event"].at, "label": row["label"]}
                for row in selectors.timeline(req, transitions_only=True)
            ],
        },
    )
