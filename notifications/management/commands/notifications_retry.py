"""Send again what was lost: `manage.py notifications_retry` (by `miz_scheduler`, or `--every SECONDS`)."""

from core.management.sweep import OutboxSweepCommand
from notifications import services


class Command(OutboxSweepCommand):
    help = "Re-enqueue due notifications whose job was lost and resolve those stuck in sending."
    sweep = staticmethod(services.sweep)
