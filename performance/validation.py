"""Data-quality rules (DHIS2's validation rules): evaluation of the rules stored as data, and
the built-in rules every installation starts with. Results keep the figures on both sides."""

import re
import statistics
from collections import defaultdict
from decimal import Decimal

from django.db import transaction

from core.text import to_persian_digits
from orgs.models import OrgUnit
from performance.models import (
    Activity,
    Breakdown,
    Measure,
    PlanVersion,
    PrintedFigure,
    ValidationResult,
    ValidationRule,
    ValidationRun,
    percent,
)

Rule = ValidationRule
OPERAND_RE = re.compile(
    r"#\{(?P<code>[A-Za-z0-9\-]+)(?:\.(?P<bd>[A-Za-z0-9_\-]+))?:(?P<measure>plan|actual)\}"
)
EXPRESSION_RE = re.compile(r"^\s*[+-]?\s*#\{[^}]+\}(\s*[+-]\s*#\{[^}]+\})*\s*$")

# Tables of the 1400 report that print the same figure twice: a breakdown table's total (or the
# sum of its parts) must equal the activity's actual in its own table.
SAME_FIGURE = [
    ("P029:actual", "P028:actual", "بازدید فنی به تفکیک رشته صنعت = بازدید فنی از واحدهای تحت پوشش"),
    ("P035:actual", "P034:actual", "نمونه‌برداری به تفکیک رشته صنعت = نمونه‌برداری از تولید"),
    ("P043:actual", "P042:actual", "بازدید فنی طاها به تفکیک رشته = بازرسی طاها"),
    ("P046:actual", "P045:actual", "نمونه‌برداری طاها به تفکیک رشته = نمونه‌برداری طاها"),
    ("P040:actual", "P038:actual", "جمع نتایج آزمون نمونه تولیدی = آزمون نمونه از تولید"),
    ("P050:actual", "P048:actual", "جمع نتایج آزمون نمونه طاها = آزمون نمونه طاها"),
    ("P054.b01:actual + P054.b02:actual", "P053:actual", "نتایج آزمون نازل‌ها = آزمون نازل‌های سوخت مایع"),
    ("P056.b01:actual + P056.b02:actual", "P055:actual", "نتایج آزمون باسکول = آزمون باسکول"),
    ("P058.b01:actual + P058.b02:actual", "P057:actual", "نتایج آزمون وسایل سبک = آزمون وسایل سبک"),
    ("P060.b01:actual + P060.b02:actual", "P059:actual", "نتایج آزمون نازل CNG = آزمون نازل CNG"),
    ("P021.b01:actual", "P018:actual", "اقدامات: صدور اجباری = صدور پروانه اجباری"),
    ("P021.b02:actual", "P019:actual", "اقدامات: تمدید اجباری = تمدید پروانه اجباری"),
    ("P021.b03:actual", "P020:actual", "اقدامات: صدور تشویقی = صدور پروانه تشویقی"),
]


def _expr(text: str) -> str:
    return " + ".join("#{" + part.strip() + "}" for part in text.split("+"))


BUILTIN_RULES = [
    {
        "code": "printed-total",
        "name": "جمع چاپی هر ستون برابر جمع ۳۱ استان",
        "kind": Rule.Kind.PRINTED_TOTAL,
        "importance": Rule.Importance.HIGH,
    },
    {
        "code": "breakdown-sum",
        "name": "جمع تفکیک‌ها (رشته صنعت، نتیجه آزمون) برابر ستون جمع همان سطر",
        "kind": Rule.Kind.BREAKDOWN_SUM,
        "importance": Rule.Importance.HIGH,
    },
    {
        "code": "printed-percent",
        "name": "درصد تحقق چاپی برابر عملکرد ÷ برنامه",
        "kind": Rule.Kind.PRINTED_PERCENT,
        "importance": Rule.Importance.MEDIUM,
        "params": {"tolerance": 1},
    },
    {
        "code": "summary-detail",
        "name": "رقم جدول خلاصه برابر جمع جدول استانی همان فعالیت",
        "kind": Rule.Kind.SUMMARY_DETAIL,
        "importance": Rule.Importance.HIGH,
    },
    {
        "code": "non-negative",
        "name": "برنامه و عملکرد منفی نیست",
        "kind": Rule.Kind.BOUNDS,
        "importance": Rule.Importance.HIGH,
        "params": {"min": 0},
    },
    {
        "code": "share-at-most-100",
        "name": "درصد سهم چاپی بین ۰ و ۱۰۰",
        "kind": Rule.Kind.BOUNDS,
        "importance": Rule.Importance.MEDIUM,
        "params": {"printed_kind": "share", "min": 0, "max": 100},
    },
    {
        "code": "outlier-robust-z",
        "name": "درصد تحقق پرت در میان استان‌ها (z مقاوم بیش از ۳٫۵)",
        "kind": Rule.Kind.OUTLIER,
        "importance": Rule.Importance.LOW,
        "params": {"threshold": 3.5},
    },
    {
        "code": "ratio-band",
        "name": "درصد تحقق بیرون از بازه ۵۰ تا ۳۰۰",
        "kind": Rule.Kind.RATIO_BAND,
        "importance": Rule.Importance.LOW,
        "params": {"low": 50, "high": 300},
    },
    {
        "code": "plan-actual-pair",
        "name": "برای هر عملکرد، برنامه هم ثبت شده باشد (و برعکس)",
        "kind": Rule.Kind.EXPRESSION,
        "left": "#{*:plan}",
        "operator": Rule.Operator.COMPULSORY_PAIR,
        "right": "#{*:actual}",
        "importance": Rule.Importance.LOW,
        "missing_value_strategy": Rule.Missing.NEVER_SKIP,
    },
] + [
    {
        "code": f"same-figure-{left.split(':')[0].split('.')[0].lower()}-{right.split(':')[0].lower()}",
        "name": name,
        "kind": Rule.Kind.EXPRESSION,
        "left": _expr(left),
        "operator": Rule.Operator.EQ,
        "right": _expr(right),
        "importance": Rule.Importance.HIGH,
    }
    for left, right, name in SAME_FIGURE
]


def ensure_builtin_rules() -> None:
    """Create the built-in rules that are missing; rules edited in the admin are left alone."""
    for spec in BUILTIN_RULES:
        ValidationRule.objects.get_or_create(
            code=spec["code"], defaults={k: v for k, v in spec.items() if k != "code"}
        )


def validate_expression(text: str) -> None:
    from django.core.exceptions import ValidationError

    if text and "*" not in text and not EXPRESSION_RE.match(text):
        raise ValidationError("عبارت باید مانند ‎#{P018:actual} + #{P019.b01:plan}‎ باشد.")


def compare(left, op: str, right, tolerance: Decimal = Decimal(0)) -> bool:
    """True when the rule holds."""
    if op == Rule.Operator.COMPULSORY_PAIR:
        return (left is None) == (right is None)
    if op == Rule.Operator.EXCLUSIVE_PAIR:
        return left is None or right is None
    diff = left - right
    return {
        "==": abs(diff) <= tolerance,
        "!=": abs(diff) > tolerance,
        "<": diff < 0,
        "<=": diff <= tolerance,
        ">": diff > 0,
        ">=": diff >= -tolerance,
    }[op]


def fa(value) -> str:
    if value is None:
        return "ندارد"
    value = Decimal(value)
    text = f"{int(value):,}" if value == value.to_integral_value() else f"{value:,.2f}"
    return to_persian_digits(text)


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


class _Evaluator:
    def __init__(self, data: _Data, run: ValidationRun):
        self.d = data
        self.run = run
        self.results: list[ValidationResult] = []

    def add(self, rule, *, left_label, left, right_label, right, message, activity=None, breakdown=None,
            unit=None, level=""):  # fmt: skip
        self.results.append(
            ValidationResult(
                run=self.run,
                rule=rule,
                year=self.d.year,
                activity_id=activity,
                breakdown_id=breakdown,
                org_unit_id=unit,
                level=level,
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

    # --- expressions -----------------------------------------------------------------------

    def _operands(self, text: str):
        """[(sign, activity_id, breakdown_id, measure)], or None when the expression names an
        activity that does not exist."""
        operands, sign = [], 1
        for token in re.finditer(r"([+-])|" + OPERAND_RE.pattern, text):
            if token.group(1):
                sign = -1 if token.group(1) == "-" else 1
                continue
            activity = self.d.by_code.get(token.group("code"))
            if activity is None:
                return None
            bd = self.d.bd_by_code.get((activity.pk, token.group("bd") or Breakdown.TOTAL))
            if bd is None:
                return None
            operands.append((sign, activity.pk, bd.pk, token.group("measure")))
            sign = 1
        return operands

    def _value(self, operands, unit, strategy):
        found = [(s, self.d.values.get((a, b, unit, m))) for s, a, b, m in operands]
        present = [(s, v) for s, v in found if v is not None]
        if strategy == Rule.Missing.SKIP_IF_ANY and len(present) < len(found):
            return None, len(present)
        return (sum((s * v for s, v in present), Decimal(0)) if present else None), len(present)

    def expression(self, rule):
        if "*" in rule.left or "*" in rule.right:
            return self._wildcard_pair(rule)
        left, right = self._operands(rule.left), self._operands(rule.right)
        if not left or not right:
            return
        units = set()
        for _s, a, b, _m in left + right:
            units |= self.d.units_of[(a, b)]
        pair = rule.operator in (Rule.Operator.COMPULSORY_PAIR, Rule.Operator.EXCLUSIVE_PAIR)
        for u in units:
            lv, ln = self._value(left, u, rule.missing_value_strategy)
            rv, rn = self._value(right, u, rule.missing_value_strategy)
            if not pair:
                if rule.missing_value_strategy == Rule.Missing.SKIP_IF_ANY and (lv is None or rv is None):
                    continue
                if rule.missing_value_strategy == Rule.Missing.SKIP_IF_ALL and ln + rn == 0:
                    continue
                lv, rv = lv or Decimal(0), rv or Decimal(0)
            if compare(lv, rule.operator, rv):
                continue
            self.add(
                rule,
                left_label=rule.left,
                left=lv,
                right_label=rule.right,
                right=rv,
                message=(
                    f"{rule.name} — {self.where(u)}:"
                    f" {fa(lv)} {rule.get_operator_display()} {fa(rv)} برقرار نیست"
                ),
                activity=left[0][1],
                unit=u,
            )

    def _wildcard_pair(self, rule):
        lm = OPERAND_RE.search(rule.left.replace("*", "X")).group("measure")
        rm = OPERAND_RE.search(rule.right.replace("*", "X")).group("measure")
        # only activities that are planned at all, on their undivided figure: an activity whose
        # table has no plan column (lift certificates, sector breakdowns) is not a violation
        planned = {a for (a, _b, _u, m) in self.d.values if m == Measure.PLAN}
        keys = {(a, b, u) for (a, b, u, _m) in self.d.values if a in planned and self.d.totals[a].pk == b}
        for a, b, u in keys:
            lv, rv = self.d.values.get((a, b, u, lm)), self.d.values.get((a, b, u, rm))
            if compare(lv, rule.operator, rv):
                continue
            self.add(
                rule,
                left_label=dict(Measure.choices)[lm],
                left=lv,
                right_label=dict(Measure.choices)[rm],
                right=rv,
                message=(
                    f"{self.d.activities[a]} — {self.where(u)}:"
                    f" {dict(Measure.choices)[lm]} {fa(lv)}، {dict(Measure.choices)[rm]} {fa(rv)}"
                ),
                activity=a,
                breakdown=b,
                unit=u,
            )


@transaction.atomic
def run_rules(
    *, year: int, trigger: str, user=None, plan_version: PlanVersion | None = None
) -> ValidationRun:
    """Evaluate every active rule on a year's data; the results replace that year's previous ones."""
    ensure_builtin_rules()
    if plan_version is None:
        plan_version = PlanVersion.objects.filter(year=year).order_by("-is_current", "-created_at").first()
    run = ValidationRun.objects.create(year=year, trigger=trigger, started_by=user)
    evaluator = _Evaluator(_Data(year, plan_version), run)
    for rule in ValidationRule.objects.filter(is_active=True):
        getattr(evaluator, rule.kind)(rule)
    ValidationResult.objects.filter(year=year).delete()
    ValidationResult.objects.bulk_create(evaluator.results, batch_size=2000)
    run.findings = len(evaluator.results)
    run.save(update_fields=["findings"])
    return run
