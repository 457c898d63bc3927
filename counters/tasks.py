"""Background jobs of the counters app (run by `manage.py miz_worker`)."""

from django_tasks import task

from counters import services


@task()
def sweep_deadlines() -> dict:
    """Act on every expired review, correction and objection window."""
    return services.sweep_deadlines()
