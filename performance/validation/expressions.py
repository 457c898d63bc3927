"""The rule expression language: operand syntax (`#{P021.b01:actual}`), the check of an
expression typed in the admin, the comparison operators, figure formatting for messages, and the
evaluation of `expression` rules (as a mixin of the evaluator in `performance.validation.checks`)."""

import re
from decimal import Decimal

from core.text import to_persian_digits
from performance.models import Breakdown, Measure, ValidationRule

Rule = ValidationRule
OPERAND_RE = re.compile(
    r"#\{(?P<code>[A-Za-z0-9\-]+)(?:\.(?P<bd>[A-Za-z0-9_\-]+))?:(?P<measure>plan|actual)\}"
)
EXPRESSION_RE = re.compile(r"^\s*[+-]?\s*#\{[^}]+\}(\s*[+-]\s*#\{[^}]+\})*\s*$")


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


class ExpressionChecks:
    """The `expression` rule family; mixed into `_Evaluator`, whose `d` (the year's data), `add`
    and `where` it uses."""

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
