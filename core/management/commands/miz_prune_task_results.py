"""`manage.py miz_prune_task_results`: delete old finished task results and scheduled-run rows."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from core import taskqueue


class Command(BaseCommand):
    help = (
        "Delete finished task results (django-tasks-db's prune_db_task_results, every queue) and "
        "periodic-run rows older than MIZ_TASK_RESULTS_MAX_AGE_DAYS days."
    )

    def add_arguments(self, parser):
        parser.add_argument("--min-age-days", type=int, default=None)

    def handle(self, *args, min_age_days, **options):
        days = settings.MIZ_TASK_RESULTS_MAX_AGE_DAYS if min_age_days is None else min_age_days
        call_command(
            "prune_db_task_results",
            "--queue-name=*",
            f"--min-age-days={days}",
            stdout=self.stdout,
            stderr=self.stderr,
            verbosity=options.get("verbosity", 1),
        )
        runs = taskqueue.prune_scheduled_runs(min_age_days=days)
        self.stdout.write(f"scheduled runs deleted: {runs}")
