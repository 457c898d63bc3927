"""The data-value key, Jalali periods, the percent rule and the audit trail."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from hypothesis import given
from hypothesis import strategies as st

from performance.models import DataValue, DataValueAudit, Measure, Period, percent
from performance.services import get_or_create_period, set_value
from performance.tests import factories as f


@pytest.mark.parametrize(
    ("plan", "actual", "expected"),
    [
        (430, 658, Decimal(153)),  # 153.02
        (14000, 14263, Decimal(102)),  # 101.88
        (2, 1, Decimal(50)),
        (8, 1, Decimal(13)),  # 12.5 rounds half up
        (0, 5, None),
        (None, 5, None),
        (5, None, None),
    ],
)
def test_percent_is_actual_over_plan_rounded_half_up(plan, actual, expected):
    assert percent(plan, actual) == expected


@given(st.integers(1, 10**9), st.integers(0, 10**9))
def test_percent_is_within_half_a_point_of_the_exact_ratio(plan, actual):
    exact = Decimal(actual) * 100 / Decimal(plan)
    assert abs(percent(plan, actual) - exact) <= Decimal("0.5")


def test_year_1400_runs_from_farvardin_1_to_esfand_29():
    start, end = Period.bounds("year", 1400)
    assert start == dt.date(2021, 3, 21)
    assert end == dt.date(2022, 3, 20)


def test_quarter_and_month_periods():
    assert Period.bounds("quarter", 1400, 4) == (dt.date(2021, 12, 22), dt.date(2022, 3, 20))
    assert Period.bounds("month", 1399, 12)[1] == dt.date(2021, 3, 20)  # 1399 is leap: 30 Esfand
    with pytest.raises(ValidationError):
        Period.bounds("month", 1400, 13)


@given(st.integers(1350, 1450), st.integers(1, 12))
def test_months_tile_the_year(year, month):
    _start, end = Period.bounds("month", year, month)
    if month < 12:
        assert Period.bounds("month", year, month + 1)[0] == end + dt.timedelta(days=1)
    else:
        assert Period.bounds("year", year + 1)[0] == end + dt.timedelta(days=1)


@pytest.mark.django_db
def test_one_value_per_key_and_plans_need_a_version():
    activity, unit, year, version = f.activity(), f.province(), f.year(), f.plan_version()
    set_value(
        activity=activity, org_unit=unit, period=year, measure=Measure.PLAN, value=10, plan_version=version
    )
    set_value(activity=activity, org_unit=unit, period=year, measure=Measure.ACTUAL, value=12)
    set_value(activity=activity, org_unit=unit, period=year, measure=Measure.ACTUAL, value=13)
    assert DataValue.objects.count() == 2
    other = f.plan_version(code="p1400-v1")
    set_value(
        activity=activity, org_unit=unit, period=year, measure=Measure.PLAN, value=9, plan_version=other
    )
    assert DataValue.objects.filter(measure=Measure.PLAN).count() == 2
    with pytest.raises(ValidationError):
        set_value(activity=activity, org_unit=unit, period=year, measure=Measure.PLAN, value=1)
    existing = DataValue.objects.get(measure=Measure.ACTUAL)
    with pytest.raises(IntegrityError), transaction.atomic():
        DataValue.objects.create(
            activity=activity,
            breakdown=existing.breakdown,
            org_unit=unit,
            period=year,
            measure=Measure.ACTUAL,
            value=1,
        )


@pytest.mark.django_db
def test_every_change_leaves_an_audit_row_with_old_and_new(make_user):
    user = make_user()
    activity, unit, year = f.activity(), f.province("یزد"), f.year()
    set_value(activity=activity, org_unit=unit, period=year, measure=Measure.ACTUAL, value=5, user=user)
    set_value(activity=activity, org_unit=unit, period=year, measure=Measure.ACTUAL, value=5, user=user)
    set_value(activity=activity, org_unit=unit, period=year, measure=Measure.ACTUAL, value=7, user=user)
    set_value(activity=activity, org_unit=unit, period=year, measure=Measure.ACTUAL, value=None, user=user)
    rows = list(DataValueAudit.objects.order_by("pk").values_list("old_value", "new_value", "changed_by"))
    assert rows == [
        (None, Decimal(5), user.pk),
        (Decimal(5), Decimal(7), user.pk),
        (Decimal(7), None, user.pk),
    ]
    assert not DataValue.objects.exists()


@pytest.mark.django_db
def test_negative_values_are_refused_in_persian():
    with pytest.raises(ValidationError, match="منفی"):
        set_value(activity=f.activity(), org_unit=f.province(), period=f.year(), measure="actual", value=-1)


@pytest.mark.django_db
def test_periods_are_created_once():
    assert get_or_create_period(kind="month", year=1400, number=1).code == "140001"
    assert get_or_create_period(kind="month", year=1400, number=1).pk == Period.objects.get().pk
