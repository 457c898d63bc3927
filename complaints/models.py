"""Complaints (R8): a complaint is a desk `ServiceRequest` of the complaint service, with its
subject, the unit it is about, the channel it came by and, when imported from a national
complaint system, that system's reference. Everything else (event log, workflow, SLA, queue) is
the desk's."""

from django.db import models
from django.db.models import Q

from core.modelfields import optional_fk
from core.text import normalize_text
from desk.models import ServiceRequest
from orgs.models import OrgUnit


class ComplaintSubject(models.Model):
    """What a complaint is about (editable in the admin; seeded from seed 004's complaint lines)."""

    title = models.CharField("عنوان", max_length=200, unique=True)
    description = models.CharField("توضیح", max_length=300, blank=True)
    order = models.PositiveSmallIntegerField("ترتیب", default=0)
    is_active = models.BooleanField("فعال", default=True)

    class Meta:
        ordering = ["order", "title"]
        verbose_name = "موضوع شکایت"
        verbose_name_plural = "موضوعات شکایت"

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.title = normalize_text(self.title).strip()
        super().save(*args, **kwargs)


class Source(models.TextChoices):
    ONLINE = "online", "برخط (میز خدمت)"
    LINE_1517 = "line_1517", "تلفن ۱۵۱۷"
    NATIONAL_SYSTEM = "national_system", "سامانه ملی رسیدگی به شکایات"


class ExternalSystem(models.TextChoices):
    """The national complaint systems seed 004 names (row 8 of the inspection and complaints area)."""

    SAMAD = "samad", "سامد (سامانه ملی رسیدگی به شکایات، ۱۱۱)"
    SINA = "sina", "سینا"
    DADVAR = "dadvar", "دادور"


class Complaint(models.Model):
    """The complaint facts of one desk request."""

    request = models.OneToOneField(
        ServiceRequest, verbose_name="درخواست", on_delete=models.PROTECT, related_name="complaint"
    )
    subject = models.ForeignKey(
        ComplaintSubject, verbose_name="موضوع", on_delete=models.PROTECT, related_name="complaints"
    )
    complained_unit = optional_fk(
        OrgUnit,
        "واحد مورد شکایت",
        related_name="complaints_against",
        help_text="خالی: شکایت از واحدی از سازمان نیست (مانند کالای غیراستاندارد).",
    )
    source = models.CharField("مجرای شکایت", max_length=20, choices=Source.choices)
    external_system = models.CharField(
        "سامانه ملی", max_length=20, choices=ExternalSystem.choices, blank=True
    )
    external_reference = models.CharField("شماره پیگیری در سامانه ملی", max_length=40, blank=True)
    created_at = models.DateTimeField("زمان ثبت", auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "شکایت"
        verbose_name_plural = "شکایات"
        permissions = [
            ("file_by_phone", "ثبت شکایت تلفنی (اپراتور ۱۵۱۷)"),
            ("import_complaints", "ورود شکایات از پرونده سامانه ملی"),
        ]
        constraints = [
            # An import is idempotent: one complaint per reference of each national system.
            models.UniqueConstraint(
                fields=["external_system", "external_reference"],
                condition=~Q(external_reference=""),
                name="complaint_external_reference_unique",
                violation_error_message="این شکایت سامانه ملی پیش‌تر وارد شده است.",
            ),
            models.CheckConstraint(
                condition=(Q(source="national_system") & ~Q(external_system="") & ~Q(external_reference=""))
                | (~Q(source="national_system") & Q(external_system="") & Q(external_reference="")),
                name="complaint_reference_only_when_imported",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.request.tracking_code} — {self.subject}"
