"""The applicant's SMS and email for each desk event (E4), queued through `notifications.notify`
inside the caller's transaction, each with a key so one event sends one message."""

from django.conf import settings
from django.urls import reverse

from core.jalali import format_date, format_datetime
from core.text import ltr_code
from notifications.services import notify


def _site() -> str:
    return getattr(settings, "MIZ_SITE_URL", "").rstrip("/")


def _link(name: str, *args) -> str:
    return _site() + reverse(name, args=args)


def _head(request) -> str:
    code = ltr_code(request.tracking_display)
    return f"{settings.MIZ_SITE_NAME}\nکد رهگیری: {code}\n{request.service.title}\n"


def _tell_applicant(request, name: str, subject: str, body: str, *, once_per=None) -> None:
    """Queue `desk.<name>` to the applicant about `request`: the heading, then `body`. One message
    per event: the key is the event name and `once_per` (the request when not given)."""
    notify(
        event=f"desk.{name}",
        user=request.applicant,
        related=request,
        subject=subject,
        key=f"desk.{name}:{request.pk if once_per is None else once_per}",
        text=_head(request) + body,
    )


def receipt(request) -> None:
    _tell_applicant(
        request,
        "receipt",
        "رسید درخواست خدمت",
        f"درخواست شما ثبت شد. موعد پاسخ: {format_date(request.due_date)}\nپیگیری: {_link('desk:track')}",
    )


def more_needed(request, event_id: int, text: str) -> None:
    _tell_applicant(
        request,
        "more_needed",
        "نیاز به مدرک یا توضیح بیشتر",
        f"کارشناس از شما مدرک یا توضیح بیشتری خواسته است:\n{text[:300]}\n"
        "تا پاسخ شما، مهلت انجام کار متوقف است.",
        once_per=event_id,
    )


def staff_message(request, message_id: int) -> None:
    _tell_applicant(
        request,
        "message",
        "پیام تازه درباره درخواست شما",
        "پیام تازه‌ای از کارشناس دارید. برای دیدن آن به حساب خود بروید.",
        once_per=message_id,
    )


def appointment(request, appointment) -> None:
    _tell_applicant(
        request,
        "appointment",
        "نوبت حضور",
        f"نوبت حضور: {format_datetime(appointment.starts_at)}\nمحل: {appointment.place}\n"
        f"دلیل: {appointment.reason}\n"
        + (f"مدارک همراه: {appointment.documents_to_bring}\n" if appointment.documents_to_bring else "")
        + "لطفاً نوبت را در حساب خود تأیید کنید یا زمان دیگری بخواهید.",
        once_per=appointment.pk,
    )


def decision(request, decision_label: str) -> None:
    _tell_applicant(request, "decision", "تصمیم درباره درخواست شما", f"تصمیم: {decision_label}")


def response_ready(request) -> None:
    _tell_applicant(
        request,
        "response_ready",
        "پاسخ خدمت آماده است",
        "پاسخ خدمت صادر شد و در حساب شما آماده دریافت است.",
    )


def survey(request) -> None:
    _tell_applicant(
        request,
        "survey",
        "نظرسنجی خدمت",
        "درخواست شما بسته شد. لطفاً با پاسخ به نظرسنجی کوتاه، ما را در بهبود خدمت یاری کنید.",
    )
