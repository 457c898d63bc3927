"""Each desk event queues its SMS and email on commit (E4); a gateway that fails three times
loses no message and sends none twice."""

import datetime as dt

import pytest
from django.conf import settings
from django.utils import timezone

from core import sms
from core.sms import BaseSmsBackend, LocMemSmsBackend, SmsError
from core.text import ltr_code
from desk import services
from notifications.models import Notification
from notifications.services import deliver

pytestmark = pytest.mark.django_db


class FailingThreeTimes(BaseSmsBackend):
    failures = 3
    calls = 0

    def send(self, message):
        type(self).calls += 1
        if type(self).failures > 0:
            type(self).failures -= 1
            raise SmsError("gateway unavailable (503)", permanent=False)
        return LocMemSmsBackend().send(message)


def run_whole_journey(submit, expert, applicant):
    request = submit()
    services.transition(request=request, name="accept", user=expert)
    services.transition(request=request, name="start_review", user=expert)
    services.transition(request=request, name="request_more", user=expert, note="مدرک بیشتر")
    services.post_message(request=request, author=applicant, body="فرستادم")
    services.transition(request=request, name="advance", user=expert)
    services.transition(request=request, name="approve", user=expert)
    services.issue_response(request=request, user=expert, text="گواهی")
    services.record_response_download(request=request, user=applicant)
    return request


EVENTS = ["desk.receipt", "desk.more_needed", "desk.decision", "desk.response_ready", "desk.survey"]


def test_every_event_queues_sms_and_email_on_commit(
    submit, expert, applicant, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        request = run_whole_journey(submit, expert, applicant)
    rows = Notification.objects.filter(related_id=str(request.pk))
    assert sorted({r.event for r in rows}) == sorted(EVENTS)
    for event in EVENTS:
        assert set(rows.filter(event=event).values_list("channel", flat=True)) == {"sms", "email"}
    assert rows.filter(event="desk.receipt", channel="sms").get().recipient == applicant.mobile


def test_nothing_is_queued_when_the_change_is_rolled_back(service, applicant):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.submit_request(
            service=service, applicant=applicant, form_data={}, files={}, idempotency_key="k", actor=applicant
        )
    assert not Notification.objects.exists()


def test_a_gateway_failing_three_times_loses_no_sms_and_sends_none_twice(
    submit, expert, applicant, settings, time_machine
):
    settings.SMS_BACKEND = "desk.tests.test_notifications.FailingThreeTimes"
    settings.MIZ_NOTIFY_BACKOFF_SECONDS = 30
    FailingThreeTimes.failures, FailingThreeTimes.calls = 3, 0
    request = run_whole_journey(submit, expert, applicant)
    sms_rows = Notification.objects.filter(related_id=str(request.pk), channel="sms")
    assert sms_rows.count() == len(EVENTS)
    now = timezone.now()
    time_machine.move_to(now, tick=False)
    # The worker: every round it runs each due job; between rounds time passes.
    for _round in range(10):
        for row in Notification.objects.filter(status__in=["queued", "retrying"]):
            deliver(row.pk, now=now)
        now += dt.timedelta(minutes=5)
        time_machine.move_to(now)
    assert FailingThreeTimes.calls == len(EVENTS) + 3
    assert set(sms_rows.values_list("status", flat=True)) == {"sent"}
    texts = [m.text for m in sms.outbox]
    assert len(texts) == len(EVENTS) == len(set(texts))
    assert sum(sms_rows.values_list("attempts", flat=True)) == len(EVENTS) + 3


def test_a_text_edited_in_the_admin_is_what_the_applicant_receives(submit, expert, admin_user):
    from notifications import text_services, texts

    text_services.save_template(
        actor=admin_user,
        event=texts.get("desk.more_needed"),
        sms_body="درخواست {tracking_code}: {expert_note} (پاسخ در حساب کاربری)",
        email_subject="مدرک بیشتر برای {tracking_code}",
    )
    request = submit()
    services.transition(request=request, name="accept", user=expert)
    services.transition(request=request, name="start_review", user=expert)
    services.transition(request=request, name="request_more", user=expert, note="تصویر قرارداد")
    sms_row = Notification.objects.get(event="desk.more_needed", channel="sms")
    email_row = Notification.objects.get(event="desk.more_needed", channel="email")
    assert (
        sms_row.body == f"درخواست {ltr_code(request.tracking_display)}: تصویر قرارداد (پاسخ در حساب کاربری)"
    )
    assert email_row.subject == f"مدرک بیشتر برای {ltr_code(request.tracking_display)}"
    assert email_row.body == sms_row.body
    # Events not edited keep their default text.
    receipt = Notification.objects.get(event="desk.receipt", channel="sms")
    assert receipt.body.startswith(
        f"{settings.MIZ_SITE_NAME}\nکد رهگیری: {ltr_code(request.tracking_display)}\n"
    )


def test_a_staff_message_notice_keeps_the_text_it_had_before_texts_were_data(submit, expert):
    request = submit()
    services.transition(request=request, name="accept", user=expert)
    services.post_message(request=request, author=expert, body="لطفاً تماس بگیرید")
    row = Notification.objects.get(event="desk.message", channel="sms")
    assert row.body == (
        f"{settings.MIZ_SITE_NAME}\nکد رهگیری: {ltr_code(request.tracking_display)}\n"
        f"{request.service.title}\n"
        "پیام تازه‌ای از کارشناس دارید. برای دیدن آن به حساب خود بروید."
    )
