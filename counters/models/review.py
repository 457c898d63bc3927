"""The review of a file by its region: experts' notes, the holder's objection and the append-only
event log of every change of state."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from core.eventlog import AppendOnlyModel
from core.modelfields import optional_fk
from counters.models.declaration import Declaration, part_of_file


class ReviewNote(models.Model):
    """An expert's note on one section of a file, for one review round."""

    declaration = part_of_file("notes")
    review_round = models.PositiveSmallIntegerField("دور بررسی")
    section = models.CharField("بخش", max_length=20)
    text = models.TextField("یادداشت")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="کارشناس", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("زمان", default=timezone.now)

    class Meta:
        ordering = ["review_round", "pk"]
        verbose_name = "یادداشت کارشناس"
        verbose_name_plural = "یادداشت‌های کارشناس"

    def __str__(self) -> str:
        return f"{self.section}: {self.text[:40]}"


class Objection(models.Model):
    """The holder's objection to an approved score, and the region's answer."""

    class Outcome(models.TextChoices):
        KEPT = "kept", "امتیاز بدون تغییر ماند"
        CORRECTED = "corrected", "امتیاز اصلاح شد"

    declaration = models.OneToOneField(
        Declaration, verbose_name="پرونده", on_delete=models.CASCADE, related_name="objection"
    )
    text = models.TextField("متن اعتراض")
    created_at = models.DateTimeField("زمان ثبت", default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="معترض", on_delete=models.PROTECT, related_name="+"
    )
    answer = models.TextField("پاسخ منطقه", blank=True)
    outcome = models.CharField("نتیجه", max_length=20, choices=Outcome.choices, blank=True)
    previous_score = models.DecimalField("امتیاز پیش از اعتراض", max_digits=7, decimal_places=2, null=True)
    answered_at = models.DateTimeField("زمان پاسخ", null=True, blank=True)
    answered_by = optional_fk(settings.AUTH_USER_MODEL, "پاسخ‌دهنده", related_name="+")

    class Meta:
        verbose_name = "اعتراض"
        verbose_name_plural = "اعتراض‌ها"

    def __str__(self) -> str:
        return f"اعتراض {self.declaration}"


class DeclarationEvent(AppendOnlyModel):
    """Append-only log of every change of a file's state: who, when, what, from where (E6)."""

    declaration = models.ForeignKey(
        Declaration, verbose_name="پرونده", on_delete=models.PROTECT, related_name="events"
    )
    action = models.CharField("رویداد", max_length=30)
    from_state = models.CharField("از وضعیت", max_length=20, blank=True)
    to_state = models.CharField("به وضعیت", max_length=20, blank=True)
    actor = optional_fk(settings.AUTH_USER_MODEL, "کاربر", related_name="+")
    at = models.DateTimeField("زمان", default=timezone.now)
    ip = models.GenericIPAddressField("نشانی IP", null=True, blank=True)
    note = models.TextField("شرح", blank=True)
    data = models.JSONField("داده", default=dict, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = "رویداد پرونده"
        verbose_name_plural = "رویدادهای پرونده"

    def __str__(self) -> str:
        return f"{self.action} ({self.at:%Y-%m-%d %H:%M})"
