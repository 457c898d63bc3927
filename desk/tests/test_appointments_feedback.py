"""Appointments (D12) at a desk or counter office, and the feedback survey after closing (D9)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from core.calendar import add_working_days
from core.jalali import format_date
from core.models import Holiday
from desk import services
from desk.models import Appointment, Feedback, ServiceRequest, State
from notifications.models import Notification
from orgs.tests.factories import CounterOfficeFactory

pytestmark = pytest.mark.django_db


def next_working_day_at(hour=10):
    day = add_working_days(timezone.localdate(), 2)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def test_staff_book_the_applicant_confirms(client, submit, expert, applicant, unit):
    request = submit()
    client.force_login(expert)
    when = next_working_day_at()
    response = client.post(
        reverse("desk:appointment", args=[request.tracking_code]),
        {
            "day": format_date(when.date()),
            "time": "10:00",
            "place": f"unit:{unit.pk}",
            "reason": "تحویل نمونه کالا",
            "documents_to_bring": "اصل پروانه بهره‌برداری",
        },
    )
    assert response.status_code == 302
    appointment = Appointment.objects.get()
    assert appointment.starts_at == when and appointment.unit == unit
    assert appointment.status == Appointment.Status.PROPOSED
    sms = Notification.objects.get(event="desk.appointment", channel="sms")
    assert "تحویل نمونه کالا" in sms.body and "اصل پروانه بهره‌برداری" in sms.body
    client.force_login(applicant)
    assert "تحویل نمونه کالا" in client.get(reverse("desk:book_visit")).content.decode()
    client.post(reverse("desk:answer_appointment", args=[appointment.pk]), {"answer": "confirm"})
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.CONFIRMED
    assert request.events.filter(name="confirm_appointment", actor=applicant).exists()


def test_applicant_asks_for_another_time_and_staff_rebook(submit, expert, applicant, unit, office):
    request = submit()
    first = services.book_appointment(
        request=request, user=expert, starts_at=next_working_day_at(), reason="بازدید", unit=unit
    )
    with pytest.raises(ValidationError, match="زمانی برایتان مناسب"):
        services.answer_appointment(appointment=first, user=applicant, confirm=False)
    services.answer_appointment(appointment=first, user=applicant, confirm=False, note="عصر سه‌شنبه")
    first.refresh_from_db()
    assert first.status == Appointment.Status.RESCHEDULE and first.applicant_note == "عصر سه‌شنبه"
    second = services.book_appointment(
        request=request,
        user=expert,
        starts_at=next_working_day_at(16),
        reason="بازدید",
        counter_office=office,
    )
    first.refresh_from_db()
    assert first.status == Appointment.Status.CANCELLED and second.place == office


def test_appointment_rules(submit, expert, applicant, unit, other_applicant):
    request = submit()
    past = timezone.now() - dt.timedelta(hours=1)
    with pytest.raises(ValidationError, match="آینده"):
        services.book_appointment(request=request, user=expert, starts_at=past, reason="x", unit=unit)
    holiday = add_working_days(timezone.localdate(), 3)
    Holiday.objects.create(date=holiday, title="تعطیل")
    at = timezone.make_aware(dt.datetime.combine(holiday, dt.time(9)))
    with pytest.raises(ValidationError, match="تعطیل"):
        services.book_appointment(request=request, user=expert, starts_at=at, reason="x", unit=unit)
    with pytest.raises(ValidationError, match="محل حضور"):
        services.book_appointment(request=request, user=expert, starts_at=next_working_day_at(), reason="x")
    with pytest.raises(ValidationError):
        services.book_appointment(
            request=request, user=applicant, starts_at=next_working_day_at(), reason="x", unit=unit
        )
    appointment = services.book_appointment(
        request=request, user=expert, starts_at=next_working_day_at(), reason="x", unit=unit
    )
    with pytest.raises(ValidationError, match="فقط متقاضی"):
        services.answer_appointment(appointment=appointment, user=other_applicant, confirm=True)
    assert not Appointment.objects.exclude(pk=appointment.pk).exists()


@pytest.fixture
def closed(submit):
    request = submit()
    ServiceRequest.objects.filter(pk=request.pk).update(state=State.CLOSED)
    request.refresh_from_db()
    return request


def test_feedback_after_closing_once(client, closed, applicant):
    client.force_login(applicant)
    page = client.get(reverse("desk:detail", args=[closed.tracking_code])).content.decode()
    assert 'id="feedback-form"' in page
    client.post(
        reverse("desk:feedback", args=[closed.tracking_code]),
        {"score": "4", "reasons": ["speed", "staff"], "comment": "خوب بود"},
    )
    feedback = Feedback.objects.get()
    assert (feedback.score, feedback.reasons, feedback.comment) == (4, ["speed", "staff"], "خوب بود")
    response = client.post(reverse("desk:feedback", args=[closed.tracking_code]), {"score": "1"}, follow=True)
    assert "پیش‌تر نظر داده‌اید" in response.content.decode()
    assert Feedback.objects.get().score == 4


def test_feedback_rules(submit, closed, applicant, other_applicant):
    with pytest.raises(ValidationError, match="پس از بسته شدن"):
        services.submit_feedback(request=submit(), user=applicant, score=5)
    with pytest.raises(ValidationError, match="فقط متقاضی"):
        services.submit_feedback(request=closed, user=other_applicant, score=5)
    for score in (0, 6):
        with pytest.raises(ValidationError, match="امتیاز"):
            services.submit_feedback(request=closed, user=applicant, score=score)
    assert not Feedback.objects.exists()


def test_places_are_desks_of_providing_units_and_active_offices_of_the_province(
    client, submit, expert, unit, office
):

    CounterOfficeFactory(code="9901-01-09", name="دفتر بسته", province=office.province, is_active=False)
    request = submit()
    client.force_login(expert)
    form = client.get(reverse("desk:detail", args=[request.tracking_code])).context["appointment_form"]
    assert [value for value, _label in form.fields["place"].choices] == [
        f"unit:{unit.pk}",
        f"office:{office.pk}",
    ]


def test_one_visit_per_slot_and_place(submit, expert, unit, office):
    first, second = submit(), submit()
    at = next_working_day_at()
    services.book_appointment(request=first, user=expert, starts_at=at, reason="x", unit=unit)
    with pytest.raises(ValidationError, match="در همین محل"):
        services.book_appointment(
            request=second, user=expert, starts_at=at + dt.timedelta(minutes=10), reason="x", unit=unit
        )
    # Another place, or the next slot, is free.
    services.book_appointment(request=second, user=expert, starts_at=at, reason="x", counter_office=office)
    services.book_appointment(
        request=second, user=expert, starts_at=at + dt.timedelta(minutes=30), reason="x", unit=unit
    )
    assert Appointment.objects.filter(status="proposed").count() == 2
