"""Complaints (R8): a complaint is a desk `ServiceRequest` of the complaint service, with its
subject, the unit it is about, the channel it came by and, when imported from a national
complaint system, that system's reference. Everything else (event log, workflow, SLA, queue) is
the desk's."""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q

from apiclients.models import ApiClient
from core.modelfields import JalaliDateField, optional_fk
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
    received_on = JalaliDateField(
        "تاریخ دریافت در سامانه ملی", null=True, blank=True, help_text="آن‌گونه که سامانه ملی فرستاد."
    )
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


class SystemLink(models.Model):
    """A national complaint system connected as an API client (kind «سامانه شکایات»): which system
    it speaks for when it pushes, and, when Miz pulls from it, the address, the token Miz sends and
    the since-cursor of the last page landed (changed only after the whole page is on file)."""

    client = models.OneToOneField(
        ApiClient,
        verbose_name="سامانه متصل",
        on_delete=models.PROTECT,
        related_name="complaint_link",
        limit_choices_to={"kind": ApiClient.Kind.COMPLAINTS},
    )
    system = models.CharField(
        "سامانه ملی",
        max_length=20,
        choices=ExternalSystem.choices,
        unique=True,
        error_messages={"unique": "این سامانه ملی پیش‌تر به سامانه متصل دیگری پیوند خورده است."},
    )
    pull_url = models.URLField(
        "نشانی دریافت شکایات",
        blank=True,
        validators=[URLValidator(schemes=["http", "https"])],
        help_text="خالی: میز شکایات را از این سامانه نمی‌خواند و فقط شکایات فرستاده‌شده را می‌پذیرد.",
    )
    pull_token = models.CharField(
        "توکن سامانه ملی",
        max_length=200,
        blank=True,
        help_text="در سرآیند Authorization: Bearer فرستاده می‌شود.",
    )
    cursor = models.CharField("نشانگر (since)", max_length=200, blank=True)
    last_pulled_at = models.DateTimeField("آخرین دریافت موفق", null=True, blank=True)
    last_error = models.CharField("آخرین خطای دریافت", max_length=500, blank=True)
    last_error_at = models.DateTimeField("زمان آخرین خطا", null=True, blank=True)

    class Meta:
        ordering = ["system"]
        verbose_name = "پیوند سامانه ملی شکایات"
        verbose_name_plural = "پیوندهای سامانه ملی شکایات"

    def __str__(self) -> str:
        return self.get_system_display()

    def clean(self):
        if self.client_id and self.client.kind != ApiClient.Kind.COMPLAINTS:
            raise ValidationError({"client": "فقط سامانه متصل از نوع «سامانه شکایات» پیوند می‌خورد."})


class PullRefusal(models.Model):
    """A complaint a pull read but could not land (its data refused): kept whole with the reason,
    so the cursor moves on and nothing is lost; staff fix it at the source or file it by hand."""

    link = models.ForeignKey(
        SystemLink, verbose_name="سامانه", on_delete=models.PROTECT, related_name="refusals"
    )
    external_reference = models.CharField("شماره پیگیری در سامانه ملی", max_length=200, blank=True)
    payload = models.JSONField("داده دریافتی")
    reason = models.TextField("دلیل")
    at = models.DateTimeField("زمان", auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = "شکایت دریافتی ردشده"
        verbose_name_plural = "شکایات دریافتی ردشده"

    def __str__(self) -> str:
        return f"{self.link} {self.external_reference}"
