"""`manage.py import_performance <file>`: load an extracted annual report (idempotent)."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from performance.importer import import_report
from performance.models import ValidationRun
from performance.validation import run_rules


class Command(BaseCommand):
    help = "Load an extracted annual report (e.g. performance/data/report_1400.json); safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--no-validate", action="store_true", help="Do not run the data-quality rules.")

    def handle(self, *args, file, no_validate=False, **options):
        path = Path(file)
        if not path.exists():
            raise CommandError(f"پرونده پیدا نشد: {file}")
        data = json.loads(path.read_text(encoding="utf-8"))
        stats = import_report(data)
        summary = ", ".join(f"{k}={v}" for k, v in sorted(stats.items()))
        self.stdout.write(f"import_performance {data['year']}: {summary}")
        if not no_validate:
            run = run_rules(year=data["year"], trigger=ValidationRun.Trigger.IMPORT)
            self.stdout.write(f"performance_validate {data['year']}: {run.findings} findings")
