"""Alerts and escalation (issue 14 item 3): staff told by their chosen channels, overdue requests
escalated on the right working day across holidays, applicants reminded, silent requests lapsed
and reopened, and the daily job safe to run twice."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from core.calendar import get_calendar
from core.models import Holiday
from desk import services
from desk.models import Appointment, RequestEvent, ServiceRequest, StaffAlertPreference, State
from desk.services import alerts
from desk.tests.factories import AppointmentFactory, pdf_file
from notifications.models import Notification

pytestmark = pytest.mark.django_db

TEHRAN = timezone.get_current_timezone()
MONDAY = dt.date(2026, 5, 4)


def at(day: dt.date, hour: int = 9) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=TEHRAN)


def sent(event: str, **filters):
    return Notification.objects.filter(event=f"desk.{event}", **filters)


@pytest.fixture
def province_manager(make_user, unit):
    return make_user(
        role=Role.PROVINCE_MANAGER, scope={"org_unit": unit}, first_name="مدیر", email="pm@example.com"
    )


def prefer(user, channels: str) -> None:
    StaffAlertPreference.objects.update_or_create(user=user, defaults={"channels": channels})


def visit(request, starts_at, *, by, **extra) -> Appointment:
    return AppointmentFactory(
        request=request, unit=request.unit, starts_at=starts_at, reason="بازدید", booked_by=by, **extra
    )


def run_job() -> str:
    import io

    out = io.StringIO()
    call_command("desk_alerts", stdout=out)
    return out.getvalue()


# --- escalation across holidays (the "Checked by" line) -------------------------------------------


def test_an_overdue_request_escalates_on_the_right_working_day_across_holidays(
    submit, expert, head, province_manager, applicant, settings, time_machine, client
):
    settings.MIZ_ESCALATE_TO_HEAD_AFTER_DAYS = 1
    settings.MIZ_ESCALATE_TO_PROVINCE_AFTER_DAYS = 2
    prefer(head, "sms")
    prefer(province_manager, "email")
    time_machine.move_to(at(MONDAY), tick=False)
    request = submit()
    due = request.due_date
    assert due == dt.date(2026, 5, 10)  # five working days from Monday 4 May; Friday 8th is weekend
    # The first working day after the due date is a holiday, and so is a day in the following week.
    Holiday.objects.create(date=dt.date(2026, 5, 11), title="تعطیل آزمون یک")
    Holiday.objects.create(date=dt.date(2026, 5, 13), title="تعطیل آزمون دو")

    first_day = {}
    day = due
    while day <= dt.date(2026, 5, 18):
        time_machine.move_to(at(day, 7), tick=False)
        run_job()
        run_job()  # the job run twice on a day changes nothing
        for name in (alerts.ESCALATE_HEAD, alerts.ESCALATE_PROVINCE):
            if request.events.filter(name=name).exists():
                first_day.setdefault(name, day)
        day += dt.timedelta(days=1)

    # 11th (holiday) is not a working day: the head on the 12th (1 working day late), the province
    # manager two working days later, skipping the 13th (holiday) and the 15th (Friday): the 16th.
    assert first_day == {
        alerts.ESCALATE_HEAD: dt.date(2026, 5, 12),
        alerts.ESCALATE_PROVINCE: dt.date(2026, 5, 16),
    }
    head_event = request.events.get(name=alerts.ESCALATE_HEAD)
    assert head_event.kind == RequestEvent.Kind.ESCALATION and not head_event.public
    assert head_event.payload["told"] == [head.pk]
    assert head_event.payload["due_date"] == "2026-05-10"
    assert request.events.get(name=alerts.ESCALATE_PROVINCE).payload["told"] == [province_manager.pk]
    told = set(sent("staff_escalated").values_list("user", "channel"))
    assert told == {(head.pk, "sms"), (province_manager.pk, "email")}

    # The request page shows the escalation to staff, not to the applicant.
    client.force_login(head)
    page = client.get(reverse("desk:detail", args=[request.tracking_code])).content.decode()
    assert "ارجاع دیرکرد به رئیس واحد" in page and "ارجاع دیرکرد به مدیر کل استان" in page
    client.force_login(applicant)
    page = client.get(reverse("desk:detail", args=[request.tracking_code])).content.decode()
    assert "ارجاع دیرکرد" not in page


def test_a_request_whose_due_date_moves_is_escalated_again_for_the_new_one(
    submit, expert, head, settings, time_machine
):
    settings.MIZ_ESCALATE_TO_PROVINCE_AFTER_DAYS = 10
    time_machine.move_to(at(MONDAY), tick=False)
    request = submit()
    calendar = get_calendar()
    late = calendar.add_working_days(request.due_date, 1)
    assert alerts.sweep(today=late)[alerts.ESCALATE_HEAD] == 1
    assert alerts.sweep(today=late)[alerts.ESCALATE_HEAD] == 0
    ServiceRequest.objects.filter(pk=request.pk).update(due_date=late)  # e.g. a pause moved it
    assert alerts.sweep(today=calendar.add_working_days(late, 1))[alerts.ESCALATE_HEAD] == 1
    assert request.events.filter(name=alerts.ESCALATE_HEAD).count() == 2


def test_nothing_is_escalated_on_a_holiday_or_before_the_due_date_passes(submit, head, time_machine):
    time_machine.move_to(at(MONDAY), tick=False)
    request = submit()
    Holiday.objects.create(date=request.due_date + dt.timedelta(days=1), title="تعطیل")
    assert alerts.sweep(today=request.due_date)[alerts.ESCALATE_HEAD] == 0
    assert not any(alerts.sweep(today=request.due_date + dt.timedelta(days=1)).values())
    assert not request.events.filter(kind=RequestEvent.Kind.ESCALATION).exists()


# --- staff alerts by preference -----------------------------------------------------------------


def test_staff_are_told_of_a_new_request_on_the_channels_they_chose(submit, expert, head, make_user, unit):
    both = make_user(role=Role.STAFF_EXPERT, scope={"org_unit": unit}, email="both@example.com")
    prefer(expert, "sms")
    prefer(both, "both")
    request = submit()
    rows = sent("staff_new_request", related_id=str(request.pk))
    assert sorted(rows.values_list("user", "channel")) == sorted(
        [(expert.pk, "sms"), (both.pk, "sms"), (both.pk, "email")]
    )
    assert request.tracking_display in rows.filter(user=expert).get().body
    assert not rows.filter(user=head).exists()  # no choice made: the workbench only


def test_the_clerk_who_filed_a_request_at_the_units_desk_is_not_told_of_it(
    service, applicant, expert, unit, make_user
):
    clerk = make_user(role=Role.STAFF_EXPERT, scope={"org_unit": unit})
    prefer(clerk, "sms")
    prefer(expert, "sms")
    request, _ = services.submit_request(
        service=service,
        applicant=applicant,
        form_data={"product_name": "شیر"},
        files={d.pk: pdf_file() for d in service.documents.filter(required=True)},
        idempotency_key="desk-clerk",
        actor=clerk,
        channel="in_person",
        intake_unit=unit,
    )
    assert request.filed_by == clerk
    assert list(sent("staff_new_request").values_list("user", flat=True)) == [expert.pk]


def test_a_request_sent_to_another_unit_is_new_there(submit, head, make_user, service, unit):
    from orgs.tests.factories import OrgUnitFactory

    second = OrgUnitFactory(code="IR-98", name="واحد دوم")
    service.responsible_units.add(second)
    there = make_user(role=Role.STAFF_EXPERT, scope={"org_unit": second})
    prefer(there, "sms")
    request = submit(unit=unit)
    assert not sent("staff_new_request", user=there).exists()
    services.reassign_unit(request=request, unit=second, by=head)
    assert sent("staff_new_request", user=there).count() == 1


def test_an_applicants_reply_tells_the_assigned_expert_only(submit, expert, head, applicant):
    prefer(expert, "sms")
    prefer(head, "sms")
    request = submit()
    services.assign_expert(requests=[request], expert=expert, by=head)
    services.transition(request=request, name="accept", user=expert)
    services.transition(request=request, name="request_more", user=expert, note="مدرک")
    services.post_message(request=request, author=applicant, body="فرستادم")
    assert list(sent("staff_applicant_reply").values_list("user", flat=True)) == [expert.pk]


def test_due_tomorrow_and_overdue_alerts_go_to_the_unit_once_per_due_date(submit, expert, time_machine):
    prefer(expert, "sms")
    time_machine.move_to(at(MONDAY), tick=False)
    request = submit()
    calendar = get_calendar()
    day_before = calendar.add_working_days(request.due_date, -1)
    assert alerts.sweep(today=day_before)["due_tomorrow"] == 1
    alerts.sweep(today=day_before)
    assert sent("staff_due_tomorrow", user=expert).count() == 1
    late = calendar.add_working_days(request.due_date, 1)
    alerts.sweep(today=late)
    alerts.sweep(today=calendar.add_working_days(late, 1))
    assert sent("staff_overdue", user=expert).count() == 1


def test_a_paused_request_is_neither_due_nor_overdue(submit, expert, time_machine):
    prefer(expert, "sms")
    time_machine.move_to(at(MONDAY), tick=False)
    request = submit()
    services.transition(request=request, name="accept", user=expert)
    services.transition(request=request, name="request_more", user=expert, note="مدرک")
    request.refresh_from_db()
    late = get_calendar().add_working_days(request.due_date, 3)
    assert alerts.sweep(today=late)["overdue"] == 0
    assert not sent("staff_overdue").exists()


def test_the_alert_settings_page_saves_a_staff_members_choice(client, expert):
    client.force_login(expert)
    page = client.get(reverse("desk:alert_settings"))
    assert page.status_code == 200 and "فقط در سامانه" in page.content.decode()
    response = client.post(reverse("desk:alert_settings"), {"channels": "sms"})
    assert response.status_code == 302
    assert alerts.preference_for(expert) == "sms"


def test_email_alerts_need_an_address_and_an_unknown_choice_is_refused(client, expert):
    expert.email = ""
    expert.save()
    client.force_login(expert)
    page = client.post(reverse("desk:alert_settings"), {"channels": "email"}).content.decode()
    assert "نشانی رایانامه" in page
    assert client.post(reverse("desk:alert_settings"), {"channels": "fax"}).status_code == 200
    assert not StaffAlertPreference.objects.filter(user=expert).exists()
    with pytest.raises(ValidationError):
        alerts.set_preference(user=expert, channels="fax")


def test_only_unit_staff_may_set_alerts(client, applicant):
    client.force_login(applicant)
    assert client.get(reverse("desk:alert_settings")).status_code == 403
    assert client.post(reverse("desk:alert_settings"), {"channels": "sms"}).status_code == 403
    assert not StaffAlertPreference.objects.exists()


def test_the_workbench_counts_new_overdue_and_due_soon_requests(client, submit, expert, time_machine):
    time_machine.move_to(at(MONDAY), tick=False)
    submit()
    late = submit()
    ServiceRequest.objects.filter(pk=late.pk).update(due_date=MONDAY - dt.timedelta(days=2))
    client.force_login(expert)
    page = client.get(reverse("desk:queue")).content.decode()
    assert 'id="alert-counts"' in page
    assert 'id="alert-new">درخواست تازه <span class="badge text-bg-light">۲</span>' in page
    assert 'id="alert-overdue">گذشته از موعد <span class="badge text-bg-light">۱</span>' in page


# --- the applicant's reminders, lapse and reopen -------------------------------------------------


def test_an_appointment_tomorrow_is_reminded_once(submit, expert, unit, applicant, time_machine):
    time_machine.move_to(at(MONDAY), tick=False)
    request = submit()
    visit(request, at(MONDAY + dt.timedelta(days=1), 10), by=expert)
    visit(request, at(MONDAY + dt.timedelta(days=1), 11), by=expert, status=Appointment.Status.CANCELLED)
    assert alerts.sweep(today=MONDAY)["appointments"] == 1
    alerts.sweep(today=MONDAY)
    rows = sent("appointment_reminder")
    assert set(rows.values_list("channel", flat=True)) == {"sms", "email"}
    assert rows.count() == 2 and all(r.user_id == applicant.pk for r in rows)
    assert alerts.sweep(today=MONDAY - dt.timedelta(days=1))["appointments"] == 0


@pytest.fixture
def waiting(submit, expert, settings, time_machine):
    """A request in review asked for more on Monday 4 May; reminded after 2 working days of
    silence, lapsing after 4."""
    settings.MIZ_AWAITING_REMIND_AFTER_DAYS = 2
    settings.MIZ_AWAITING_WITHDRAW_AFTER_DAYS = 4
    time_machine.move_to(at(MONDAY), tick=False)
    request = submit()
    services.transition(request=request, name="accept", user=expert)
    services.transition(request=request, name="start_review", user=expert)
    services.transition(request=request, name="request_more", user=expert, note="مدرک بیشتر")
    return request


def sweep_on(time_machine, day: dt.date) -> dict:
    time_machine.move_to(at(day, 7), tick=False)
    return alerts.sweep()


def test_a_silent_applicant_is_reminded_then_the_request_lapses_and_staff_reopen_it(
    waiting, expert, applicant, time_machine, client
):
    request = waiting
    assert sweep_on(time_machine, dt.date(2026, 5, 5))["reminded"] == 0
    assert sweep_on(time_machine, dt.date(2026, 5, 6))["reminded"] == 1
    reminder = request.events.get(name=alerts.REMIND_APPLICANT)
    assert reminder.public and reminder.payload["lapse_on"] == "2026-05-09"
    assert sent("awaiting_reminder", user=applicant).count() == 2  # SMS and email
    assert sweep_on(time_machine, dt.date(2026, 5, 7))["lapsed"] == 0
    request.refresh_from_db()
    assert request.state == State.AWAITING_APPLICANT
    assert sweep_on(time_machine, dt.date(2026, 5, 9))["lapsed"] == 1  # Friday 8th is not counted
    request.refresh_from_db()
    assert request.state == State.WITHDRAWN
    lapse = request.events.get(name="lapse")
    assert (lapse.from_state, lapse.to_state, lapse.actor) == (
        State.AWAITING_APPLICANT,
        State.WITHDRAWN,
        None,
    )
    assert "بسته شد" in sent("lapsed", user=applicant, channel="sms").get().body
    assert sweep_on(time_machine, dt.date(2026, 5, 10))["lapsed"] == 0
    with pytest.raises(ValidationError):
        services.post_message(request=request, author=applicant, body="دیر شد؟")

    client.force_login(expert)
    detail = client.get(reverse("desk:detail", args=[request.tracking_code])).content.decode()
    assert reverse("desk:transition", args=[request.tracking_code, "reopen"]) in detail
    assert 'id="lapsed-note"' in detail
    client.post(reverse("desk:transition", args=[request.tracking_code, "reopen"]))
    request.refresh_from_db()
    assert request.state == State.IN_REVIEW and request.step_number == 1
    assert request.decided_at is None and not request.clock_paused
    assert sent("reopened", user=applicant).count() == 2  # the applicant hears of it: SMS and email
    # The clock stood still from the request for more (4 May) to the reopening (10 May): the five
    # working days 5, 6, 7, 9 and 10 May (not Friday the 8th) move the due date.
    assert request.due_date == get_calendar().add_working_days(MONDAY, request.target_working_days + 5)
    assert sent("reopened", user=applicant).count() == 2


def test_an_answer_before_the_deadline_stops_the_lapse(waiting, applicant, time_machine):
    sweep_on(time_machine, dt.date(2026, 5, 6))
    services.post_message(request=waiting, author=applicant, body="پاسخ من")
    assert sweep_on(time_machine, dt.date(2026, 5, 10))["lapsed"] == 0
    waiting.refresh_from_db()
    assert waiting.state == State.IN_REVIEW


def test_a_late_job_still_gives_the_applicant_the_whole_grace_after_the_reminder(waiting, time_machine):
    # The job did not run until the 10th: the reminder goes now, the lapse two working days later.
    assert sweep_on(time_machine, dt.date(2026, 5, 10))["reminded"] == 1
    assert sweep_on(time_machine, dt.date(2026, 5, 11))["lapsed"] == 0
    assert sweep_on(time_machine, dt.date(2026, 5, 12))["lapsed"] == 1


def test_an_applicants_own_withdrawal_is_not_reopened(submit, expert, applicant, client):
    request = submit()
    services.transition(request=request, name="withdraw", user=applicant)
    with pytest.raises(ValidationError) as refused:
        services.transition(request=request, name="reopen", user=expert)
    assert "انصراف خود متقاضی" in refused.value.messages[0]
    client.force_login(expert)
    detail = client.get(reverse("desk:detail", args=[request.tracking_code])).content.decode()
    assert 'id="lapsed-note"' not in detail
    assert reverse("desk:transition", args=[request.tracking_code, "reopen"]) not in detail
    request.refresh_from_db()
    assert request.state == State.WITHDRAWN


def test_nobody_performs_the_systems_lapse_by_hand(waiting, applicant, expert, client):
    for user in (applicant, expert):
        with pytest.raises(ValidationError) as refused:
            services.transition(request=waiting, name="lapse", user=user)
        assert refused.value.code == "system_only"
    client.force_login(applicant)
    client.post(reverse("desk:transition", args=[waiting.tracking_code, "lapse"]))
    waiting.refresh_from_db()
    assert waiting.state == State.AWAITING_APPLICANT


def test_an_outsider_cannot_reopen(waiting, other_expert, time_machine):
    sweep_on(time_machine, dt.date(2026, 5, 6))
    sweep_on(time_machine, dt.date(2026, 5, 9))
    with pytest.raises(ValidationError):
        services.transition(request=waiting, name="reopen", user=other_expert)


# --- the daily job -------------------------------------------------------------------------------


def test_the_daily_job_run_twice_sends_nothing_twice(
    waiting, submit, expert, head, province_manager, unit, settings, time_machine
):
    prefer(expert, "both")
    prefer(head, "sms")
    prefer(province_manager, "email")
    settings.MIZ_ESCALATE_TO_PROVINCE_AFTER_DAYS = 1
    overdue = submit()
    due_soon = submit()
    visit(due_soon, at(dt.date(2026, 5, 10), 10), by=expert)
    day = dt.date(2026, 5, 9)
    ServiceRequest.objects.filter(pk=overdue.pk).update(due_date=dt.date(2026, 5, 5))
    ServiceRequest.objects.filter(pk=due_soon.pk).update(due_date=dt.date(2026, 5, 10))
    time_machine.move_to(at(day, 7), tick=False)
    first = run_job()
    rows, events = Notification.objects.count(), RequestEvent.objects.count()
    for kind in ("due_tomorrow 1", "overdue 1", "escalate_head 1", "escalate_province 1", "appointments 1"):
        assert kind in first
    assert "reminded 1" in first
    second = run_job()
    assert "escalate_head 0" in second and "escalate_province 0" in second and "reminded 0" in second
    assert (Notification.objects.count(), RequestEvent.objects.count()) == (rows, events)


def test_the_job_is_declared_for_the_scheduler_and_refuses_a_bad_date():
    from django.conf import settings
    from django.core.management.base import CommandError

    from core import scheduler
    from core.checks import check_scheduled_jobs

    job = scheduler.all_jobs()["desk_alerts"]
    assert list(job.command) == settings.MIZ_SCHEDULED_JOBS["desk_alerts"]["command"] == ["desk_alerts"]
    assert not [e for e in check_scheduled_jobs() if "desk_alerts" in e.msg]
    with pytest.raises(CommandError):
        call_command("desk_alerts", "--date", "۱۴۰۵/۰۲/۱۴")


def test_every_staff_member_told_of_a_new_request_gets_the_admins_edit_read_once(
    submit, expert, head, make_user, unit
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from core.text import ltr_code
    from notifications.models import Notice, NotificationTemplate

    both = make_user(role=Role.STAFF_EXPERT, scope={"org_unit": unit}, email="both@example.com")
    prefer(expert, "sms")
    prefer(both, "both")
    NotificationTemplate.objects.create(
        event="desk.staff_new_request",
        sms_body="تازه: {tracking_code}",
        email_subject="درخواست تازه",
        email_body="درخواست تازه {tracking_code} در {unit}",
    )
    with CaptureQueriesContext(connection) as queries:
        request = submit()
    read = [q for q in queries.captured_queries if "notifications_notificationtemplate" in q["sql"]]
    assert len(read) == 2  # the applicant's receipt, and the staff's alert once for all three
    code = ltr_code(request.tracking_display)
    rows = sent("staff_new_request", related_id=str(request.pk))
    assert {row.body for row in rows.filter(channel="sms")} == {f"تازه: {code}"}
    assert rows.get(channel="email").body.startswith(f"درخواست تازه {code}")
    notices = Notice.objects.filter(event="desk.staff_new_request")
    assert sorted(notices.values_list("user", flat=True)) == sorted([expert.pk, head.pk, both.pk])
    assert {n.body for n in notices} == {f"تازه: {code}"}
