"""The SMS and email for each desk event (E4): the applicant's, and the staff's alerts on the channels
they chose; queued through `notifications.notify` inside the caller's transaction, each with a key so
one event sends one message."""

from django.conf import settings
from django.urls import reverse

from core.jalali import format_date, format_datetime
from core.text import to_persian_digits
from notifications.services import notify


def _site() -> str:
    return getattr(settings, "MIZ_SITE_URL", "").rstrip("/")


def _link(name: str, *args) -> str:
    return _site() + reverse(name, args=args)


def _head(request) -> str:
    return f"{settings.MIZ_SITE_NAME}\nکد رهگیری: {request.tracking_display}\n{request.service.title}\n"


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


def appointment_reminder(request, appointment) -> None:
    _tell_applicant(
        request,
        "appointment_reminder",
        "یادآوری نوبت حضور",
        f"یادآوری: نوبت حضور شما فردا است.\nزمان: {format_datetime(appointment.starts_at)}\n"
        f"محل: {appointment.place}\n"
        + (f"مدارک همراه: {appointment.documents_to_bring}\n" if appointment.documents_to_bring else ""),
        once_per=f"{appointment.pk}:{appointment.starts_at.isoformat()}",
    )


def awaiting_reminder(request, since_event_id: int, lapse_on) -> None:
    _tell_applicant(
        request,
        "awaiting_reminder",
        "یادآوری: درخواست شما در انتظار پاسخ شماست",
        "کارشناس از شما مدرک یا توضیح بیشتری خواسته و هنوز پاسخی نرسیده است.\n"
        f"اگر تا {format_date(lapse_on)} پاسخ ندهید، درخواست بسته می‌شود.\n"
        f"پیگیری: {_link('desk:track')}",
        once_per=since_event_id,
    )


def lapsed(request, event_id: int) -> None:
    _tell_applicant(
        request,
        "lapsed",
        "درخواست شما بسته شد",
        "چون به درخواست مدرک یا توضیح پاسخ ندادید، درخواست شما بسته شد.\n"
        "اگر هنوز به این خدمت نیاز دارید، با واحد رسیدگی‌کننده تماس بگیرید تا درخواست بازگشایی شود.",
        once_per=event_id,
    )


def reopened(request, event_id: int) -> None:
    _tell_applicant(
        request,
        "reopened",
        "درخواست شما بازگشایی شد",
        f"درخواست شما دوباره در دست بررسی است. موعد پاسخ: {format_date(request.due_date)}",
        once_per=event_id,
    )


# The staff's alerts: `people` are (user, channels) pairs from `desk.services.alerts`; a person
# whose channels are empty sees the alert on their workbench only.


def _staff_head(request) -> str:
    return _head(request) + f"واحد: {request.unit}\n"


def _tell_staff(request, people, name: str, subject: str, body: str, *, once_per=None) -> None:
    """Queue `desk.<name>` about `request` to each staff member on the channels they chose: the
    heading, then `body`, then the request's page. One message per event and person."""
    text = _staff_head(request) + body + f"\n{_link('desk:detail', request.tracking_code)}"
    for person, channels in people:
        if not channels:
            continue
        notify(
            event=f"desk.{name}",
            user=person,
            related=request,
            subject=subject,
            key=f"desk.{name}:{request.pk if once_per is None else once_per}:{person.pk}",
            text=text,
            channels=channels,
        )


def staff_new_request(request, people) -> None:
    _tell_staff(
        request,
        people,
        "staff_new_request",
        "درخواست تازه در کارتابل واحد",
        f"درخواست تازه‌ای به واحد شما رسید. موعد پاسخ: {format_date(request.due_date)}",
        once_per=f"{request.pk}:{request.unit_id}",
    )


def staff_applicant_reply(request, people, message_id: int) -> None:
    _tell_staff(
        request,
        people,
        "staff_applicant_reply",
        "پیام تازه متقاضی",
        "متقاضی پیام تازه‌ای فرستاده است.",
        once_per=message_id,
    )


def staff_due_tomorrow(request, people) -> None:
    _tell_staff(
        request,
        people,
        "staff_due_tomorrow",
        "موعد پاسخ: روز کاری بعد",
        f"موعد پاسخ این درخواست روز کاری بعد ({format_date(request.due_date)}) است.",
        once_per=f"{request.pk}:{request.due_date.isoformat()}",
    )


def staff_overdue(request, people) -> None:
    _tell_staff(
        request,
        people,
        "staff_overdue",
        "درخواست گذشته از موعد",
        f"موعد پاسخ این درخواست ({format_date(request.due_date)}) گذشته است.",
        once_per=f"{request.pk}:{request.due_date.isoformat()}",
    )


def staff_escalated(request, people, level_label: str, working_days: int, event_id: int) -> None:
    _tell_staff(
        request,
        people,
        "staff_escalated",
        "ارجاع درخواست گذشته از موعد",
        f"این درخواست {to_persian_digits(working_days)} روز کاری از موعد پاسخ "
        f"({format_date(request.due_date)}) گذشته و برای پیگیری به شما ({level_label}) ارجاع شد.",
        once_per=event_id,
    )
