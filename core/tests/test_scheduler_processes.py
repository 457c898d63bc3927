"""`manage.py miz_scheduler` as operators run it: two at once claim each period once, and one keeps
going through a database outage (core.testing_outage)."""

import datetime as dt
import itertools
import json

import pytest

from core.testing_outage import assert_running, wait_until

pytestmark = pytest.mark.django_db(transaction=True)

# Every two seconds (cronsim's six-field form, seconds first); the other jobs switched off.
EVERY_TWO_SECONDS = "*/2 * * * * *"


def schedule_env() -> dict[str, str]:
    from django.conf import settings

    schedule = dict.fromkeys(settings.MIZ_SCHEDULED_JOBS, "")
    schedule["notifications_retry"] = EVERY_TWO_SECONDS
    return {"MIZ_SCHEDULE": json.dumps(schedule), "MIZ_SCHEDULER_INTERVAL_SECONDS": "0.2"}


def periods(outage_db) -> list[dt.datetime]:
    rows = outage_db.query(
        "SELECT period_start FROM core_scheduledrun WHERE job = ? ORDER BY period_start",
        "notifications_retry",
    )
    return [v if isinstance(v, dt.datetime) else dt.datetime.fromisoformat(v) for (v,) in rows]


def test_two_schedulers_enqueue_each_period_once(outage_db, start_manage):
    first = start_manage("miz_scheduler", **schedule_env())
    second = start_manage("miz_scheduler", **schedule_env())
    wait_until(lambda: len(periods(outage_db)) >= 4, timeout=30, what="four periods")
    for process in (first, second):
        assert_running(process)
        process.terminate()
        process.wait(timeout=10)
    starts = periods(outage_db)
    # No period twice, none skipped: consecutive two-second periods.
    assert len(set(starts)) == len(starts)
    assert all(b - a == dt.timedelta(seconds=2) for a, b in itertools.pairwise(starts))
    # One task per period: every run has its task, and no task was enqueued for a lost claim.
    (tasks,) = outage_db.query(
        "SELECT COUNT(*) FROM django_tasks_database_dbtaskresult WHERE task_path = ?",
        "core.tasks.run_scheduled_job",
    )
    assert tasks[0] == len(starts)
    for process in (first, second):
        assert "notifications_retry: */2 * * * * *" in process.log.read_text()


def test_the_scheduler_survives_a_database_outage(outage_db, start_manage):
    scheduler = start_manage("miz_scheduler", **schedule_env())
    wait_until(lambda: len(periods(outage_db)) >= 2, timeout=30, what="a first period")

    outage_db.outage()

    assert_running(scheduler)
    after_outage = len(periods(outage_db))
    wait_until(lambda: len(periods(outage_db)) >= after_outage + 2, timeout=30, what="periods after")
    assert_running(scheduler)
    assert "scheduler: database unavailable" in scheduler.log.read_text()
