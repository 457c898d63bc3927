"""`manage.py import_performance <file>`: load an extracted annual report (idempotent)."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from performance.importer import import_report


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
