"""Housekeeping of django-tasks-db's queue: tasks whose worker died, and old results.

django-tasks-db (0.13.0, the newest release) marks a task RUNNING when a worker claims it and
records the end when the task returns. A worker killed in between (SIGKILL, out of memory, the
machine gone) leaves the row RUNNING for ever and nothing runs it again. The library has no
heartbeat and no timeout, so `requeue_stale()` uses the claim time: a task RUNNING for longer than
`MIZ_TASK_RUNNING_TIMEOUT_SECONDS` goes back to READY (another worker takes it), unless it has
already been claimed `MIZ_TASK_MAX_ATTEMPTS` times (the library appends a worker id per claim),
when it is marked FAILED so that a task that kills its worker cannot loop for ever. Every Miz task
is safe to run again: sends carry an idempotency key (decision 0041), sweeps recompute, a
scheduled run that already succeeded is skipped. The timeout must exceed the longest job.

Each change is a conditional UPDATE on (id, RUNNING, started_at), so two reapers, or a worker
that finishes at the same moment, cannot both win. A periodic run whose task is given up is
marked failed in the ledger too.
"""

import datetime as dt
import logging

from django.conf import settings
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)

ABANDONED = "core.taskqueue.TaskAbandoned"


def requeue_stale(
    *, now: dt.datetime | None = None, timeout: float | None = None, max_attempts: int | None = None
) -> dict:
    """Give RUNNING tasks claimed more than `timeout` seconds ago back to the queue (or up)."""
    from core.models import ScheduledRun

    now = now or timezone.now()
    timeout = settings.MIZ_TASK_RUNNING_TIMEOUT_SECONDS if timeout is None else timeout
    max_attempts = settings.MIZ_TASK_MAX_ATTEMPTS if max_attempts is None else max_attempts
    stale = DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING, started_at__lt=now - dt.timedelta(seconds=timeout)
    )
    done = {"requeued": 0, "failed": 0}
    for result in stale.only("id", "started_at", "worker_ids", "task_path"):
        same_claim = DBTaskResult.objects.filter(
            pk=result.pk, status=TaskResultStatus.RUNNING, started_at=result.started_at
        )
        attempts = len(result.worker_ids or [])
        if attempts >= max_attempts:
            message = (
                f"Gave up: running for more than {timeout:g} s after each of {attempts} claims "
                f"(workers {', '.join(result.worker_ids)}); each worker died or hung."
            )
            if same_claim.update(
                status=TaskResultStatus.FAILED,
                finished_at=now,
                exception_class_path=ABANDONED,
                traceback=message,
            ):
                done["failed"] += 1
                ScheduledRun.objects.filter(task_id=str(result.pk)).exclude(
                    state=ScheduledRun.State.SUCCEEDED
                ).update(state=ScheduledRun.State.FAILED, finished_at=now, error=message)
                logger.warning("task %s (%s) given up: %s", result.pk, result.task_path, message)
        elif same_claim.update(status=TaskResultStatus.READY):
            done["requeued"] += 1
            logger.warning(
                "task %s (%s) was running since %s: back in the queue (claim %s of %s)",
                result.pk,
                result.task_path,
                result.started_at.isoformat(),
                attempts,
                max_attempts,
            )
    return done


def prune_scheduled_runs(*, min_age_days: int, now: dt.datetime | None = None) -> int:
    """Delete the finished ledger rows of periods older than `min_age_days` days, except each
    job's last success (its lateness is measured from it); the number deleted."""
    from core.models import ScheduledRun

    cutoff = (now or timezone.now()) - dt.timedelta(days=min_age_days)
    kept = [
        run.pk
        for name in ScheduledRun.objects.values_list("job", flat=True).distinct()
        if (
            run := ScheduledRun.objects.filter(job=name, state=ScheduledRun.State.SUCCEEDED)
            .order_by("-period_start")
            .first()
        )
    ]
    deleted, _ = (
        ScheduledRun.objects.filter(
            period_start__lt=cutoff, state__in=[ScheduledRun.State.SUCCEEDED, ScheduledRun.State.FAILED]
        )
        .exclude(pk__in=kept)
        .delete()
    )
    return deleted


def enqueue_with_transaction(task, *args, run_after: dt.datetime | None = None) -> None:
    """Enqueue `task(*args)` so that it commits with the current transaction (an outbox's job).

    With the database task backend the job row is written in the same transaction; with any other
    backend the job is enqueued once the transaction commits. A backend that cannot defer jobs
    (immediate) gets no job for a later attempt: the caller's sweeper runs it when it is due.
    """
    from django.db import transaction
    from django_tasks_db.backend import DatabaseBackend

    backend = task.get_backend()
    if run_after is not None:
        if not backend.supports_defer:
            return
        task = task.using(run_after=run_after)
    if isinstance(backend, DatabaseBackend):
        task.enqueue(*args)
    else:
        transaction.on_commit(lambda: task.enqueue(*args))
