"""Send again what was lost: `manage.py notifications_retry` (run it from cron every few minutes)."""

import time

from django.core.management.base import BaseCommand

from notifications import services


class Command(BaseCommand):
    help = "Re-enqueue due notifications whose job was lost and free those stuck in sending."

    def add_arguments(self, parser):
        parser.add_argument(
            "--every",
            type=int,
            default=0,
            metavar="SECONDS",
            help="Keep running, sweeping every SECONDS (default: sweep once and exit).",
        )

    def handle(self, *args, every: int, **options):
        while True:
            result = services.sweep()
            self.stdout.write(f"stuck freed: {result['stuck']}, jobs enqueued: {result['enqueued']}")
            if every <= 0:
                return
            time.sleep(every)
