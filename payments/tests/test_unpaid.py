"""Unpaid requests reminded, then withdrawn (issue 16, item 3; job `payments_unpaid`): in working
days of the business calendar, each thing once however often the job runs."""

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.utils import timezone

from core.calendar import get_calendar
from desk import services as desk_services
from desk.models import RequestEvent, State
from notifications.models import Notification
from payments import extra
from payments.tests.conftest import press

pytestmark = pytest.mark.django_db

TEHRAN = ZoneInfo("Asia/Tehran")


def run() -> str:
    out = io.StringIO()
    call_command("payments_unpaid", stdout=out)
    return out.getvalue()


@pytest.fixture
def waiting(file_request, paid_service, time_machine):
    """A request that started waiting for payment at 10:00 on a working day; `go(n)` moves the
    clock to 10:00 of the n-th working day after."""
    start = dt.datetime(2026, 12, 1, 10, tzinfo=TEHRAN)
    calendar = get_calendar()
    while not calendar.is_working_day(start.date()):
        start += dt.timedelta(days=1)
    time_machine.move_to(start, tick=False)
    request = file_request(paid_service)
    assert request.state == State.AWAITING_PAYMENT

    def go(n: int) -> None:
        day = calendar.add_working_days(start.date(), n)
        time_machine.move_to(dt.datetime.combine(day, dt.time(10), tzinfo=TEHRAN), tick=False)

    request.go = go
    return request


def notes(request, event: str) -> int:
    return Notification.objects.filter(event=event, related_id=str(request.pk)).count()


def test_reminded_once_then_withdrawn_once(waiting, settings):
    settings.PAYMENT_REMIND_AFTER_DAYS, settings.PAYMENT_WITHDRAW_AFTER_DAYS = 3, 10
    waiting.go(2)
    assert "0 reminded" in run()
    waiting.go(3)
    assert "1 reminded" in run() and "0 reminded" in run()
    reminders = waiting.events.filter(kind=RequestEvent.Kind.REMINDER, name="payment_reminder")
    assert reminders.count() == 1 and notes(waiting, "desk.payment_reminder") == 1
    body = Notification.objects.filter(event="desk.payment_reminder").first().body
    assert "۱٬۲۰۰٬۰۰۰" in body and f"/payments/r/{waiting.tracking_code}/pay/" in body
    from desk.selectors import timeline

    labels = [row["label"] for row in timeline(waiting)]
    assert "یادآوری پرداخت هزینه به متقاضی" in labels
    waiting.go(9)
    assert "0 withdrawn" in run()
    waiting.refresh_from_db()
    assert waiting.state == State.AWAITING_PAYMENT
    waiting.go(10)
    assert "1 withdrawn" in run() and "0 withdrawn" in run()
    waiting.refresh_from_db()
    assert waiting.state == State.WITHDRAWN and waiting.decided_at is not None
    lapse = waiting.events.get(kind=RequestEvent.Kind.TRANSITION, name="payment_lapse")
    assert lapse.from_state == State.AWAITING_PAYMENT and lapse.payload["working_days_waited"] == 10
    assert notes(waiting, "desk.payment_lapsed") == 1 and reminders.count() == 1


def test_a_late_first_run_reminds_before_it_withdraws(waiting):
    waiting.go(12)  # the job did not run for twelve working days
    assert "1 reminded, 0 withdrawn" in run()
    waiting.go(16)
    assert "0 withdrawn" in run()
    waiting.go(19)  # seven working days after the reminder (10 - 3)
    assert "1 withdrawn" in run()
    waiting.refresh_from_db()
    assert waiting.state == State.WITHDRAWN


def test_a_paid_request_is_left_alone(waiting, applicant, start):
    from payments import services

    payment = start(waiting)
    services.handle_callback(payment_id=payment.pk, data=press(payment), user=applicant)
    waiting.go(20)
    assert "0 reminded, 0 withdrawn" in run()
    waiting.refresh_from_db()
    assert waiting.state == State.SUBMITTED


def test_a_payment_under_way_is_not_withdrawn(waiting, start):
    waiting.go(3)
    run()
    waiting.go(10)
    start(waiting)  # the applicant is at the gateway now
    assert "0 withdrawn, 1 with a payment under way" in run()
    waiting.refresh_from_db()
    assert waiting.state == State.AWAITING_PAYMENT


def test_an_extra_fee_left_unpaid_withdraws_the_request(file_request, free_service, expert, time_machine):
    time_machine.move_to(dt.datetime(2026, 12, 1, 10, tzinfo=TEHRAN), tick=False)
    request = file_request(free_service)
    desk_services.transition(request=request, name="accept", user=expert)
    extra.raise_fee(request=request, actor=expert, amount=1000, reason="هزینه آزمون")
    raised_on = timezone.localdate()
    for n in (3, 10):  # reminded, then withdrawn
        day = get_calendar().add_working_days(raised_on, n)
        time_machine.move_to(dt.datetime.combine(day, dt.time(10), tzinfo=TEHRAN), tick=False)
        run()
    request.refresh_from_db()
    assert request.state == State.WITHDRAWN
    assert request.events.filter(name="payment_lapse").count() == 1


def test_the_job_is_scheduled_next_to_the_inquiry(settings):
    jobs = settings.MIZ_SCHEDULED_JOBS
    assert jobs["payments_unpaid"]["command"] == ["payments_unpaid"]
    assert set(jobs["payments_unpaid"]) >= {"title", "cron", "grace_seconds"}


def test_the_managers_summary_counts_the_withdrawal(waiting):
    from django.db.models import Sum

    from reports.models import DeskDay

    def totals():
        return DeskDay.objects.aggregate(open=Sum("open"), withdrawn=Sum("withdrawn"))

    assert totals() == {"open": 1, "withdrawn": 0}
    waiting.go(3)
    run()
    waiting.go(10)
    run()
    assert totals() == {"open": 0, "withdrawn": 1}
