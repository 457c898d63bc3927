"""Post again what was lost: `manage.py webhooks_retry` (by `miz_scheduler`, or `--every SECONDS`)."""

from core.management.sweep import SweepCommand
from webhooks import services


class Command(SweepCommand):
    help = "Re-enqueue due webhook deliveries whose job was lost and free those stuck in sending."

    def sweep_once(self) -> None:
        result = services.sweep()
        self.stdout.write(f"stuck freed: {result['stuck']}, jobs enqueued: {result['enqueued']}")
        self.stdout.flush()
