"""Demo data: the organisation's real 1400 report (seed 004), imported as historical data (R7)."""

import json
from pathlib import Path

from performance.importer import import_report

REPORT = Path(__file__).parent / "data" / "report_1400.json"


def seed(*, stdout, debug: bool) -> None:
    stats = import_report(json.loads(REPORT.read_text(encoding="utf-8")))
    stdout.write(
        f"performance: 1400 report — {stats['values']} values ({stats['values_created']} new), "
        f"{stats['printed_figures']} printed figures"
    )
