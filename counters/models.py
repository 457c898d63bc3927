"""Counter offices beyond their registry entry (orgs.CounterOffice): licence, self-declaration file,
scoring configuration (criteria, violations, rank thresholds), review workflow and delegation."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from core.eventlog import AppendOnlyModel
from core.modelfields import (
    JalaliDateField,
    LandlineField,
    LegalIdField,
    MobileField,
    NationalCodeField,
    PostalCodeField,
)


def ltr(text: object) -> str:
    """A code such as `1108-40-72` for a Persian sentence: between left-to-right marks, so that a
    right-to-left line (a page's message, an SMS) does not show it as `72-40-1108`."""
    return f"\u200e{text}\u200e"


class Discipline(models.Model):
    """A field of expertise a specialised service needs on site (seed 000: physics, chemistry …)."""

    code = models.SlugField("کد", max_length=30, unique=True)
    name = models.CharField("نام", max_length=100, unique=True)
    order = models.PositiveSmallIntegerField("ترتیب", default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = "رشته تخصصی"
        verbose_name_plural = "رشته‌های تخصصی"

    def __str__(self) -> str:
        return self.name


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

    class Meta:
        verbose_name = "پروانه دفتر"
        verbose_name_plural = "پروانه‌های دفاتر"

    def __str__(self) -> str:
        return f"{self.number} — {self.office}"

    def clean(self) -> None:
        if not self.file_complete and not self.missing_items.strip():
            raise ValidationError({"missing_items": "برای پرونده ناقص، نقص آن را بنویسید."})

    def refusal_reason(self, today: dt.date | None = None) -> str:
        """Why this licence keeps its holder out, or "" when it is in good standing."""
        from core.jalali import format_date

        today = today or timezone.localdate()
        if self.status != self.Status.ACTIVE:
            return f"پروانه دفتر {ltr(self.office.code)} {self.get_status_display()} است."
        if self.expires_on < today:
            expired = format_date(self.expires_on)
            return f"پروانه دفتر {ltr(self.office.code)} در {expired} منقضی شده و تمدید نشده است."
        if not self.file_complete:
            return f"پرونده دفتر {ltr(self.office.code)} ناقص است: {self.missing_items.strip()}"
        return ""


class Facility(models.Model):
    """One item of the facilities and equipment checklist of the office details step (editable)."""

    code = models.SlugField("کد", max_length=40, unique=True)
    title = models.CharField("عنوان", max_length=200)
    order = models.PositiveSmallIntegerField("ترتیب", default=0)
    is_active = models.BooleanField("فعال", default=True)

    class Meta:
        ordering = ["order", "title"]
        verbose_name = "امکانات و تجهیزات"
        verbose_name_plural = "فهرست امکانات و تجهیزات"

    def __str__(self) -> str:
        return self.title


class ViolationItem(models.Model):
    """One of the violations (seed 003, table 4-1) the holder answers one by one; editable."""

    number = models.PositiveSmallIntegerField("ردیف", unique=True)
    title = models.CharField("عنوان تخلف", max_length=300)
    penalty_points = models.DecimalField("امتیاز منفی", max_digits=6, decimal_places=2, default=0)
    is_active = models.BooleanField("فعال", default=True)

    class Meta:
        ordering = ["number"]
        verbose_name = "تخلف"
        verbose_name_plural = "فهرست تخلفات (امتیاز منفی)"

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class Criterion(models.Model):
    """A positive scoring criterion (table 5-1): which computation, with what parameter, how many points."""

    code = models.SlugField("کد", max_length=40, unique=True)
    title = models.CharField("عنوان معیار", max_length=200)
    computation = models.CharField(
        "روش محاسبه", max_length=40, help_text="از فهرست محاسبه‌های ثبت‌شده در counters.scoring."
    )
    parameter = models.CharField("پارامتر", max_length=60, blank=True)
    points = models.DecimalField(
        "امتیاز",
        max_digits=6,
        decimal_places=2,
        help_text="امتیاز هر واحد (یا کل امتیاز برای معیار بله/خیر).",
    )
    max_points = models.DecimalField("سقف امتیاز", max_digits=6, decimal_places=2, null=True, blank=True)
    is_active = models.BooleanField("فعال", default=True)
    order = models.PositiveSmallIntegerField("ترتیب", default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = "معیار امتیاز مثبت"
        verbose_name_plural = "معیارهای امتیاز مثبت"

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        from counters import scoring

        computation = scoring.COMPUTATIONS.get(self.computation)
        if computation is None:
            raise ValidationError({"computation": "این روش محاسبه تعریف نشده است."})
        if computation.needs_parameter and not self.parameter:
            raise ValidationError({"parameter": "این روش محاسبه پارامتر می‌خواهد."})


class RankThreshold(models.Model):
    """Table 5-2: the least score of each rank (rank 1 is the best)."""

    rank = models.PositiveSmallIntegerField("رتبه", unique=True)
    title = models.CharField("عنوان", max_length=50)
    min_score = models.DecimalField("کمینه امتیاز", max_digits=6, decimal_places=2)

    class Meta:
        ordering = ["rank"]
        verbose_name = "آستانه رتبه"
        verbose_name_plural = "آستانه‌های رتبه"

    def __str__(self) -> str:
        return self.title


class DelegationRule(models.Model):
    """Which rank (and which on-site expert) a catalogue service needs to be delegated to an office."""

    service = models.OneToOneField(
        "catalogue.Service", verbose_name="خدمت", on_delete=models.CASCADE, related_name="counter_rule"
    )
    max_rank = models.PositiveSmallIntegerField(
        "پایین‌ترین رتبه مجاز", help_text="دفاتر با این رتبه یا بهتر (عدد کوچک‌تر) این خدمت را می‌گیرند."
    )
    discipline = models.ForeignKey(
        Discipline,
        verbose_name="کارشناس صلاحیت‌دار لازم",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rules",
    )
    is_active = models.BooleanField("فعال", default=True)

    class Meta:
        verbose_name = "قاعده واگذاری خدمت"
        verbose_name_plural = "قاعده‌های واگذاری خدمت به دفاتر"

    def __str__(self) -> str:
        return str(self.service)


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
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="تأییدکننده",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

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
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="تأییدکننده منطقه",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
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


def document_upload_to(instance: "DeclarationDocument", filename: str) -> str:
    ext = "pdf" if instance.content_type == "application/pdf" else "jpg"
    return f"counters/{instance.declaration.office_id}/{instance.declaration_id}/{instance.kind}.{ext}"


class DeclarationDocument(models.Model):
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

    declaration = models.ForeignKey(
        Declaration, verbose_name="پرونده", on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField("مدرک", max_length=30, choices=Kind.choices)
    file = models.FileField("فایل", upload_to=document_upload_to, max_length=200)
    original_name = models.CharField("نام فایل", max_length=200)
    content_type = models.CharField("نوع محتوا", max_length=50)
    size = models.PositiveIntegerField("حجم (بایت)")
    uploaded_at = models.DateTimeField("بارگذاری", default=timezone.now)

    class Meta:
        ordering = ["declaration", "kind"]
        verbose_name = "مدرک پرونده"
        verbose_name_plural = "مدارک پرونده"
        constraints = [models.UniqueConstraint(fields=["declaration", "kind"], name="document_one_per_kind")]

    def __str__(self) -> str:
        return self.get_kind_display()


class BoardMember(models.Model):
    """A board member of a legal-person office."""

    declaration = models.ForeignKey(
        Declaration, verbose_name="پرونده", on_delete=models.CASCADE, related_name="board_members"
    )
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

    declaration = models.ForeignKey(
        Declaration, verbose_name="پرونده", on_delete=models.CASCADE, related_name="staff"
    )
    first_name = models.CharField("نام", max_length=30)
    last_name = models.CharField("نام خانوادگی", max_length=30)
    birth_date = JalaliDateField("تاریخ تولد")
    gender = models.CharField("جنسیت", max_length=10, choices=Gender.choices)
    national_code = NationalCodeField("کد ملی")
    mobile = MobileField("تلفن همراه")
    is_disabled = models.BooleanField("کاربر معلول", default=False)
    accepted_terms = models.BooleanField("ضوابط سامانه را می‌پذیرد", default=False)
    discipline = models.ForeignKey(
        Discipline,
        verbose_name="کارشناس صلاحیت‌دار در رشته",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
    )

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

    declaration = models.ForeignKey(
        Declaration, verbose_name="پرونده", on_delete=models.CASCADE, related_name="violation_answers"
    )
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


class ReviewNote(models.Model):
    """An expert's note on one section of a file, for one review round."""

    declaration = models.ForeignKey(
        Declaration, verbose_name="پرونده", on_delete=models.CASCADE, related_name="notes"
    )
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
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="پاسخ‌دهنده",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

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
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="کاربر",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
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
