"""The licence of a counter office: who holds it, its status and expiry."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from core.eventlog import AppendOnlyModel
from core.modelfields import JalaliDateField, optional_fk
from core.text import ltr_code


class Licence(models.Model):
    """The licence of one counter office: who holds it, its number, status and expiry."""

    class Status(models.TextChoices):
        ACTIVE = "active", "معتبر"
        SUSPENDED = "suspended", "تعلیق‌شده"
        REVOKED = "revoked", "لغوشده"

    office = models.OneToOneField(
        "orgs.CounterOffice", verbose_name="دفتر", on_delete=models.CASCADE, related_name="licence"
    )
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="دارنده پروانه",
        on_delete=models.PROTECT,
        related_name="counter_licences",
    )
    number = models.CharField("شماره پروانه", max_length=30, unique=True)
    status = models.CharField("وضعیت", max_length=20, choices=Status.choices, default=Status.ACTIVE)
    issued_on = JalaliDateField("تاریخ صدور", null=True, blank=True)
    expires_on = JalaliDateField("تاریخ انقضا")
    file_complete = models.BooleanField(
        "پرونده کامل است", default=True, help_text="اگر پرونده نقص دارد، دارنده پروانه نمی‌تواند وارد شود."
    )
    missing_items = models.TextField("نقص پرونده", blank=True, help_text="آنچه باید تکمیل شود.")
    renewed_on = JalaliDateField("تاریخ آخرین تمدید", null=True, blank=True)
    status_since = JalaliDateField("تاریخ وضعیت کنونی", null=True, blank=True)
    status_reason = models.TextField("علت وضعیت کنونی", blank=True)

    class Meta:
        verbose_name = "پروانه دفتر"
        verbose_name_plural = "پروانه‌های دفاتر"

    def __str__(self) -> str:
        return f"{self.number} — {self.office}"

    def clean(self) -> None:
        if not self.file_complete and not self.missing_items.strip():
            raise ValidationError({"missing_items": "برای پرونده ناقص، نقص آن را بنویسید."})
        if self.issued_on and self.expires_on and self.expires_on <= self.issued_on:
            raise ValidationError({"expires_on": "تاریخ انقضا باید پس از تاریخ صدور باشد."})

    def refusal_reason(self, today: dt.date | None = None) -> str:
        """Why this licence keeps its holder out, or "" when it is in good standing."""
        from core.jalali import format_date

        today = today or timezone.localdate()
        if self.status != self.Status.ACTIVE:
            return f"پروانه دفتر {ltr_code(self.office.code)} {self.get_status_display()} است."
        if self.expires_on < today:
            expired = format_date(self.expires_on)
            return f"پروانه دفتر {ltr_code(self.office.code)} در {expired} منقضی شده و تمدید نشده است."
        if not self.file_complete:
            return f"پرونده دفتر {ltr_code(self.office.code)} ناقص است: {self.missing_items.strip()}"
        return ""


class IdentityMismatch(models.Model):
    """The holder's report that the holder name or office code shown before a declaration is not
    theirs (P8); it waits on the region's workbench until an expert settles it."""

    office = models.ForeignKey(
        "orgs.CounterOffice", verbose_name="دفتر", on_delete=models.PROTECT, related_name="identity_reports"
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="گزارش‌دهنده", on_delete=models.PROTECT, related_name="+"
    )
    holder_name_shown = models.CharField("نام دارنده نشان‌داده‌شده", max_length=200)
    office_code_shown = models.CharField("کد دفتر نشان‌داده‌شده", max_length=20)
    text = models.TextField("شرح مغایرت")
    created_at = models.DateTimeField("زمان گزارش", default=timezone.now)
    resolved_at = models.DateTimeField("زمان رسیدگی", null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="رسیدگی‌کننده",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = "گزارش مغایرت مشخصات دفتر"
        verbose_name_plural = "گزارش‌های مغایرت مشخصات دفتر"

    def __str__(self) -> str:
        return f"مغایرت {self.office_code_shown}"


class LicenceEvent(AppendOnlyModel):
    """The office's licence log: every creation, renewal, suspension, reinstatement, revocation and
    import of its licence, with who, when, the reason and the dates (append-only)."""

    office = models.ForeignKey(
        "orgs.CounterOffice", verbose_name="دفتر", on_delete=models.PROTECT, related_name="licence_events"
    )
    licence = models.ForeignKey(
        Licence, verbose_name="پروانه", on_delete=models.PROTECT, related_name="events"
    )
    action = models.CharField("رویداد", max_length=30)
    from_status = models.CharField("از وضعیت", max_length=20, blank=True, choices=Licence.Status.choices)
    to_status = models.CharField("به وضعیت", max_length=20, blank=True, choices=Licence.Status.choices)
    effective_on = JalaliDateField("تاریخ اثر", null=True, blank=True)
    reason = models.TextField("علت", blank=True)
    actor = optional_fk(settings.AUTH_USER_MODEL, "کاربر", related_name="+")
    at = models.DateTimeField("زمان", default=timezone.now)
    ip = models.GenericIPAddressField("نشانی IP", null=True, blank=True)
    data = models.JSONField("داده", default=dict, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = "رویداد پروانه دفتر"
        verbose_name_plural = "رویدادهای پروانه دفاتر"

    def __str__(self) -> str:
        return f"{self.action} ({self.at:%Y-%m-%d %H:%M})"


class LicenceReminder(models.Model):
    """One expiry reminder sent to a licence's holder: at most one per licence, threshold (days
    before expiry) and expiry date, so a job run twice never sends it twice, and a renewed licence
    is reminded again before its new expiry."""

    licence = models.ForeignKey(
        Licence, verbose_name="پروانه", on_delete=models.CASCADE, related_name="reminders"
    )
    days_before = models.PositiveSmallIntegerField("روز مانده به انقضا")
    expires_on = JalaliDateField("تاریخ انقضا")
    sent_at = models.DateTimeField("زمان ارسال", default=timezone.now)

    class Meta:
        verbose_name = "یادآوری انقضای پروانه"
        verbose_name_plural = "یادآوری‌های انقضای پروانه"
        constraints = [
            models.UniqueConstraint(
                fields=["licence", "days_before", "expires_on"], name="licence_reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.licence} — {self.days_before}"
