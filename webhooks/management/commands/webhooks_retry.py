"""Post again what was lost: `manage.py webhooks_retry` (by `miz_scheduler`, or `--every SECONDS`)."""

from core.management.sweep import OutboxSweepCommand
from webhooks import services


class Command(OutboxSweepCommand):
    help = "Re-enqueue due webhook deliveries whose job was lost and free those stuck in sending."
    sweep = staticmethod(services.sweep)
