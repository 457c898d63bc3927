"""Service-level agreements (seed 002): versioned, dated, with their overlap rules and messages."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from catalogue.models.fields import AT_LEAST_ONE_DAY, _fa
from catalogue.models.service import Service
from core.modelfields import JalaliDateField
from orgs.models import OrgUnit, Province


class AgreementQuerySet(models.QuerySet):
    def in_force(self, on: dt.date | None = None):
        on = on or timezone.localdate()
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=on)).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=on)
        )

    def expired(self, on: dt.date | None = None):
        return self.filter(valid_until__lt=on or timezone.localdate())

    def expiring_within(self, days: int = 30, on: dt.date | None = None):
        """In force today and ending within `days` calendar days."""
        on = on or timezone.localdate()
        return self.in_force(on).filter(valid_until__lte=on + dt.timedelta(days=days))

    def overlapping(
        self, *, service_id, provider_unit_id, valid_from, valid_until, exclude_pk=None, province_id=None
    ):
        """Versions of the same agreement (service, providing unit and scope: national or one
        province) whose validity meets [valid_from, valid_until]."""
        qs = self.filter(service_id=service_id, provider_unit_id=provider_unit_id, province_id=province_id)
        if exclude_pk:
            qs = qs.exclude(pk=exclude_pk)
        if valid_until is not None:
            qs = qs.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=valid_until))
        if valid_from is not None:
            qs = qs.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=valid_from))
        return qs


class ServiceLevelAgreement(models.Model):
    """A versioned service-level agreement (seed 002) between a providing unit and applicants."""

    service = models.ForeignKey(
        Service, verbose_name="خدمت", on_delete=models.CASCADE, related_name="agreements"
    )
    provider_unit = models.ForeignKey(
        OrgUnit, verbose_name="واحد ارائه‌دهنده", on_delete=models.PROTECT, related_name="service_agreements"
    )
    province = models.ForeignKey(
        Province,
        verbose_name="استان (نسخه استانی)",
        on_delete=models.PROTECT,
        related_name="service_agreements",
        null=True,
        blank=True,
        help_text=(
            "خالی: نسخه ملی، برای همه واحدها. با انتخاب استان، درخواست‌هایی که اداره کل آن استان "
            "(یا واحدی زیر آن) رسیدگی می‌کند با مهلت همین نسخه سررسید می‌شوند."
        ),
    )
    version = models.PositiveSmallIntegerField("نسخه", blank=True)
    title = models.CharField("عنوان توافقنامه", max_length=300, blank=True)
    introduction = models.TextField("مقدمه و مبنای قانونی", blank=True)
    goals = models.TextField("هدف", blank=True)
    responsibility = models.TextField("مسئولیت", blank=True)
    applicant_obligations = models.TextField("تعهدات خدمت‌گیرنده", blank=True)
    agency_obligations = models.TextField("تعهدات دستگاه اجرایی", blank=True)
    fees_and_payments = models.TextField("هزینه‌ها و پرداخت‌ها", blank=True)
    performance_period = models.TextField("دوره عملکرد", blank=True)
    valid_from = JalaliDateField("معتبر از", null=True, blank=True, help_text="خالی: از آغاز.")
    valid_until = JalaliDateField("معتبر تا", null=True, blank=True, help_text="خالی: بی‌پایان.")
    termination = models.TextField("خاتمه و تأیید توافقنامه", blank=True)
    response_working_days = models.PositiveSmallIntegerField(
        "مهلت پاسخ نخست (روز کاری)", null=True, blank=True, validators=[AT_LEAST_ONE_DAY]
    )
    resolution_working_days = models.PositiveSmallIntegerField(
        "مهلت انجام کامل خدمت (روز کاری)", null=True, blank=True, validators=[AT_LEAST_ONE_DAY]
    )
    targets_are_sample = models.BooleanField("مهلت‌ها نمونه است", default=False)
    is_sample = models.BooleanField(
        "متن نمونه است", default=False, help_text="متن توافقنامه در منابع نیامده و نمونه است."
    )
    created_at = models.DateTimeField("ایجاد", auto_now_add=True)
    updated_at = models.DateTimeField("آخرین تغییر", auto_now=True)

    objects = AgreementQuerySet.as_manager()

    class Meta:
        ordering = ["service", "provider_unit", "-version"]
        verbose_name = "توافقنامه سطح خدمت"
        verbose_name_plural = "توافقنامه‌های سطح خدمت"
        constraints = [
            models.UniqueConstraint(
                fields=["service", "provider_unit", "version"],
                name="catalogue_sla_version_unique",
                violation_error_message="این نسخه توافقنامه برای این خدمت و واحد پیش‌تر ثبت شده است.",
            ),
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_until__isnull=True)
                | Q(valid_until__gte=models.F("valid_from")),
                name="catalogue_sla_until_not_before_from",
                violation_error_message="تاریخ پایان اعتبار نمی‌تواند پیش از تاریخ آغاز اعتبار باشد.",
            ),
        ]

    def __str__(self) -> str:
        scope = f" — استان {self.province}" if self.province_id else ""
        return f"{self.title or self.service.title} — نسخه {_fa(self.version or '')}{scope}"

    def save(self, *args, **kwargs):
        if not self.version:
            last = (
                ServiceLevelAgreement.objects.filter(
                    service_id=self.service_id, provider_unit_id=self.provider_unit_id
                )
                .aggregate(m=models.Max("version"))
                .get("m")
            )
            self.version = (last or 0) + 1
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValidationError(
                {"valid_until": "تاریخ پایان اعتبار نمی‌تواند پیش از تاریخ آغاز اعتبار باشد."},
                code="sla_dates",
            )
        if (
            self.province_id
            and self.provider_unit_id
            and self.provider_unit.province_id_above() != self.province_id
        ):
            raise ValidationError(
                {
                    "provider_unit": "واحد ارائه‌دهنده نسخه استانی باید اداره کل همان استان "
                    "یا واحدی زیر آن باشد."
                },
                code="sla_province_unit",
            )
        if self.service_id and self.provider_unit_id:
            clash = (
                ServiceLevelAgreement.objects.overlapping(
                    service_id=self.service_id,
                    provider_unit_id=self.provider_unit_id,
                    province_id=self.province_id,
                    valid_from=self.valid_from,
                    valid_until=self.valid_until,
                    exclude_pk=self.pk,
                )
                .order_by("version")
                .first()
            )
            if clash is not None:
                raise ValidationError(overlap_message(clash), code="sla_overlap")

    def is_in_force(self, on: dt.date | None = None) -> bool:
        on = on or timezone.localdate()
        return (self.valid_from is None or self.valid_from <= on) and (
            self.valid_until is None or self.valid_until >= on
        )

    def is_expired(self, on: dt.date | None = None) -> bool:
        return self.valid_until is not None and self.valid_until < (on or timezone.localdate())

    def expires_within(self, days: int = 30, on: dt.date | None = None) -> bool:
        on = on or timezone.localdate()
        return (
            self.is_in_force(on)
            and self.valid_until is not None
            and self.valid_until <= on + dt.timedelta(days=days)
        )


def overlap_message(clash: ServiceLevelAgreement) -> str:
    from core.jalali import format_date

    start = format_date(clash.valid_from) if clash.valid_from else "آغاز"
    end = format_date(clash.valid_until) if clash.valid_until else "بی‌پایان"
    return (
        f"بازه اعتبار این توافقنامه با نسخه {_fa(clash.version)} همین خدمت و واحد "
        f"(از {start} تا {end}) هم‌پوشانی دارد."
    )
