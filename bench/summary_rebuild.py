"""How long `desk_summary_rebuild` takes (issue 11: 10,000,000 requests in under 2 minutes on
PostgreSQL; decision 0124).

    .venv/bin/python bench/summary_rebuild.py --db postgres://.../miz_bench [--count 20000] [--seed 1]
        [--runs 1] [--check] [--copy-to 1000000] [--statements] [--empty] [--remeasure] [--serial-parts]

On the database given (its own, a benchmark's: the rebuild rewrites its summary), generates
requests with `desk_generate --count N --seed S` when it holds none (reference data seeded first),
then times `reports.summary.rebuild()` `--runs` times: wall and this process's CPU (on PostgreSQL
the database's work is not in it), split into the day rows recounted from the requests
(`reports.recount`, from what each request keeps of its clock, decision 0145) and the month
rollup and margins recounted from them (`months.roll_up`), with the rows written and the requests
per second. `--remeasure` measures every request's clock from its log first (`reports.measure`:
what a holiday edit does for the days after it), timed on its own. `--check` compares every
summary row after the rebuild with those before it (what the generator or the desk's events
kept): they must be equal. `--copy-to N` (PostgreSQL) then copies the generated requests in SQL
until there are N (`bench/_copies.py`: each copy moved back by whole weeks, its clock measured
again from its log, untimed); the copies have no summary kept, so `--check` then compares the
second run's rows with the first's. `--empty` empties the summary (untimed) before each run, so
that each is a first build; without it a run rebuilds a summary that is there (on PostgreSQL by
difference, decision 0141). `--serial-parts` runs the recount without `recount.PARALLEL_PARTS`
(the planner's own choice of where to split the work), to compare.
Figures and the command are in docs/reports.md.
"""

import argparse
import sys
import time

from _copies import copy_to
from _setup import django_on, seed_and_generate

GOAL_SECONDS_FOR_10M = 120


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--count", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--copy-to", type=int, default=0)
    parser.add_argument("--statements", action="store_true", help="time the recount's steps")
    parser.add_argument("--empty", action="store_true", help="empty the summary before each run (untimed)")
    parser.add_argument("--remeasure", action="store_true", help="measure every clock from the log first")
    parser.add_argument(
        "--serial-parts", action="store_true", help="without recount.PARALLEL_PARTS (to compare)"
    )
    args = parser.parse_args()
    django_on(args.db)
    from django.db import connection

    from desk.models import RequestEvent, ServiceRequest
    from reports import measure, months, recount, summary
    from reports.models import DeskDay, DeskDuration, DeskMonth, DeskMonthDuration
    from reports.tests.conftest import summary_rows

    if args.serial_parts:
        recount.PARALLEL_PARTS = {}
    if not ServiceRequest.objects.exists():
        seconds = seed_and_generate(args.count, args.seed)
        print(f"desk_generate --count {args.count} --seed {args.seed}: {seconds:.0f} s")
    copied = False
    if args.copy_to > ServiceRequest.objects.count():
        start = time.perf_counter()
        copy_to(args.copy_to)
        copied = True
        print(f"copied in SQL: {time.perf_counter() - start:.0f} s")
    requests = ServiceRequest.objects.count()
    print(f"{connection.vendor}: {requests:,} requests, {RequestEvent.objects.count():,} events")
    before = summary_rows() if args.check and not copied else None
    stages: dict[str, float] = {}
    for module, name, stage in (
        (months, "roll_up", "month rollup and margins"),
        (recount, "recount", "recount"),
        (measure, "measure", "measure"),
    ):
        _time(module, name, stages, stage)
    steps: dict[str, float] = {}
    if args.statements:
        _time_steps(steps)
    for run in range(args.runs):
        if args.empty:
            _empty_summary()
        start, cpu = time.perf_counter(), time.process_time()
        measured = summary.rebuild(remeasure=args.remeasure)
        wall, cpu = time.perf_counter() - start, time.process_time() - cpu
        days = wall - stages["month rollup and margins"]
        print(
            f"run {run + 1}: {wall:.1f} s wall ({requests / wall:,.0f} requests/s), {cpu:.1f} s CPU of this "
            f"process; day rows {days:.1f} s (recount "
            f"{stages['recount']:.1f} s), month rollup and margins "
            f"{stages['month rollup and margins']:.1f} s; clocks measured from the log: {measured:,} "
            f"requests, {stages['measure']:.1f} s"
        )
        at_10m = 10_000_000 / requests * wall
        print(f"  10,000,000 at this rate: {at_10m:,.0f} s (goal {GOAL_SECONDS_FOR_10M} s)")
        for step, seconds in sorted(steps.items(), key=lambda kv: -kv[1]):
            print(f"    {step}: {seconds:.1f} s")
        steps.clear()
        if args.check and before is None:
            before = summary_rows()  # the copies': the next run must rebuild the same rows
    print(
        f"rows: {DeskDay.objects.count():,} day, {DeskDuration.objects.count():,} day histogram, "
        f"{DeskMonth.objects.count():,} month, {DeskMonthDuration.objects.count():,} month histogram"
    )
    if before is not None:
        same = summary_rows() == before
        print("check: the rebuilt summary equals the one kept before" if same else "check: DIFFERENT")
        return 0 if same else 1
    return 0


def _empty_summary() -> None:
    """Every summary table emptied as a new deployment has it (no rows, no dead ones)."""
    from django.db import connection

    from reports.models import SUMMARY_MODELS

    tables = [m._meta.db_table for m in SUMMARY_MODELS]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"TRUNCATE {', '.join(tables)}")
        else:
            for table in tables:
                cursor.execute(f"DELETE FROM {table}")  # noqa: S608 - our names


def _time(module, name: str, stages: dict, stage: str) -> None:
    """Have `module.name` (a function the rebuild calls) put its seconds in `stages[stage]`."""
    function = getattr(module, name)

    def timed(*args, **kwargs):
        start = time.perf_counter()
        done = function(*args, **kwargs)
        stages[stage] = time.perf_counter() - start
        return done

    setattr(module, name, timed)


def _time_steps(steps: dict) -> None:
    """Add each of the recount's steps' seconds (its day rows, histogram, reasons) to `steps`."""
    from reports import recount

    for name in ("_days", "_durations", "_reasons"):
        method = getattr(recount.Recount, name)

        def timed(self, method=method, name=name):
            start = time.perf_counter()
            method(self)
            steps[name] = steps.get(name, 0.0) + time.perf_counter() - start

        setattr(recount.Recount, name, timed)


if __name__ == "__main__":
    sys.exit(main())
