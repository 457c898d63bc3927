"""Benchmark: the whole 1400 annual report page renders from the database in under 300 ms on
SQLite (the real report: 53 province tables of 31 rows and ~480 HQ rows).

    .venv/bin/python bench/perf_report_sqlite.py [--runs 20]
"""

import sys

from _setup import planner_client, report, sqlite_with_1400_report, timed


def main() -> int:
    runs = sqlite_with_1400_report(__doc__)
    from performance.validation import run_rules

    run_rules(year=1400, trigger="command")
    client = planner_client()
    ok = report("whole 1400 report page (SQLite)", timed(client, "/performance/report/?year=1400", runs), 300)
    ok &= report(
        "data-quality page (SQLite)", timed(client, "/performance/data-quality/?year=1400", runs), 300
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
