"""Read API of the desk for other government systems (E7).

- `POST /track`: the public tracking lookup, the same rule as the public page: tracking code plus
  the applicant's national code or mobile, rate-limited per address, through `selectors.request_for`.
- `GET /requests/{code}`: a client system (scope `requests:read`) reads the status, steps, public
  messages and response of a request filed at its places, through `selectors.request_for_places`
  (404 for any other)."""

import datetime as dt
from typing import Annotated

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Field, Path, Router, Schema
from ninja.responses import Status
from pydantic import ConfigDict

from apiclients.auth import AUTH_ERRORS, ClientBearer, TooManyRequests, errors
from apiclients.selectors import places_of
from catalogue.models import Channel
from core.jalali import format_date
from core.policy import over_limit
from core.prepared import Prepared
from desk import forms, selectors, workflow
from desk.models import Decision, Response, ServiceRequest, State

router = Router(tags=["desk"])


CODE_EXAMPLE = "0599336574557"
EVENTS_EXAMPLE = [{"at": "2026-12-01T09:30:00+03:30", "label": "ثبت درخواست"}]
TRACK_EXAMPLE = {
    "tracking_code": CODE_EXAMPLE,
    "service_id": "10031940000",
    "service_title": "صدور پروانه کاربرد علامت استاندارد",
    "state": "in_review",
    "state_label": "در حال بررسی",
    "step_number": 1,
    "step_title": "بررسی مدارک",
    "submitted_at": "2026-12-01T09:30:00+03:30",
    "due_date": "2026-12-29",
    "due_date_jalali": "۱۴۰۵/۱۰/۰۸",
    "clock_paused": False,
    "overdue": False,
    "events": EVENTS_EXAMPLE,
}
REQUEST_EXAMPLE = {
    **TRACK_EXAMPLE,
    "channel": "counter",
    "channel_label": "دفتر پیشخوان خدمات دولت",
    "counter_office_code": "1108-40-72",
    "steps": [{"order": 1, "title": "بررسی مدارک", "status": "current", "status_label": "در حال انجام"}],
    "ended": "",
    "messages": [
        {
            "at": "2026-12-02T10:15:00+03:30",
            "from_staff": True,
            "asks_for_more": False,
            "body": "برچسب کالا را هم بفرستید.",
            "attachments": [],
        }
    ],
    "response": None,
}
TrackingCode = Annotated[
    str,
    Path(
        description="کد رهگیری ۱۳ رقمی درخواست (با خط تیره یا بی آن، رقم فارسی هم)؛ مانند 0599336574557.",
    ),
]


class TrackIn(Schema):
    """پرسش پیگیری: کد رهگیری و کد ملی یا شماره همراه متقاضی."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"code": CODE_EXAMPLE, "identifier": "0084575948"}]}
    )

    code: str = Field(description="کد رهگیری ۱۳ رقمی.", examples=[CODE_EXAMPLE])
    identifier: str = Field(description="کد ملی یا شماره همراه متقاضی.", examples=["0084575948"])


class EventOut(Schema):
    """یک رویداد عمومی درخواست (تغییر وضعیت)."""

    at: dt.datetime = Field(description="زمان رویداد (ISO 8601 با منطقه زمانی).")
    label: str = Field(description="شرح فارسی رویداد.", examples=["ثبت درخواست"])


class TrackOut(Schema):
    """وضعیت درخواست چنان که متقاضی در صفحه پیگیری می‌بیند."""

    model_config = ConfigDict(json_schema_extra={"examples": [TRACK_EXAMPLE]})

    tracking_code: str = Field(description="کد رهگیری ۱۳ رقمی.", examples=[CODE_EXAMPLE])
    service_id: str = Field(description="شناسه ملی ۱۱ رقمی خدمت.", examples=["10031940000"])
    service_title: str = Field(
        description="عنوان خدمت.",
        examples=["صدور پروانه کاربرد علامت استاندارد"],
    )
    state: str = Field(
        description="کد وضعیت درخواست، مانند submitted، in_review، closed.", examples=["in_review"]
    )
    state_label: str = Field(description="نام فارسی وضعیت.", examples=["در حال بررسی"])
    step_number: int | None = Field(
        description="شماره گام جاری (null: هنوز در گامی نیست).",
        examples=[1],
    )
    step_title: str | None = Field(description="عنوان گام جاری.", examples=["بررسی مدارک"])
    submitted_at: dt.datetime = Field(description="زمان ثبت.")
    due_date: dt.date = Field(description="موعد پاسخ (میلادی).")
    due_date_jalali: str = Field(description="موعد پاسخ به تاریخ شمسی.", examples=["۱۴۰۵/۱۰/۰۸"])
    clock_paused: bool = Field(description="زمان رسیدگی متوقف است (در انتظار متقاضی یا پرداخت).")
    overdue: bool = Field(description="از موعد گذشته و هنوز پاسخ نگرفته است.")
    events: list[EventOut] = Field(description="رویدادهای عمومی درخواست، به ترتیب زمان.")


class StepOut(Schema):
    """یک گام گردش کار درخواست."""

    order: int = Field(description="شماره گام.", examples=[1])
    title: str = Field(description="عنوان گام.", examples=["بررسی مدارک"])
    status: str = Field(description="وضعیت گام: done، current یا pending.", examples=["current"])
    status_label: str = Field(description="نام فارسی وضعیت گام.", examples=["در حال انجام"])


class MessageOut(Schema):
    """پیامی که متقاضی می‌بیند (یادداشت‌های داخلی کارکنان نه)."""

    at: dt.datetime = Field(description="زمان پیام.")
    from_staff: bool = Field(description="از کارکنان است (نه از متقاضی).")
    asks_for_more: bool = Field(description="مدرک یا اطلاعات بیشتری از متقاضی می‌خواهد.")
    body: str = Field(description="متن پیام.", examples=["برچسب کالا را هم بفرستید."])
    attachments: list[str] = Field(description="نام پرونده‌های پیوست.", examples=[["label.pdf"]])


class ResponseOut(Schema):
    """پاسخ صادرشده درخواست (نامه یا گواهی)."""

    decision: str = Field(description="کد تصمیم: approved یا rejected.", examples=["approved"])
    decision_label: str = Field(description="نام فارسی تصمیم.", examples=["پذیرفته"])
    text: str = Field(description="متن پاسخ.")
    issued_at: dt.datetime = Field(description="زمان صدور.")
    verification_token: str = Field(description="رمز درستی‌سنجی پاسخ در صفحه عمومی راستی‌آزمایی.")


class RequestOut(TrackOut):
    """درخواست چنان که سامانه متصل می‌خواند: وضعیت، گام‌ها، پیام‌ها و پاسخ."""

    model_config = ConfigDict(json_schema_extra={"examples": [REQUEST_EXAMPLE]})

    channel: str = Field(
        description="مجرای ثبت: online، counter یا in_person.",
        examples=["counter"],
    )
    channel_label: str = Field(description="نام فارسی مجرا.", examples=["دفتر پیشخوان خدمات دولت"])
    counter_office_code: str | None = Field(
        description="کد دفتر پیشخوانی که درخواست را ثبت کرد.", examples=["1108-40-72"]
    )
    steps: list[StepOut] = Field(description="گام‌های گردش کار خدمت با وضعیت هر کدام.")
    ended: str = Field(description="اگر درخواست پایان یافته، چگونه (وگرنه تهی).", examples=[""])
    messages: list[MessageOut] = Field(description="پیام‌هایی که متقاضی می‌بیند.")
    response: ResponseOut | None = Field(description="پاسخ صادرشده (null: هنوز صادر نشده).")


def status_of(req, events=None) -> dict:
    """What the tracking lookup answers about a request: state, step, clock and public events
    (its events read once for all, `selectors.page_events`, or given)."""
    if events is None:
        events = public_events(req)
    clock = workflow.clock_for(req, events=events)
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
            for row in selectors.timeline(req, transitions_only=True, events=events)
        ],
    }


@router.post(
    "/track",
    response={200: TrackOut, **errors(400, 404, 422, 429)},
    summary="پیگیری درخواست با کد رهگیری و کد ملی یا شماره همراه",
    description=(
        "همان قاعده صفحه عمومی پیگیری، بی توکن: کد رهگیری به‌علاوه کد ملی یا شماره همراه متقاضی. "
        "کد یا شناسه‌ای که با هم نخوانند ۴۰۴ است، و تعداد جست‌وجوهای هر نشانی محدود است (۴۲۹)."
    ),
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
    response={200: RequestOut, **errors(404), **AUTH_ERRORS},
    summary="وضعیت، گام‌ها، پیام‌ها و پاسخ درخواستی که در مکان‌های این سامانه ثبت شده است",
    description=(
        "کد رهگیری ۱۳ رقمی (با خط تیره یا بی آن). درخواستی که در دفتر، واحد یا استانِ این سامانه "
        "ثبت یا رسیدگی نشده باشد، مانند کد ناموجود، پاسخ ۴۰۴ دارد. پیام‌ها همان‌هایی است که "
        "متقاضی می‌بیند (یادداشت‌های داخلی کارکنان نه). دسترسی لازم: `requests:read`."
    ),
)
def request_status(request, code: TrackingCode):
    places = places_of(request.auth)
    req = selectors.request_for_places(
        code, office_ids=places.office_ids, unit_ids=places.unit_ids, province_ids=places.province_ids
    )
    return Status(200, request_out(req))


def public_events(req) -> list:
    """The request's public events (who did each is not said), with its service's steps from the
    cache unless the request came with them (`selectors.request_page`)."""
    if "steps" not in getattr(req.service, "_prefetched_objects_cache", {}):
        selectors.attach_steps(req.service, selectors.public_steps(req.service))
    return selectors.page_events(req, transitions_only=True, actors=False)


def request_out(req, *, new: bool = False) -> dict:
    """What a client system reads about a request (`RequestOut`); `new`: filed by this very call,
    so it has no message and no response yet (the filing writes neither) and neither is read."""
    events = public_events(req)
    progress = selectors.steps_progress(req, events=events)
    return {
        **status_of(req, events),
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
                "attachments": [a.original_name for a in m.files],
            }
            for m in ([] if new else selectors.public_message_list(req))
        ],
        "response": None if new else response_of(req),
    }


# A request's response, asked by every answer about a request (most have none yet): compiled
# once (decision 0127).
_RESPONSE = Prepared(
    lambda request_id: Response.objects.filter(request_id=request_id), Response, request_id=int
)


def response_of(req) -> dict | None:
    if ServiceRequest.response.is_cached(req):  # read with the request
        response = getattr(req, "response", None)
    else:
        response = _RESPONSE.first_object(request_id=req.pk)
    if response is None:
        return None
    return {
        "decision": response.decision,
        "decision_label": Decision(response.decision).label,
        "text": response.text,
        "issued_at": response.issued_at,
        "verification_token": response.verification_token,
    }
