"""`manage.py performance_export --year 1400 --format csv`: every stored value pair, for checking."""

from django.core.management.base import BaseCommand, CommandError

from core.excel import csv_writer
from performance import selectors

HEADER = [
    "area",
    "activity_code",
    "activity_title",
    "breakdown",
    "unit_of_measure",
    "org_unit_code",
    "org_unit_title",
    "plan",
    "actual",
    "percent",
]


class Command(BaseCommand):
    help = "Write one CSV row per stored (plan, actual) pair of a year to stdout; totals excluded."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--format", choices=["csv"], default="csv")
        parser.add_argument(
            "--plan-version", default=None, help="Plan version code (default: the current one)."
        )

    def handle(self, *args, year, plan_version=None, **options):
        version = selectors.plan_version_for(year, plan_version)
        if plan_version and version is None:
            raise CommandError(f"نسخه برنامه {plan_version} برای سال {year} نیست.")
        writer = csv_writer(self.stdout, lineterminator="\n")
        writer.writerow(HEADER)
        for row in selectors.export_rows(year=year, plan_version=version):
            writer.writerow(row)
