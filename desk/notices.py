"""The SMS and email for each desk event (E4): the applicant's, and the staff's alerts on the channels
they chose. The texts are declared here as defaults (editable in the admin, notifications.texts) and
queued through `notifications.notify` inside the caller's transaction, each with a key so one event
sends one message."""

from django.conf import settings
from django.urls import reverse

from core.jalali import format_date, format_datetime
from core.text import ltr_code, to_persian_digits
from notifications.services import event_texts_for, notify
from notifications.texts import Event, Variable, register

# Every desk message opens with the same heading: the site, the tracking code, the service.
_HEAD = "{site}\nکد رهگیری: {tracking_code}\n{service}\n"


def _head_variables() -> tuple[Variable, ...]:
    return (
        Variable("site", "نام سامانه", settings.MIZ_SITE_NAME),
        Variable("tracking_code", "کد رهگیری درخواست", ltr_code("05-12345-67890-3"), required=True),
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
            "payment_due",
            "هزینه خدمت و راه پرداخت آن (به متقاضی)",
            "پرداخت هزینه خدمت",
            "رسیدگی به درخواست پس از پرداخت هزینه خدمت آغاز می‌شود.\nمبلغ: {amount} ریال\n"
            "پرداخت برخط: {pay_url}",
            (
                Variable("amount", "مبلغ (ریال، با رقم فارسی)", "۱٬۲۰۰٬۰۰۰", required=True),
                Variable("pay_url", "نشانی صفحه پرداخت", settings.MIZ_SITE_URL.rstrip("/") + "/payments/"),
            ),
        ),
        (
            "payment_reminder",
            "یادآوری هزینه پرداخت‌نشده (به متقاضی)",
            "یادآوری: هزینه درخواست شما پرداخت نشده است",
            "هزینه درخواست شما هنوز پرداخت نشده است.\nمبلغ: {amount} ریال\n"
            "اگر تا {lapse_on} پرداخت نشود، درخواست بسته می‌شود.\nپرداخت برخط: {pay_url}",
            (
                Variable("amount", "مبلغ (ریال، با رقم فارسی)", "۱٬۲۰۰٬۰۰۰", required=True),
                Variable(
                    "lapse_on", "تاریخ بسته‌شدن درخواست اگر پرداخت نشود (شمسی)", "۱۴۰۵/۱۰/۲۰", required=True
                ),
                Variable("pay_url", "نشانی صفحه پرداخت", settings.MIZ_SITE_URL.rstrip("/") + "/payments/"),
            ),
        ),
        (
            "payment_lapsed",
            "بسته‌شدن درخواست به سبب پرداخت‌نکردن هزینه (به متقاضی)",
            "درخواست شما بسته شد",
            "چون هزینه درخواست در مهلت پرداخت نشد، درخواست شما بسته شد.\n"
            "اگر هنوز به این خدمت نیاز دارید، درخواست تازه‌ای ثبت کنید.",
            (),
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
        (
            "appointment_reminder",
            "یادآوری نوبت حضور، روز پیش از آن (به متقاضی)",
            "یادآوری نوبت حضور",
            "یادآوری: نوبت حضور شما فردا است.\nزمان: {starts_at}\nمحل: {place}\n{documents_line}",
            (
                Variable("starts_at", "زمان نوبت (تاریخ و ساعت شمسی)", "۱۴۰۵/۱۰/۰۲ ۰۹:۳۰", required=True),
                Variable("place", "محل حضور", "اداره کل، طبقه دوم، اتاق ۲۰۴", required=True),
                Variable(
                    "documents_line",
                    "سطر «مدارک همراه: …» با پایان سطر؛ خالی اگر مدرکی خواسته نشده",
                    "مدارک همراه: اصل کارت ملی\n",
                ),
            ),
        ),
        (
            "awaiting_reminder",
            "یادآوری پاسخ‌ندادن به درخواست مدرک (به متقاضی)",
            "یادآوری: درخواست شما در انتظار پاسخ شماست",
            "کارشناس از شما مدرک یا توضیح بیشتری خواسته و هنوز پاسخی نرسیده است.\n"
            "اگر تا {lapse_on} پاسخ ندهید، درخواست بسته می‌شود.\nپیگیری: {track_url}",
            (
                Variable(
                    "lapse_on", "تاریخ بسته‌شدن درخواست اگر پاسخی نرسد (شمسی)", "۱۴۰۵/۱۰/۲۰", required=True
                ),
                Variable(
                    "track_url", "نشانی صفحه پیگیری", settings.MIZ_SITE_URL.rstrip("/") + "/desk/track/"
                ),
            ),
        ),
        (
            "lapsed",
            "بسته‌شدن درخواست به سبب پاسخ‌ندادن (به متقاضی)",
            "درخواست شما بسته شد",
            "چون به درخواست مدرک یا توضیح پاسخ ندادید، درخواست شما بسته شد.\n"
            "اگر هنوز به این خدمت نیاز دارید، با واحد رسیدگی‌کننده تماس بگیرید تا درخواست بازگشایی شود.",
            (),
        ),
        (
            "reopened",
            "بازگشایی درخواست (به متقاضی)",
            "درخواست شما بازگشایی شد",
            "درخواست شما دوباره در دست بررسی است. موعد پاسخ: {due_date}",
            (Variable("due_date", "موعد پاسخ (تاریخ شمسی)", "۱۴۰۵/۱۰/۰۲"),),
        ),
    ]:
        register(Event(f"desk.{code}", label, head + extra, sms=_HEAD + body, subject=subject))
    staff_head = (*head, Variable("unit", "واحد رسیدگی‌کننده", "اداره کل استاندارد استان تهران"))
    page = Variable("request_url", "نشانی صفحه درخواست", settings.MIZ_SITE_URL.rstrip("/") + "/desk/r/…/")
    due = Variable("due_date", "موعد پاسخ (تاریخ شمسی)", "۱۴۰۵/۱۰/۰۲")
    for code, label, subject, body, extra in [
        (
            "staff_new_request",
            "درخواست تازه در واحد (به کارکنان)",
            "درخواست تازه در کارتابل واحد",
            "درخواست تازه‌ای به واحد شما رسید. موعد پاسخ: {due_date}",
            (due,),
        ),
        (
            "staff_applicant_reply",
            "پیام تازه متقاضی (به کارکنان)",
            "پیام تازه متقاضی",
            "متقاضی پیام تازه‌ای فرستاده است.",
            (),
        ),
        (
            "staff_due_tomorrow",
            "موعد پاسخ در روز کاری بعد (به کارکنان)",
            "موعد پاسخ: روز کاری بعد",
            "موعد پاسخ این درخواست روز کاری بعد ({due_date}) است.",
            (due,),
        ),
        (
            "staff_overdue",
            "گذشتن موعد پاسخ (به کارکنان)",
            "درخواست گذشته از موعد",
            "موعد پاسخ این درخواست ({due_date}) گذشته است.",
            (due,),
        ),
        (
            "staff_escalated",
            "ارجاع درخواست گذشته از موعد به رئیس واحد یا مدیر استان",
            "ارجاع درخواست گذشته از موعد",
            "این درخواست {working_days} روز کاری از موعد پاسخ ({due_date}) گذشته و برای پیگیری به شما "
            "({level}) ارجاع شد.",
            (
                Variable("working_days", "شمار روزهای کاری گذشته از موعد", "۳", required=True),
                due,
                Variable("level", "سمت گیرنده ارجاع", "رئیس واحد"),
            ),
        ),
    ]:
        register(
            Event(
                f"desk.{code}",
                label,
                (*staff_head, *extra, page),
                sms=_HEAD + "واحد: {unit}\n" + body + "\n{request_url}",
                subject=subject,
            )
        )


def _link(name: str, *args) -> str:
    return getattr(settings, "MIZ_SITE_URL", "").rstrip("/") + reverse(name, args=args)


def _tell_applicant(request, name: str, *, once_per=None, new_request: bool = False, **values) -> None:
    """Queue `desk.<name>` to the applicant about `request`: its text filled with the heading's
    values and `values`. One message per event: the key is the event name and `once_per` (the
    request when not given). `new_request`: the request is being filed in this transaction, so
    its key is new (`notify(new_key=True)`)."""
    notify(
        event=f"desk.{name}",
        values={
            "site": settings.MIZ_SITE_NAME,
            "tracking_code": ltr_code(request.tracking_display),
            "service": request.service.title,
            **values,
        },
        user=request.applicant,
        related=request,
        key=f"desk.{name}:{request.pk if once_per is None else once_per}",
        new_key=new_request and once_per is None,
    )


def receipt(request) -> None:
    """The receipt of a request being filed (in the filing's transaction)."""
    _tell_applicant(
        request,
        "receipt",
        new_request=True,
        due_date=format_date(request.due_date),
        track_url=_link("desk:track"),
    )


def _amount(amount_rials: int) -> str:
    return to_persian_digits(f"{amount_rials:,}").replace(",", "٬")


def payment_due(request, *, amount_rials: int, pay_url: str, once_per=None) -> None:
    """The fee and the pay link: once per request, or per `once_per` (an extra fee's charge)."""
    _tell_applicant(request, "payment_due", once_per=once_per, amount=_amount(amount_rials), pay_url=pay_url)


def payment_reminder(request, *, since_event_id: int, amount_rials: int, pay_url: str, lapse_on) -> None:
    _tell_applicant(
        request,
        "payment_reminder",
        once_per=since_event_id,
        amount=_amount(amount_rials),
        pay_url=pay_url,
        lapse_on=format_date(lapse_on),
    )


def payment_lapsed(request, event_id: int) -> None:
    _tell_applicant(request, "payment_lapsed", once_per=event_id)


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


def appointment_reminder(request, appointment) -> None:
    documents = appointment.documents_to_bring
    _tell_applicant(
        request,
        "appointment_reminder",
        once_per=f"{appointment.pk}:{appointment.starts_at.isoformat()}",
        starts_at=format_datetime(appointment.starts_at),
        place=appointment.place,
        documents_line=f"مدارک همراه: {documents}\n" if documents else "",
    )


def awaiting_reminder(request, since_event_id: int, lapse_on) -> None:
    _tell_applicant(
        request,
        "awaiting_reminder",
        once_per=since_event_id,
        lapse_on=format_date(lapse_on),
        track_url=_link("desk:track"),
    )


def lapsed(request, event_id: int) -> None:
    _tell_applicant(request, "lapsed", once_per=event_id)


def reopened(request, event_id: int) -> None:
    _tell_applicant(request, "reopened", once_per=event_id, due_date=format_date(request.due_date))


# The staff's alerts: `people` are (user, channels) pairs from `desk.services.alerts`; each gets the
# alert as an in-app notice, and by SMS/email too as they chose (none when channels are empty).


def _tell_staff(request, people, name: str, *, once_per=None, new_request: bool = False, **values) -> None:
    """Queue `desk.<name>` about `request` to each staff member as an in-app notice and on the
    channels they chose: the heading, the unit, the text, then the request's page. One message per
    event and person."""
    values = {
        "site": settings.MIZ_SITE_NAME,
        "tracking_code": ltr_code(request.tracking_display),
        "service": request.service.title,
        "unit": str(request.unit),
        "request_url": _link("desk:detail", request.tracking_code),
        **values,
    }
    people = list(people)
    # The event's texts, read once for everyone told (issue 18).
    event_texts = event_texts_for(f"desk.{name}") if len(people) > 1 else None
    for person, channels in people:
        # Empty channels: the alert is their in-app notice only (notify records it, sends nothing).
        notify(
            event=f"desk.{name}",
            values=values,
            event_texts=event_texts,
            user=person,
            related=request,
            key=f"desk.{name}:{request.pk if once_per is None else once_per}:{person.pk}",
            channels=channels,
            new_key=new_request,
        )


def staff_new_request(request, people, *, new_request: bool = False) -> None:
    """`new_request`: the request is being filed in this transaction (no alert of it exists)."""
    _tell_staff(
        request,
        people,
        "staff_new_request",
        new_request=new_request,
        once_per=f"{request.pk}:{request.unit_id}",
        due_date=format_date(request.due_date),
    )


def staff_applicant_reply(request, people, message_id: int) -> None:
    _tell_staff(request, people, "staff_applicant_reply", once_per=message_id)


def _tell_staff_of_due_date(request, people, name: str) -> None:
    """An alert about the request's due date: once per request and due date (a new due date after
    a pause is a new alert)."""
    _tell_staff(
        request,
        people,
        name,
        once_per=f"{request.pk}:{request.due_date.isoformat()}",
        due_date=format_date(request.due_date),
    )


def staff_due_tomorrow(request, people) -> None:
    _tell_staff_of_due_date(request, people, "staff_due_tomorrow")


def staff_overdue(request, people) -> None:
    _tell_staff_of_due_date(request, people, "staff_overdue")


def staff_escalated(request, people, level_label: str, working_days: int, event_id: int) -> None:
    _tell_staff(
        request,
        people,
        "staff_escalated",
        once_per=event_id,
        working_days=to_persian_digits(working_days),
        due_date=format_date(request.due_date),
        level=level_label,
    )
