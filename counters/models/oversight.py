"""The region's oversight of a file beyond its review (P8): corrections of the violations list by
the national committee's ruling, and site visits with what was found and the photos taken."""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

from core.eventlog import AppendOnlyModel
from core.modelfields import JalaliDateField, optional_fk
from counters.models.config import Facility, ViolationItem
from counters.models.declaration import Declaration, StaffMember, UploadedScan


class ViolationCorrection(AppendOnlyModel):
    """The region's correction of one answer of the violations list where the national committee's
    ruling differs from what the holder declared: before and after, with the ruling (seed 003, 4-2).
    Written once; a later ruling is a new correction."""

    declaration = models.ForeignKey(
        Declaration, verbose_name="پرونده", on_delete=models.PROTECT, related_name="corrections"
    )
    item = models.ForeignKey(ViolationItem, verbose_name="تخلف", on_delete=models.PROTECT, related_name="+")
    was_committed = models.BooleanField("پاسخ دفتر: مرتکب شده است")
    committed = models.BooleanField("پس از اصلاح: مرتکب شده است")
    ruling_date = JalaliDateField("تاریخ حکم کمیته کشوری")
    ruling_number = models.CharField("شماره حکم کمیته کشوری", max_length=50)
    reason = models.TextField("شرح اصلاح", blank=True)
    score_before = models.DecimalField("امتیاز پیش از اصلاح", max_digits=7, decimal_places=2)
    score_after = models.DecimalField("امتیاز پس از اصلاح", max_digits=7, decimal_places=2)
    rank_before = models.PositiveSmallIntegerField("رتبه پیش از اصلاح", null=True, blank=True)
    rank_after = models.PositiveSmallIntegerField("رتبه پس از اصلاح", null=True, blank=True)
    corrected_by = optional_fk(settings.AUTH_USER_MODEL, "کارشناس منطقه", related_name="+")
    corrected_at = models.DateTimeField("زمان اصلاح", default=timezone.now)

    class Meta:
        ordering = ["corrected_at", "pk"]
        verbose_name = "اصلاح تخلف به حکم کمیته کشوری"
        verbose_name_plural = "اصلاحات تخلفات به حکم کمیته کشوری"

    def __str__(self) -> str:
        return f"{self.declaration} — {self.item}"


class Visit(models.Model):
    """A site visit of an office by an expert of its region: planned for a day, then recorded
    against the file it checks (what was declared there)."""

    class State(models.TextChoices):
        PLANNED = "planned", "برنامه‌ریزی‌شده"
        RECORDED = "recorded", "انجام و ثبت‌شده"

    office = models.ForeignKey(
        "orgs.CounterOffice", verbose_name="دفتر", on_delete=models.PROTECT, related_name="visits"
    )
    declaration = models.ForeignKey(
        Declaration, verbose_name="پرونده سنجیده‌شده", on_delete=models.PROTECT, related_name="visits"
    )
    planned_on = JalaliDateField("تاریخ بازدید")
    planned_by = optional_fk(settings.AUTH_USER_MODEL, "برنامه‌ریز", related_name="+")
    state = models.CharField("وضعیت", max_length=20, choices=State.choices, default=State.PLANNED)
    recorded_at = models.DateTimeField("زمان ثبت نتیجه", null=True, blank=True)
    recorded_by = optional_fk(settings.AUTH_USER_MODEL, "بازدیدکننده", related_name="+")
    note = models.TextField("شرح بازدید", blank=True)

    class Meta:
        ordering = ["planned_on", "pk"]
        verbose_name = "بازدید دفتر"
        verbose_name_plural = "بازدیدهای دفاتر"

    def __str__(self) -> str:
        return f"بازدید {self.office} ({self.planned_on})"


class VisitFinding(models.Model):
    """Whether one declared facility or staff member was found on the visit."""

    class Kind(models.TextChoices):
        FACILITY = "facility", "امکانات و تجهیزات"
        STAFF = "staff", "کارکنان"

    visit = models.ForeignKey(Visit, verbose_name="بازدید", on_delete=models.CASCADE, related_name="findings")
    kind = models.CharField("نوع", max_length=10, choices=Kind.choices)
    facility = optional_fk(Facility, "قلم امکانات", related_name="+")
    staff = optional_fk(StaffMember, "کارمند", related_name="+", on_delete=models.SET_NULL)
    label = models.CharField("عنوان", max_length=200)
    found = models.BooleanField("یافت شد")

    class Meta:
        ordering = ["visit", "kind", "pk"]
        verbose_name = "یافته بازدید"
        verbose_name_plural = "یافته‌های بازدید"

    def __str__(self) -> str:
        return f"{self.label}: {'یافت شد' if self.found else 'یافت نشد'}"


def visit_photo_upload_to(instance: "VisitPhoto", filename: str) -> str:
    ext = "png" if instance.content_type == "image/png" else "jpg"
    return f"counters/visits/{instance.visit.office_id}/{instance.visit_id}-{secrets.token_hex(8)}.{ext}"


class VisitPhoto(UploadedScan):
    """A photo taken on a visit (JPEG or PNG, checked by content and size)."""

    visit = models.ForeignKey(Visit, verbose_name="بازدید", on_delete=models.CASCADE, related_name="photos")
    file = models.FileField("فایل", upload_to=visit_photo_upload_to, max_length=200)

    class Meta:
        ordering = ["visit", "pk"]
        verbose_name = "عکس بازدید"
        verbose_name_plural = "عکس‌های بازدید"
