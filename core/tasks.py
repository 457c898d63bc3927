"""Background jobs of core (run by `manage.py miz_worker`): the runner of every periodic job."""

from django_tasks import task

from core import scheduler


@task()
def run_scheduled_job(run_id: int) -> str:
    """Run the job of one `ScheduledRun` (enqueued by the scheduler) and record the outcome on it."""
    return scheduler.execute(run_id)
