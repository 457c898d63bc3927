"""The service catalogue: services, what an applicant provides, workflow templates and SLAs."""

import datetime as dt
import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from accounts.models import Role
from core.modelfields import JalaliDateField
from core.text import is_ascii_digits, normalize_identifier, normalize_text, search_key, to_persian_digits
from core.uploads import FORMATS
from orgs.models import OrgUnit

# A deadline or duration in working days is at least one day (zero would be due at once).
AT_LEAST_ONE_DAY = MinValueValidator(1, message="مهلت یا مدت دست‌کم یک روز کاری است.")

SERVICE_ID_LENGTH = 11


def clean_service_id(value: object) -> str:
    """The national service ID (شناسه خدمت) as typed → its 11 ASCII digits, or a Persian error."""
    text = normalize_identifier(str(value or ""))
    if not text:
        raise ValidationError("شناسه خدمت را وارد کنید.", code="required")
    if not is_ascii_digits(text):
        raise ValidationError("شناسه خدمت فقط باید رقم داشته باشد.", code="service_id")
    if len(text) != SERVICE_ID_LENGTH:
        raise ValidationError(
            f"شناسه خدمت باید ۱۱ رقم باشد؛ {_fa(len(text))} رقم وارد شده است.",
            code="service_id",
        )
    if text[0] == "0":
        raise ValidationError("شناسه خدمت با صفر آغاز نمی‌شود.", code="service_id")
    return text


def validate_service_id(value: str) -> None:
    clean_service_id(value)


def _fa(number: object) -> str:
    return to_persian_digits(number)


class ServiceIdField(models.CharField):
    """An 11-digit national service ID stored as ASCII digits whatever script it was typed in."""

    default_validators = [validate_service_id]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", SERVICE_ID_LENGTH)
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return normalize_identifier(value) if value else value

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": ServiceIdFormField, **kwargs})


class ServiceIdFormField(forms.CharField):
    """Typed in any digit script, with spaces or dashes; cleaned to 11 ASCII digits."""

    def __init__(self, *args, **kwargs):
        kwargs["max_length"] = 30  # room for what people type around the digits
        super().__init__(*args, **kwargs)
        self.widget.attrs.update({"dir": "ltr", "inputmode": "numeric", "placeholder": "۱۱ رقم"})

    def to_python(self, value):
        value = super().to_python(value)
        return clean_service_id(value) if value not in self.empty_values else ""


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

    def agreement_in_force(self, on: dt.date | None = None, *, unit: OrgUnit | None = None):
        """The SLA in force on a day (today by default); uses prefetched agreements if present."""
        on = on or timezone.localdate()
        candidates = [
            a
            for a in self.agreements.all()
            if a.is_in_force(on) and (unit is None or a.provider_unit_id == unit.pk)
        ]
        candidates.sort(key=lambda a: (a.valid_from or dt.date.min, a.version), reverse=True)
        return candidates[0] if candidates else None

    def latest_agreement(self):
        agreements = sorted(self.agreements.all(), key=lambda a: (a.valid_until or dt.date.max, a.version))
        return agreements[-1] if agreements else None

    def target_working_days(self, on: dt.date | None = None) -> int | None:
        """Working days until the answer is due: the SLA's resolution target, else the service's
        expected duration, else the sum of its steps' targets (for D3 receipts)."""
        agreement = self.agreement_in_force(on)
        if agreement and agreement.resolution_working_days:
            return agreement.resolution_working_days
        if self.duration_working_days:
            return self.duration_working_days
        steps = list(self.steps.all())
        return sum(s.target_working_days for s in steps) or None


FIELD_NAME_RE = re.compile(r"^[a-z][a-z0-9_]{0,49}$")


def validate_field_name(value: str) -> None:
    if not FIELD_NAME_RE.match(value or ""):
        raise ValidationError(
            "نام فنی فیلد باید با حرف کوچک لاتین آغاز شود و فقط حرف کوچک لاتین، رقم و _ داشته باشد.",
            code="field_name",
        )


class ServiceField(models.Model):
    """One item of the application form of a service; the desk builds its form from these."""

    class Kind(models.TextChoices):
        TEXT = "text", "متن کوتاه"
        LONG_TEXT = "long_text", "متن بلند"
        NUMBER = "number", "عدد"
        JALALI_DATE = "jalali_date", "تاریخ شمسی"
        CHOICE = "choice", "انتخاب از فهرست"
        YES_NO = "yes_no", "بله/خیر"
        NATIONAL_CODE = "national_code", "کد ملی"
        LEGAL_ID = "legal_id", "شناسه ملی شخص حقوقی"
        MOBILE = "mobile", "شماره همراه"

    service = models.ForeignKey(Service, verbose_name="خدمت", on_delete=models.CASCADE, related_name="fields")
    name = models.CharField(
        "نام فنی",
        max_length=50,
        validators=[validate_field_name],
        help_text="کلید لاتین پاسخ در پرونده درخواست، مانند product_name.",
    )
    label = models.CharField("برچسب", max_length=200)
    kind = models.CharField("نوع", max_length=20, choices=Kind.choices, default=Kind.TEXT)
    choices = models.TextField(
        "گزینه‌ها", blank=True, help_text="برای نوع «انتخاب از فهرست»: هر گزینه در یک سطر."
    )
    required = models.BooleanField("الزامی", default=True)
    help_text = models.CharField("راهنما", max_length=300, blank=True)
    order = models.PositiveSmallIntegerField("ترتیب", default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = "فیلد فرم درخواست"
        verbose_name_plural = "فیلدهای فرم درخواست"
        constraints = [
            models.UniqueConstraint(
                fields=["service", "name"],
                name="catalogue_field_name_unique_per_service",
                violation_error_message="این نام فنی در فرم همین خدمت تکراری است.",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def choice_list(self) -> list[str]:
        return [line.strip() for line in (self.choices or "").splitlines() if line.strip()]

    def clean(self) -> None:
        if self.kind == self.Kind.CHOICE and len(self.choice_list) < 2:
            raise ValidationError(
                {"choices": "برای «انتخاب از فهرست» دست‌کم دو گزینه، هر کدام در یک سطر، بنویسید."}
            )
        if self.kind != self.Kind.CHOICE and self.choice_list:
            raise ValidationError({"choices": "گزینه‌ها فقط برای نوع «انتخاب از فهرست» است."})


# Accepted document formats: code → (Persian label, file extensions, MIME types).
DOCUMENT_FORMATS = FORMATS
_FORMAT_ALIASES = {"jpg": "jpeg", "doc": "docx", "xls": "xlsx"}


def parse_formats(value: object) -> list[str]:
    """`"PDF، jpg , png"` or `["pdf", "jpg"]` → `["pdf", "jpeg", "png"]`; unknown formats refused."""
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [str(v) for v in value]
    else:
        items = re.split(r"[,،\s/]+", str(value or ""))
    result: list[str] = []
    for item in items:
        code = item.strip().lstrip(".").lower()
        if not code:
            continue
        code = _FORMAT_ALIASES.get(code, code)
        if code not in DOCUMENT_FORMATS:
            allowed = "، ".join(DOCUMENT_FORMATS)
            raise ValidationError(f"قالب «{item}» پذیرفته نیست؛ قالب‌های مجاز: {allowed}.", code="format")
        if code not in result:
            result.append(code)
    return result


class RequiredDocument(models.Model):
    """A document the applicant uploads with the request."""

    service = models.ForeignKey(
        Service, verbose_name="خدمت", on_delete=models.CASCADE, related_name="documents"
    )
    title = models.CharField("عنوان مدرک", max_length=300)
    description = models.CharField("توضیح", max_length=500, blank=True)
    accepted_formats = models.CharField(
        "قالب‌های پذیرفته",
        max_length=100,
        default="pdf,jpeg",
        help_text="با ویرگول جدا کنید، مانند pdf,jpeg,png.",
    )
    max_size_bytes = models.PositiveIntegerField(
        "بیشینه حجم (بایت)",
        default=2 * 1024 * 1024,
        help_text="۲۰۹۷۱۵۲ بایت = ۲ مگابایت.",
        validators=[MinValueValidator(1024, message="بیشینه حجم دست‌کم ۱۰۲۴ بایت است.")],
    )
    required = models.BooleanField("الزامی", default=True)
    order = models.PositiveSmallIntegerField("ترتیب", default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = "مدرک لازم"
        verbose_name_plural = "مدارک لازم"

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        try:
            formats = parse_formats(self.accepted_formats)
        except ValidationError as exc:
            raise ValidationError({"accepted_formats": exc.messages}) from exc
        if not formats:
            raise ValidationError({"accepted_formats": "دست‌کم یک قالب پذیرفته را بنویسید."})
        self.accepted_formats = ",".join(formats)
        if not self.max_size_bytes:
            raise ValidationError({"max_size_bytes": "بیشینه حجم باید بیش از صفر باشد."})

    @property
    def formats(self) -> frozenset[str]:
        return frozenset(parse_formats(self.accepted_formats))

    @property
    def extensions(self) -> list[str]:
        return [ext for code in parse_formats(self.accepted_formats) for ext in DOCUMENT_FORMATS[code][1]]

    @property
    def mime_types(self) -> list[str]:
        return [m for code in parse_formats(self.accepted_formats) for m in DOCUMENT_FORMATS[code][2]]

    @property
    def format_labels(self) -> str:
        return "، ".join(DOCUMENT_FORMATS[c][0] for c in parse_formats(self.accepted_formats))

    @property
    def max_size_display(self) -> str:
        size = self.max_size_bytes
        if size >= 1024 * 1024:
            text = f"{size / (1024 * 1024):.1f}".rstrip("0").rstrip(".") + " مگابایت"
        elif size >= 1024:
            text = f"{size // 1024} کیلوبایت"
        else:
            text = f"{size} بایت"
        return _fa(text)


class WorkflowStep(models.Model):
    """One step of a service's workflow template, with its own working-day target."""

    service = models.ForeignKey(Service, verbose_name="خدمت", on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField("ترتیب")
    title = models.CharField("عنوان گام", max_length=200)
    description = models.TextField("شرح", blank=True)
    responsible_role = models.CharField("نقش مسئول", max_length=30, choices=Role.choices, blank=True)
    responsible_unit = models.ForeignKey(
        OrgUnit,
        verbose_name="واحد مسئول",
        on_delete=models.PROTECT,
        related_name="catalogue_steps",
        null=True,
        blank=True,
    )
    target_working_days = models.PositiveSmallIntegerField(
        "مهلت (روز کاری)", default=1, validators=[AT_LEAST_ONE_DAY]
    )
    target_is_sample = models.BooleanField("مهلت نمونه است", default=False)
    may_need_presence = models.BooleanField(
        "ممکن است حضور متقاضی لازم شود",
        default=False,
        help_text="حضور فقط در میز خدمت حضوری یا دفتر پیشخوان پذیرفته می‌شود.",
    )

    class Meta:
        ordering = ["order", "id"]
        verbose_name = "گام گردش کار"
        verbose_name_plural = "گام‌های گردش کار"
        constraints = [
            models.UniqueConstraint(
                fields=["service", "order"],
                name="catalogue_step_order_unique_per_service",
                violation_error_message="دو گام یک خدمت نمی‌توانند ترتیب یکسان داشته باشند.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"

    def clean(self) -> None:
        if not self.responsible_role and not self.responsible_unit_id:
            raise ValidationError({"responsible_role": "نقش یا واحد مسئول این گام را مشخص کنید."})


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

    def overlapping(self, *, service_id, provider_unit_id, valid_from, valid_until, exclude_pk=None):
        qs = self.filter(service_id=service_id, provider_unit_id=provider_unit_id)
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
        return f"{self.title or self.service.title} — نسخه {_fa(self.version or '')}"

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
        if self.service_id and self.provider_unit_id:
            clash = (
                ServiceLevelAgreement.objects.overlapping(
                    service_id=self.service_id,
                    provider_unit_id=self.provider_unit_id,
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
