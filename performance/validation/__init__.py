"""Data-quality rules (DHIS2's validation rules): evaluation of the rules stored as data, and
the built-in rules every installation starts with. Results keep the figures on both sides.

One module per topic: `builtin` (the built-in rules), `expressions` (the rule expression
language), `checks` (the evaluator and its built-in rule families) and `runner` (`run_rules`)."""

from performance.validation.builtin import BUILTIN_RULES, SAME_FIGURE, ensure_builtin_rules
from performance.validation.expressions import EXPRESSION_RE, OPERAND_RE, compare, fa, validate_expression
from performance.validation.runner import run_rules

__all__ = [
    "BUILTIN_RULES",
    "EXPRESSION_RE",
    "OPERAND_RE",
    "SAME_FIGURE",
    "compare",
    "ensure_builtin_rules",
    "fa",
    "run_rules",
    "validate_expression",
]
