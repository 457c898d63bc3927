"""Housekeeping of the task queue: a task left running by a dead worker is run again (or given up
after its attempts), and old results and ledger rows are pruned."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from core import scheduler, taskqueue
from core.models import ScheduledRun
from core.tests.test_scheduler import one_job

pytestmark = pytest.mark.django_db
State = ScheduledRun.State


def claimed_run(settings, *, minutes_ago: float, workers: int = 1):
    """A periodic run whose task a worker claimed `minutes_ago` minutes ago and never finished
    (the state a SIGKILLed worker leaves: django-tasks-db's `claim()` then nothing)."""
    one_job(settings)
    (run,) = scheduler.tick()
    result = DBTaskResult.objects.get(pk=run.task_id)
    for n in range(workers):
        result.claim(f"worker-{n}")
    DBTaskResult.objects.filter(pk=result.pk).update(
        started_at=timezone.now() - dt.timedelta(minutes=minutes_ago)
    )
    ScheduledRun.objects.filter(pk=run.pk).update(state=State.RUNNING, attempts=workers)
    return run, result


@pytest.mark.django_db(transaction=True)
def test_a_task_running_past_the_timeout_goes_back_to_the_queue_and_runs(settings):
    settings.MIZ_TASK_RUNNING_TIMEOUT_SECONDS = 1800
    run, result = claimed_run(settings, minutes_ago=31)
    assert taskqueue.requeue_stale() == {"requeued": 1, "failed": 0}
    result.refresh_from_db()
    assert result.status == "READY"
    assert list(DBTaskResult.objects.ready()) == [result]

    from core.testing import run_due_tasks as run_worker

    run_worker()
    result.refresh_from_db()
    run.refresh_from_db()
    assert result.status == "SUCCESSFUL"
    assert result.worker_ids == ["worker-0", "test-worker"]
    assert run.state == State.SUCCEEDED
    assert run.attempts == 2


def test_a_task_running_within_the_timeout_is_left_alone(settings):
    settings.MIZ_TASK_RUNNING_TIMEOUT_SECONDS = 1800
    _, result = claimed_run(settings, minutes_ago=29)
    assert taskqueue.requeue_stale() == {"requeued": 0, "failed": 0}
    result.refresh_from_db()
    assert result.status == "RUNNING"


def test_a_task_that_lost_its_worker_on_every_attempt_is_given_up(settings):
    settings.MIZ_TASK_MAX_ATTEMPTS = 3
    run, result = claimed_run(settings, minutes_ago=120, workers=3)
    call_command("miz_requeue_stale_tasks", "--timeout", "60")
    result.refresh_from_db()
    run.refresh_from_db()
    assert result.status == "FAILED"
    assert result.exception_class_path == taskqueue.ABANDONED
    assert "worker-0, worker-1, worker-2" in result.traceback
    assert run.state == State.FAILED
    assert "Gave up" in run.error
    assert taskqueue.requeue_stale(timeout=60) == {"requeued": 0, "failed": 0}


def test_a_worker_that_finished_meanwhile_keeps_its_result(settings):
    """The reaper read the row as stale; the worker recorded success before the reaper's update."""
    _, result = claimed_run(settings, minutes_ago=120)
    stale = DBTaskResult.objects.get(pk=result.pk)
    result.set_successful("done")
    same_claim = DBTaskResult.objects.filter(pk=stale.pk, status="RUNNING", started_at=stale.started_at)
    assert same_claim.update(status="READY") == 0  # the reaper's conditional update
    assert taskqueue.requeue_stale(timeout=60) == {"requeued": 0, "failed": 0}
    result.refresh_from_db()
    assert result.status == "SUCCESSFUL"


def test_prune_deletes_old_results_and_runs_but_keeps_each_jobs_last_success(settings):
    one_job(settings)
    now = timezone.now()
    old, older = now - dt.timedelta(days=20), now - dt.timedelta(days=30)
    kept_success = ScheduledRun.objects.create(job="sweep", period_start=old, state=State.SUCCEEDED)
    ScheduledRun.objects.create(job="sweep", period_start=older, state=State.SUCCEEDED)
    ScheduledRun.objects.create(job="sweep", period_start=older + dt.timedelta(hours=1), state=State.FAILED)
    recent = ScheduledRun.objects.create(
        job="other", period_start=now - dt.timedelta(days=1), state=State.SUCCEEDED
    )
    stuck = ScheduledRun.objects.create(job="other", period_start=older, state=State.QUEUED)
    (fresh_run,) = scheduler.tick()
    DBTaskResult.objects.update(status="SUCCESSFUL", finished_at=old)
    call_command("miz_prune_task_results", "--min-age-days", "14")
    assert set(ScheduledRun.objects.values_list("pk", flat=True)) == {
        kept_success.pk,
        recent.pk,
        stuck.pk,
        fresh_run.pk,
    }
    assert DBTaskResult.objects.count() == 0
