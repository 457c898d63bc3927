"""Send again what was lost: `manage.py notifications_retry` (by `miz_scheduler`, or `--every SECONDS`)."""

from django.core.management.base import BaseCommand

from core import resilience
from notifications import services


class Command(BaseCommand):
    help = "Re-enqueue due notifications whose job was lost and resolve those stuck in sending."

    def add_arguments(self, parser):
        parser.add_argument(
            "--every",
            type=int,
            default=0,
            metavar="SECONDS",
            help="Keep running, sweeping every SECONDS; a database outage delays it, never ends it "
            "(default: sweep once and exit).",
        )

    def handle(self, *args, every: int, **options):
        if every <= 0:
            self.sweep_once()
            return
        resilience.repeat(self.sweep_once, every=every, what="notifications_retry")

    def sweep_once(self) -> None:
        result = services.sweep()
        self.stdout.write(f"stuck freed: {result['stuck']}, jobs enqueued: {result['enqueued']}")
        self.stdout.flush()
