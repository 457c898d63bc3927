"""Demo data: the organisation's real 1400 report (seed 004), imported as historical data (R7)."""

import json
from pathlib import Path

from performance.importer import import_report
from performance.models import ValidationRun
from performance.validation import run_rules

REPORT = Path(__file__).parent / "data" / "report_1400.json"


def seed(*, stdout, debug: bool) -> None:
    data = json.loads(REPORT.read_text(encoding="utf-8"))
    stats = import_report(data)
    run = run_rules(year=data["year"], trigger=ValidationRun.Trigger.IMPORT)
    stdout.write(
        f"performance: 1400 report — {stats['values']} values ({stats['values_created']} new), "
        f"{stats['printed_figures']} printed figures, {run.findings} data-quality findings"
    )
