"""`manage.py desk_summary_rebuild [--since 1404/01/01]`: recount the desk's report summary from
the requests (all of it, or every day from a Jalali date on); see `reports.summary`."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from core.jalali import parse_date
from reports import summary


class Command(BaseCommand):
    help = "Rebuild the desk's report summary from the requests themselves."

    def add_arguments(self, parser):
        parser.add_argument("--since", help="recount only the days from this Jalali date on")

    def handle(self, *args, since, **options):
        try:
            day = parse_date(since) if since else None
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        read = summary.rebuild(since=day)
        self.stdout.write(f"desk_summary_rebuild: {read} requests read")
