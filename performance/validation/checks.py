"""The evaluator of data-quality rules: a year's data in memory (`_Data`) and the built-in rule
families (printed totals, breakdown sums, printed percents, summary tables, bounds, outliers,
ratio bands); expression rules come from `performance.validation.expressions`."""

import statistics
from collections import defaultdict
from decimal import Decimal

from core.text import to_persian_digits
from orgs.models import OrgUnit
from performance.models import (
    Activity,
    Breakdown,
    Measure,
    PlanVersion,
    PrintedFigure,
    ValidationResult,
    ValidationRun,
    percent,
)
from performance.validation.expressions import ExpressionChecks, fa
from performance.validation.printed import PrintedChecks


class _Data:
    """Every value and printed figure of one year, in memory (a year is a few thousand rows)."""

    def __init__(self, year: int, plan_version: PlanVersion | None):
        self.year = year
        from performance.selectors import year_values

        self.values: dict[tuple[int, int, int, str], Decimal] = year_values(year, plan_version)
        self.units_of: dict[tuple[int, int], set[int]] = defaultdict(set)
        for a, b, u, _m in self.values:
            self.units_of[(a, b)].add(u)
        self.activities = {a.pk: a for a in Activity.objects.all()}
        self.by_code = {a.code: a for a in self.activities.values()}
        self.breakdowns = {b.pk: b for b in Breakdown.objects.all()}
        self.totals = {b.activity_id: b for b in self.breakdowns.values() if b.code == Breakdown.TOTAL}
        self.bd_by_code = {(b.activity_id, b.code): b for b in self.breakdowns.values()}
        self.units = {u.pk: u for u in OrgUnit.objects.select_related("province")}
        self.provinces = {u.pk for u in self.units.values() if u.kind == OrgUnit.Kind.PROVINCE}
        self.printed = list(PrintedFigure.objects.filter(year=year))

    def province_sum(self, activity_id, breakdown_id, measure):
        found = [self.values.get((activity_id, breakdown_id, u, measure)) for u in self.provinces]
        found = [v for v in found if v is not None]
        return sum(found, Decimal(0)) if found else None


class _Evaluator(ExpressionChecks, PrintedChecks):
    def __init__(self, data: _Data, run: ValidationRun):
        self.d = data
        self.run = run
        self.results: list[ValidationResult] = []

    def add(self, rule, *, left_label, left, right_label, right, message, activity=None, breakdown=None,
            unit=None, level="", line=None):  # fmt: skip
        self.results.append(
            ValidationResult(
                run=self.run,
                rule=rule,
                year=self.d.year,
                activity_id=activity,
                breakdown_id=breakdown,
                org_unit_id=unit,
                level=level,
                line=line,
                left_label=left_label[:300],
                left_value=left,
                right_label=right_label[:300],
                right_value=right,
                message=message[:500],
            )
        )

    def where(self, unit_id) -> str:
        unit = self.d.units.get(unit_id)
        return str(unit) if unit else "جمع استان‌ها"

    # --- built-in families -----------------------------------------------------------------

    def printed_total(self, rule):
        for p in self.d.printed:
            if (
                p.level != "provinces"
                or p.is_summary
                or p.kind not in ("plan", "actual")
                or not p.activity_id
            ):
                continue
            breakdown = p.breakdown_id or self.d.totals[p.activity_id].pk
            total = self.d.province_sum(p.activity_id, breakdown, p.kind)
            if p.value is None or total is None or total == p.value:
                continue
            self.add(
                rule,
                left_label=f"جمع کل چاپی ({p.get_kind_display()}، سطر {to_persian_digits(p.line)})",
                left=p.value,
                right_label="جمع ۳۱ استان همان جدول",
                right=total,
                message=(
                    f"{self.d.activities[p.activity_id]}: جمع چاپی {fa(p.value)} اما جمع استان‌ها {fa(total)}"
                ),
                activity=p.activity_id,
                breakdown=breakdown,
                level="provinces",
                line=p.line,
            )

    def breakdown_sum(self, rule):
        with_plan = {a for (a, _b, _u, m) in self.d.values if m == Measure.PLAN}
        parts: dict[tuple[int, int], Decimal] = defaultdict(Decimal)
        split = set()
        for (a, b, u, m), v in self.d.values.items():
            if m == Measure.ACTUAL and self.d.breakdowns[b].code != Breakdown.TOTAL and a not in with_plan:
                parts[(a, u)] += v
                split.add(a)
        for a in split:
            total_bd = self.d.totals[a].pk
            for u in self.d.units_of[(a, total_bd)]:
                total = self.d.values.get((a, total_bd, u, Measure.ACTUAL))
                if total is None or (a, u) not in parts or parts[(a, u)] == total:
                    continue
                self.add(
                    rule,
                    left_label="ستون جمع",
                    left=total,
                    right_label="جمع تفکیک‌ها",
                    right=parts[(a, u)],
                    message=(
                        f"{self.d.activities[a]} — {self.where(u)}:"
                        f" ستون جمع {fa(total)} اما جمع تفکیک‌ها {fa(parts[(a, u)])}"
                    ),
                    activity=a,
                    breakdown=total_bd,
                    unit=u,
                )

    def printed_percent(self, rule):
        tolerance = Decimal(str(rule.params.get("tolerance", 1)))
        for p in self.d.printed:
            if p.kind != "percent" or not p.activity_id or p.is_summary:
                continue
            breakdown = p.breakdown_id or self.d.totals[p.activity_id].pk
            if p.level == "unit" and p.org_unit_id:
                plan = self.d.values.get((p.activity_id, breakdown, p.org_unit_id, Measure.PLAN))
                actual = self.d.values.get((p.activity_id, breakdown, p.org_unit_id, Measure.ACTUAL))
            elif p.level == "provinces":
                plan = self.d.province_sum(p.activity_id, breakdown, Measure.PLAN)
                actual = self.d.province_sum(p.activity_id, breakdown, Measure.ACTUAL)
            else:
                continue
            computed = percent(plan, actual)
            if plan is None and actual is None:
                continue  # a progress percent with no plan or actual printed (IT projects)
            if p.value is None and computed is None:
                continue
            if p.value is not None and computed is not None and abs(p.value - computed) <= tolerance:
                continue
            self.add(
                rule,
                left_label=f"درصد چاپی «{p.text}»",
                left=p.value,
                right_label=f"عملکرد {fa(actual)} ÷ برنامه {fa(plan)}",
                right=computed,
                message=(
                    f"{self.d.activities[p.activity_id]} — {self.where(p.org_unit_id)}:"
                    f" درصد چاپی {p.text} اما محاسبه {fa(computed)}"
                ),
                activity=p.activity_id,
                breakdown=breakdown,
                unit=p.org_unit_id,
                level=p.level,
                line=p.line,
            )

    def summary_detail(self, rule):
        for p in self.d.printed:
            if (
                not p.is_summary
                or not p.activity_id
                or p.kind not in ("plan", "actual")
                or p.level != "provinces"
            ):
                continue
            breakdown = self.d.totals[p.activity_id].pk
            detail = self.d.province_sum(p.activity_id, breakdown, p.kind)
            if p.value == detail:
                continue
            self.add(
                rule,
                left_label=f"جدول خلاصه ({p.get_kind_display()}، سطر {to_persian_digits(p.line)})",
                left=p.value,
                right_label="جمع جدول استانی",
                right=detail,
                message=f"{self.d.activities[p.activity_id]}: خلاصه {p.text} اما جدول استانی {fa(detail)}",
                activity=p.activity_id,
                breakdown=breakdown,
                level="provinces",
                line=p.line,
            )

    def bounds(self, rule):
        low, high = rule.params.get("min"), rule.params.get("max")
        low = None if low is None else Decimal(str(low))
        high = None if high is None else Decimal(str(high))
        if rule.params.get("printed_kind"):
            items = [
                (
                    p.activity_id,
                    p.breakdown_id,
                    p.org_unit_id,
                    p.value,
                    f"رقم چاپی سطر {to_persian_digits(p.line)}",
                )
                for p in self.d.printed
                if p.kind == rule.params["printed_kind"] and p.value is not None
            ]
        else:
            measure = rule.params.get("measure")
            items = [
                (a, b, u, v, dict(Measure.choices)[m])
                for (a, b, u, m), v in self.d.values.items()
                if measure in (None, m)
            ]
        for a, b, u, v, label in items:
            if (low is not None and v < low) or (high is not None and v > high):
                bound = low if low is not None and v < low else high
                self.add(
                    rule,
                    left_label=label,
                    left=v,
                    right_label="کمینه" if bound == low else "بیشینه",
                    right=bound,
                    message=f"{self.d.activities.get(a, '')} — {self.where(u)}: {fa(v)} بیرون از بازه",
                    activity=a,
                    breakdown=b,
                    unit=u,
                )

    def _realisation(self):
        """(activity, unit) → (percent, plan, actual) for total breakdowns with a plan."""
        found = {}
        for (a, b, u, m), plan in self.d.values.items():
            if m != Measure.PLAN or self.d.totals[a].pk != b:
                continue
            actual = self.d.values.get((a, b, u, Measure.ACTUAL))
            ratio = percent(plan, actual)
            if ratio is not None:
                found[(a, u)] = (ratio, plan, actual)
        return found

    def outlier(self, rule):
        threshold = Decimal(str(rule.params.get("threshold", 3.5)))
        by_activity = defaultdict(dict)
        for (a, u), item in self._realisation().items():
            if u in self.d.provinces:
                by_activity[a][u] = item
        for a, items in by_activity.items():
            if len(items) < 10:
                continue
            ratios = [r for r, _, _ in items.values()]
            median = Decimal(statistics.median(ratios))
            mad = Decimal(statistics.median([abs(r - median) for r in ratios]))
            if mad == 0:
                continue
            for u, (ratio, plan, actual) in items.items():
                z = Decimal("0.6745") * (ratio - median) / mad
                if abs(z) > threshold:
                    self.add(
                        rule,
                        left_label=f"درصد تحقق استان (عملکرد {fa(actual)} ÷ برنامه {fa(plan)})",
                        left=ratio,
                        right_label=f"میانه استان‌ها (z مقاوم {to_persian_digits(f'{z:.1f}')})",
                        right=median,
                        message=(
                            f"{self.d.activities[a]} — {self.where(u)}:"
                            f" درصد تحقق {fa(ratio)} در برابر میانه {fa(median)}"
                        ),
                        activity=a,
                        breakdown=self.d.totals[a].pk,
                        unit=u,
                    )

    def ratio_band(self, rule):
        low, high = Decimal(str(rule.params.get("low", 50))), Decimal(str(rule.params.get("high", 300)))
        for (a, u), (ratio, plan, actual) in self._realisation().items():
            if ratio < low or ratio > high:
                self.add(
                    rule,
                    left_label=f"درصد تحقق (عملکرد {fa(actual)} ÷ برنامه {fa(plan)})",
                    left=ratio,
                    right_label="کمینه بازه" if ratio < low else "بیشینه بازه",
                    right=low if ratio < low else high,
                    message=f"{self.d.activities[a]} — {self.where(u)}: درصد تحقق {fa(ratio)}",
                    activity=a,
                    breakdown=self.d.totals[a].pk,
                    unit=u,
                )
