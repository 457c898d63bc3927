"""Plan-versus-actual data in DHIS2's shape: a value per (activity, breakdown, unit, period,
measure, plan version), the figures as printed in a source report, and an audit row per change.

Percent realised is never stored: `percent()` computes it, with the one rounding rule of Miz.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from core.eventlog import AppendOnlyModel
from core.jalali import jalali_month_length

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


class Area(models.Model):
    """A field of work (standardisation, training, certificates, … or an HQ office's own table)."""

    code = models.SlugField("کد", max_length=40, unique=True)
    title = models.CharField("عنوان", max_length=200)
    order = models.PositiveSmallIntegerField("ترتیب", default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = "حوزه"
        verbose_name_plural = "حوزه‌ها"

    def __str__(self) -> str:
        return self.title


class Activity(models.Model):
    """What is counted: the data element of DHIS2."""

    class Aggregation(models.TextChoices):
        SUM = "sum", "جمع"
        AVERAGE = "average", "میانگین"
        NONE = "none", "جمع‌پذیر نیست"

    class Scope(models.TextChoices):
        PROVINCES = "provinces", "استان‌ها"
        HQ = "hq", "ستاد"

    code = models.CharField("کد", max_length=40, unique=True)
    # HQ rows print whole paragraphs as an activity's title (the longest is 1,227 characters)
    title = models.TextField("عنوان")
    area = models.ForeignKey(Area, verbose_name="حوزه", on_delete=models.PROTECT, related_name="activities")
    unit_of_measure = models.CharField("سنجه", max_length=100, default="تعداد")
    aggregation = models.CharField("نحوه تجمیع", max_length=10, choices=Aggregation.choices, default="sum")
    higher_is_better = models.BooleanField("بیشتر بهتر است", default=True)
    scope = models.CharField("سطح", max_length=10, choices=Scope.choices, default=Scope.PROVINCES)
    order = models.PositiveIntegerField("ترتیب", default=0)
    source = models.CharField("منبع", max_length=200, blank=True, help_text="جدول گزارش منبع.")
    desk_service_code = models.CharField(
        "کد خدمت میز خدمت",
        max_length=11,
        blank=True,
        help_text="اگر پر باشد، عملکرد از درخواست‌های انجام‌شده میز خدمت محاسبه می‌شود.",
    )
    is_active = models.BooleanField("فعال", default=True)

    class Meta:
        ordering = ["area__order", "order", "code"]
        verbose_name = "فعالیت"
        verbose_name_plural = "فعالیت‌ها"

    def __str__(self) -> str:
        return self.title


class Breakdown(models.Model):
    """A category of an activity (issue/renewal, an industry sector …). Every activity has a
    `total` breakdown that holds its undivided figures."""

    TOTAL = "total"

    activity = models.ForeignKey(
        Activity, verbose_name="فعالیت", on_delete=models.CASCADE, related_name="breakdowns"
    )
    code = models.CharField("کد", max_length=40)
    title = models.CharField("عنوان", max_length=200, blank=True)
    order = models.PositiveSmallIntegerField("ترتیب", default=0)

    class Meta:
        ordering = ["activity", "order", "code"]
        verbose_name = "تفکیک"
        verbose_name_plural = "تفکیک‌ها"
        constraints = [
            models.UniqueConstraint(fields=["activity", "code"], name="breakdown_unique_code"),
        ]

    def __str__(self) -> str:
        return self.title or "کل"

    @property
    def is_total(self) -> bool:
        return self.code == self.TOTAL


class Period(models.Model):
    """A Jalali year, quarter or month, with its Gregorian first and last day."""

    class Kind(models.TextChoices):
        YEAR = "year", "سال"
        QUARTER = "quarter", "فصل"
        MONTH = "month", "ماه"

    code = models.CharField("کد", max_length=10, unique=True, help_text="1400، 1400Q1 یا 140001")
    kind = models.CharField("نوع", max_length=10, choices=Kind.choices)
    year = models.PositiveSmallIntegerField("سال")
    number = models.PositiveSmallIntegerField("شماره", default=0, help_text="شماره فصل یا ماه")
    start = models.DateField("از")
    end = models.DateField("تا")
    lock_after = models.DateField(
        "قفل پس از", null=True, blank=True, help_text="پس از این تاریخ ورود داده برای این دوره بسته است."
    )

    class Meta:
        ordering = ["year", "kind", "number"]
        verbose_name = "دوره"
        verbose_name_plural = "دوره‌ها"

    def __str__(self) -> str:
        from core.text import to_persian_digits

        if self.kind == self.Kind.YEAR:
            return f"سال {to_persian_digits(self.year)}"
        if self.kind == self.Kind.QUARTER:
            return f"فصل {to_persian_digits(self.number)} {to_persian_digits(self.year)}"
        return f"{to_persian_digits(self.year)}/{to_persian_digits(f'{self.number:02d}')}"

    @staticmethod
    def bounds(kind: str, year: int, number: int = 0):
        import jdatetime

        if kind == Period.Kind.YEAR:
            first_month, last_month = 1, 12
        elif kind == Period.Kind.QUARTER:
            if not 1 <= number <= 4:
                raise ValidationError("شماره فصل باید از ۱ تا ۴ باشد.")
            first_month, last_month = 3 * number - 2, 3 * number
        else:
            if not 1 <= number <= 12:
                raise ValidationError("شماره ماه باید از ۱ تا ۱۲ باشد.")
            first_month = last_month = number
        start = jdatetime.date(year, first_month, 1).togregorian()
        end = jdatetime.date(year, last_month, jalali_month_length(year, last_month)).togregorian()
        return start, end

    @staticmethod
    def make_code(kind: str, year: int, number: int = 0) -> str:
        if kind == Period.Kind.YEAR:
            return str(year)
        if kind == Period.Kind.QUARTER:
            return f"{year}Q{number}"
        return f"{year}{number:02d}"


class PlanVersion(models.Model):
    """An edition of a year's programme; the 1400 report compares with «ویرایش دوم - اسفند ۹۹»."""

    code = models.SlugField("کد", max_length=40, unique=True)
    title = models.CharField("عنوان", max_length=200)
    year = models.PositiveSmallIntegerField("سال برنامه")
    is_current = models.BooleanField("نسخه جاری", default=True)
    created_at = models.DateTimeField("ایجاد", auto_now_add=True)

    class Meta:
        ordering = ["-year", "code"]
        verbose_name = "نسخه برنامه"
        verbose_name_plural = "نسخه‌های برنامه"

    def __str__(self) -> str:
        return self.title


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
    plan_version = models.ForeignKey(
        PlanVersion,
        verbose_name="نسخه برنامه",
        on_delete=models.PROTECT,
        related_name="values",
        null=True,
        blank=True,
    )
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
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="کاربر", on_delete=models.PROTECT, null=True, blank=True
    )
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


class ValidationRule(models.Model):
    """A data-quality rule stored as data (DHIS2's validation rule): left side, operator, right
    side, importance and missing-value strategy. `kind` selects a built-in family of checks
    (sums, printed figures, outliers); `expression` rules compare two data-value expressions
    such as `#{P021.b01:actual}` and `#{P018:actual}` for every unit."""

    class Kind(models.TextChoices):
        EXPRESSION = "expression", "عبارت"
        PRINTED_TOTAL = "printed_total", "جمع چاپی برابر جمع استان‌ها"
        BREAKDOWN_SUM = "breakdown_sum", "جمع تفکیک‌ها برابر کل"
        PRINTED_PERCENT = "printed_percent", "درصد چاپی برابر درصد محاسبه‌شده"
        SUMMARY_DETAIL = "summary_detail", "خلاصه برابر جزئیات"
        BOUNDS = "bounds", "کمینه و بیشینه"
        OUTLIER = "outlier", "داده پرت (z مقاوم)"
        RATIO_BAND = "ratio_band", "درصد تحقق بیرون از بازه"

    class Operator(models.TextChoices):
        EQ = "==", "="
        NE = "!=", "≠"
        LT = "<", "<"
        LE = "<=", "≤"
        GT = ">", ">"
        GE = ">=", "≥"
        COMPULSORY_PAIR = "compulsory_pair", "هر دو یا هیچ‌کدام"
        EXCLUSIVE_PAIR = "exclusive_pair", "نه هر دو"

    class Importance(models.TextChoices):
        HIGH = "high", "زیاد"
        MEDIUM = "medium", "متوسط"
        LOW = "low", "کم"

    class Missing(models.TextChoices):
        SKIP_IF_ANY = "skip_if_any_missing", "اگر یکی نباشد، بررسی نشود"
        SKIP_IF_ALL = "skip_if_all_missing", "اگر هیچ‌کدام نباشد، بررسی نشود (نبود = صفر)"
        NEVER_SKIP = "never_skip", "همیشه بررسی شود (نبود = صفر)"

    code = models.SlugField("کد", max_length=60, unique=True)
    name = models.CharField("نام", max_length=300)
    kind = models.CharField("نوع", max_length=20, choices=Kind.choices, default=Kind.EXPRESSION)
    left = models.CharField("سمت چپ", max_length=500, blank=True)
    operator = models.CharField("عملگر", max_length=20, choices=Operator.choices, default=Operator.EQ)
    right = models.CharField("سمت راست", max_length=500, blank=True)
    importance = models.CharField(
        "اهمیت", max_length=10, choices=Importance.choices, default=Importance.MEDIUM
    )
    missing_value_strategy = models.CharField(
        "راهبرد مقدار ناموجود", max_length=25, choices=Missing.choices, default=Missing.SKIP_IF_ANY
    )
    params = models.JSONField("پارامترها", default=dict, blank=True)
    is_active = models.BooleanField("فعال", default=True)

    class Meta:
        ordering = ["kind", "code"]
        verbose_name = "قاعده کیفیت داده"
        verbose_name_plural = "قواعد کیفیت داده"

    def __str__(self) -> str:
        return self.name


class ValidationRun(models.Model):
    class Trigger(models.TextChoices):
        IMPORT = "import", "ورود گزارش"
        SUBMIT = "submit", "ارسال داده"
        DEMAND = "demand", "درخواست کاربر"
        COMMAND = "command", "خط فرمان"

    year = models.PositiveSmallIntegerField("سال")
    trigger = models.CharField("علت اجرا", max_length=10, choices=Trigger.choices)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="کاربر", on_delete=models.SET_NULL, null=True, blank=True
    )
    started_at = models.DateTimeField("زمان", auto_now_add=True)
    findings = models.PositiveIntegerField("تعداد یافته", default=0)

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = "اجرای قواعد کیفیت"
        verbose_name_plural = "اجراهای قواعد کیفیت"

    def __str__(self) -> str:
        return f"{self.year} {self.get_trigger_display()} ({self.findings})"


class ValidationResult(models.Model):
    """One violation, with the exact figures on both sides."""

    run = models.ForeignKey(
        ValidationRun, verbose_name="اجرا", on_delete=models.CASCADE, related_name="results"
    )
    rule = models.ForeignKey(
        ValidationRule, verbose_name="قاعده", on_delete=models.CASCADE, related_name="results"
    )
    year = models.PositiveSmallIntegerField("سال")
    activity = models.ForeignKey(Activity, verbose_name="فعالیت", on_delete=models.CASCADE, null=True)
    breakdown = models.ForeignKey(Breakdown, verbose_name="تفکیک", on_delete=models.CASCADE, null=True)
    org_unit = models.ForeignKey("orgs.OrgUnit", verbose_name="واحد", on_delete=models.CASCADE, null=True)
    level = models.CharField("سطح", max_length=20, blank=True)
    left_label = models.CharField("سمت چپ", max_length=300)
    left_value = models.DecimalField("مقدار چپ", max_digits=18, decimal_places=2, null=True)
    right_label = models.CharField("سمت راست", max_length=300)
    right_value = models.DecimalField("مقدار راست", max_digits=18, decimal_places=2, null=True)
    message = models.CharField("شرح", max_length=500)

    class Meta:
        ordering = ["rule__kind", "activity__order", "org_unit__order", "pk"]
        verbose_name = "یافته کیفیت داده"
        verbose_name_plural = "یافته‌های کیفیت داده"

    def __str__(self) -> str:
        return self.message


class Submission(models.Model):
    """The approval state of one unit's data for one period: entered by the unit, approved
    bottom-up (province, then the HQ planning office) and locked once approved."""

    class State(models.TextChoices):
        DRAFT = "draft", "در حال ورود"
        SUBMITTED = "submitted", "ارسال‌شده برای تأیید استان"
        PROVINCE_APPROVED = "province_approved", "تأیید استان، در انتظار ستاد"
        APPROVED = "approved", "تأیید نهایی (قفل)"

    # (from, to) → the role that may make the move
    TRANSITIONS = {
        ("draft", "submitted"): "unit",
        ("submitted", "province_approved"): "province_manager",
        ("province_approved", "approved"): "hq_planner",
        ("submitted", "draft"): "province_manager",
        ("province_approved", "draft"): "hq_planner",
    }

    org_unit = models.ForeignKey(
        "orgs.OrgUnit", verbose_name="واحد", on_delete=models.PROTECT, related_name="+"
    )
    period = models.ForeignKey(
        Period, verbose_name="دوره", on_delete=models.PROTECT, related_name="submissions"
    )
    state = models.CharField("وضعیت", max_length=20, choices=State.choices, default=State.DRAFT)
    updated_at = models.DateTimeField("آخرین تغییر", auto_now=True)

    class Meta:
        verbose_name = "ارسال داده"
        verbose_name_plural = "ارسال‌های داده"
        constraints = [models.UniqueConstraint(fields=["org_unit", "period"], name="submission_unique")]

    def __str__(self) -> str:
        return f"{self.org_unit} / {self.period}: {self.get_state_display()}"


class SubmissionEvent(AppendOnlyModel):
    """Append-only log of every state change: who, when, from, to, why."""

    submission = models.ForeignKey(Submission, on_delete=models.PROTECT, related_name="events")
    from_state = models.CharField("از", max_length=20)
    to_state = models.CharField("به", max_length=20)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="کاربر", on_delete=models.PROTECT, null=True
    )
    at = models.DateTimeField("زمان", auto_now_add=True)
    note = models.CharField("توضیح", max_length=500, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = "رویداد ارسال داده"
        verbose_name_plural = "رویدادهای ارسال داده"

    def __str__(self) -> str:
        return f"{self.from_state} → {self.to_state}"


class LockException(models.Model):
    """A recorded exception that reopens a locked period for one unit until a date."""

    org_unit = models.ForeignKey(
        "orgs.OrgUnit", verbose_name="واحد", on_delete=models.PROTECT, related_name="+"
    )
    period = models.ForeignKey(
        Period, verbose_name="دوره", on_delete=models.PROTECT, related_name="lock_exceptions"
    )
    valid_until = models.DateField("معتبر تا")
    reason = models.CharField("علت", max_length=500)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="اجازه‌دهنده", on_delete=models.PROTECT
    )
    granted_at = models.DateTimeField("زمان", auto_now_add=True)

    class Meta:
        ordering = ["-granted_at"]
        verbose_name = "استثنای قفل"
        verbose_name_plural = "استثناهای قفل"

    def __str__(self) -> str:
        return f"{self.org_unit} / {self.period} تا {self.valid_until}"


from performance.uploadjobs import UploadJob  # noqa: E402, F401  (kept beside the upload code)
