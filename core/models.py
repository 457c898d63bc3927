"""Shared tables every domain app may use: the official holidays of the business calendar, and
the ledger of periodic jobs."""

from django.db import models
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

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


class ScheduledRun(models.Model):
    """One period of one periodic job: the scheduler's ledger (core.scheduler).

    The row is inserted in the transaction that enqueues the job's task; the unique constraint on
    (job, period_start) is what lets two schedulers run: the second insert of a period fails and
    that scheduler moves on. The task then records its start, end, output and error here."""

    class State(models.TextChoices):
        QUEUED = "queued", "در صف"
        RUNNING = "running", "در حال اجرا"
        SUCCEEDED = "succeeded", "موفق"
        FAILED = "failed", "ناموفق"

    job = models.CharField("کار", max_length=64)
    period_start = models.DateTimeField("آغاز دوره")
    state = models.CharField("وضعیت", max_length=10, choices=State.choices, default=State.QUEUED)
    enqueued_at = models.DateTimeField("زمان ورود به صف", default=timezone.now)
    started_at = models.DateTimeField("آغاز اجرا", null=True, blank=True)
    finished_at = models.DateTimeField("پایان اجرا", null=True, blank=True)
    attempts = models.PositiveIntegerField("دفعات اجرا", default=0)
    scheduler = models.CharField("زمان‌بند", max_length=200, blank=True)
    task_id = models.CharField("شناسهٔ کار در صف", max_length=64, blank=True)
    output = models.TextField("خروجی", blank=True)
    error = models.TextField("خطا", blank=True)

    class Meta:
        ordering = ["-period_start", "job"]
        verbose_name = "اجرای کار زمان‌بندی‌شده"
        verbose_name_plural = "اجراهای کارهای زمان‌بندی‌شده"
        constraints = [
            models.UniqueConstraint(fields=["job", "period_start"], name="core_scheduledrun_once_per_period")
        ]
        indexes = [models.Index(fields=["job", "state", "period_start"], name="core_sched_job_state_idx")]

    def __str__(self) -> str:
        from core.jalali import format_datetime

        return f"{self.job} {format_datetime(self.period_start)}"
