"""The scheduled form of `performance_desk_actuals`: `--recent` recomputes the current Jalali month
and the one before it."""

import datetime as dt

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from core.jalali import to_jalali
from performance.management.commands.performance_desk_actuals import recent_months
from performance.models import DataValue, Measure, Period
from performance.tests.test_desk_actuals import _private_media, request_in, world  # noqa: F401 - fixtures


@pytest.mark.parametrize(
    ("today", "months"),
    [
        (dt.date(2026, 3, 21), [(1404, 12), (1405, 1)]),  # 1 Farvardin 1405: Esfand of the year before
        (dt.date(2026, 12, 2), [(1405, 8), (1405, 9)]),  # 11 Azar 1405
        (dt.date(2026, 3, 20), [(1404, 11), (1404, 12)]),  # 29 Esfand 1404
    ],
)
def test_recent_months_are_this_jalali_month_and_the_one_before(today, months):
    assert recent_months(today) == months


@pytest.mark.django_db
def test_recent_stores_this_months_desk_actuals(world, django_capture_on_commit_callbacks):  # noqa: F811
    with django_capture_on_commit_callbacks(execute=True):
        request_in(world, world["tehran"], outcome="approve")
    call_command("performance_desk_actuals", "--recent")
    today = to_jalali(timezone.localdate())
    month = Period.objects.get(kind=Period.Kind.MONTH, year=today.year, number=today.month)
    value = DataValue.objects.get(
        activity=world["activity"], period=month, org_unit=world["tehran"], measure=Measure.ACTUAL
    )
    assert value.value == 1
    assert Period.objects.filter(kind=Period.Kind.MONTH).count() == 2


def test_recent_takes_no_year():
    with pytest.raises(CommandError, match="--recent"):
        call_command("performance_desk_actuals", "--recent", "--year", "1404")
