"""A build of the whole annual report in one file (a PDF or an Excel workbook), made by a
background job (`performance.tasks.build_full_report`) and kept until the data change: the row
records the data's fingerprint, the job's progress, and the stored file's name in Django's
default storage (`performance.fullreport.builds`)."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from core.modelfields import optional_fk
from performance.models.catalogue import PlanVersion


class ReportBuild(models.Model):
    class Kind(models.TextChoices):
        PDF = "pdf", "PDF"
        XLSX = "xlsx", "Excel"

    class State(models.TextChoices):
        QUEUED = "queued", "در صف"
        RUNNING = "running", "در حال ساخت"
        DONE = "done", "آماده"
        FAILED = "failed", "ناموفق"

    year = models.PositiveSmallIntegerField("سال")
    plan_version = optional_fk(
        PlanVersion, "نسخه برنامه", related_name="report_builds", on_delete=models.CASCADE
    )
    kind = models.CharField("نوع", max_length=4, choices=Kind.choices)
    fingerprint = models.CharField("اثر داده‌ها", max_length=64)
    state = models.CharField("وضعیت", max_length=10, choices=State.choices, default=State.QUEUED)
    progress = models.PositiveSmallIntegerField("پیشرفت (درصد)", default=0)
    stage = models.CharField("مرحله", max_length=120, blank=True)
    stored_name = models.CharField("نام در انبار", max_length=200, blank=True)
    size = models.PositiveIntegerField("حجم (بایت)", default=0)
    pages = models.PositiveIntegerField("صفحه‌ها", default=0)
    seconds = models.FloatField("مدت ساخت (ثانیه)", null=True, blank=True)
    requested_by = optional_fk(
        settings.AUTH_USER_MODEL, "درخواست‌کننده", related_name="+", on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField("درخواست", default=timezone.now)
    finished_at = models.DateTimeField("پایان", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "ساخت گزارش کامل"
        verbose_name_plural = "ساخت‌های گزارش کامل"
        constraints = [
            # one live build per report and state of the data: a second request joins it
            models.UniqueConstraint(
                fields=["year", "plan_version", "kind", "fingerprint"],
                condition=~models.Q(state="failed"),
                name="reportbuild_one_live_per_data",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year} ({self.get_state_display()})"

    @property
    def percent(self) -> int:
        return 100 if self.state == self.State.DONE else min(99, self.progress)

    @property
    def working(self) -> bool:
        return self.state in (self.State.QUEUED, self.State.RUNNING)

    @property
    def file_name(self) -> str:
        version = f"-{self.plan_version.code}" if self.plan_version_id else ""
        return f"performance-{self.year}{version}-full.{self.kind}"
