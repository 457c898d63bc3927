"""Reads of performance data: value pairs (plan, actual, percent) for reports, exports and
dashboards, and who may see what."""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q

from accounts.selectors import has_role
from orgs.models import OrgUnit
from performance.models import Activity, Breakdown, DataValue, Measure, Period, PlanVersion, percent

READER_ROLES = ("hq_planner", "province_manager", "unit_head", "auditor", "administrator")


def can_read(user) -> bool:
    return any(has_role(user, r) for r in READER_ROLES)


def years() -> list[int]:
    """Years that hold any value (an EXISTS per year period, which the period index answers)."""
    has_values = Exists(DataValue.objects.filter(period=OuterRef("pk")))
    return sorted(
        Period.objects.filter(kind=Period.Kind.YEAR).filter(has_values).values_list("year", flat=True)
    )


def plan_version_for(year: int, code: str | None = None) -> PlanVersion | None:
    versions = PlanVersion.objects.filter(year=year)
    if code:
        return versions.filter(code=code).first()
    return versions.order_by("-is_current", "-created_at").first()


def fmt_number(value) -> str:
    """ASCII, no grouping, no trailing zeros: 70.00 → 70, 12.50 → 12.5."""
    if value is None:
        return ""
    value = Decimal(value)
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")


def fmt_percent(value) -> str:
    return "-" if value is None else fmt_number(value)


def _sum_only_totals() -> set[int]:
    """Total-breakdown ids that only hold the sum of their activity's breakdowns (the printed
    «جمع» column of a table by industry sector or by test result): a total, not a figure."""
    with_plan = set(
        DataValue.objects.filter(measure=Measure.PLAN).values_list("activity_id", flat=True).distinct()
    )
    split = (
        Breakdown.objects.exclude(code=Breakdown.TOTAL)
        .values("activity_id")
        .annotate(n=Count("id"))
        .filter(n__gt=0)
        .values_list("activity_id", flat=True)
    )
    return set(
        Breakdown.objects.filter(code=Breakdown.TOTAL, activity_id__in=set(split) - with_plan).values_list(
            "id", flat=True
        )
    )


def value_pairs(
    *, year: int, plan_version: PlanVersion | None, activity_ids=None, unit_ids=None
) -> list[dict]:
    """One entry per (activity, breakdown, unit) that has a plan or an actual in the year."""
    period = Period.objects.filter(code=str(year)).first()
    if period is None:
        return []
    qs = DataValue.objects.filter(period=period).filter(
        Q(measure=Measure.ACTUAL) | Q(measure=Measure.PLAN, plan_version=plan_version)
    )
    if activity_ids is not None:
        qs = qs.filter(activity_id__in=activity_ids)
    if unit_ids is not None:
        qs = qs.filter(org_unit_id__in=unit_ids)
    pairs: dict[tuple, dict] = defaultdict(dict)
    for a, b, u, measure, value in qs.values_list(
        "activity_id", "breakdown_id", "org_unit_id", "measure", "value"
    ):
        pairs[(a, b, u)][measure] = value
    return [
        {
            "activity_id": a,
            "breakdown_id": b,
            "unit_id": u,
            "plan": v.get(Measure.PLAN),
            "actual": v.get(Measure.ACTUAL),
            "percent": percent(v.get(Measure.PLAN), v.get(Measure.ACTUAL)),
        }
        for (a, b, u), v in pairs.items()
    ]


def export_rows(*, year: int, plan_version: PlanVersion | None) -> list[list[str]]:
    """The rows of `performance_export`: totals excluded, in report order."""
    activities = {a.pk: a for a in Activity.objects.select_related("area")}
    breakdowns = {b.pk: b for b in Breakdown.objects.all()}
    units = {u.pk: u for u in OrgUnit.objects.select_related("province")}
    skip = _sum_only_totals()
    rows = []
    for pair in value_pairs(year=year, plan_version=plan_version):
        if pair["breakdown_id"] in skip:
            continue
        activity, breakdown, unit = (
            activities[pair["activity_id"]],
            breakdowns[pair["breakdown_id"]],
            units[pair["unit_id"]],
        )
        rows.append(
            (
                (activity.area.order, activity.order, breakdown.order, unit.order, unit.code),
                [
                    activity.area.title,
                    activity.code,
                    activity.title,
                    breakdown.title,
                    activity.unit_of_measure,
                    unit.code,
                    unit.province.name if unit.province_id else unit.name,
                    fmt_number(pair["plan"]),
                    fmt_number(pair["actual"]),
                    fmt_percent(pair["percent"]),
                ],
            )
        )
    return [r for _, r in sorted(rows, key=lambda r: r[0])]


def province_matrix(*, year: int, plan_version: PlanVersion | None, activity_ids=None) -> dict:
    """Plan, actual and percent of every planned province activity (undivided figure) for
    each province: the heat map, rankings and profiles read this."""
    provinces = list(
        OrgUnit.objects.filter(kind=OrgUnit.Kind.PROVINCE).select_related("province").order_by("order")
    )
    ids = {u.pk for u in provinces}
    totals = dict(Breakdown.objects.filter(code=Breakdown.TOTAL).values_list("activity_id", "pk"))
    cells: dict[tuple[int, int], dict] = {}
    for pair in value_pairs(year=year, plan_version=plan_version, unit_ids=ids, activity_ids=activity_ids):
        if totals.get(pair["activity_id"]) == pair["breakdown_id"]:
            cells[(pair["activity_id"], pair["unit_id"])] = pair
    planned = {a for (a, _u), p in cells.items() if p["plan"] is not None}
    activities = list(
        Activity.objects.filter(pk__in=planned, scope=Activity.Scope.PROVINCES).order_by(
            "area__order", "order"
        )
    )
    return {"activities": activities, "provinces": provinces, "cells": cells}


def ranking(matrix: dict, activity: Activity) -> list[dict]:
    """Provinces by percent realised (highest first when higher is better); no plan → last."""
    rows = []
    for unit in matrix["provinces"]:
        pair = matrix["cells"].get((activity.pk, unit.pk), {})
        rows.append(
            {
                "unit": unit,
                "plan": pair.get("plan"),
                "actual": pair.get("actual"),
                "percent": pair.get("percent"),
            }
        )
    sign = -1 if activity.higher_is_better else 1
    rows.sort(key=lambda r: (r["percent"] is None, sign * (r["percent"] or 0), r["unit"].order))
    for n, row in enumerate(rows, start=1):
        row["rank"] = n if row["percent"] is not None else None
    return rows
