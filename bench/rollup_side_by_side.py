"""The month rollup side by side (decisions 0111, 0114): on one database that already holds requests
and their summary (e.g. `bench/desk_report.py`'s file), the year 1404 read from the month margins
(0114), from the full month rows (the read before 0114) and from the day rows only (before 0111),
alternating, in one process.

    .venv/bin/python bench/rollup_side_by_side.py --db sqlite:////tmp/desk_report.sqlite3 [--runs 7]

Prints the median per read: `desk_report` by province, service and office, and the compliance
summary read (which reads the month rows whatever the way: no margin keeps unit × service).
"""

import argparse
import datetime as dt
import statistics
import time

from _setup import django_on

YEAR_1404 = (dt.date(2025, 3, 21), dt.date(2026, 3, 20))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    django_on(args.db)
    from django.db.models import Q

    from reports import compliance, months
    from reports.selectors import desk_report

    start, end = YEAR_1404
    rollup, margin_for = months.split, months.margin_for

    def days_only(start, end):
        return Q(day__gte=start, day__lte=end), None

    reads = {
        "desk_report --by province": lambda: desk_report(start=start, end=end, by="province"),
        "desk_report --by service": lambda: desk_report(start=start, end=end, by="service"),
        "desk_report --by office": lambda: desk_report(start=start, end=end, by="office"),
        "compliance._counts": lambda: compliance._counts(start, end, None),
    }
    found: dict[tuple, list] = {}
    for n in range(args.runs):
        ways = [
            ("margins", rollup, margin_for),
            ("month rows", rollup, lambda *_: None),
            ("day rows only", days_only, margin_for),
        ]
        for label, split, margin in ways if n % 2 else ways[::-1]:
            months.split, months.margin_for = split, margin
            for name, read in reads.items():
                began = time.perf_counter()
                read()
                found.setdefault((name, label), []).append((time.perf_counter() - began) * 1000)
    months.split, months.margin_for = rollup, margin_for
    for (name, label), times in sorted(found.items()):
        print(f"{name}, {label}: median {statistics.median(times):.0f} ms over {len(times)}")


if __name__ == "__main__":
    main()
