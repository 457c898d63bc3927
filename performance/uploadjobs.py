"""Large Excel uploads run as background jobs: the file is kept on an `UploadJob` row, the
worker (`performance.tasks.process_upload`) reads or imports it and records its progress, and the
uploader's page polls the row (htmx) until the result is there."""

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone


class UploadJob(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", "در صف"
        RUNNING = "running", "در حال پردازش"
        DONE = "done", "پایان یافته"
        FAILED = "failed", "ناموفق"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="کاربر", on_delete=models.CASCADE)
    file_name = models.CharField("نام پرونده", max_length=200)
    content = models.BinaryField("محتوا")
    import_rows = models.BooleanField("ثبت (نه فقط پیش‌نمایش)", default=False)
    only_good_rows = models.BooleanField("فقط ردیف‌های بی‌خطا", default=False)
    state = models.CharField("وضعیت", max_length=10, choices=State.choices, default=State.QUEUED)
    rows_total = models.PositiveIntegerField("ردیف‌ها", default=0)
    rows_done = models.PositiveIntegerField("ردیف‌های خوانده‌شده", default=0)
    result = models.JSONField("نتیجه", default=dict, blank=True)
    created_at = models.DateTimeField("ایجاد", default=timezone.now)
    finished_at = models.DateTimeField("پایان", null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "پردازش پرونده Excel"
        verbose_name_plural = "پردازش‌های پرونده Excel"

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_state_display()})"

    @property
    def percent(self) -> int:
        if self.state == self.State.DONE:
            return 100
        return min(99, int(100 * self.rows_done / self.rows_total)) if self.rows_total else 0


def start(
    *, user, file_name: str, content: bytes, rows: int, import_rows: bool, only_good_rows: bool
) -> UploadJob:
    """Keep the file and enqueue its processing when the transaction commits: only for someone
    who enters figures (each row is checked again for its unit when it is read)."""
    from performance.entry import check_enterer
    from performance.tasks import process_upload

    check_enterer(user)

    job = UploadJob.objects.create(
        user=user,
        file_name=file_name[:200],
        content=content,
        import_rows=import_rows,
        only_good_rows=only_good_rows,
        rows_total=rows,
    )
    transaction.on_commit(lambda: process_upload.enqueue(job.pk))
    return job
