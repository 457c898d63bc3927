"""Reads of performance data: value pairs (plan, actual, percent) for reports, exports and
dashboards, and who may see what."""

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, OuterRef, Q, Sum

from accounts.models import Role
from accounts.selectors import has_role
from orgs.models import OrgUnit
from performance.models import Activity, Breakdown, DataValue, Measure, Period, PlanVersion, percent

READER_ROLES = (Role.HQ_PLANNER, Role.PROVINCE_MANAGER, Role.UNIT_HEAD, Role.AUDITOR, Role.ADMINISTRATOR)


def can_read(user) -> bool:
    return any(has_role(user, r) for r in READER_ROLES)


def is_planner(user) -> bool:
    """HQ planning (or the administrator): the organisation-wide performance roles."""
    return has_role(user, Role.HQ_PLANNER) or has_role(user, Role.ADMINISTRATOR)


def years() -> list[int]:
    """Years that hold any value, in the year itself or in one of its quarters or months (an
    EXISTS per period, which the period index answers)."""
    has_values = Exists(DataValue.objects.filter(period=OuterRef("pk")))
    return sorted(set(Period.objects.filter(has_values).values_list("year", flat=True)))


def year_values(
    year: int, plan_version: PlanVersion | None, *, activity_ids=None, unit_ids=None
) -> dict[tuple[int, int, int, str], Decimal]:
    """(activity, breakdown, unit, measure) → the year's figure: the value stored for the year
    itself where there is one; otherwise its months rolled up (or, without months, its quarters)
    by the activity's aggregation, as DHIS2 aggregates periods — so actuals entered or computed
    by month (the desk's counts) reach the annual report, dashboards, export and rules."""
    return period_values(
        Period.Kind.YEAR, year, 0, plan_version, activity_ids=activity_ids, unit_ids=unit_ids
    )


def period_values(
    kind: str, year: int, number: int, plan_version: PlanVersion | None, *, activity_ids=None, unit_ids=None
) -> dict[tuple[int, int, int, str], Decimal]:
    """(activity, breakdown, unit, measure) → the figure of a year, quarter or month: the value
    stored for that period itself, otherwise the months it holds rolled up by the activity's
    aggregation (a year without months: its quarters). A month has no smaller parts."""
    periods = Period.objects.filter(year=year)
    if kind == Period.Kind.QUARTER:
        months = range(3 * number - 2, 3 * number + 1)
        periods = periods.filter(
            Q(kind=Period.Kind.QUARTER, number=number) | Q(kind=Period.Kind.MONTH, number__in=months)
        )
    elif kind == Period.Kind.MONTH:
        periods = periods.filter(kind=Period.Kind.MONTH, number=number)
    periods = dict(periods.values_list("pk", "kind"))
    if not periods:
        return {}
    qs = DataValue.objects.filter(
        Q(measure=Measure.ACTUAL) | Q(measure=Measure.PLAN, plan_version=plan_version)
    )
    if activity_ids is not None:
        qs = qs.filter(activity_id__in=activity_ids)
    if unit_ids is not None:
        qs = qs.filter(org_unit_id__in=unit_ids)
    own = [pk for pk, k in periods.items() if k == kind]
    smaller = [pk for pk, k in periods.items() if k != kind]
    found: dict[tuple[int, int, int, str], Decimal] = {}
    for a, b, u, m, v in qs.filter(period_id__in=own).values_list(
        "activity_id", "breakdown_id", "org_unit_id", "measure", "value"
    ):
        found[(a, b, u, m)] = v
    # the smaller periods' figures per key and kind, summed and counted by the database (a
    # quarter's page reads ~5,000 monthly values: adding them in Python was most of its time)
    parts: dict[tuple, dict[str, tuple]] = defaultdict(dict)
    if smaller:
        rows = (
            qs.filter(period_id__in=smaller)
            .values_list("activity_id", "breakdown_id", "org_unit_id", "measure", "period__kind")
            .annotate(total=Sum("value"), n=Count("id"))
        )
        for a, b, u, m, period_kind, total, n in rows:
            parts[(a, b, u, m)][period_kind] = (total, n)
    parts = {k: v for k, v in parts.items() if k not in found}
    if parts:
        aggregation = dict(
            Activity.objects.filter(pk__in={k[0] for k in parts}).values_list("pk", "aggregation")
        )
        for key, by_kind in parts.items():
            total, n = by_kind.get(Period.Kind.MONTH) or by_kind[Period.Kind.QUARTER]
            rule = aggregation[key[0]]
            if rule == Activity.Aggregation.SUM:
                found[key] = Decimal(total)
            elif rule == Activity.Aggregation.AVERAGE:
                found[key] = (Decimal(total) / n).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return found


REPORTED_STATES = (PlanVersion.State.IN_FORCE, PlanVersion.State.SUPERSEDED)


def plan_version_for(year: int, code: str | None = None) -> PlanVersion | None:
    """The version reports use: the one in force, or an approved earlier one chosen by its code
    (drafts and proposals are never reported; their page and the diff show them)."""
    versions = PlanVersion.objects.filter(year=year, state__in=REPORTED_STATES)
    if code:
        return versions.filter(code=code).first()
    return versions.filter(state=PlanVersion.State.IN_FORCE).first()


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
    *, year: int, plan_version: PlanVersion | None, activity_ids=None, unit_ids=None, period=None
) -> list[dict]:
    """One entry per (activity, breakdown, unit) that has a plan or an actual in the year (or in
    `period`, a `periods.PeriodKey` of that year: a quarter or a month)."""
    pairs: dict[tuple, dict] = defaultdict(dict)
    kind, number = (period.kind, period.number) if period else (Period.Kind.YEAR, 0)
    values = period_values(kind, year, number, plan_version, activity_ids=activity_ids, unit_ids=unit_ids)
    for (a, b, u, measure), value in values.items():
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


def province_matrix(
    *, year: int, plan_version: PlanVersion | None, activity_ids=None, period=None, planned_only=True
) -> dict:
    """Plan, actual and percent of every planned province activity (undivided figure) for
    each province, in the year or in `period` (a quarter or month of it): the heat map,
    rankings and profiles read this. `planned_only=False` keeps activities with an actual and
    no plan (a quarter's plan is seldom stored: its actuals are still reported)."""
    provinces = list(
        OrgUnit.objects.filter(kind=OrgUnit.Kind.PROVINCE).select_related("province").order_by("order")
    )
    ids = {u.pk for u in provinces}
    totals = dict(Breakdown.objects.filter(code=Breakdown.TOTAL).values_list("activity_id", "pk"))
    cells: dict[tuple[int, int], dict] = {}
    pairs = value_pairs(
        year=year, plan_version=plan_version, unit_ids=ids, activity_ids=activity_ids, period=period
    )
    for pair in pairs:
        if totals.get(pair["activity_id"]) == pair["breakdown_id"]:
            cells[(pair["activity_id"], pair["unit_id"])] = pair
    planned = {a for (a, _u), p in cells.items() if p["plan"] is not None or not planned_only}
    activities = list(
        Activity.objects.filter(pk__in=planned, scope=Activity.Scope.PROVINCES).order_by(
            "area__order", "order"
        )
    )
    return {"activities": activities, "provinces": provinces, "cells": cells}


def province_card(*, unit: OrgUnit, period, plan_version: PlanVersion | None) -> list[dict]:
    """A province's rows for a period (`periods.PeriodKey`): each activity's plan, actual,
    percent and rank among the provinces, and the actual of the same period a year earlier.
    A year lists its planned activities; a quarter or month every activity with a figure."""
    whole_year = period.kind == Period.Kind.YEAR
    matrix = province_matrix(
        year=period.year, plan_version=plan_version, period=period, planned_only=whole_year
    )
    earlier = period.previous_year()
    totals = dict(Breakdown.objects.filter(code=Breakdown.TOTAL).values_list("activity_id", "pk"))
    before = {
        p["activity_id"]: p["actual"]
        for p in value_pairs(
            year=earlier.year,
            plan_version=None,
            unit_ids=[unit.pk],
            activity_ids=[a.pk for a in matrix["activities"]],
            period=earlier,
        )
        if totals.get(p["activity_id"]) == p["breakdown_id"]
    }
    rows = []
    for activity in matrix["activities"]:
        ranked = ranking(matrix, activity)
        mine = next(r for r in ranked if r["unit"].pk == unit.pk)
        previous = before.get(activity.pk)
        rows.append(
            {
                "activity": activity,
                **mine,
                "of": sum(r["rank"] is not None for r in ranked),
                "previous": previous,
                "change": percent(previous, mine["actual"]),
            }
        )
    return rows


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


def version_diff(old: PlanVersion, new: PlanVersion) -> list[dict]:
    """Every plan value that differs between two versions (changed, added or removed), in the
    report's order: activity, breakdown, unit, period, the old plan and the new one."""

    def plans(version):
        rows = DataValue.objects.filter(plan_version=version).values_list(
            "activity_id", "breakdown_id", "org_unit_id", "period_id", "value"
        )
        return {(a, b, u, p): v for a, b, u, p, v in rows}

    before, after = plans(old), plans(new)
    keys = [k for k in before.keys() | after.keys() if before.get(k) != after.get(k)]
    activities = Activity.objects.select_related("area").in_bulk({k[0] for k in keys})
    breakdowns = Breakdown.objects.in_bulk({k[1] for k in keys})
    units = OrgUnit.objects.in_bulk({k[2] for k in keys})
    periods = Period.objects.in_bulk({k[3] for k in keys})
    rows = [
        {
            "activity": activities[a],
            "breakdown": breakdowns[b],
            "unit": units[u],
            "period": periods[p],
            "old": before.get((a, b, u, p)),
            "new": after.get((a, b, u, p)),
        }
        for a, b, u, p in keys
    ]
    rows.sort(
        key=lambda r: (
            r["activity"].area.order,
            r["activity"].order,
            r["activity"].code,
            r["breakdown"].order,
            r["unit"].code,
            r["period"].code,
        )
    )
    return rows


def version_plans(version: PlanVersion) -> list[dict]:
    """A version's yearly plan values in report order (its workbook)."""
    rows = (
        DataValue.objects.filter(
            plan_version=version, period__kind=Period.Kind.YEAR, period__year=version.year
        )
        .select_related("activity", "breakdown", "org_unit")
        .order_by(
            "activity__area__order", "activity__order", "activity__code", "breakdown__order", "org_unit__code"
        )
    )
    return [
        {"activity": v.activity, "breakdown": v.breakdown, "unit": v.org_unit, "value": v.value} for v in rows
    ]


def province_indicators(*, unit: OrgUnit, period, plan_version: PlanVersion | None) -> list[dict]:
    """The province-specific indicators (appendix 1 of seed 004) with the province's plan, actual
    and percent for a period (`periods.PeriodKey`), grouped under the activity they detail."""
    indicators = list(
        Activity.objects.filter(part_of__isnull=False).select_related("part_of").order_by("code")
    )
    if not indicators:
        return []
    totals = dict(
        Breakdown.objects.filter(activity__in=indicators, code=Breakdown.TOTAL).values_list(
            "activity_id", "pk"
        )
    )
    values = {
        p["activity_id"]: p
        for p in value_pairs(
            year=period.year,
            plan_version=plan_version,
            unit_ids=[unit.pk],
            activity_ids=[a.pk for a in indicators],
            period=None if period.kind == Period.Kind.YEAR else period,
        )
        if totals.get(p["activity_id"]) == p["breakdown_id"]
    }
    return [
        {
            "activity": a,
            "plan": values.get(a.pk, {}).get("plan"),
            "actual": values.get(a.pk, {}).get("actual"),
            "percent": values.get(a.pk, {}).get("percent"),
        }
        for a in indicators
    ]


def _float(value) -> float | None:
    return float(value) if value is not None else None


def dashboard(*, year: int, plan_version, period, activity_code: str | None, with_previous: bool) -> dict:
    """The dashboard of a year, quarter or month: the province × activity `matrix`, the chosen
    `activity` (the first when none or an unknown one is asked for), its `ranking` with each row's
    percent of the same period of the year before (`previous`, when `with_previous` and the year
    before has data), and the `chart` series the page draws from them."""
    matrix = province_matrix(year=year, plan_version=plan_version, period=period)
    activity = next((a for a in matrix["activities"] if a.code == activity_code), None)
    activity = activity or (matrix["activities"][0] if matrix["activities"] else None)
    rows = ranking(matrix, activity) if activity else []
    previous = None
    if activity and with_previous:
        before = province_matrix(
            year=year - 1,
            plan_version=plan_version_for(year - 1),
            period=period.previous_year() if period else None,
        )
        previous = {r["unit"].pk: r for r in ranking(before, activity)}
    for r in rows:
        r["previous"] = previous.get(r["unit"].pk, {}).get("percent") if previous else None
    chart = {
        "labels": [r["unit"].province.name for r in rows],
        "plan": [_float(r["plan"]) for r in rows],
        "actual": [_float(r["actual"]) for r in rows],
        "percent": [_float(r["percent"]) for r in rows],
        "previous": [_float(r["previous"]) for r in rows] if previous else None,
        "year": year,
    }
    return {
        "matrix": matrix,
        "activity": activity,
        "ranking": rows,
        "chart": chart,
        "has_previous": previous is not None,
    }
