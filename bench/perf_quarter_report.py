"""Benchmark: a province's quarterly report page (`/performance/dashboard/province/<code>/
?period=1401Q1`, with the same quarter of 1400 beside it) in under 300 ms, median of 20 warm
runs on SQLite. Data: the whole 1400 report, plus monthly actuals of every province activity in
every province for the first quarters of 1400 and 1401 and quarterly plans for 1401Q1.

    .venv/bin/python bench/perf_quarter_report.py [--runs 20]
"""

import random
import sys
from decimal import Decimal

from _setup import planner_client, report, sqlite_with_1400_report, timed


def monthly_data() -> int:
    from orgs.models import OrgUnit
    from performance.models import Activity, Breakdown, DataValue, Measure, Period, PlanVersion
    from performance.services import get_or_create_period

    rng = random.Random(1401)
    provinces = list(OrgUnit.objects.filter(kind=OrgUnit.Kind.PROVINCE))
    activities = list(Activity.objects.filter(scope=Activity.Scope.PROVINCES))
    totals = dict(Breakdown.objects.filter(code=Breakdown.TOTAL).values_list("activity_id", "pk"))
    version = PlanVersion.objects.create(code="1401-v1", title="برنامه ۱۴۰۱", year=1401)
    rows = []

    def value(activity, unit, period, measure, figure, version=None):
        return DataValue(activity=activity, breakdown_id=totals[activity.pk], org_unit=unit, period=period,
                         measure=measure, plan_version=version, value=Decimal(figure))  # fmt: skip

    for year in (1400, 1401):
        for month in (1, 2, 3):
            period = get_or_create_period(kind=Period.Kind.MONTH, year=year, number=month)
            for a in activities:
                for u in provinces:
                    rows.append(value(a, u, period, Measure.ACTUAL, rng.randint(0, 500)))
    quarter = get_or_create_period(kind=Period.Kind.QUARTER, year=1401, number=1)
    for a in activities:
        for u in provinces:
            rows.append(value(a, u, quarter, Measure.PLAN, rng.randint(1, 1500), version))
    DataValue.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def main() -> int:
    runs = sqlite_with_1400_report(__doc__)
    from orgs.models import OrgUnit

    added = monthly_data()
    print(f"{added} monthly and quarterly values added")
    tehran = OrgUnit.objects.get(kind=OrgUnit.Kind.PROVINCE, province__name="تهران")
    client = planner_client()
    url = f"/performance/dashboard/province/{tehran.code}/?period=1401Q1"
    page = client.get(url).content.decode()
    assert "فصل ۱ ۱۴۰۱" in page and "فصل ۱ ۱۴۰۰" in page, "the quarter and its year-earlier twin"
    ok = report("quarterly province report page (SQLite)", timed(client, url, runs), 300)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
