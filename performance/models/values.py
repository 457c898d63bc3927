"""Plan-versus-actual data in DHIS2's shape: a value per (activity, breakdown, unit, period,
measure, plan version), the figures as printed in a source report, and an audit row per change.

Percent realised is never stored: `percent()` computes it, with the one rounding rule of Miz.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from core.eventlog import AppendOnlyModel
from core.modelfields import optional_fk
from performance.models.catalogue import Activity, Breakdown, Period, PlanVersion

# The rounding rule, stated once: actual / plan × 100, rounded half up to a whole percent
# (the 1400 report prints whole percents); no percent when the plan is zero or missing.
PERCENT_QUANTUM = Decimal("1")


def percent(plan, actual) -> Decimal | None:
    """Percent realised, or None (shown as `-`) when the plan is zero or missing."""
    if plan is None or actual is None:
        return None
    plan, actual = Decimal(plan), Decimal(actual)
    if plan == 0:
        return None
    return (actual * 100 / plan).quantize(PERCENT_QUANTUM, rounding=ROUND_HALF_UP)


class Measure(models.TextChoices):
    PLAN = "plan", "برنامه"
    ACTUAL = "actual", "عملکرد"


class DataValue(models.Model):
    """One number. Plans belong to a plan version; actuals do not (they are the same whatever
    the programme they are compared with), so `plan_version` is empty for actuals."""

    activity = models.ForeignKey(
        Activity, verbose_name="فعالیت", on_delete=models.PROTECT, related_name="values"
    )
    breakdown = models.ForeignKey(
        Breakdown, verbose_name="تفکیک", on_delete=models.PROTECT, related_name="values"
    )
    org_unit = models.ForeignKey(
        "orgs.OrgUnit", verbose_name="واحد", on_delete=models.PROTECT, related_name="performance_values"
    )
    period = models.ForeignKey(Period, verbose_name="دوره", on_delete=models.PROTECT, related_name="values")
    measure = models.CharField("سنجه", max_length=10, choices=Measure.choices)
    plan_version = optional_fk(PlanVersion, "نسخه برنامه", related_name="values")
    value = models.DecimalField("مقدار", max_digits=18, decimal_places=2)
    source = models.CharField("منبع", max_length=20, default="entry")
    updated_at = models.DateTimeField("آخرین تغییر", auto_now=True)

    class Meta:
        verbose_name = "مقدار داده"
        verbose_name_plural = "مقادیر داده"
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "breakdown", "org_unit", "period", "measure", "plan_version"],
                condition=models.Q(plan_version__isnull=False),
                name="datavalue_unique_plan",
            ),
            models.UniqueConstraint(
                fields=["activity", "breakdown", "org_unit", "period", "measure"],
                condition=models.Q(plan_version__isnull=True),
                name="datavalue_unique_actual",
            ),
            models.CheckConstraint(
                condition=(models.Q(measure="plan") & models.Q(plan_version__isnull=False))
                | (models.Q(measure="actual") & models.Q(plan_version__isnull=True)),
                name="datavalue_plan_has_version",
            ),
        ]
        indexes = [models.Index(fields=["period", "activity"], name="datavalue_period_activity")]

    def __str__(self) -> str:
        return f"{self.activity} / {self.org_unit} / {self.period}: {self.value}"

    def clean(self) -> None:
        if self.breakdown_id and self.activity_id and self.breakdown.activity_id != self.activity_id:
            raise ValidationError({"breakdown": "این تفکیک از آنِ این فعالیت نیست."})
        if self.measure == Measure.PLAN and not self.plan_version_id:
            raise ValidationError({"plan_version": "برنامه باید به یک نسخه برنامه وابسته باشد."})
        if self.measure == Measure.ACTUAL and self.plan_version_id:
            raise ValidationError({"plan_version": "عملکرد به نسخه برنامه وابسته نیست."})


class DataValueAudit(AppendOnlyModel):
    """Append-only: every change of a data value, with who, when, the old and the new value."""

    data_value = models.ForeignKey(
        DataValue, verbose_name="مقدار", on_delete=models.SET_NULL, null=True, related_name="audits"
    )
    key = models.CharField("کلید", max_length=200)
    old_value = models.DecimalField("مقدار قبلی", max_digits=18, decimal_places=2, null=True, blank=True)
    new_value = models.DecimalField("مقدار جدید", max_digits=18, decimal_places=2, null=True, blank=True)
    changed_by = optional_fk(settings.AUTH_USER_MODEL, "کاربر")
    changed_at = models.DateTimeField("زمان", auto_now_add=True)
    source = models.CharField("منبع", max_length=20)
    reason = models.CharField("توضیح", max_length=300, blank=True)

    class Meta:
        ordering = ["-changed_at", "-pk"]
        verbose_name = "سابقه تغییر مقدار"
        verbose_name_plural = "سوابق تغییر مقادیر"

    def __str__(self) -> str:
        return f"{self.key}: {self.old_value} → {self.new_value}"


class PrintedFigure(models.Model):
    """A figure exactly as a source report printed it (totals, summary rows, printed percents),
    kept beside the data values so that data-quality rules can compare the two."""

    class Kind(models.TextChoices):
        PLAN = "plan", "برنامه"
        ACTUAL = "actual", "عملکرد"
        PERCENT = "percent", "درصد"
        SHARE = "share", "درصد سهم"
        UNREAD = "unread", "خوانده‌نشده"

    class Level(models.TextChoices):
        UNIT = "unit", "واحد"
        PROVINCES = "provinces", "جمع استان‌ها"
        HQ = "hq", "ستاد"
        RESEARCH = "research", "پژوهشگاه"
        ALL = "all", "جمع کل"

    source = models.CharField("منبع", max_length=40, db_index=True)
    table = models.CharField("جدول", max_length=20)
    line = models.PositiveIntegerField("سطر متن")
    year = models.PositiveSmallIntegerField("سال")
    activity = models.ForeignKey(
        Activity, verbose_name="فعالیت", on_delete=models.CASCADE, related_name="printed", null=True
    )
    breakdown = models.ForeignKey(Breakdown, verbose_name="تفکیک", on_delete=models.CASCADE, null=True)
    level = models.CharField("سطح", max_length=10, choices=Level.choices)
    org_unit = models.ForeignKey("orgs.OrgUnit", verbose_name="واحد", on_delete=models.CASCADE, null=True)
    kind = models.CharField("نوع", max_length=10, choices=Kind.choices)
    label = models.CharField("برچسب سطر", max_length=300, blank=True)
    text = models.CharField("متن چاپی", max_length=40)
    value = models.DecimalField("مقدار", max_digits=18, decimal_places=2, null=True)
    is_summary = models.BooleanField("از جدول خلاصه", default=False)

    class Meta:
        verbose_name = "رقم چاپی"
        verbose_name_plural = "ارقام چاپی"
        indexes = [models.Index(fields=["year", "activity"], name="printed_year_activity")]

    def __str__(self) -> str:
        return f"{self.table}:{self.line} {self.kind}={self.text}"
