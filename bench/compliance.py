"""Benchmark of the directive-compliance page from real data (issue 11 item 3, D13): N synthetic
requests (`manage.py desk_generate --count N --seed S`) on SQLite, then the page, its Excel
worksheet and its PDF for the whole organisation and the Jalali year 1404, as HQ planning
(Django's test client, median of --runs warm runs; the PDF of --pdf-runs).

    .venv/bin/python bench/compliance.py [--count 20000] [--seed 1]
        [--db sqlite:////tmp/compliance.sqlite3] [--runs 20] [--pdf-runs 5] [--reuse]

The SQLite file is made anew (or kept with --reuse, when it already holds the requests); the
reference data (organisation tree, holidays, the demo catalogue) is seeded first. Figures and
the command are in docs/reports.md.
"""

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from _setup import django_on, planner_client, seed_and_generate

GOAL_MS = 500


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--db", default="")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--pdf-runs", type=int, default=5)
    parser.add_argument("--reuse", action="store_true")
    args = parser.parse_args()
    url = args.db or f"sqlite:///{Path(tempfile.mkdtemp()) / 'compliance.sqlite3'}"
    django_on(url)
    from django.db import connection

    from desk.models import ServiceRequest

    if not (args.reuse and ServiceRequest.objects.exists()):
        seconds = seed_and_generate(args.count, args.seed)
        print(f"desk_generate --count {args.count} --seed {args.seed}: {seconds:.0f} s")
    print(f"{connection.vendor}: {ServiceRequest.objects.count():,} requests")
    client = planner_client()
    year = "period=year&year=1404&place=org"
    ok = True
    for label, path, runs in (
        ("page", f"/reports/compliance/?{year}", args.runs),
        ("page, one province", "/reports/compliance/?period=year&year=1404&place=p:IR-23", args.runs),
        ("worksheet.xlsx", f"/reports/compliance/worksheet.xlsx?{year}", args.runs),
        ("worksheet.pdf", f"/reports/compliance/worksheet.pdf?{year}", args.pdf_runs),
    ):
        assert client.get(path).status_code == 200, path  # warm
        times = []
        for _ in range(runs):
            began = time.perf_counter()
            client.get(path)
            times.append((time.perf_counter() - began) * 1000)
        median = statistics.median(times)
        if label.startswith("page"):
            ok &= median < GOAL_MS
        print(f"/reports/compliance/ {label}: median {median:.0f} ms, max {max(times):.0f} ms ({runs} runs)")
    print(f"page goal < {GOAL_MS} ms: {'OK' if ok else 'TOO SLOW'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
