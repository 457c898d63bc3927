"""Shared tables every domain app may use: the official holidays of the business calendar."""

from django.db import models
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from core import calendar
from core.modelfields import JalaliDateField


class Holiday(models.Model):
    """An official holiday. Seeded from the `holidays` package; lunar dates are estimates that
    an administrator corrects here when the official calendar is announced."""

    class Source(models.TextChoices):
        PACKAGE = "package", "تقویم رسمی (بسته holidays)"
        MANUAL = "manual", "ثبت دستی"

    date = JalaliDateField("تاریخ", unique=True)
    title = models.CharField("عنوان", max_length=200)
    is_estimate = models.BooleanField(
        "تخمینی", default=False, help_text="تاریخ‌های قمری تا اعلام رسمی تخمینی‌اند."
    )
    is_active = models.BooleanField(
        "تعطیل است", default=True, help_text="برای حذف یک تعطیلی اشتباه، این گزینه را بردارید."
    )
    source = models.CharField("منبع", max_length=10, choices=Source.choices, default=Source.MANUAL)
    package_date = models.DateField(
        "تاریخ در بسته",
        null=True,
        blank=True,
        unique=True,
        editable=False,
        help_text="تاریخی که بسته holidays داده بود؛ بارگذاری دوباره، اصلاح دستی را بازنویسی نمی‌کند.",
    )
    updated_at = models.DateTimeField("آخرین تغییر", auto_now=True)

    class Meta:
        ordering = ["date"]
        verbose_name = "تعطیل رسمی"
        verbose_name_plural = "تعطیلات رسمی"

    def __str__(self) -> str:
        from core.jalali import format_date

        return f"{format_date(self.date)} {self.title}"


@receiver([post_save, post_delete], sender=Holiday)
def _holidays_changed(**kwargs) -> None:
    calendar.clear_cache()
