"""`manage.py performance_desk_actuals --year 1404 [--month 3]`: recompute the actuals of
activities bound to a desk service from the desk's completed requests."""

from django.core.management.base import BaseCommand

from performance.models import Period
from performance.providers import refresh_actuals
from performance.services import get_or_create_period


class Command(BaseCommand):
    help = "Recompute desk-fed actuals (activities with a desk service code) for a year or a month."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--month", type=int)

    def handle(self, *args, year, month=None, **options):
        if month:
            period = get_or_create_period(kind=Period.Kind.MONTH, year=year, number=month)
        else:
            period = get_or_create_period(kind=Period.Kind.YEAR, year=year)
        count = refresh_actuals(period=period)
        self.stdout.write(f"performance_desk_actuals {period.code}: {count} values")
