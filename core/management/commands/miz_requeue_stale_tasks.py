"""`manage.py miz_requeue_stale_tasks`: tasks left "running" by a dead worker go back to the queue."""

from django.core.management.base import BaseCommand

from core import taskqueue


class Command(BaseCommand):
    help = (
        "Put tasks RUNNING longer than MIZ_TASK_RUNNING_TIMEOUT_SECONDS back in the queue; after "
        "MIZ_TASK_MAX_ATTEMPTS claims, mark them failed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--timeout", type=float, default=None, metavar="SECONDS")
        parser.add_argument("--max-attempts", type=int, default=None)

    def handle(self, *args, timeout, max_attempts, **options):
        done = taskqueue.requeue_stale(timeout=timeout, max_attempts=max_attempts)
        self.stdout.write(f"requeued: {done['requeued']}, given up: {done['failed']}")
