"""Writes to performance data: one function per action, one transaction each, an audit row
for every change of a value."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from performance.models import (
    Activity,
    Breakdown,
    DataValue,
    DataValueAudit,
    Measure,
    Period,
    PlanVersion,
)


def value_key(*, activity, breakdown, org_unit, period, measure, plan_version) -> str:
    version = plan_version.code if plan_version else "-"
    return f"{activity.code}|{breakdown.code}|{org_unit.code}|{period.code}|{measure}|{version}"


def period_or_unsaved(*, kind: str, year: int, number: int = 0) -> Period:
    """The stored period, or an unsaved one with its code and bounds: what a dry run may look at
    without writing anything (`get_or_create_period` stores it when the data is really entered)."""
    code = Period.make_code(kind, year, number)
    period = Period.objects.filter(code=code).first()
    if period is None:
        start, end = Period.bounds(kind, year, number)
        period = Period(code=code, kind=kind, year=year, number=number, start=start, end=end)
    return period


def get_or_create_period(*, kind: str, year: int, number: int = 0) -> Period:
    period = period_or_unsaved(kind=kind, year=year, number=number)
    if period.pk is None:
        period.save()
    return period


def total_breakdown(activity: Activity) -> Breakdown:
    breakdown, _ = Breakdown.objects.get_or_create(
        activity=activity, code=Breakdown.TOTAL, defaults={"title": "", "order": 0}
    )
    return breakdown


@transaction.atomic
def set_value(
    *,
    activity: Activity,
    org_unit,
    period: Period,
    measure: str,
    value: Decimal | None,
    breakdown: Breakdown | None = None,
    plan_version: PlanVersion | None = None,
    user=None,
    source: str = "entry",
    reason: str = "",
) -> DataValue | None:
    """Store (or with `value=None` delete) one value; write an audit row when it changes."""
    breakdown = breakdown or total_breakdown(activity)
    if measure == Measure.ACTUAL:
        plan_version = None
    elif plan_version is None:
        raise ValidationError("برای ثبت برنامه، نسخه برنامه را انتخاب کنید.")
    if value is not None:
        value = Decimal(value)
        if value < 0:
            raise ValidationError("مقدار نمی‌تواند منفی باشد.")
    key = dict(
        activity=activity,
        breakdown=breakdown,
        org_unit=org_unit,
        period=period,
        measure=measure,
        plan_version=plan_version,
    )
    existing = DataValue.objects.select_for_update().filter(**key).first()
    old = existing.value if existing else None
    if old is not None and value is not None and Decimal(old) == value:
        return existing
    if old is None and value is None:
        return None
    audit = DataValueAudit(
        key=value_key(**key),
        old_value=old,
        new_value=value,
        changed_by=user,
        source=source,
        reason=reason,
    )
    if value is None:
        existing.delete()
        audit.save()
        return None
    if existing is None:
        existing = DataValue(**key, value=value, source=source)
    else:
        existing.value, existing.source = value, source
    existing.full_clean(validate_constraints=False)
    existing.save()
    audit.data_value = existing
    audit.save()
    return existing
