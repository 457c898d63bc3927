"""What an applicant provides and what the office does: form fields, required documents, workflow steps."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models

from accounts.models import Role
from catalogue.models.fields import AT_LEAST_ONE_DAY
from catalogue.models.service import Service
from core.modelfields import optional_fk
from core.text import file_size_text
from core.uploads import FORMATS
from orgs.models import ExternalParty, OrgUnit

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
        NUMBER = "number", "عدد (با اعشار)"
        INTEGER = "integer", "عدد صحیح (تعداد)"
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
        return file_size_text(self.max_size_bytes)


class WorkflowStep(models.Model):
    """One step of a service's workflow template, with its own working-day target.

    A request entering the step moves to its responsible unit, if it names one (`desk.workflow`);
    a step run by an external party (a laboratory, an inspection company: P2) is followed up by
    the unit holding the request, which records the party's answer with its document."""

    class RunBy(models.TextChoices):
        UNIT = "unit", "واحد سازمان"
        EXTERNAL = "external", "طرف بیرونی (آزمایشگاه یا شرکت بازرسی)"

    service = models.ForeignKey(Service, verbose_name="خدمت", on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField("ترتیب")
    title = models.CharField("عنوان گام", max_length=200)
    description = models.TextField("شرح", blank=True)
    responsible_role = models.CharField("نقش مسئول", max_length=30, choices=Role.choices, blank=True)
    responsible_unit = optional_fk(OrgUnit, "واحد مسئول", related_name="catalogue_steps")
    run_by = models.CharField("انجام‌دهنده", max_length=10, choices=RunBy.choices, default=RunBy.UNIT)
    external_party = optional_fk(ExternalParty, "طرف بیرونی", related_name="catalogue_steps")
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

    @property
    def is_external(self) -> bool:
        return self.run_by == self.RunBy.EXTERNAL

    def clean(self) -> None:
        if self.is_external and not self.external_party_id:
            raise ValidationError({"external_party": "طرف بیرونی انجام‌دهنده این گام را برگزینید."})
        if not self.is_external and self.external_party_id:
            raise ValidationError(
                {"external_party": "طرف بیرونی فقط برای گامی است که انجام‌دهنده‌اش «طرف بیرونی» است."}
            )
        if not self.is_external and not self.responsible_role and not self.responsible_unit_id:
            raise ValidationError({"responsible_role": "نقش یا واحد مسئول این گام را مشخص کنید."})
