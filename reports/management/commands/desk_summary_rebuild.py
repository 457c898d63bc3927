"""`manage.py desk_summary_rebuild [--since 1404/01/01] [--remeasure]`: recount the desk's report
summary from the requests (all of it, or every day from a Jalali date on), from what each keeps of
its clock; with `--remeasure`, every request's clock measured again from its log first; see
`reports.summary`."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from core.jalali import parse_date
from reports import summary


class Command(BaseCommand):
    help = "Rebuild the desk's report summary from the requests themselves."

    def add_arguments(self, parser):
        parser.add_argument("--since", help="recount only the days from this Jalali date on")
        parser.add_argument(
            "--remeasure",
            action="store_true",
            help="measure every request's clock again from its log first (a repair; slower)",
        )

    def handle(self, *args, since, remeasure, **options):
        try:
            day = parse_date(since) if since else None
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        measured = summary.rebuild(since=day, remeasure=remeasure)
        self.stdout.write(f"desk_summary_rebuild: {measured} requests measured from their logs")
