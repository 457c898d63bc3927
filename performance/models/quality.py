"""Data-quality rules stored as data (DHIS2's validation rules), each run of them and the
violations a run found; the evaluation itself lives in `performance.validation`."""

from django.conf import settings
from django.db import models

from core.modelfields import optional_fk
from performance.models.catalogue import Activity, Breakdown


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
        LINE_PERCENT = "line_percent", "درصد چاپی هر سطر برابر عملکرد ÷ برنامه همان سطر"
        LINE_SUM = "line_sum", "جمع چاپی برابر جمع اجزای چاپی"
        TWIN = "twin", "رقم چاپ‌شده در دو جا یکسان"
        LINE_SHAPE = "line_shape", "سطری که خانه‌ای را از دست داده یا جابه‌جا چاپ شده"
        PRINT_NOTE = "print_note", "یافته ورود (نام استان، سال و عنوان)"

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
    started_by = optional_fk(settings.AUTH_USER_MODEL, "کاربر", on_delete=models.SET_NULL)
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
    line = models.PositiveIntegerField("سطر متن", null=True, blank=True)
    left_label = models.CharField("سمت چپ", max_length=300)
    left_value = models.DecimalField("مقدار چپ", max_digits=18, decimal_places=2, null=True)
    right_label = models.CharField("سمت راست", max_length=300)
    right_value = models.DecimalField("مقدار راست", max_digits=18, decimal_places=2, null=True)
    message = models.CharField("شرح", max_length=500)

    class Meta:
        ordering = ["rule__kind", "line", "activity__order", "org_unit__order", "pk"]
        verbose_name = "یافته کیفیت داده"
        verbose_name_plural = "یافته‌های کیفیت داده"

    def __str__(self) -> str:
        return self.message
