"""The desk's messages as in-app notices: staff alerted "in the system only" get a notice and no
SMS, every choice gets exactly one notice, and a notice links to its request only for someone who
may open it."""

import datetime as dt

import pytest
from django.utils import timezone

from core.calendar import get_calendar
from desk.models import ServiceRequest, StaffAlertPreference
from desk.services import alerts
from notifications import selectors
from notifications.models import Notice, Notification

pytestmark = pytest.mark.django_db


def prefer(user, channels: str) -> None:
    StaffAlertPreference.objects.update_or_create(user=user, defaults={"channels": channels})


def test_staff_in_app_only_get_a_notice_and_no_sms(
    submit, expert, head, django_capture_on_commit_callbacks, outbox, settings
):
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "QUEUES": ["default", "notifications"],
        }
    }
    prefer(head, "sms")  # expert: no choice made, in the system only
    with django_capture_on_commit_callbacks(execute=True):
        request = submit()
    mine = Notice.objects.get(user=expert, event="desk.staff_new_request")
    assert mine.related == request
    assert request.tracking_display in mine.body
    assert not Notification.objects.filter(user=expert).exists()
    sent_to = [message.to for message in outbox]
    assert head.mobile in sent_to and expert.mobile not in sent_to
    # Whoever chose SMS gets it and the same notice, once.
    assert Notice.objects.filter(user=head, event="desk.staff_new_request").count() == 1
    assert Notification.objects.filter(user=head, event="desk.staff_new_request", channel="sms").count() == 1


def test_a_daily_alert_run_twice_is_one_notice(submit, expert):
    today = timezone.localdate()
    while not get_calendar().is_working_day(today):
        today += dt.timedelta(days=1)
    request = submit()
    ServiceRequest.objects.filter(pk=request.pk).update(due_date=today - dt.timedelta(days=3))
    alerts.sweep(today=today)
    alerts.sweep(today=today)
    assert Notice.objects.filter(user=expert, event="desk.staff_overdue").count() == 1


def test_the_applicants_notice_links_to_their_request_only_for_them(
    client, submit, applicant, other_applicant, other_expert
):
    request = submit()
    notice = Notice.objects.get(user=applicant, event="desk.receipt")
    link = f"/desk/r/{request.tracking_code}/"
    assert selectors.with_links(applicant, [notice])[0].link == link
    # Someone who may not open the request gets no link to it, even for a notice that names it.
    assert selectors.with_links(other_applicant, [notice])[0].link == ""
    assert selectors.with_links(other_expert, [notice])[0].link == ""
    client.force_login(applicant)
    html = client.get("/notices/").content.decode()
    assert f'href="{link}"' in html
    client.force_login(other_applicant)
    assert link not in client.get("/notices/").content.decode()
