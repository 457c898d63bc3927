"""`manage.py performance_validate --year 1400 --format csv`: run the data-quality rules and
write one row per violation."""

from django.core.management.base import BaseCommand

from core.excel import csv_writer
from performance.models import ValidationResult, ValidationRun
from performance.selectors import fmt_number
from performance.validation import run_rules

HEADER = [
    "rule",
    "rule_name",
    "importance",
    "activity_code",
    "activity_title",
    "breakdown",
    "org_unit_code",
    "org_unit_title",
    "period",
    "left",
    "left_value",
    "right",
    "right_value",
    "line",
]


class Command(BaseCommand):
    help = "Run the data-quality rules on a year and write the violations as CSV to stdout."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--format", choices=["csv"], default="csv")

    def handle(self, *args, year, **options):
        run = run_rules(year=year, trigger=ValidationRun.Trigger.COMMAND)
        writer = csv_writer(self.stdout, lineterminator="\n")
        writer.writerow(HEADER)
        results = ValidationResult.objects.filter(run=run).select_related(
            "rule", "activity", "breakdown", "org_unit__province"
        )
        for r in results:
            unit = r.org_unit
            writer.writerow(
                [
                    r.rule.code,
                    r.rule.name,
                    r.rule.importance,
                    r.activity.code if r.activity else "",
                    r.activity.title if r.activity else "",
                    r.breakdown.title if r.breakdown else "",
                    unit.code if unit else r.level,
                    (unit.province.name if unit.province_id else unit.name) if unit else "جمع استان‌ها",
                    year,
                    r.left_label,
                    fmt_number(r.left_value),
                    r.right_label,
                    fmt_number(r.right_value),
                    r.line or "",
                ]
            )
