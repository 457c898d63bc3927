"""Scoring and delegation configuration, editable by the administrator: disciplines, facilities,
violations (negative points), positive criteria, rank thresholds and the rules that delegate a
catalogue service to offices of a given rank."""

from django.core.exceptions import ValidationError
from django.db import models

from core.modelfields import optional_fk


class Discipline(models.Model):
    """A field of expertise a specialised service needs on site (seed 000: physics, chemistry …)."""

    code = models.SlugField("کد", max_length=30, unique=True)
    name = models.CharField("نام", max_length=100, unique=True)
    order = models.PositiveSmallIntegerField("ترتیب", default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = "رشته تخصصی"
        verbose_name_plural = "رشته‌های تخصصی"

    def __str__(self) -> str:
        return self.name


class Facility(models.Model):
    """One item of the facilities and equipment checklist of the office details step (editable)."""

    code = models.SlugField("کد", max_length=40, unique=True)
    title = models.CharField("عنوان", max_length=200)
    order = models.PositiveSmallIntegerField("ترتیب", default=0)
    is_active = models.BooleanField("فعال", default=True)

    class Meta:
        ordering = ["order", "title"]
        verbose_name = "امکانات و تجهیزات"
        verbose_name_plural = "فهرست امکانات و تجهیزات"

    def __str__(self) -> str:
        return self.title


class ViolationItem(models.Model):
    """One of the violations (seed 003, table 4-1) the holder answers one by one, with its negative
    points and its fine in rials; editable."""

    number = models.PositiveSmallIntegerField("ردیف", unique=True)
    title = models.CharField("عنوان تخلف", max_length=300)
    penalty_points = models.DecimalField("امتیاز منفی", max_digits=6, decimal_places=2, default=0)
    # P9: the fine is data, not code; no default, so an item added later states its own amount.
    fine_rials = models.PositiveBigIntegerField(
        "جریمه (ریال)", help_text="مبلغ جریمه هر بار ارتکاب این تخلف، به ریال (جدول ۴-۱)."
    )
    is_active = models.BooleanField("فعال", default=True)

    class Meta:
        ordering = ["number"]
        verbose_name = "تخلف"
        verbose_name_plural = "فهرست تخلفات (امتیاز منفی)"

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class Criterion(models.Model):
    """A positive scoring criterion (table 5-1): which computation, with what parameter, how many points."""

    code = models.SlugField("کد", max_length=40, unique=True)
    title = models.CharField("عنوان معیار", max_length=200)
    computation = models.CharField(
        "روش محاسبه", max_length=40, help_text="از فهرست محاسبه‌های ثبت‌شده در counters.scoring."
    )
    parameter = models.CharField("پارامتر", max_length=60, blank=True)
    points = models.DecimalField(
        "امتیاز",
        max_digits=6,
        decimal_places=2,
        help_text="امتیاز هر واحد (یا کل امتیاز برای معیار بله/خیر).",
    )
    max_points = models.DecimalField("سقف امتیاز", max_digits=6, decimal_places=2, null=True, blank=True)
    is_active = models.BooleanField("فعال", default=True)
    order = models.PositiveSmallIntegerField("ترتیب", default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = "معیار امتیاز مثبت"
        verbose_name_plural = "معیارهای امتیاز مثبت"

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        from counters import scoring

        computation = scoring.COMPUTATIONS.get(self.computation)
        if computation is None:
            raise ValidationError({"computation": "این روش محاسبه تعریف نشده است."})
        if computation.needs_parameter and not self.parameter:
            raise ValidationError({"parameter": "این روش محاسبه پارامتر می‌خواهد."})


class RankThreshold(models.Model):
    """Table 5-2: the least score of each rank (rank 1 is the best)."""

    rank = models.PositiveSmallIntegerField("رتبه", unique=True)
    title = models.CharField("عنوان", max_length=50)
    min_score = models.DecimalField("کمینه امتیاز", max_digits=6, decimal_places=2)

    class Meta:
        ordering = ["rank"]
        verbose_name = "آستانه رتبه"
        verbose_name_plural = "آستانه‌های رتبه"

    def __str__(self) -> str:
        return self.title


class DelegationRule(models.Model):
    """Which rank (and which on-site expert) a catalogue service needs to be delegated to an office."""

    service = models.OneToOneField(
        "catalogue.Service", verbose_name="خدمت", on_delete=models.CASCADE, related_name="counter_rule"
    )
    max_rank = models.PositiveSmallIntegerField(
        "پایین‌ترین رتبه مجاز", help_text="دفاتر با این رتبه یا بهتر (عدد کوچک‌تر) این خدمت را می‌گیرند."
    )
    discipline = optional_fk(Discipline, "کارشناس صلاحیت‌دار لازم", related_name="rules")
    is_active = models.BooleanField("فعال", default=True)

    class Meta:
        verbose_name = "قاعده واگذاری خدمت"
        verbose_name_plural = "قاعده‌های واگذاری خدمت به دفاتر"

    def __str__(self) -> str:
        return str(self.service)
