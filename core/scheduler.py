"""Periodic jobs: which period is due, who claims it, and which job is late.

The jobs are declared once, in `settings.MIZ_SCHEDULED_JOBS` (name → title, management command,
cron expression, grace, queue), with `MIZ_SCHEDULE_OVERRIDES` changing or switching off a
schedule. Cron expressions are evaluated by `cronsim` (Debian cron's semantics, the library
Healthchecks uses for the same question) in local (Tehran) time.

A job's *period* starts at each time its cron expression matches and lasts until the next match.
`tick()` (run every few seconds by `manage.py miz_scheduler`) makes sure the current period of
every job has a `ScheduledRun` row: it inserts the row and enqueues the django-tasks task that
runs the job in one transaction (django-tasks-db writes the task in the same database), and the
unique constraint on (job, period_start) makes a second scheduler's insert fail, so a period is
enqueued once however many schedulers run. Only the current period is claimed: a scheduler that
was down for three periods runs the job once when it comes back, not three times (the jobs are
sweeps; the next run does the work of the missed ones).

`execute()` is the task's body: it records the start on the row, runs the command, and records
the output, or the error, and the end. A run that already succeeded is not run again (a task
delivered twice). `late_jobs()` feeds /healthz: a job is late when no run of the period that
started `grace_seconds` ago (or a later one) has succeeded.
"""

import datetime as dt
import io
import logging
import traceback
from dataclasses import dataclass

from cronsim import CronSim, CronSimError
from django.conf import settings
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone

logger = logging.getLogger(__name__)

# Output and error text kept on a run (the end of it: that is where a traceback says what broke).
TEXT_LIMIT = 10_000


@dataclass(frozen=True)
class Job:
    name: str
    title: str
    command: tuple[str, ...]
    cron: str
    grace: dt.timedelta
    queue: str = "default"


def _job(name: str, spec: dict, cron: str) -> Job:
    return Job(
        name=name,
        title=spec.get("title", name),
        command=tuple(spec["command"]),
        cron=cron,
        grace=dt.timedelta(seconds=spec.get("grace_seconds", 600)),
        queue=spec.get("queue", "default"),
    )


def all_jobs() -> dict[str, Job]:
    """Every declared job, with its schedule after the overrides ("" = switched off)."""
    overrides = settings.MIZ_SCHEDULE_OVERRIDES
    return {
        name: _job(name, spec, overrides.get(name, spec["cron"]) or "")
        for name, spec in settings.MIZ_SCHEDULED_JOBS.items()
    }


def active_jobs() -> list[Job]:
    """The jobs that have a schedule."""
    return [job for job in all_jobs().values() if job.cron]


def _local(moment: dt.datetime) -> dt.datetime:
    return timezone.localtime(moment) if timezone.is_aware(moment) else timezone.make_aware(moment)


def period_start(cron: str, now: dt.datetime) -> dt.datetime:
    """The last time at or before `now` that `cron` matches (aware, local time)."""
    # cronsim drops microseconds and, going backwards, treats a time that had some as a match
    # candidate itself; microsecond=1 makes "at or before now" hold for a `now` on a match too.
    return next(CronSim(cron, _local(now).replace(microsecond=1), reverse=True))


def next_run(cron: str, now: dt.datetime) -> dt.datetime:
    """The first time after `now` that `cron` matches (aware, local time)."""
    return next(CronSim(cron, _local(now)))


def validate_cron(cron: str) -> str | None:
    """None when `cron` is a usable expression, else why not."""
    try:
        period_start(cron, timezone.now())
    except (CronSimError, StopIteration, ValueError) as exc:
        return str(exc) or "no matching time"
    return None


# --- the scheduler's side ---------------------------------------------------------------------


def tick(*, now: dt.datetime | None = None, scheduler_id: str = "") -> list:
    """Claim and enqueue the current period of every job that has none yet; the new runs."""
    from core.models import ScheduledRun

    now = now or timezone.now()
    due = {job.name: (job, period_start(job.cron, now).astimezone(dt.UTC)) for job in active_jobs()}
    if not due:
        return []
    claimed = set(
        ScheduledRun.objects.filter(
            job__in=due, period_start__in={start for _, start in due.values()}
        ).values_list("job", "period_start")
    )
    created = []
    for name, (job, start) in due.items():
        if (name, start) in claimed:
            continue
        run = claim(job, start, scheduler_id=scheduler_id)
        if run is not None:
            created.append(run)
    return created


def claim(job: Job, start: dt.datetime, *, scheduler_id: str = ""):
    """Insert the run of `job` for the period starting at `start` and enqueue its task, together;
    None when that period was claimed already (by another scheduler)."""
    from core.models import ScheduledRun
    from core.tasks import run_scheduled_job

    try:
        with transaction.atomic():
            run = ScheduledRun.objects.create(job=job.name, period_start=start, scheduler=scheduler_id)
            result = run_scheduled_job.using(queue_name=job.queue).enqueue(run.pk)
            run.task_id = str(result.id)
            run.save(update_fields=["task_id"])
    except IntegrityError:
        return None
    logger.info("scheduled %s for the period from %s", job.name, _local(start).isoformat())
    return run


# --- the worker's side ------------------------------------------------------------------------


def execute(run_id: int) -> str:
    """Run the job of one ScheduledRun and record how it went; re-raises the job's error."""
    from core.models import ScheduledRun

    State = ScheduledRun.State
    started = (
        ScheduledRun.objects.filter(pk=run_id)
        .exclude(state=State.SUCCEEDED)
        .update(state=State.RUNNING, started_at=timezone.now(), finished_at=None, attempts=F("attempts") + 1)
    )
    if not started:
        return "already done"
    run = ScheduledRun.objects.get(pk=run_id)
    output = io.StringIO()
    try:
        job = all_jobs().get(run.job)
        if job is None:
            raise LookupError(f"job {run.job!r} is no longer declared in MIZ_SCHEDULED_JOBS")
        call_command(*job.command, stdout=output, stderr=output)
    except Exception as exc:
        ScheduledRun.objects.filter(pk=run_id).update(
            state=State.FAILED,
            finished_at=timezone.now(),
            output=output.getvalue()[-TEXT_LIMIT:],
            error="".join(traceback.format_exception(exc))[-TEXT_LIMIT:],
        )
        raise
    text = output.getvalue()
    ScheduledRun.objects.filter(pk=run_id).update(
        state=State.SUCCEEDED, finished_at=timezone.now(), output=text[-TEXT_LIMIT:], error=""
    )
    return text.strip()[-1000:]


# --- what operators see -----------------------------------------------------------------------


@dataclass(frozen=True)
class JobStatus:
    job: Job
    last_success: object  # ScheduledRun | None
    last_failure: object  # ScheduledRun | None
    next_run: dt.datetime | None
    late: bool


def _is_late(job: Job, last_success_start: dt.datetime | None, now: dt.datetime) -> bool:
    expected = period_start(job.cron, now - job.grace)
    return last_success_start is None or last_success_start < expected


def _last_successes(jobs: list[Job]) -> dict[str, dt.datetime]:
    """Job name → period start of its last successful run (one query)."""
    from core.models import ScheduledRun

    return dict(
        ScheduledRun.objects.filter(job__in=[job.name for job in jobs], state=ScheduledRun.State.SUCCEEDED)
        .values("job")
        .annotate(last=Max("period_start"))
        .values_list("job", "last")
    )


def late_jobs(*, now: dt.datetime | None = None) -> list[str]:
    """Names of the scheduled jobs whose due period has no successful run (one query)."""
    now = now or timezone.now()
    jobs = active_jobs()
    last = _last_successes(jobs)
    return [job.name for job in jobs if _is_late(job, last.get(job.name), now)]


@dataclass(frozen=True)
class Lateness:
    job: Job
    late: bool
    lag_seconds: float  # since the first period with no successful run began; 0 when on time
    last_success: dt.datetime | None  # period start of the last successful run


def lateness(*, now: dt.datetime | None = None) -> list[Lateness]:
    """Every scheduled job with how late it is (for the metrics; one query)."""
    now = now or timezone.now()
    jobs = active_jobs()
    last = _last_successes(jobs)
    found = []
    for job in jobs:
        success = last.get(job.name)
        late = _is_late(job, success, now)
        lag = 0.0
        if late:
            # The first period after the last success (or, never run, the period now due).
            missed = next_run(job.cron, success) if success else period_start(job.cron, now - job.grace)
            lag = max((now - missed).total_seconds(), 0.0)
        found.append(Lateness(job=job, late=late, lag_seconds=lag, last_success=success))
    return found


def job_statuses(*, now: dt.datetime | None = None) -> list[JobStatus]:
    """Every declared job with its last success, last failure, next run and lateness."""
    from core.models import ScheduledRun

    now = now or timezone.now()
    statuses = []
    for job in all_jobs().values():
        runs = ScheduledRun.objects.filter(job=job.name).order_by("-period_start")
        success = runs.filter(state=ScheduledRun.State.SUCCEEDED).first()
        failure = runs.filter(state=ScheduledRun.State.FAILED).first()
        statuses.append(
            JobStatus(
                job=job,
                last_success=success,
                last_failure=failure,
                next_run=next_run(job.cron, now) if job.cron else None,
                late=bool(job.cron) and _is_late(job, success and success.period_start, now),
            )
        )
    return statuses
