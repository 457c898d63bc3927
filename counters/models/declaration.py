"""The self-declaration file of an office for one year and what the holder fills in: scans, board
members, staff and answers to the violations list."""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

from core.modelfields import (
    JalaliDateField,
    LandlineField,
    LegalIdField,
    MobileField,
    NationalCodeField,
    PostalCodeField,
    optional_fk,
)
from counters.models.config import Discipline, Facility, ViolationItem


class Declaration(models.Model):
    """One self-declaration file of an office for one Jalali year, and its review workflow."""

    class State(models.TextChoices):
        DRAFT = "draft", "در حال تکمیل"
        SUBMITTED = "submitted", "در بررسی منطقه"
        RETURNED = "returned", "عودت برای اصلاح"
        RESUBMITTED = "resubmitted", "در بازبینی منطقه"
        APPROVED = "approved", "تأییدشده؛ مهلت اعتراض"
        OBJECTED = "objected", "اعتراض در بررسی"
        FINAL = "final", "قطعی"

    class PersonType(models.TextChoices):
        NATURAL = "natural", "حقیقی"
        LEGAL = "legal", "حقوقی"

    office = models.ForeignKey(
        "orgs.CounterOffice", verbose_name="دفتر", on_delete=models.PROTECT, related_name="declarations"
    )
    year = models.PositiveSmallIntegerField("سال ارزیابی")
    state = models.CharField("وضعیت", max_length=20, choices=State.choices, default=State.DRAFT)
    due_on = models.DateField("مهلت مرحله جاری", null=True, blank=True)
    is_late = models.BooleanField("دیرکرد دفتر", default=False)
    is_escalated = models.BooleanField("ارجاع به سرپرست منطقه", default=False)
    review_round = models.PositiveSmallIntegerField("دور بررسی", default=0)
    # Steps the holder has saved at least once: prefilled data counts only once reviewed.
    saved_steps = models.JSONField("مراحل بازبینی‌شده", default=list, blank=True, editable=False)
    created_at = models.DateTimeField("ایجاد", auto_now_add=True)
    updated_at = models.DateTimeField("آخرین تغییر", auto_now=True)

    # Office manager (the holder, or the CEO of a legal person).
    manager_first_name = models.CharField("نام مسئول دفتر", max_length=30, blank=True)
    manager_last_name = models.CharField("نام خانوادگی مسئول دفتر", max_length=30, blank=True)
    manager_national_code = NationalCodeField("کد ملی مسئول دفتر", blank=True)
    manager_mobile = MobileField("تلفن همراه مسئول دفتر", blank=True)
    manager_email = models.EmailField("رایانامه مسئول دفتر", blank=True)

    # Office details.
    person_type = models.CharField("نوع شخصیت", max_length=10, choices=PersonType.choices, blank=True)
    staff_count = models.PositiveSmallIntegerField("تعداد کارکنان", null=True, blank=True)
    disabled_staff_count = models.PositiveSmallIntegerField("تعداد کارکنان معلول", null=True, blank=True)
    contracts_count = models.PositiveSmallIntegerField("تعداد قراردادهای ارائه خدمت", null=True, blank=True)
    facilities = models.ManyToManyField(Facility, verbose_name="امکانات و تجهیزات", blank=True)

    # Legal information (legal persons only).
    company_name = models.CharField("نام شرکت", max_length=200, blank=True)
    company_national_id = LegalIdField("شناسه ملی شرکت", blank=True)
    registration_number = models.CharField("شماره ثبت", max_length=20, blank=True)
    registration_date = JalaliDateField("تاریخ ثبت", null=True, blank=True)
    registration_place = models.CharField("محل ثبت", max_length=100, blank=True)
    representative_first_name = models.CharField("نام نماینده", max_length=30, blank=True)
    representative_last_name = models.CharField("نام خانوادگی نماینده", max_length=30, blank=True)
    representative_national_code = NationalCodeField("کد ملی نماینده", blank=True)
    representative_mobile = MobileField("تلفن همراه نماینده", blank=True)
    representative_position = models.CharField("سمت نماینده", max_length=100, blank=True)

    # Contact information.
    address = models.TextField("نشانی", blank=True)
    postal_code = PostalCodeField("کد پستی", blank=True)
    phone = LandlineField("تلفن ثابت", blank=True)
    contact_mobile = MobileField("تلفن همراه", blank=True)
    email = models.EmailField("رایانامه", blank=True)

    # Location.
    latitude = models.DecimalField("عرض جغرافیایی", max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField("طول جغرافیایی", max_digits=9, decimal_places=6, null=True, blank=True)

    # Final confirmation.
    confirmed_at = models.DateTimeField("تأیید نهایی", null=True, blank=True)
    confirmed_by = optional_fk(settings.AUTH_USER_MODEL, "تأییدکننده", related_name="+")

    # Review results.
    recipients_score = models.DecimalField(
        "امتیاز دریافت‌کنندگان خدمت", max_digits=5, decimal_places=2, null=True, blank=True
    )
    association_score = models.DecimalField(
        "امتیاز انجمن صنفی", max_digits=5, decimal_places=2, null=True, blank=True
    )
    final_score = models.DecimalField("امتیاز نهایی", max_digits=7, decimal_places=2, null=True, blank=True)
    rank = models.PositiveSmallIntegerField("رتبه", null=True, blank=True)
    score_breakdown = models.JSONField("ریز امتیاز تأییدشده", default=dict, blank=True)
    approved_at = models.DateTimeField("تاریخ تأیید", null=True, blank=True)
    approved_by = optional_fk(settings.AUTH_USER_MODEL, "تأییدکننده منطقه", related_name="+")
    locked_at = models.DateTimeField("قطعی‌شدن رتبه", null=True, blank=True)

    class Meta:
        ordering = ["-year", "office__code"]
        verbose_name = "پرونده خوداظهاری"
        verbose_name_plural = "پرونده‌های خوداظهاری"
        constraints = [
            models.UniqueConstraint(fields=["office", "year"], name="declaration_one_per_office_year"),
        ]
        indexes = [models.Index(fields=["state", "due_on"])]

    def __str__(self) -> str:
        return f"{self.office} — {self.year}"

    @property
    def is_legal(self) -> bool:
        return self.person_type == self.PersonType.LEGAL

    @property
    def holder_may_edit(self) -> bool:
        return self.state in (self.State.DRAFT, self.State.RETURNED)


def part_of_file(related_name: str) -> models.ForeignKey:
    """The file a row is part of (a scan, a board member, a staff member, an answer, a note):
    deleted with it."""
    return models.ForeignKey(
        Declaration, verbose_name="پرونده", on_delete=models.CASCADE, related_name=related_name
    )


def document_upload_to(instance: "DeclarationDocument", filename: str) -> str:
    """A fresh name for every scan: a bucket has no exclusive create, so a replaced or rolled-back
    scan never shares its name with the one that is kept."""
    ext = "pdf" if instance.content_type == "application/pdf" else "jpg"
    folder = f"counters/{instance.declaration.office_id}/{instance.declaration_id}"
    return f"{folder}/{instance.kind}-{secrets.token_hex(8)}.{ext}"


class UploadedScan(models.Model):
    """What is kept of an uploaded scan or photo beside its file (the file's field, with its folder,
    is the subclass's): the name it came with, its checked content type and size, when."""

    original_name = models.CharField("نام فایل", max_length=200)
    content_type = models.CharField("نوع محتوا", max_length=50)
    size = models.PositiveIntegerField("حجم (بایت)")
    uploaded_at = models.DateTimeField("بارگذاری", default=timezone.now)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.original_name


class DeclarationDocument(UploadedScan):
    """One required scan (seed 003, 3-1): JPEG or PDF, at most 2 MB, checked by content."""

    class Kind(models.TextChoices):
        SIGNBOARD = "signboard", "تصویر تابلوی نصب‌شده دفتر از بیرون"
        INTERIOR = "interior", "تصویر نمای داخل دفتر از جلوی درِ ورودی"
        COUNTER_VIEW = "counter_view", "تصویر نمای دفتر از پشت پیشخوان"
        ACTIVITY_LICENCE = "activity_licence", "تصویر پروانه فعالیت دفتر"
        NATIONAL_CARD = "national_card", "تصویر کارت ملی صاحب پروانه (پشت و رو در یک فایل)"
        BIRTH_CERTIFICATE = "birth_certificate", "تصویر شناسنامه صاحب پروانه (صفحه اول و دوم در یک فایل)"
        DEGREE = "degree", "تصویر مدرک تحصیلی صاحب پروانه"
        CONTRACTS_LIST = "contracts_list", "فهرست قراردادهای ارائه خدمت در دفتر"
        CONTRACTS = "contracts", "مستندات قراردادهای ارائه خدمت (در یک فایل)"

    declaration = part_of_file("documents")
    kind = models.CharField("مدرک", max_length=30, choices=Kind.choices)
    file = models.FileField("فایل", upload_to=document_upload_to, max_length=200)

    class Meta:
        ordering = ["declaration", "kind"]
        verbose_name = "مدرک پرونده"
        verbose_name_plural = "مدارک پرونده"
        constraints = [models.UniqueConstraint(fields=["declaration", "kind"], name="document_one_per_kind")]

    def __str__(self) -> str:
        return self.get_kind_display()


class BoardMember(models.Model):
    """A board member of a legal-person office."""

    declaration = part_of_file("board_members")
    first_name = models.CharField("نام", max_length=30)
    last_name = models.CharField("نام خانوادگی", max_length=30)
    national_code = NationalCodeField("کد ملی")
    position = models.CharField("سمت", max_length=100)

    class Meta:
        ordering = ["pk"]
        verbose_name = "عضو هیئت مدیره"
        verbose_name_plural = "اعضای هیئت مدیره"
        constraints = [
            models.UniqueConstraint(fields=["declaration", "national_code"], name="board_member_unique_code")
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"


class StaffMember(models.Model):
    """A person working at the office, as declared."""

    class Gender(models.TextChoices):
        FEMALE = "female", "زن"
        MALE = "male", "مرد"

    declaration = part_of_file("staff")
    first_name = models.CharField("نام", max_length=30)
    last_name = models.CharField("نام خانوادگی", max_length=30)
    birth_date = JalaliDateField("تاریخ تولد")
    gender = models.CharField("جنسیت", max_length=10, choices=Gender.choices)
    national_code = NationalCodeField("کد ملی")
    mobile = MobileField("تلفن همراه")
    is_disabled = models.BooleanField("کاربر معلول", default=False)
    accepted_terms = models.BooleanField("ضوابط سامانه را می‌پذیرد", default=False)
    discipline = optional_fk(Discipline, "کارشناس صلاحیت‌دار در رشته", related_name="staff")

    class Meta:
        ordering = ["pk"]
        verbose_name = "کارمند دفتر"
        verbose_name_plural = "کارکنان دفتر"
        constraints = [
            models.UniqueConstraint(
                fields=["declaration", "national_code"], name="staff_unique_national_code"
            )
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"


class ViolationAnswer(models.Model):
    """The holder's answer to one violation item, with the date of any national committee ruling."""

    declaration = part_of_file("violation_answers")
    item = models.ForeignKey(ViolationItem, verbose_name="تخلف", on_delete=models.PROTECT, related_name="+")
    committed = models.BooleanField("مرتکب شده است")
    ruling_date = JalaliDateField("تاریخ ابلاغ حکم کمیته کشوری", null=True, blank=True)
    description = models.CharField("توضیحات", max_length=500, blank=True)

    class Meta:
        ordering = ["item__number"]
        verbose_name = "پاسخ به تخلف"
        verbose_name_plural = "پاسخ‌های تخلفات"
        constraints = [models.UniqueConstraint(fields=["declaration", "item"], name="violation_answer_once")]

    def __str__(self) -> str:
        return f"{self.item} — {'بله' if self.committed else 'خیر'}"
