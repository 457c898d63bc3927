"""Delivering one notification: claim, send, record; retries with backoff; permanent failures."""

from datetime import timedelta

import pytest
from django.core import mail
from django_tasks_db.models import DBTaskResult

from notifications import services
from notifications.models import Notification
from notifications.services import deliver, notify
from notifications.tasks import send_notification

pytestmark = pytest.mark.django_db
Status = Notification.Status


@pytest.fixture
def person(make_user):
    return make_user(email="person@example.com")


def sms_row(person):
    rows = notify(event="desk.receipt", text="رسید درخواست", user=person)
    return next(r for r in rows if r.channel == "sms")


def test_sms_is_sent_and_recorded(person, outbox):
    row = sms_row(person)
    assert send_notification.call(row.pk) == "sent"
    row.refresh_from_db()
    assert row.status == Status.SENT
    assert row.attempts == 1
    assert row.provider_id == "locmem-1"
    assert row.sent_at is not None
    assert [(m.to, m.text) for m in outbox] == [(person.mobile, "رسید درخواست")]


def test_email_goes_through_django_mail(person):
    rows = notify(event="desk.decision", text="پاسخ آماده است.", user=person, subject="پاسخ درخواست")
    email_row = next(r for r in rows if r.channel == "email")
    assert deliver(email_row.pk) == "sent"
    [message] = mail.outbox
    assert message.to == ["person@example.com"]
    assert message.subject == "پاسخ درخواست"
    assert message.body == "پاسخ آماده است."
    email_row.refresh_from_db()
    assert email_row.status == Status.SENT
    assert email_row.provider_id == message.extra_headers["Message-ID"]


def test_a_sent_message_is_never_sent_again(person, outbox):
    row = sms_row(person)
    assert deliver(row.pk) == "sent"
    assert deliver(row.pk) == "skipped"
    assert len(outbox) == 1


def test_a_message_being_sent_is_not_claimed_twice(person, outbox):
    row = sms_row(person)
    Notification.objects.filter(pk=row.pk).update(status=Status.SENDING)
    assert deliver(row.pk) == "skipped"
    assert outbox == []


def test_missing_row_is_skipped():
    assert deliver(987654) == "skipped"


def test_temporary_failure_retries_with_exponential_backoff(person, flaky_gateway, settings, clock, outbox):
    settings.MIZ_NOTIFY_BACKOFF_SECONDS = 10
    flaky_gateway.failures = 3
    row = sms_row(person)
    delays = []
    for _ in range(3):
        before = clock.now()
        assert deliver(row.pk) == "retrying"
        row.refresh_from_db()
        assert row.status == Status.RETRYING
        assert "503" in row.last_error
        delays.append(round((row.next_attempt_at - before).total_seconds()))
        # Not due yet: an early job does nothing.
        assert deliver(row.pk) == "skipped"
        job = DBTaskResult.objects.filter(run_after=row.next_attempt_at).get()
        assert job.args_kwargs["args"] == [row.pk]
        clock.shift(seconds=delays[-1])
    assert delays == [10, 20, 40]
    assert deliver(row.pk) == "sent"
    row.refresh_from_db()
    assert (row.status, row.attempts, row.last_error) == (Status.SENT, 4, "")
    assert len(outbox) == 1


def test_backoff_is_capped(settings):
    settings.MIZ_NOTIFY_BACKOFF_SECONDS = 30
    settings.MIZ_NOTIFY_BACKOFF_MAX_SECONDS = 100
    assert [services.backoff_seconds(n) for n in (1, 2, 3, 4, 10)] == [30, 60, 100, 100, 100]


def test_gives_up_after_max_attempts(person, flaky_gateway, settings, clock):
    settings.MIZ_NOTIFY_MAX_ATTEMPTS = 3
    flaky_gateway.failures = 10
    row = sms_row(person)
    outcomes = []
    for _ in range(3):
        outcomes.append(deliver(row.pk))
        clock.shift(hours=2)
    assert outcomes == ["retrying", "retrying", "failed"]
    row.refresh_from_db()
    assert (row.status, row.attempts) == (Status.FAILED, 3)
    assert deliver(row.pk) == "skipped"


def test_permanent_failure_is_not_retried(person, settings):
    settings.SMS_BACKEND = "notifications.tests.conftest.RejectingSmsBackend"
    row = sms_row(person)
    jobs_before = DBTaskResult.objects.count()
    assert deliver(row.pk) == "failed"
    row.refresh_from_db()
    assert row.status == Status.FAILED
    assert "411" in row.last_error
    assert DBTaskResult.objects.count() == jobs_before


def test_connection_error_is_temporary(person, settings, monkeypatch):
    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("smtp down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    rows = notify(event="x.y", text="سلام", user=person)
    email_row = next(r for r in rows if r.channel == "email")
    assert deliver(email_row.pk) == "retrying"
    email_row.refresh_from_db()
    assert "ConnectionRefusedError" in email_row.last_error


def test_immediate_backend_sends_on_commit(
    person, immediate_tasks, outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        row = sms_row(person)
        assert outbox == []
    row.refresh_from_db()
    assert row.status == Status.SENT
    assert len(outbox) == 1


def test_immediate_backend_leaves_retries_to_the_sweeper(
    person, immediate_tasks, flaky_gateway, outbox, clock, settings, django_capture_on_commit_callbacks
):
    flaky_gateway.failures = 1
    with django_capture_on_commit_callbacks(execute=True):
        row = sms_row(person)
    row.refresh_from_db()
    assert row.status == Status.RETRYING
    clock.shift(seconds=settings.MIZ_NOTIFY_BACKOFF_SECONDS + settings.MIZ_NOTIFY_SWEEP_GRACE_SECONDS)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.sweep() == {"stuck": 0, "enqueued": 1}
    row.refresh_from_db()
    assert row.status == Status.SENT
    assert len(outbox) == 1


def test_sent_at_uses_the_clock(person, clock):
    row = sms_row(person)
    clock.shift(days=1)
    deliver(row.pk)
    row.refresh_from_db()
    assert row.sent_at - row.created_at >= timedelta(days=1)


def test_a_send_slower_than_the_sweeper_timeout_is_still_sent_once(person, settings, clock, outbox):
    """The sweeper frees a row whose send looks stuck; the slow send then succeeds: it stays sent."""
    from notifications.tests import conftest

    class SlowBackend(conftest.LocMemSmsBackend):
        def send(self, message):
            clock.shift(seconds=settings.MIZ_NOTIFY_SENDING_TIMEOUT_SECONDS + 1)
            assert services.sweep()["stuck"] == 1
            return super().send(message)

    conftest.SlowBackend = SlowBackend
    settings.SMS_BACKEND = "notifications.tests.conftest.SlowBackend"
    try:
        row = sms_row(person)
        assert deliver(row.pk) == "sent"
    finally:
        del conftest.SlowBackend
    row.refresh_from_db()
    assert row.status == Status.SENT
    assert deliver(row.pk) == "skipped"  # the sweeper's job
    assert len(outbox) == 1


def test_a_late_failure_does_not_undo_a_newer_claim(person, flaky_gateway, settings, clock):
    from notifications.tests import conftest

    class SlowFailingBackend(conftest.LocMemSmsBackend):
        def send(self, message):
            clock.shift(seconds=settings.MIZ_NOTIFY_SENDING_TIMEOUT_SECONDS + 1)
            services.sweep()
            # Another worker claims it again meanwhile.
            Notification.objects.filter(recipient=message.to).update(
                status=Status.SENDING, claimed_at=clock.now()
            )
            raise conftest.SmsError("timeout", permanent=False)

    conftest.SlowFailingBackend = SlowFailingBackend
    settings.SMS_BACKEND = "notifications.tests.conftest.SlowFailingBackend"
    try:
        row = sms_row(person)
        assert deliver(row.pk) == "stale"
    finally:
        del conftest.SlowFailingBackend
    row.refresh_from_db()
    assert row.status == Status.SENDING
    assert "timeout" not in row.last_error
