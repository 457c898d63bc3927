"""Act on expired review windows: `manage.py counters_deadlines` (hourly by `miz_scheduler`, or
`--every SECONDS`)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.dateparse import parse_datetime

from core import resilience
from counters import services


class Command(BaseCommand):
    help = "Mark uncorrected files late, escalate overdue reviews, lock ranks after the objection window."

    def add_arguments(self, parser):
        parser.add_argument(
            "--every",
            type=int,
            default=0,
            metavar="SECONDS",
            help="Keep running, sweeping every SECONDS; a database outage delays it, never ends it.",
        )
        parser.add_argument("--now", default="", help="Act as if it were this ISO date-time (for checks).")

    def handle(self, *args, every: int, now: str, **options):
        at = None
        if now:
            at = parse_datetime(now)
            if at is None:
                raise CommandError("--now must be an ISO date-time such as 2026-11-23T10:00:00+03:30")

        def sweep_once() -> None:
            done = services.sweep_deadlines(now=at)
            self.stdout.write(
                f"late: {done['late']}, escalated: {done['escalated']}, locked: {done['locked']}"
            )
            self.stdout.flush()

        if every <= 0:
            sweep_once()
            return
        resilience.repeat(sweep_once, every=every, what="counters_deadlines")
