"""System checks of core: the periodic jobs' table names known commands and valid schedules."""

from django.conf import settings
from django.core import checks
from django.core.management import get_commands


@checks.register()
def check_scheduled_jobs(app_configs=None, **kwargs):
    from core import scheduler

    errors = []
    declared = settings.MIZ_SCHEDULED_JOBS
    for name in settings.MIZ_SCHEDULE_OVERRIDES:
        if name not in declared:
            errors.append(
                checks.Error(
                    f"MIZ_SCHEDULE names {name!r}, which is not a job of MIZ_SCHEDULED_JOBS",
                    hint=f"Jobs: {', '.join(sorted(declared))}",
                    id="core.E101",
                )
            )
    commands = get_commands()
    for job in scheduler.all_jobs().values():
        if not job.command or job.command[0] not in commands:
            errors.append(
                checks.Error(f"job {job.name!r} runs an unknown command {job.command!r}", id="core.E102")
            )
        if job.cron and (problem := scheduler.validate_cron(job.cron)):
            errors.append(
                checks.Error(
                    f"job {job.name!r} has a bad cron expression {job.cron!r}: {problem}", id="core.E103"
                )
            )
    return errors
