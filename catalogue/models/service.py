"""The service itself: its areas, channels, applicant types, search queryset and the Service model."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from catalogue.models.fields import AT_LEAST_ONE_DAY, ServiceIdField
from core.text import normalize_text, search_key
from orgs.models import OrgUnit


class Area(models.TextChoices):
    STANDARDISATION = "standardisation", "استانداردسازی"
    CONFORMITY = "conformity_assessment", "ارزیابی انطباق"
    IMPORT_EXPORT = "import_export", "کالاهای وارداتی و صادراتی"
    METROLOGY = "metrology", "اندازه‌شناسی، اوزان و مقیاس‌ها"
    ACCREDITATION = "accreditation", "تأیید صلاحیت"
    TRAINING = "training", "آموزش"
    PROMOTION = "promotion", "ترویج و فرهنگ‌سازی"
    COMPLAINTS = "complaints", "شکایات و پاسخگویی"
    OTHER = "other", "سایر"


class Channel(models.TextChoices):
    ONLINE = "online", "برخط (میز خدمت الکترونیکی)"
    COUNTER = "counter", "دفتر پیشخوان خدمات دولت"
    IN_PERSON = "in_person", "میز خدمت حضوری"


class ApplicantType(models.TextChoices):
    NATURAL = "natural", "شخص حقیقی"
    LEGAL = "legal", "شخص حقوقی"


class ServiceQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def search(self, query: str):
        """Every word of the query, folded like the stored key (ی/ي, ک/ك, ZWNJ, digits, case)."""
        qs = self
        for word in (query or "").split():
            key = search_key(word)
            if key:
                qs = qs.filter(search_key__contains=key)
        return qs


def version_in_force(agreements, on: dt.date, *, province_id: int | None = None, unit_id: int | None = None):
    """The version among these agreements of one service that is in force on `on`: the
    province's own version if one is in force (a province's version never binds another
    province), else the national one; the latest by start and version number. Reads only the
    agreements' fields, so a migration's historical models can use it too."""
    in_force = [
        a
        for a in agreements
        if (a.valid_from is None or a.valid_from <= on)
        and (a.valid_until is None or a.valid_until >= on)
        and (unit_id is None or a.provider_unit_id == unit_id)
    ]
    candidates = [a for a in in_force if province_id is not None and a.province_id == province_id]
    candidates = candidates or [a for a in in_force if a.province_id is None]
    return max(candidates, key=lambda a: (a.valid_from or dt.date.min, a.version), default=None)


class Service(models.Model):
    """One service of the organisation, as registered in the national service registry."""

    service_id = ServiceIdField(
        "شناسه خدمت",
        unique=True,
        help_text="شناسه ملی ۱۱ رقمی خدمت، مانند ۱۰۰۳۱۹۴۰۰۰۰.",
        error_messages={
            "unique": "خدمتی با این شناسه پیش‌تر ثبت شده است.",
            "blank": "شناسه خدمت را وارد کنید.",
        },
    )
    title = models.CharField("عنوان", max_length=300)
    description = models.TextField("شرح خدمت", blank=True)
    area = models.CharField("حوزه", max_length=30, choices=Area.choices, db_index=True)
    responsible_units = models.ManyToManyField(
        OrgUnit,
        verbose_name="واحدهای مسئول",
        related_name="catalogue_services",
        blank=True,
    )
    for_natural_persons = models.BooleanField("اشخاص حقیقی می‌توانند درخواست دهند", default=True)
    for_legal_persons = models.BooleanField("اشخاص حقوقی می‌توانند درخواست دهند", default=True)
    channel_online = models.BooleanField("ارائه برخط (میز خدمت الکترونیکی)", default=True)
    channel_counter = models.BooleanField("ارائه در دفاتر پیشخوان", default=False)
    channel_in_person = models.BooleanField("ارائه در میز خدمت حضوری", default=False)
    electronic_response = models.BooleanField(
        "پاسخ خدمت به‌صورت الکترونیکی صادر می‌شود",
        default=True,
        help_text="نامه، گواهی یا پروانه پاسخ به‌صورت الکترونیکی به متقاضی تحویل می‌شود.",
    )
    legal_basis = models.TextField("مبنای قانونی", blank=True)
    is_free = models.BooleanField("رایگان", default=False)
    fee_rials = models.BigIntegerField(
        "هزینه (ریال)",
        null=True,
        blank=True,
        validators=[MinValueValidator(0, message="هزینه خدمت نمی‌تواند منفی باشد.")],
    )
    fee_note = models.CharField(
        "توضیح هزینه", max_length=300, blank=True, help_text="مانند «طبق تعرفه مصوب سال جاری»."
    )
    duration_working_days = models.PositiveSmallIntegerField(
        "مدت انجام (روز کاری)", null=True, blank=True, validators=[AT_LEAST_ONE_DAY]
    )
    contact = models.TextField("راه‌های تماس", blank=True)
    is_active = models.BooleanField("فعال", default=True)
    service_id_is_sample = models.BooleanField(
        "شناسه نمونه است", default=False, help_text="شناسه در منابع نیامده و نمونه است."
    )
    fee_is_sample = models.BooleanField(
        "هزینه نمونه است", default=False, help_text="مبلغ در منابع نیامده و نمونه است."
    )
    duration_is_sample = models.BooleanField(
        "مدت نمونه است", default=False, help_text="مدت انجام در منابع نیامده و نمونه است."
    )
    search_key = models.TextField("کلید جست‌وجو", blank=True, editable=False)
    created_at = models.DateTimeField("ایجاد", auto_now_add=True)
    updated_at = models.DateTimeField("آخرین تغییر", auto_now=True)

    objects = ServiceQuerySet.as_manager()

    class Meta:
        ordering = ["area", "title"]
        verbose_name = "خدمت"
        verbose_name_plural = "خدمات"
        constraints = [
            models.CheckConstraint(
                condition=Q(fee_rials__isnull=True) | Q(fee_rials__gte=0),
                name="catalogue_service_fee_not_negative",
                violation_error_message="هزینه خدمت نمی‌تواند منفی باشد.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.service_id})"

    def save(self, *args, **kwargs):
        self.title = normalize_text(self.title)
        self.search_key = search_key(f"{self.title} {self.description} {self.service_id}")
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"title", "description", "service_id"} & set(update_fields):
            kwargs["update_fields"] = set(update_fields) | {"search_key"}
        super().save(*args, **kwargs)

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.is_free and self.fee_rials:
            errors["fee_rials"] = "خدمت رایگان هزینه ندارد؛ مبلغ را خالی بگذارید یا «رایگان» را بردارید."
        if not (self.for_natural_persons or self.for_legal_persons):
            errors["for_natural_persons"] = "دست‌کم یکی از اشخاص حقیقی یا حقوقی باید بتواند درخواست دهد."
        if not (self.channel_online or self.channel_counter or self.channel_in_person):
            errors["channel_online"] = "دست‌کم یک مجرای ارائه خدمت را برگزینید."
        if errors:
            raise ValidationError(errors)

    # --- derived facts, for pages, the desk and the compliance matrix -------------------
    @property
    def channels(self) -> list[Channel]:
        flags = (
            (Channel.ONLINE, self.channel_online),
            (Channel.COUNTER, self.channel_counter),
            (Channel.IN_PERSON, self.channel_in_person),
        )
        return [channel for channel, on in flags if on]

    @property
    def applicant_types(self) -> list[ApplicantType]:
        types = []
        if self.for_natural_persons:
            types.append(ApplicantType.NATURAL)
        if self.for_legal_persons:
            types.append(ApplicantType.LEGAL)
        return types

    @property
    def has_sample_figures(self) -> bool:
        return self.service_id_is_sample or self.fee_is_sample or self.duration_is_sample

    @property
    def fee_known(self) -> bool:
        return self.is_free or self.fee_rials is not None

    def agreement_in_force(
        self, on: dt.date | None = None, *, unit: OrgUnit | None = None, province_id: int | None = None
    ):
        """The SLA in force on a day (today by default); uses prefetched agreements if present.

        `province_id`: that province's own version if one is in force, else the national one;
        without it, only national versions (a province's version never binds another province)."""
        return version_in_force(
            self.agreements.all(),
            on or timezone.localdate(),
            province_id=province_id,
            unit_id=None if unit is None else unit.pk,
        )

    def latest_agreement(self):
        """The last national version (a province's own versions are not the service's page)."""
        national = [a for a in self.agreements.all() if a.province_id is None]
        agreements = sorted(national, key=lambda a: (a.valid_until or dt.date.max, a.version))
        return agreements[-1] if agreements else None

    def target_working_days(self, on: dt.date | None = None, *, province_id: int | None = None) -> int | None:
        """Working days until the answer is due: the SLA's resolution target (the province's own
        version when `province_id` has one in force, else the national version), else the
        service's expected duration, else the sum of its steps' targets (for D3 receipts)."""
        agreement = self.agreement_in_force(on, province_id=province_id)
        if agreement and agreement.resolution_working_days:
            return agreement.resolution_working_days
        if self.duration_working_days:
            return self.duration_working_days
        steps = list(self.steps.all())
        return sum(s.target_working_days for s in steps) or None
