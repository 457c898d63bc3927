"""Test-only background job (CI's multi-node stage): a task that takes a while, to kill its worker."""

import time

from django_tasks import task


@task()
def slow_job(seconds: float, label: str) -> str:
    """Sleep `seconds`, then return `label`: long enough to SIGKILL the worker that runs it."""
    time.sleep(seconds)
    return label
