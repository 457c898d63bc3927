"""`manage.py performance_desk_actuals --year 1404 [--month 3]`: recompute the actuals of
activities bound to a desk service from the desk's completed requests. `--recent` (the scheduled
job) does the current Jalali month and the one before it, whose last requests may close late."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from core.jalali import to_jalali
from performance.models import Period
from performance.providers import refresh_actuals
from performance.services import get_or_create_period


def recent_months(today) -> list[tuple[int, int]]:
    """(year, month) of the Jalali month before `today`'s and of `today`'s, oldest first."""
    j = to_jalali(today)
    before = (j.year - 1, 12) if j.month == 1 else (j.year, j.month - 1)
    return [before, (j.year, j.month)]


class Command(BaseCommand):
    help = "Recompute desk-fed actuals (activities with a desk service code) for a year or a month."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int)
        parser.add_argument("--month", type=int)
        parser.add_argument(
            "--recent", action="store_true", help="The current Jalali month and the one before it."
        )

    def handle(self, *args, year=None, month=None, recent=False, **options):
        if recent:
            if year or month:
                raise CommandError("--recent takes no --year or --month")
            for y, m in recent_months(timezone.localdate()):
                self.refresh(get_or_create_period(kind=Period.Kind.MONTH, year=y, number=m))
            return
        if not year:
            raise CommandError("--year is required (or --recent)")
        if month:
            period = get_or_create_period(kind=Period.Kind.MONTH, year=year, number=month)
        else:
            period = get_or_create_period(kind=Period.Kind.YEAR, year=year)
        self.refresh(period)

    def refresh(self, period) -> None:
        count = refresh_actuals(period=period)
        self.stdout.write(f"performance_desk_actuals {period.code}: {count} values")
