"""Months and quarters roll up into their year (as DHIS2 aggregates periods): values entered or
computed by month reach the annual report, the export and the rules; a value stored for the
year itself is the year's figure."""

from decimal import Decimal

import pytest
from django.core.management import call_command

from performance import selectors
from performance.models import Measure, Period
from performance.report import build_report
from performance.services import get_or_create_period, set_value
from performance.tests import factories as f

pytestmark = pytest.mark.django_db


def month(n, year=1403):
    return get_or_create_period(kind=Period.Kind.MONTH, year=year, number=n)


def test_months_roll_up_into_the_year_by_the_activity_aggregation(capsys):
    tehran, yazd = f.province("تهران"), f.province("یزد")
    version = f.plan_version(1403, "1403-v1")
    counted = f.activity(code="M1", title="پروانه صادره (ماهانه)")
    averaged = f.activity(code="M2", title="میانگین زمان پاسخ", aggregation="average")
    f.year(1403)
    set_value(activity=counted, org_unit=tehran, period=f.year(1403), measure=Measure.PLAN, value=10,
              plan_version=version)  # fmt: skip
    for n, value in ((1, 3), (2, 4), (3, 5)):
        set_value(activity=counted, org_unit=tehran, period=month(n), measure=Measure.ACTUAL, value=value)
        set_value(activity=averaged, org_unit=tehran, period=month(n), measure=Measure.ACTUAL, value=value)
    # a quarter where no month is stored
    quarter = get_or_create_period(kind=Period.Kind.QUARTER, year=1403, number=1)
    set_value(activity=counted, org_unit=yazd, period=quarter, measure=Measure.ACTUAL, value=7)
    # a year value stored beside its months is the year's figure
    set_value(activity=averaged, org_unit=yazd, period=month(1), measure=Measure.ACTUAL, value=100)
    set_value(activity=averaged, org_unit=yazd, period=f.year(1403), measure=Measure.ACTUAL, value=9)

    values = selectors.year_values(1403, version)
    total = {a.pk: a.breakdowns.get().pk for a in (counted, averaged)}
    assert values[(counted.pk, total[counted.pk], tehran.pk, "actual")] == 12
    assert values[(averaged.pk, total[averaged.pk], tehran.pk, "actual")] == 4
    assert values[(counted.pk, total[counted.pk], yazd.pk, "actual")] == 7
    assert values[(averaged.pk, total[averaged.pk], yazd.pk, "actual")] == 9
    assert 1403 in selectors.years()

    table = next(t for s in build_report(year=1403, plan_version=version).sections for t in s.tables
                 if t.key == "M1")  # fmt: skip
    assert {r["label"]: r["cells"] for r in table.rows}["تهران"] == [Decimal(10), Decimal(12), Decimal(120)]
    call_command("performance_export", year=1403, format="csv")
    rows = [line.split(",") for line in capsys.readouterr().out.splitlines()]
    assert [r[7:] for r in rows if r[1] == "M1" and r[6] == "تهران"] == [["10", "12", "120"]]


def test_a_year_with_only_monthly_values_is_offered():
    f.org_tree()
    set_value(activity=f.activity(code="M3"), org_unit=f.province(), period=month(5, 1404),
              measure=Measure.ACTUAL, value=2)  # fmt: skip
    assert selectors.years() == [1404]
