"""Benchmark: the whole 1400 annual report page renders from the database in under 300 ms on
SQLite (the real report: 53 province tables of 31 rows and ~480 HQ rows).

    .venv/bin/python bench/perf_report_sqlite.py [--runs 20]
"""

import argparse
import json
import sys
import tempfile
from pathlib import Path

from _setup import django_on, planner_client, report, timed


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    db = Path(tempfile.mkdtemp()) / "bench.sqlite3"
    django_on(f"sqlite:///{db}")
    from performance.demo import REPORT
    from performance.importer import import_report

    import_report(json.loads(REPORT.read_text(encoding="utf-8")))
    from performance.validation import run_rules

    run_rules(year=1400, trigger="command")
    client = planner_client()
    ok = report(
        "whole 1400 report page (SQLite)", timed(client, "/performance/report/?year=1400", args.runs), 300
    )
    ok &= report(
        "data-quality page (SQLite)", timed(client, "/performance/data-quality/?year=1400", args.runs), 300
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
