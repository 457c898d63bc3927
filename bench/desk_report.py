"""Benchmark of the desk's reports (issue 11): generate N synthetic requests, rebuild the summary
from scratch, and time `desk_report` for a Jalali year by every grouping, then the managers' page
and its exports (median of 20 warm runs; wall time, the verdict, and this process's CPU time, which
on SQLite holds the database's work too and is steadier on a shared machine).

    .venv/bin/python bench/desk_report.py [--count 100000] [--db sqlite:////tmp/desk_report.sqlite3]
        [--runs 20] [--reuse] [--keep-summary]

The SQLite file is made anew (or kept with --reuse, when it already holds the requests; with
--keep-summary the summary the generator and the migrations kept is not rebuilt); the reference
data (organisation tree, holidays, the demo catalogue) is seeded first. Figures and the command
are in docs/reports.md.
"""

import argparse
import io
import statistics
import sys
import tempfile
from pathlib import Path

from _setup import django_on, planner_client, seed_and_generate, timed_runs, wall_and_cpu

GOAL_MS = 500


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--db", default="")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--keep-summary", action="store_true")
    args = parser.parse_args()
    url = args.db or f"sqlite:///{Path(tempfile.mkdtemp()) / 'desk_report.sqlite3'}"
    django_on(url)
    from django.core.management import call_command
    from django.db import connection

    from desk.models import RequestEvent, ServiceRequest
    from reports import summary
    from reports.models import DAY_TABLES, MARGIN_TABLES, MONTH_TABLES

    if not (args.reuse and ServiceRequest.objects.exists()):
        # The summary is rebuilt below anyway, unless --keep-summary asks for the generator's own.
        seconds = seed_and_generate(args.count, summary=args.keep_summary)
        print(f"desk_generate --count {args.count}: {seconds:.0f} s")
    print(
        f"{connection.vendor}: {ServiceRequest.objects.count():,} requests, "
        f"{RequestEvent.objects.count():,} events"
    )
    if not args.keep_summary:
        _none, wall, cpu = wall_and_cpu(summary.rebuild)
        print(f"desk_summary_rebuild: {wall / 1000:.1f} s wall, {cpu / 1000:.1f} s CPU of this process")
    for level, rows, tables in (
        ("summary", "day rows", DAY_TABLES),
        ("month rollup", "month rows", MONTH_TABLES),
        ("month margins", "rows", MARGIN_TABLES),
    ):
        counted = (
            f"{tables.counts.objects.count():,} {rows}, {tables.durations.objects.count():,} histogram rows"
        )
        print(f"{level}: {counted}")

    def timed(label: str, run) -> bool:
        """`run` (warmed by the caller) timed `--runs` times: its line, and whether it is within the goal."""
        times, cpus = timed_runs(run, args.runs)
        median = statistics.median(times)
        print(
            f"{label}: median {median:.0f} ms, max {max(times):.0f} ms, "
            f"CPU of this process median {statistics.median(cpus):.0f} ms ({args.runs} runs)"
        )
        return median < GOAL_MS

    ok = True
    for by in ("province", "unit", "service", "channel", "office", "month"):
        options = {"start": "1404/01/01", "end": "1404/12/29", "by": by}

        def report(options=options):
            call_command("desk_report", stdout=io.StringIO(), stderr=io.StringIO(), **options)

        report()  # warm
        ok &= timed(f"desk_report 1404 --by {by}", report)
    # The managers' page and its exports (reports.views) for the whole organisation, as HQ planning.
    client = planner_client()
    year = "period=year&year=1404&place=org"
    for label, url in (
        ("page by province, compared with 1403", f"/reports/?{year}&by=province&compare=previous"),
        ("page by unit", f"/reports/?{year}&by=unit"),
        ("page by service", f"/reports/?{year}&by=service"),
        ("export.xlsx by province", f"/reports/export.xlsx?{year}&by=province"),
        ("export.csv by service", f"/reports/export.csv?{year}&by=service"),
    ):
        assert client.get(url).status_code == 200, url  # warm
        ok &= timed(f"/reports/ {label}", lambda url=url: client.get(url))
    print(f"goal < {GOAL_MS} ms: {'OK' if ok else 'TOO SLOW'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
