"""`manage.py miz_scheduler`: enqueue every periodic job once per period (core.scheduler).

Long-running; two or more may run at once (on several machines, for redundancy): the ledger's
unique constraint lets one of them claim each period. A database outage delays it, never ends it
(core.resilience). The jobs themselves run on the task workers (`manage.py miz_worker`).
"""

import os
import socket

from django.conf import settings
from django.core.management.base import BaseCommand

from core import resilience, scheduler


class Command(BaseCommand):
    help = "Enqueue each job of MIZ_SCHEDULED_JOBS once per period of its cron expression."

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval",
            type=float,
            default=None,
            metavar="SECONDS",
            help="Look at the clock every SECONDS (default MIZ_SCHEDULER_INTERVAL_SECONDS).",
        )
        parser.add_argument("--once", action="store_true", help="Claim the due periods once and exit.")

    def handle(self, *args, interval: float | None, once: bool, **options):
        interval = settings.MIZ_SCHEDULER_INTERVAL_SECONDS if interval is None else interval
        me = f"{socket.gethostname()}:{os.getpid()}"
        for job in scheduler.all_jobs().values():
            self.stdout.write(f"{job.name}: {job.cron or 'off'} → {' '.join(job.command)}")
        self.stdout.flush()

        def step() -> None:
            scheduler.tick(scheduler_id=me)  # logs each period it claims

        if once:
            step()
            return
        try:
            resilience.repeat(step, every=interval, what="scheduler")
        except KeyboardInterrupt:
            pass
