"""Benchmark: a synthetic 10 years × 31 provinces × 300 activities on PostgreSQL (186,000 plan
and actual values); every report and dashboard page of one year renders in under 1 s.

    .venv/bin/python bench/perf_synthetic_pg.py [--db postgres://postgres@127.0.0.1:5432/miz_h6] [--runs 5]

The database is emptied of performance data and filled again on each run.
"""

import argparse
import random
import sys
import time

from _setup import django_on, planner_client, report, timed

YEARS = range(1395, 1405)
ACTIVITIES = 300


def ensure_database(url: str) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        if not conn.execute("select 1 from pg_database where datname = %s", [name]).fetchone():
            conn.execute(f'create database "{name}"')


def fill() -> None:
    from django.db import transaction

    from orgs.models import OrgUnit
    from orgs.services import seed_reference_data
    from performance.models import Activity, Area, Breakdown, DataValue, Period, PlanVersion
    from performance.services import get_or_create_period

    seed_reference_data()
    DataValue.objects.all().delete()
    Breakdown.objects.all().delete()
    Activity.objects.all().delete()
    rng = random.Random(1400)
    with transaction.atomic():
        areas = [
            Area.objects.update_or_create(code=f"area{n}", defaults={"title": f"حوزه {n}", "order": n})[0]
            for n in range(8)
        ]
        activities = Activity.objects.bulk_create(
            [
                Activity(code=f"S{n:03d}", title=f"فعالیت ساختگی {n}", area=areas[n % 8], order=n)
                for n in range(ACTIVITIES)
            ]
        )
        totals = Breakdown.objects.bulk_create([Breakdown(activity=a, code="total") for a in activities])
        provinces = list(OrgUnit.objects.filter(kind=OrgUnit.Kind.PROVINCE))
        values = []
        for year in YEARS:
            period = get_or_create_period(kind=Period.Kind.YEAR, year=year)
            version, _ = PlanVersion.objects.get_or_create(
                code=f"{year}-v1", defaults={"title": f"برنامه {year}", "year": year}
            )
            for activity, total in zip(activities, totals, strict=True):
                for unit in provinces:
                    plan = rng.randint(10, 5000)
                    actual = max(0, int(plan * rng.gauss(1.1, 0.3)))
                    common = dict(
                        activity=activity, breakdown=total, org_unit=unit, period=period, source="bench"
                    )
                    values.append(DataValue(**common, measure="plan", plan_version=version, value=plan))
                    values.append(DataValue(**common, measure="actual", value=actual))
        DataValue.objects.bulk_create(values, batch_size=5000)
    print(f"filled {len(values):,} values")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="postgres://postgres@127.0.0.1:5432/miz_h6")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    ensure_database(args.db)
    django_on(args.db)
    start = time.perf_counter()
    fill()
    print(f"fill: {time.perf_counter() - start:.1f} s")
    from performance.validation import run_rules

    start = time.perf_counter()
    run = run_rules(year=1404, trigger="command")
    print(f"data-quality rules on one year: {time.perf_counter() - start:.1f} s, {run.findings} findings")
    client = planner_client()
    ok = True
    for name, url in PAGES:
        ok &= report(f"{name} (PostgreSQL, synthetic)", timed(client, url, args.runs), 1000)
    return 0 if ok else 1


PAGES = [
    ("annual report 1404", "/performance/report/?year=1404"),
    ("data-quality page 1404", "/performance/data-quality/?year=1404"),
    ("dashboard 1404 (heat map 300 × 31, ranking, year over year)", "/performance/dashboard/?year=1404"),
    ("province profile 1404", "/performance/dashboard/province/IR-23/?year=1404"),
]

if __name__ == "__main__":
    sys.exit(main())
