"""`run_rules()`: evaluate every active data-quality rule on a year's data and store the results
of the run, replacing that year's previous ones."""

from django.db import transaction

from performance.models import PlanVersion, ValidationResult, ValidationRule, ValidationRun
from performance.validation.builtin import ensure_builtin_rules
from performance.validation.checks import _Data, _Evaluator


@transaction.atomic
def run_rules(
    *, year: int, trigger: str, user=None, plan_version: PlanVersion | None = None
) -> ValidationRun:
    """Evaluate every active rule on a year's data; the results replace that year's previous ones."""
    ensure_builtin_rules()
    if plan_version is None:
        from performance.selectors import plan_version_for

        plan_version = plan_version_for(year)
    run = ValidationRun.objects.create(year=year, trigger=trigger, started_by=user)
    evaluator = _Evaluator(_Data(year, plan_version), run)
    for rule in ValidationRule.objects.filter(is_active=True):
        getattr(evaluator, rule.kind)(rule)
    ValidationResult.objects.filter(year=year).delete()
    ValidationResult.objects.bulk_create(evaluator.results, batch_size=2000)
    run.findings = len(evaluator.results)
    run.save(update_fields=["findings"])
    return run
