"""Periodic jobs: one run per period however many schedulers tick, the run recorded on its ledger
row, late jobs in /healthz and in the admin, and periods computed from cron expressions."""

import datetime as dt
import functools
import threading
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from core import scheduler
from core.models import ScheduledRun
from core.testing import at_once, shared_by_threads
from core.testing import run_due_tasks as run_worker

TEHRAN = ZoneInfo("Asia/Tehran")
State = ScheduledRun.State

# 10:07:30 Tehran time on 1405/09/11.
NOW = dt.datetime(2026, 12, 2, 10, 7, 30, tzinfo=TEHRAN)


def one_job(settings, *, cron="*/5 * * * *", command=("desk_refresh_clocks",), grace=60, **more):
    """Replace the schedule by one job `sweep` (more jobs as name=cron)."""
    jobs = {"sweep": {"title": "جارو", "command": list(command), "cron": cron, "grace_seconds": grace}}
    for name, expr in more.items():
        jobs[name] = {"title": name, "command": ["desk_refresh_clocks"], "cron": expr, "grace_seconds": grace}
    settings.MIZ_SCHEDULED_JOBS = jobs
    settings.MIZ_SCHEDULE_OVERRIDES = {}


def succeed(job, start, **fields):
    return ScheduledRun.objects.create(
        job=job, period_start=start, state=State.SUCCEEDED, finished_at=start, **fields
    )


# --- periods ----------------------------------------------------------------------------------


def test_period_of_a_five_minute_schedule():
    assert scheduler.period_start("*/5 * * * *", NOW) == NOW.replace(minute=5, second=0)
    assert scheduler.next_run("*/5 * * * *", NOW) == NOW.replace(minute=10, second=0)


def test_a_time_on_a_match_starts_its_own_period():
    on_the_hour = NOW.replace(minute=0, second=0)
    assert scheduler.period_start("0 * * * *", on_the_hour) == on_the_hour
    assert scheduler.next_run("0 * * * *", on_the_hour) == on_the_hour + dt.timedelta(hours=1)


def test_daily_schedules_are_read_in_tehran_time():
    # 00:30 Tehran is 21:00 UTC of the day before.
    start = scheduler.period_start("30 0 * * *", NOW)
    assert start == dt.datetime(2026, 12, 2, 0, 30, tzinfo=TEHRAN)
    assert start.astimezone(dt.UTC) == dt.datetime(2026, 12, 1, 21, 0, tzinfo=dt.UTC)


EXPRESSIONS = [
    "*/5 * * * *",
    "0 * * * *",
    "30 0 * * *",
    "0 3 * * *",
    "15 2 * * 6",
    "0 4 1 * *",
    "*/7 * * * * *",
]


@hypothesis_settings(max_examples=300, deadline=None)
@given(
    cron=st.sampled_from(EXPRESSIONS),
    now=st.datetimes(
        min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2100, 1, 1), timezones=st.just(dt.UTC)
    ),
    offset=st.integers(min_value=0, max_value=10**14),
)
def test_period_contains_now_and_is_the_same_throughout(cron, now, offset):
    start = scheduler.period_start(cron, now)
    following = scheduler.next_run(cron, now)
    assert start <= now < following
    # Any moment of the period (its start included) is in the same period, with the same next run.
    inside = start + dt.timedelta(microseconds=offset % ((following - start) // dt.timedelta(microseconds=1)))
    assert scheduler.period_start(cron, inside) == start
    assert scheduler.next_run(cron, inside) == following
    assert scheduler.period_start(cron, following) == following


# --- claiming periods -------------------------------------------------------------------------


@pytest.mark.django_db
def test_tick_claims_the_current_period_of_each_job_once(settings):
    one_job(settings, hourly="0 * * * *")
    first = scheduler.tick(now=NOW, scheduler_id="a")
    assert {(run.job, timezone.localtime(run.period_start)) for run in first} == {
        ("sweep", NOW.replace(minute=5, second=0)),
        ("hourly", NOW.replace(minute=0, second=0)),
    }
    # The same scheduler a second later, and another scheduler, find the periods claimed.
    assert scheduler.tick(now=NOW + dt.timedelta(seconds=1), scheduler_id="a") == []
    assert scheduler.tick(now=NOW + dt.timedelta(seconds=2), scheduler_id="b") == []
    assert ScheduledRun.objects.count() == 2
    assert DBTaskResult.objects.count() == 2
    # The next five-minute period is claimed; the hour is still the same.
    later = scheduler.tick(now=NOW + dt.timedelta(minutes=3), scheduler_id="b")
    assert [(run.job, run.scheduler) for run in later] == [("sweep", "b")]


@pytest.mark.django_db
def test_a_second_claim_of_a_period_enqueues_nothing(settings):
    """Scheduler B read "not claimed" just before A inserted: its insert meets the unique
    constraint, and the task it would have enqueued in the same transaction is not written."""
    one_job(settings)
    job = scheduler.all_jobs()["sweep"]
    start = scheduler.period_start(job.cron, NOW)
    assert scheduler.claim(job, start, scheduler_id="a") is not None
    assert scheduler.claim(job, start, scheduler_id="b") is None
    assert ScheduledRun.objects.get().scheduler == "a"
    assert DBTaskResult.objects.count() == 1
    assert DBTaskResult.objects.get().args_kwargs["args"] == [ScheduledRun.objects.get().pk]


@pytest.mark.django_db(transaction=True)
def test_two_schedulers_ticking_at_once_claim_each_period_once(settings, tmp_path):
    """Two threads, two database connections, released together, eight rounds."""
    one_job(settings, every_minute="* * * * *")
    rounds = 8
    barrier = threading.Barrier(2)
    claimed: dict[str, list] = {"a": [], "b": []}

    def scheduler_thread(name):
        try:
            for n in range(rounds):
                barrier.wait(timeout=30)
                claimed[name] += scheduler.tick(now=NOW + dt.timedelta(minutes=5 * n), scheduler_id=name)
        except Exception:
            barrier.abort()
            raise

    with shared_by_threads(tmp_path):
        at_once(*(functools.partial(scheduler_thread, name) for name in claimed))
        assert len(claimed["a"]) + len(claimed["b"]) == 2 * rounds
        assert ScheduledRun.objects.count() == 2 * rounds
        assert DBTaskResult.objects.count() == 2 * rounds


# --- running a period's job -------------------------------------------------------------------


def run_claimed(settings, **job):
    one_job(settings, **job)
    (run,) = scheduler.tick(now=NOW)
    return run


@pytest.mark.django_db
def test_the_task_records_the_commands_output_on_the_run(settings):
    run = run_claimed(settings)
    assert scheduler.execute(run.pk) == "desk: 0 due date(s) changed"
    run.refresh_from_db()
    assert run.state == State.SUCCEEDED
    assert run.attempts == 1
    assert run.started_at and run.finished_at
    assert run.output == "desk: 0 due date(s) changed\n"
    # Delivered twice: the second delivery does nothing.
    assert scheduler.execute(run.pk) == "already done"
    run.refresh_from_db()
    assert run.attempts == 1


@pytest.mark.django_db
def test_a_failing_job_records_its_error_and_fails_its_task(settings):
    run = run_claimed(settings, command=("performance_desk_actuals",))  # no --year: refused
    with pytest.raises(Exception, match="--year is required"):
        scheduler.execute(run.pk)
    run.refresh_from_db()
    assert run.state == State.FAILED
    assert "--year is required" in run.error
    assert run.finished_at is not None
    # A failed run is tried again when its task is delivered again (after the reaper's requeue).
    with pytest.raises(Exception, match="--year is required"):
        scheduler.execute(run.pk)
    run.refresh_from_db()
    assert run.attempts == 2


@pytest.mark.django_db
def test_a_run_of_a_job_no_longer_declared_fails_with_its_name(settings):
    run = run_claimed(settings)
    settings.MIZ_SCHEDULED_JOBS = {}
    with pytest.raises(LookupError):
        scheduler.execute(run.pk)
    run.refresh_from_db()
    assert run.state == State.FAILED
    assert "'sweep' is no longer declared" in run.error


@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_the_enqueued_job(settings):
    run = run_claimed(settings)
    run_worker()
    run.refresh_from_db()
    assert run.state == State.SUCCEEDED
    assert DBTaskResult.objects.get(pk=run.task_id).status == "SUCCESSFUL"


# --- lateness, /healthz and the admin ---------------------------------------------------------


@pytest.mark.django_db
def test_a_job_is_late_once_its_period_and_grace_pass_without_a_success(settings):
    one_job(settings, cron="0 * * * *", grace=600)
    ten = NOW.replace(minute=0, second=0)
    assert scheduler.late_jobs(now=NOW) == ["sweep"]  # never ran
    succeed("sweep", ten - dt.timedelta(hours=1))
    # 10:07: the 10:00 run is within its grace; the 09:00 success still counts.
    assert scheduler.late_jobs(now=ten + dt.timedelta(minutes=9)) == []
    # 10:10 and later: the 10:00 period is due and has not succeeded.
    assert scheduler.late_jobs(now=ten + dt.timedelta(minutes=10)) == ["sweep"]
    ScheduledRun.objects.create(job="sweep", period_start=ten, state=State.FAILED)
    assert scheduler.late_jobs(now=ten + dt.timedelta(minutes=30)) == ["sweep"]
    succeed("sweep", ten + dt.timedelta(hours=5))  # a later period counts for an earlier one
    assert scheduler.late_jobs(now=ten + dt.timedelta(minutes=30)) == []


@pytest.mark.django_db
def test_a_switched_off_job_is_never_late_nor_scheduled(settings):
    one_job(settings, cron="0 * * * *")
    settings.MIZ_SCHEDULE_OVERRIDES = {"sweep": ""}
    assert scheduler.late_jobs(now=NOW) == []
    assert scheduler.tick(now=NOW) == []


@pytest.mark.django_db
def test_healthz_lists_late_jobs_and_stays_200(client, settings):
    one_job(settings, cron="*/5 * * * *", grace=60, nightly="30 0 * * *")
    now = timezone.now()
    succeed("nightly", scheduler.period_start("30 0 * * *", now))
    succeed("sweep", scheduler.period_start("*/5 * * * *", now) - dt.timedelta(minutes=15))
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": True,
        "jobs": {"status": "late", "late": ["sweep"]},
    }
    succeed("sweep", scheduler.period_start("*/5 * * * *", now))
    assert client.get("/healthz").json()["jobs"] == {"status": "ok", "late": []}


@pytest.mark.django_db
def test_the_admin_shows_each_jobs_last_success_failure_and_next_run(admin_client, settings):
    one_job(settings, cron="0 * * * *", grace=600, nightly="30 0 * * *")
    settings.MIZ_SCHEDULE_OVERRIDES = {"nightly": ""}
    now = timezone.now()
    start = scheduler.period_start("0 * * * *", now)
    succeed("sweep", start - dt.timedelta(hours=2))
    ScheduledRun.objects.create(
        job="sweep",
        period_start=start - dt.timedelta(hours=1),
        state=State.FAILED,
        finished_at=start - dt.timedelta(minutes=50),
        error="Traceback …\nConnectionError: gateway down",
    )
    response = admin_client.get(reverse("admin:core_scheduledrun_changelist"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "وضعیت کارهای زمان‌بندی‌شده" in html
    from core.jalali import format_datetime

    row = html[html.index('data-job="sweep"') :]
    row = row[: row.index("</tr>")]
    assert format_datetime(start - dt.timedelta(hours=2)) in row  # last success
    assert "ConnectionError: gateway down" in row  # last failure
    assert format_datetime(scheduler.next_run("0 * * * *", now)) in row
    assert "عقب افتاده" in row
    nightly = html[html.index('data-job="nightly"') :]
    assert "خاموش" in nightly[: nightly.index("</tr>")]
    # The ledger is read-only.
    assert admin_client.get(reverse("admin:core_scheduledrun_add")).status_code == 403


# --- the schedule's system check --------------------------------------------------------------


def test_the_check_refuses_unknown_jobs_commands_and_bad_expressions(settings):
    from core.checks import check_scheduled_jobs

    one_job(settings, command=("no_such_command",), cron="61 * * * *")
    settings.MIZ_SCHEDULE_OVERRIDES = {"ghost": "* * * * *"}
    assert sorted(error.id for error in check_scheduled_jobs()) == ["core.E101", "core.E102", "core.E103"]


def test_the_shipped_schedule_passes_the_check():
    from core.checks import check_scheduled_jobs

    assert check_scheduled_jobs() == []


@pytest.mark.django_db
def test_miz_scheduler_once_claims_every_shipped_job(capsys):
    call_command("miz_scheduler", "--once")
    from django.conf import settings

    assert set(ScheduledRun.objects.values_list("job", flat=True)) == set(settings.MIZ_SCHEDULED_JOBS)
