"""The applicant's SMS and email for each desk event (E4): the texts are declared here as defaults
(editable in the admin, notifications.texts), and queued through `notifications.notify` inside the
caller's transaction, each with a key so one event sends one message."""

from django.conf import settings
from django.urls import reverse

from core.jalali import format_date, format_datetime
from notifications.services import notify
from notifications.texts import Event, Variable, register

# Every desk message opens with the same heading: the site, the tracking code, the service.
_HEAD = "{site}\nکد رهگیری: {tracking_code}\n{service}\n"


def _head_variables() -> tuple[Variable, ...]:
    return (
        Variable("site", "نام سامانه", settings.MIZ_SITE_NAME),
        Variable("tracking_code", "کد رهگیری درخواست", "۰۵-۱۲۳۴۵-۶۷۸۹۰-۳", required=True),
        Variable("service", "عنوان خدمت", "صدور پروانه کسب"),
    )


def register_texts() -> None:
    """Declare the default texts of the desk's events (from DeskConfig.ready)."""
    head = _head_variables()
    for code, label, subject, body, extra in [
        (
            "receipt",
            "رسید ثبت درخواست (به متقاضی)",
            "رسید درخواست خدمت",
            "درخواست شما ثبت شد. موعد پاسخ: {due_date}\nپیگیری: {track_url}",
            (
                Variable("due_date", "موعد پاسخ (تاریخ شمسی)", "۱۴۰۵/۱۰/۰۲"),
                Variable(
                    "track_url", "نشانی صفحه پیگیری", settings.MIZ_SITE_URL.rstrip("/") + "/desk/track/"
                ),
            ),
        ),
        (
            "more_needed",
            "درخواست مدرک یا توضیح بیشتر (به متقاضی)",
            "نیاز به مدرک یا توضیح بیشتر",
            "کارشناس از شما مدرک یا توضیح بیشتری خواسته است:\n{expert_note}\n"
            "تا پاسخ شما، مهلت انجام کار متوقف است.",
            (
                Variable(
                    "expert_note", "یادداشت کارشناس (تا ۳۰۰ نویسه)", "تصویر صفحه دوم شناسنامه", required=True
                ),
            ),
        ),
        (
            "message",
            "پیام تازه کارشناس (به متقاضی)",
            "پیام تازه درباره درخواست شما",
            "پیام تازه‌ای از کارشناس دارید. برای دیدن آن به حساب خود بروید.",
            (),
        ),
        (
            "appointment",
            "نوبت حضور (به متقاضی)",
            "نوبت حضور",
            "نوبت حضور: {starts_at}\nمحل: {place}\nدلیل: {reason}\n{documents_line}"
            "لطفاً نوبت را در حساب خود تأیید کنید یا زمان دیگری بخواهید.",
            (
                Variable("starts_at", "زمان نوبت (تاریخ و ساعت شمسی)", "۱۴۰۵/۱۰/۰۲ ۰۹:۳۰", required=True),
                Variable("place", "محل حضور", "اداره کل، طبقه دوم، اتاق ۲۰۴", required=True),
                Variable("reason", "دلیل نوبت", "بازدید اصل مدارک"),
                Variable(
                    "documents_line",
                    "سطر «مدارک همراه: …» با پایان سطر؛ خالی اگر مدرکی خواسته نشده",
                    "مدارک همراه: اصل کارت ملی\n",
                ),
            ),
        ),
        (
            "decision",
            "تصمیم درباره درخواست (به متقاضی)",
            "تصمیم درباره درخواست شما",
            "تصمیم: {decision}",
            (Variable("decision", "تصمیم (مانند تأیید شد یا رد شد)", "تأیید شد", required=True),),
        ),
        (
            "response_ready",
            "آماده‌شدن پاسخ خدمت (به متقاضی)",
            "پاسخ خدمت آماده است",
            "پاسخ خدمت صادر شد و در حساب شما آماده دریافت است.",
            (),
        ),
        (
            "survey",
            "نظرسنجی پس از بسته‌شدن درخواست (به متقاضی)",
            "نظرسنجی خدمت",
            "درخواست شما بسته شد. لطفاً با پاسخ به نظرسنجی کوتاه، ما را در بهبود خدمت یاری کنید.",
            (),
        ),
    ]:
        register(Event(f"desk.{code}", label, head + extra, sms=_HEAD + body, subject=subject))


def _link(name: str, *args) -> str:
    return getattr(settings, "MIZ_SITE_URL", "").rstrip("/") + reverse(name, args=args)


def _tell_applicant(request, name: str, *, once_per=None, **values) -> None:
    """Queue `desk.<name>` to the applicant about `request`: its text filled with the heading's
    values and `values`. One message per event: the key is the event name and `once_per` (the
    request when not given)."""
    notify(
        event=f"desk.{name}",
        values={
            "site": settings.MIZ_SITE_NAME,
            "tracking_code": request.tracking_display,
            "service": request.service.title,
            **values,
        },
        user=request.applicant,
        related=request,
        key=f"desk.{name}:{request.pk if once_per is None else once_per}",
    )


def receipt(request) -> None:
    _tell_applicant(request, "receipt", due_date=format_date(request.due_date), track_url=_link("desk:track"))


def more_needed(request, event_id: int, text: str) -> None:
    _tell_applicant(request, "more_needed", once_per=event_id, expert_note=text[:300])


def staff_message(request, message_id: int) -> None:
    _tell_applicant(request, "message", once_per=message_id)


def appointment(request, appointment) -> None:
    documents = appointment.documents_to_bring
    _tell_applicant(
        request,
        "appointment",
        once_per=appointment.pk,
        starts_at=format_datetime(appointment.starts_at),
        place=appointment.place,
        reason=appointment.reason,
        documents_line=f"مدارک همراه: {documents}\n" if documents else "",
    )


def decision(request, decision_label: str) -> None:
    _tell_applicant(request, "decision", decision=decision_label)


def response_ready(request) -> None:
    _tell_applicant(request, "response_ready")


def survey(request) -> None:
    _tell_applicant(request, "survey")
