"""Read API of the desk for other government systems (E7).

- `POST /track`: the public tracking lookup, the same rule as the public page: tracking code plus
  the applicant's national code or mobile, rate-limited per address, through `selectors.request_for`.
- `GET /requests/{code}`: a client system (scope `requests:read`) reads the status, steps, public
  messages and response of a request filed at its places, through `selectors.request_for_places`
  (404 for any other)."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Path, Router, Schema
from ninja.responses import Status

from apiclients.auth import AUTH_ERRORS, ClientBearer, ErrorOut, TooManyRequests
from apiclients.selectors import places_of
from catalogue.models import Channel
from core.jalali import format_date
from core.policy import over_limit
from desk import forms, selectors, workflow
from desk.models import Decision, Response, State

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


class StepOut(Schema):
    order: int
    title: str
    status: str
    status_label: str


class MessageOut(Schema):
    at: dt.datetime
    from_staff: bool
    asks_for_more: bool
    body: str
    attachments: list[str]


class ResponseOut(Schema):
    decision: str
    decision_label: str
    text: str
    issued_at: dt.datetime
    verification_token: str


class RequestOut(TrackOut):
    channel: str
    channel_label: str
    counter_office_code: str | None
    steps: list[StepOut]
    ended: str
    messages: list[MessageOut]
    response: ResponseOut | None


def status_of(req) -> dict:
    """What the tracking lookup answers about a request: state, step, clock and public events."""
    clock = workflow.clock_for(req)
    step = req.current_step()
    return {
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
    }


@router.post(
    "/track",
    response={200: TrackOut, 400: ErrorOut, 404: ErrorOut, 429: ErrorOut},
    summary="پیگیری درخواست با کد رهگیری و کد ملی یا شماره همراه",
)
def track(request, payload: TrackIn):
    wait = over_limit(
        request,
        group="desk:track",
        limit=settings.MIZ_DESK_TRACK_LIMIT,
        window=settings.MIZ_DESK_TRACK_WINDOW_SECONDS,
    )
    if wait:
        raise TooManyRequests("تعداد جست‌وجوهای شما از حد مجاز گذشت؛ چند دقیقه دیگر دوباره تلاش کنید.", wait)
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
    return Status(200, status_of(req))


@router.get(
    "/requests/{code}",
    auth=ClientBearer("requests:read"),
    response={200: RequestOut, 404: ErrorOut, **AUTH_ERRORS},
    summary="وضعیت، گام‌ها، پیام‌ها و پاسخ درخواستی که در مکان‌های این سامانه ثبت شده است",
    description=(
        "کد رهگیری ۱۳ رقمی (با خط تیره یا بی آن). درخواستی که در دفتر، واحد یا استانِ این سامانه "
        "ثبت یا رسیدگی نشده باشد، مانند کد ناموجود، پاسخ ۴۰۴ دارد. پیام‌ها همان‌هایی است که "
        "متقاضی می‌بیند (یادداشت‌های داخلی کارکنان نه)."
    ),
)
def request_status(request, code: Path[str]):
    places = places_of(request.auth)
    req = selectors.request_for_places(
        code, office_ids=places.office_ids, unit_ids=places.unit_ids, province_ids=places.province_ids
    )
    return Status(200, request_out(req))


def request_out(req) -> dict:
    """What a client system reads about a request (`RequestOut`)."""
    progress = selectors.steps_progress(req)
    return {
        **status_of(req),
        "channel": req.channel,
        "channel_label": Channel(req.channel).label,
        "counter_office_code": req.counter_office.code if req.counter_office else None,
        "steps": [
            {
                "order": row["step"].order,
                "title": row["step"].title,
                "status": row["status"],
                "status_label": row["label"],
            }
            for row in progress.rows
        ],
        "ended": progress.ended,
        "messages": [
            {
                "at": m.created_at,
                "from_staff": m.from_staff,
                "asks_for_more": m.asks_for_more,
                "body": m.body,
                "attachments": [a.original_name for a in m.attachments.all()],
            }
            for m in selectors.public_messages(req)
        ],
        "response": response_of(req),
    }


def response_of(req) -> dict | None:
    try:
        response = req.response
    except Response.DoesNotExist:
        return None
    return {
        "decision": response.decision,
        "decision_label": Decision(response.decision).label,
        "text": response.text,
        "issued_at": response.issued_at,
        "verification_token": response.verification_token,
    }
