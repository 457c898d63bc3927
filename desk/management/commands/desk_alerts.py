"""The desk's daily alerts: due tomorrow, overdue and its escalation, appointment and waiting
reminders, lapsed requests (desk.services.alerts.sweep; safe to run twice, it sends nothing twice)."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from core.calendar import clear_cache
from desk.services import alerts


class Command(BaseCommand):
    help = "Send the desk's daily alerts and escalate overdue requests (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Run as on this day (YYYY-MM-DD); default today.")

    def handle(self, *args, date=None, **options):
        try:
            today = dt.date.fromisoformat(date) if date else None
        except ValueError as exc:
            raise CommandError("--date must be YYYY-MM-DD") from exc
        clear_cache()  # holidays edited in another process count today
        done = alerts.sweep(today=today)
        self.stdout.write("desk alerts: " + ", ".join(f"{k} {v}" for k, v in done.items()))
