"""SMS licence holders 30 and 7 days before their licence expires: `manage.py
counters_licence_reminders` (daily by `miz_scheduler`). Each reminder goes once per licence,
threshold and expiry date, however often the command runs."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from counters.services.licences import send_expiry_reminders


class Command(BaseCommand):
    help = "Queue the SMS reminders of licences that expire in 30 or 7 days."

    def add_arguments(self, parser):
        parser.add_argument("--today", default="", help="Act as if today were this ISO date (for checks).")

    def handle(self, *args, today: str, **options):
        day = None
        if today:
            try:
                day = dt.date.fromisoformat(today)
            except ValueError:
                raise CommandError("--today must be an ISO date such as 2026-11-23") from None
        sent = send_expiry_reminders(today=day)
        self.stdout.write(f"reminders queued: {sent}")
