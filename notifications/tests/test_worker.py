"""The real path: committed notifications, the database task backend and its worker (db_worker)."""

from collections import Counter

import pytest
from django.core import mail
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from core.testing import at_once, shared_by_threads
from core.testing import run_due_tasks as run_worker
from notifications import services
from notifications.models import Notification
from notifications.services import notify

pytestmark = pytest.mark.django_db(transaction=True)
Status = Notification.Status


def queue_messages(make_user, count):
    rows = []
    for n in range(count):
        user = make_user(email=f"p{n}@example.com")
        with transaction.atomic():
            rows += notify(event="desk.receipt", text=f"رسید {n}", user=user, key=f"receipt:{n}")
    return rows


def test_worker_sends_committed_notifications(make_user, outbox):
    rows = queue_messages(make_user, 2)
    assert run_worker() == 4
    assert sorted(m.text for m in outbox) == ["رسید 0", "رسید 1"]
    assert sorted(m.body for m in mail.outbox) == ["رسید 0", "رسید 1"]
    assert set(Notification.objects.values_list("status", flat=True)) == {Status.SENT}
    assert len(rows) == 4
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}


def test_gateway_failing_three_times_then_recovering_sends_each_message_once(
    make_user, outbox, flaky_gateway, clock, settings
):
    settings.MIZ_NOTIFY_BACKOFF_SECONDS = 30
    # An impatient sweeper: every due row gets a second job next to its own retry job, so
    # the worker sees duplicate jobs; the claim must still let each message out only once.
    settings.MIZ_NOTIFY_SWEEP_GRACE_SECONDS = 0
    queue_messages(make_user, 5)
    flaky_gateway.failures = 3
    rounds = 0
    duplicate_jobs = 0
    while Notification.objects.exclude(status=Status.SENT).exists():
        rounds += 1
        assert rounds < 10, "messages never went out"
        run_worker()
        clock.shift(seconds=settings.MIZ_NOTIFY_BACKOFF_SECONDS * 2**rounds)
        duplicate_jobs += services.sweep()["enqueued"]
    assert duplicate_jobs == 3
    texts = Counter(m.text for m in outbox)
    assert texts == Counter({f"رسید {n}": 1 for n in range(5)})
    assert len(mail.outbox) == 5
    assert flaky_gateway.calls == 5 + 3
    retried = Notification.objects.filter(channel="sms", attempts__gt=1)
    assert retried.count() == 3
    assert not Notification.objects.filter(status=Status.FAILED).exists()


def test_long_outage_every_message_sent_once_after_recovery(
    make_user, outbox, flaky_gateway, clock, settings
):
    settings.MIZ_NOTIFY_BACKOFF_SECONDS = 60
    queue_messages(make_user, 3)
    flaky_gateway.failures = 10**6  # down until further notice
    for _ in range(4):
        run_worker()
        clock.shift(hours=1)
    assert outbox == []
    assert set(Notification.objects.filter(channel="sms").values_list("status", flat=True)) == {
        Status.RETRYING
    }
    flaky_gateway.failures = 0  # recovered
    run_worker()
    assert Counter(m.text for m in outbox) == Counter({"رسید 0": 1, "رسید 1": 1, "رسید 2": 1})
    assert set(Notification.objects.values_list("status", flat=True)) == {Status.SENT}
    run_worker()
    assert len(outbox) == 3


def test_a_second_job_for_a_message_being_sent_does_nothing(make_user, outbox, settings):
    """While one worker is inside the gateway call, another job for the same row finds it claimed."""
    from notifications.tests import conftest

    seen = []

    class ReentrantBackend(conftest.LocMemSmsBackend):
        def send(self, message):
            row = Notification.objects.get(recipient=message.to)
            seen.append(services.deliver(row.pk))
            return super().send(message)

    conftest.ReentrantBackend = ReentrantBackend
    settings.SMS_BACKEND = "notifications.tests.conftest.ReentrantBackend"
    try:
        user = make_user()
        [row] = notify(event="x.y", text="یک بار", user=user)
        assert services.deliver(row.pk) == "sent"
    finally:
        del conftest.ReentrantBackend
    assert seen == ["skipped"]
    assert len(outbox) == 1


def test_stuck_sending_row_is_recovered_by_the_sweeper(make_user, outbox, clock, settings):
    user = make_user()
    [row] = notify(event="x.y", text="گیر کرده", user=user)
    # A worker claimed it and died before recording anything.
    Notification.objects.filter(pk=row.pk).update(status=Status.SENDING, attempts=1, claimed_at=clock.now())
    DBTaskResult.objects.all().delete()
    assert services.sweep() == {"stuck": 0, "enqueued": 0}
    clock.shift(seconds=settings.MIZ_NOTIFY_SENDING_TIMEOUT_SECONDS + 1)
    assert services.sweep() == {"stuck": 1, "enqueued": 1}
    row.refresh_from_db()
    assert row.status == Status.RETRYING
    run_worker()
    row.refresh_from_db()
    assert (row.status, row.attempts) == (Status.SENT, 2)
    assert len(outbox) == 1


def test_lost_job_is_replaced_by_the_sweeper(make_user, outbox, clock, settings, capsys):
    from django.core.management import call_command

    user = make_user()
    [row] = notify(event="x.y", text="کار گم‌شده", user=user)
    DBTaskResult.objects.all().delete()  # e.g. pruned, or enqueued to a backend that lost it
    call_command("notifications_retry")
    assert "jobs enqueued: 0" in capsys.readouterr().out
    assert run_worker() == 0
    clock.shift(seconds=settings.MIZ_NOTIFY_SWEEP_GRACE_SECONDS + 1)
    call_command("notifications_retry")
    assert "jobs enqueued: 1" in capsys.readouterr().out
    assert run_worker() == 1
    row.refresh_from_db()
    assert row.status == Status.SENT
    assert len(outbox) == 1


def test_sweep_task_runs_on_the_worker(make_user, outbox, clock, settings):
    from notifications.tasks import sweep_notifications

    user = make_user()
    notify(event="x.y", text="از جاروب", user=user)
    DBTaskResult.objects.all().delete()
    clock.shift(seconds=settings.MIZ_NOTIFY_SWEEP_GRACE_SECONDS + 1)
    sweep_notifications.enqueue()
    run_worker()  # runs the sweep, then the job it enqueued
    assert len(outbox) == 1


def test_concurrent_workers_send_a_message_once(make_user, outbox, tmp_path):
    """Eight threads (own database connections) try to deliver the same rows at the same moment."""
    rows = [r for r in queue_messages(make_user, 3) if r.channel == "sms"]

    def work():
        return [services.deliver(row.pk) for row in rows]

    with shared_by_threads(tmp_path):
        outcomes = [result for results in at_once(*[work] * 8) for result in results]
    assert Counter(outcomes) == Counter({"sent": 3, "skipped": 21})
    assert sorted(m.text for m in outbox) == ["رسید 0", "رسید 1", "رسید 2"]
