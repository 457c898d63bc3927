"""The applicant's SMS and email for each desk event (E4), queued through `notifications.notify`
inside the caller's transaction, each with a key so one event sends one message."""

from django.conf import settings
from django.urls import reverse

from core.jalali import format_date, format_datetime
from notifications.services import notify


def _site() -> str:
    return getattr(settings, "MIZ_SITE_URL", "").rstrip("/")


def _link(name: str, *args) -> str:
    return _site() + reverse(name, args=args)


def _head(request) -> str:
    return f"{settings.MIZ_SITE_NAME}\nکد رهگیری: {request.tracking_display}\n{request.service.title}\n"


def receipt(request) -> None:
    notify(
        event="desk.receipt",
        user=request.applicant,
        related=request,
        subject="رسید درخواست خدمت",
        key=f"desk.receipt:{request.pk}",
        text=_head(request)
        + f"درخواست شما ثبت شد. موعد پاسخ: {format_date(request.due_date)}\n"
        + f"پیگیری: {_link('desk:track')}",
    )


def more_needed(request, event_id: int, text: str) -> None:
    notify(
        event="desk.more_needed",
        user=request.applicant,
        related=request,
        subject="نیاز به مدرک یا توضیح بیشتر",
        key=f"desk.more_needed:{event_id}",
        text=_head(request) + f"کارشناس از شما مدرک یا توضیح بیشتری خواسته است:\n{text[:300]}\n"
        "تا پاسخ شما، مهلت انجام کار متوقف است.",
    )


def staff_message(request, message_id: int) -> None:
    notify(
        event="desk.message",
        user=request.applicant,
        related=request,
        subject="پیام تازه درباره درخواست شما",
        key=f"desk.message:{message_id}",
        text=_head(request) + "پیام تازه‌ای از کارشناس دارید. برای دیدن آن به حساب خود بروید.",
    )


def appointment(request, appointment) -> None:
    notify(
        event="desk.appointment",
        user=request.applicant,
        related=request,
        subject="نوبت حضور",
        key=f"desk.appointment:{appointment.pk}",
        text=_head(request)
        + f"نوبت حضور: {format_datetime(appointment.starts_at)}\nمحل: {appointment.place}\n"
        + f"دلیل: {appointment.reason}\n"
        + (f"مدارک همراه: {appointment.documents_to_bring}\n" if appointment.documents_to_bring else "")
        + "لطفاً نوبت را در حساب خود تأیید کنید یا زمان دیگری بخواهید.",
    )


def decision(request, decision_label: str) -> None:
    notify(
        event="desk.decision",
        user=request.applicant,
        related=request,
        subject="تصمیم درباره درخواست شما",
        key=f"desk.decision:{request.pk}",
        text=_head(request) + f"تصمیم: {decision_label}",
    )


def response_ready(request) -> None:
    notify(
        event="desk.response_ready",
        user=request.applicant,
        related=request,
        subject="پاسخ خدمت آماده است",
        key=f"desk.response_ready:{request.pk}",
        text=_head(request) + "پاسخ خدمت صادر شد و در حساب شما آماده دریافت است.",
    )


def survey(request) -> None:
    notify(
        event="desk.survey",
        user=request.applicant,
        related=request,
        subject="نظرسنجی خدمت",
        key=f"desk.survey:{request.pk}",
        text=_head(request)
        + "درخواست شما بسته شد. لطفاً با پاسخ به نظرسنجی کوتاه، ما را در بهبود خدمت یاری کنید.",
    )
