"""Appointments for in-person steps and the applicant's feedback after the answer."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags

from accounts.models import Role
from core.text import normalize_text
from desk import notices, selectors, workflow
from desk.models import (
    FEEDBACK_REASONS,
    Appointment,
    Feedback,
    RequestEvent,
    State,
)
from desk.services.access import _staff_role, check_staff
from desk.services.intake import applicant_type_refusal, units_for
from orgs.models import CounterOffice, OrgUnit

Kind = RequestEvent.Kind


def visit_refusal(service, user) -> str | None:
    """Why this person could not be given an in-person appointment for this service, or None.

    An appointment belongs to a request (`book_appointment`), so the rules are the intake's: the
    service is given in person at a responsible unit's desk, and the applicant's type is one the
    service accepts, as themselves or for a confirmed company (`applicant_type_refusal`). A
    visitor not signed in is told after signing in."""
    if not (service.is_active and service.channel_in_person) or not units_for(service):
        return "این خدمت مراجعه حضوری ندارد."
    if user is not None and user.is_authenticated:
        return applicant_type_refusal(service, user) or None
    return None


@transaction.atomic
def book_appointment(
    *,
    request,
    user,
    starts_at: dt.datetime,
    reason: str,
    documents_to_bring: str = "",
    unit: OrgUnit | None = None,
    counter_office: CounterOffice | None = None,
    ip: str | None = None,
) -> Appointment:
    """Staff book a visit at an in-person desk of a unit or at a counter office (never elsewhere)."""
    check_staff(user, request)
    if not request.is_open:
        raise ValidationError("برای درخواست بسته نوبت حضور رزرو نمی‌شود.", code="closed")
    if (unit is None) == (counter_office is None):
        raise ValidationError("محل حضور را یکی از میز خدمت حضوری یا دفتر پیشخوان برگزینید.", code="place")
    if counter_office is not None and not counter_office.is_active:
        raise ValidationError("این دفتر پیشخوان فعال نیست.", code="office_inactive")
    if starts_at <= timezone.now():
        raise ValidationError("زمان نوبت باید در آینده باشد.", code="past")
    from core.calendar import is_working_day

    if not is_working_day(timezone.localtime(starts_at).date()):
        raise ValidationError("روز نوبت تعطیل است؛ یک روز کاری برگزینید.", code="holiday")
    reason = normalize_text(strip_tags(reason or "")).strip()
    if not reason:
        raise ValidationError("دلیل حضور را بنویسید.", code="reason")
    slot = dt.timedelta(minutes=getattr(settings, "MIZ_DESK_SLOT_MINUTES", 30))
    taken = Appointment.objects.filter(
        status__in=[Appointment.Status.PROPOSED, Appointment.Status.CONFIRMED],
        starts_at__gt=starts_at - slot,
        starts_at__lt=starts_at + slot,
        unit=unit,
        counter_office=counter_office,
    ).exclude(request=request)
    if taken.exists():
        raise ValidationError(
            "این نوبت با نوبت دیگری در همین محل هم‌زمان است؛ زمان دیگری برگزینید.", code="slot"
        )
    # One save each (a request has one or two pending), so that their `post_save` reaches the
    # reports' summary, which counts the visits not cancelled (decision 0102).
    for pending in request.appointments.filter(
        status__in=[Appointment.Status.PROPOSED, Appointment.Status.RESCHEDULE]
    ):
        pending.status = Appointment.Status.CANCELLED
        pending.save(update_fields=["status"])
    appointment = Appointment(
        request=request,
        unit=unit,
        counter_office=counter_office,
        starts_at=starts_at,
        reason=reason,
        documents_to_bring=normalize_text(strip_tags(documents_to_bring or "")).strip(),
        booked_by=user,
    )
    appointment.full_clean()
    appointment.save()
    workflow.record(
        request,
        kind=Kind.APPOINTMENT,
        name="book_appointment",
        actor=user,
        actor_role=_staff_role(user, request),
        ip=ip,
        payload={
            "appointment": appointment.pk,
            "starts_at": starts_at.isoformat(),
            "place": str(appointment.place),
        },
    )
    notices.appointment(request, appointment)
    return appointment


@transaction.atomic
def answer_appointment(
    *, appointment, user, confirm: bool, note: str = "", ip: str | None = None
) -> Appointment:
    request = appointment.request
    if not selectors.is_applicant(user, request):
        raise ValidationError("فقط متقاضی می‌تواند نوبت را تأیید کند.", code="not_applicant")
    if appointment.status != Appointment.Status.PROPOSED:
        raise ValidationError("این نوبت دیگر در انتظار پاسخ شما نیست.", code="not_proposed")
    note = normalize_text(strip_tags(note or "")).strip()
    if not confirm and not note:
        raise ValidationError("بنویسید چه زمانی برایتان مناسب است.", code="note_required")
    appointment.status = Appointment.Status.CONFIRMED if confirm else Appointment.Status.RESCHEDULE
    appointment.applicant_note = note[:500]
    appointment.save(update_fields=["status", "applicant_note"])
    workflow.record(
        request,
        kind=Kind.APPOINTMENT,
        name="confirm_appointment" if confirm else "ask_another_time",
        actor=user,
        actor_role=Role.APPLICANT,
        ip=ip,
        payload={"appointment": appointment.pk, "note": note},
    )
    return appointment


@transaction.atomic
def submit_feedback(
    *, request, user, score: int, reasons=(), comment: str = "", ip: str | None = None
) -> Feedback:
    if not selectors.is_applicant(user, request):
        raise ValidationError("فقط متقاضی می‌تواند به این درخواست نظر بدهد.", code="not_applicant")
    if request.state != State.CLOSED:
        raise ValidationError("نظرسنجی پس از بسته شدن درخواست باز می‌شود.", code="not_closed")
    if Feedback.objects.filter(request=request).exists():
        raise ValidationError("برای این درخواست پیش‌تر نظر داده‌اید.", code="duplicate")
    if not isinstance(score, int) or not 1 <= score <= 5:
        raise ValidationError("امتیاز باید از ۱ تا ۵ باشد.", code="score")
    known = {code for code, _ in FEEDBACK_REASONS}
    reasons = [r for r in reasons if r in known]
    feedback = Feedback.objects.create(
        request=request,
        score=score,
        reasons=reasons,
        comment=normalize_text(strip_tags(comment or "")).strip()[:2000],
        created_at=timezone.now(),
    )
    workflow.record(
        request,
        kind=Kind.FEEDBACK,
        name="feedback",
        actor=user,
        actor_role=Role.APPLICANT,
        ip=ip,
        payload={"score": score},
    )
    return feedback
