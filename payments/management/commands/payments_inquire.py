"""Ask the gateway about payments still open (lost callback, closed tab, verify timed out): settle
the paid ones by verify, close the rest (scheduled in `MIZ_SCHEDULED_JOBS`; `--every` to loop)."""

import datetime as dt

from django.conf import settings

from core.management.sweep import SweepCommand
from payments import services


class Command(SweepCommand):
    help = "Inquire the gateway about open payments and settle the paid ones."

    def sweep_once(self) -> None:
        counts = services.inquire_open(
            older_than=dt.timedelta(minutes=getattr(settings, "PAYMENT_INQUIRY_AFTER_MINUTES", 10)),
            expire_after=dt.timedelta(minutes=getattr(settings, "PAYMENT_EXPIRE_AFTER_MINUTES", 60)),
        )
        summary = "{settled} settled, {closed} closed, {expired} expired, {open} still open"
        self.stdout.write("payments_inquire: " + summary.format(**counts))
