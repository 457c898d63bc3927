"""Act on expired review windows: `manage.py counters_deadlines` (hourly by `miz_scheduler`, or
`--every SECONDS`)."""

from django.core.management.base import CommandError
from django.utils.dateparse import parse_datetime

from core.management.sweep import SweepCommand
from counters import services


class Command(SweepCommand):
    help = "Mark uncorrected files late, escalate overdue reviews, lock ranks after the objection window."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--now", default="", help="Act as if it were this ISO date-time (for checks).")

    def handle(self, *args, now: str, **options):
        self.at = None
        if now:
            self.at = parse_datetime(now)
            if self.at is None:
                raise CommandError("--now must be an ISO date-time such as 2026-11-23T10:00:00+03:30")
        super().handle(*args, **options)

    def sweep_once(self) -> None:
        done = services.sweep_deadlines(now=self.at)
        self.stdout.write(f"late: {done['late']}, escalated: {done['escalated']}, locked: {done['locked']}")
        self.stdout.flush()
