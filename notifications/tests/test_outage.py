"""The task worker and the sweeper, as real processes, keep running through a database outage.

The outage (core.testing_outage): on PostgreSQL the process's backends are terminated, then new
connections are refused for a few seconds, as during a restart; on SQLite another process holds
the write lock past the busy timeout. After it, a message queued anew is sent (worker) or given a
job (sweeper) by the same process.
"""

import time

import pytest
from django_tasks_db.models import DBTaskResult

from core.testing_outage import assert_running, wait_until

pytestmark = pytest.mark.django_db(transaction=True)


def queue_sms(outage_db, text: str) -> int:
    """notify() in its own committed transaction, as the desk does; returns the notification id."""
    return int(
        outage_db.shell(
            "from django.db import transaction\n"
            "from notifications.services import notify\n"
            "with transaction.atomic():\n"
            f"    [row] = notify(event='test.outage', text={text!r}, mobile='+989121112233')\n"
            "print(row.pk)"
        )
    )


def status(outage_db, pk: int) -> str:
    rows = outage_db.query("SELECT status FROM notifications_notification WHERE id = ?", pk)
    return rows[0][0] if rows else ""


def test_worker_survives_a_database_outage_and_sends_what_is_queued_after(outage_db, start_manage):
    worker = start_manage(
        "miz_worker", "--queue-name", "*", "--interval", "0.2", "--no-startup-delay", "--no-reload"
    )
    before = queue_sms(outage_db, "پیش از قطعی")
    wait_until(lambda: status(outage_db, before) == "sent", timeout=60, what="the first SMS")

    outage_db.outage()

    time.sleep(1)
    assert_running(worker)
    after = queue_sms(outage_db, "پس از قطعی")
    wait_until(lambda: status(outage_db, after) == "sent", timeout=60, what="the SMS queued after the outage")
    assert_running(worker)
    log = worker.log.read_text()
    assert "database unavailable" in log
    assert "پس از قطعی" in log  # the console SMS backend printed it: sent by this same process


def test_sweeper_survives_a_database_outage_and_sweeps_after(outage_db, start_manage):
    sweeper = start_manage("notifications_retry", "--every", "1", MIZ_NOTIFY_SWEEP_GRACE_SECONDS="0")
    wait_until(lambda: "jobs enqueued" in sweeper.log.read_text(), timeout=60, what="a first sweep")

    outage_db.outage()

    time.sleep(1)
    assert_running(sweeper)
    # A message whose send job was lost (no job row): the sweeper must give it one.
    pk = int(
        outage_db.shell(
            "from notifications.models import Notification\n"
            "row = Notification.objects.create(channel='sms', recipient='+989121112233', "
            "body='بی‌کار', event='test.outage')\n"
            "print(row.pk)"
        )
    )

    def job_exists():
        rows = outage_db.query(f"SELECT args_kwargs FROM {DBTaskResult._meta.db_table}")  # noqa: S608
        return any(f"[{pk}]" in str(value).replace(" ", "") for (value,) in rows)

    wait_until(job_exists, timeout=60, what="a job for the orphaned notification")
    assert_running(sweeper)
    assert "database unavailable" in sweeper.log.read_text()
