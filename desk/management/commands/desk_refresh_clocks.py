"""Recompute the due date of every open request from its event log (after holidays are edited;
run nightly by `miz_scheduler` so the queue's overdue and due-soon filters follow the calendar)."""

from django.core.management.base import BaseCommand

from core.calendar import clear_cache
from desk import workflow
from desk.models import OPEN_STATES, ServiceRequest


class Command(BaseCommand):
    help = "Recompute due dates and paused flags of open requests from their event logs."

    def handle(self, *args, **options):
        clear_cache()
        changed = 0
        for request in ServiceRequest.objects.filter(state__in=OPEN_STATES).iterator(chunk_size=500):
            before = (request.due_date, request.clock_paused)
            workflow.refresh_clock(request)
            changed += before != (request.due_date, request.clock_paused)
        self.stdout.write(f"desk: {changed} due date(s) changed")
