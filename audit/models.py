"""The sign-in log: every sign-in, failed sign-in and sign-out, append-only.

Configuration changes are kept by django-auditlog (`auditlog.LogEntry`, registered in
`audit.registry`); the desk, counters and performance keep their own event logs. This app adds
the one trail none of them keeps, and the auditor's pages over all of them (`audit.trails`).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from core.eventlog import AppendOnlyModel
from core.modelfields import optional_fk


class SignInRecord(AppendOnlyModel):
    class Outcome(models.TextChoices):
        SUCCESS = "success", "ورود موفق"
        FAILURE = "failure", "ورود ناموفق"
        SIGN_OUT = "sign_out", "خروج"

    class Method(models.TextChoices):
        PASSWORD = "password", "رمز عبور"
        ONE_TIME_CODE = "otp", "کد یک‌بارمصرف"
        OTHER = "other", "دیگر"

    at = models.DateTimeField("زمان", default=timezone.now, db_index=True)
    outcome = models.CharField("نتیجه", max_length=10, choices=Outcome.choices, db_index=True)
    method = models.CharField("روش", max_length=10, choices=Method.choices, default=Method.OTHER)
    user = optional_fk(settings.AUTH_USER_MODEL, "کاربر", related_name="+")
    # What was typed, kept as typed (trimmed): a failed attempt may name no account at all.
    national_code = models.CharField("کد ملی واردشده", max_length=32, blank=True, db_index=True)
    ip = models.GenericIPAddressField("نشانی IP", null=True, blank=True)
    user_agent = models.CharField("مرورگر", max_length=300, blank=True)
    path = models.CharField("نشانی صفحه", max_length=200, blank=True)
    reason = models.CharField("علت", max_length=40, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = "سابقه ورود"
        verbose_name_plural = "سوابق ورود"

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} {self.national_code}"
