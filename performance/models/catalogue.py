"""What performance figures are about: areas of work, activities (DHIS2's data elements) and their
breakdowns, Jalali periods and the editions of a year's plan."""

from django.core.exceptions import ValidationError
from django.db import models

from core.jalali import jalali_month_length


class Area(models.Model):
    """A field of work (standardisation, training, certificates, … or an HQ office's own table)."""

    code = models.SlugField("کد", max_length=40, unique=True)
    title = models.CharField("عنوان", max_length=200)
    order = models.PositiveSmallIntegerField("ترتیب", default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = "حوزه"
        verbose_name_plural = "حوزه‌ها"

    def __str__(self) -> str:
        return self.title


class Activity(models.Model):
    """What is counted: the data element of DHIS2."""

    class Aggregation(models.TextChoices):
        SUM = "sum", "جمع"
        AVERAGE = "average", "میانگین"
        NONE = "none", "جمع‌پذیر نیست"

    class Scope(models.TextChoices):
        PROVINCES = "provinces", "استان‌ها"
        HQ = "hq", "ستاد"

    code = models.CharField("کد", max_length=40, unique=True)
    # HQ rows print whole paragraphs as an activity's title (the longest is 1,227 characters)
    title = models.TextField("عنوان")
    area = models.ForeignKey(Area, verbose_name="حوزه", on_delete=models.PROTECT, related_name="activities")
    unit_of_measure = models.CharField("سنجه", max_length=100, default="تعداد")
    aggregation = models.CharField("نحوه تجمیع", max_length=10, choices=Aggregation.choices, default="sum")
    higher_is_better = models.BooleanField("بیشتر بهتر است", default=True)
    scope = models.CharField("سطح", max_length=10, choices=Scope.choices, default=Scope.PROVINCES)
    order = models.PositiveIntegerField("ترتیب", default=0)
    source = models.CharField("منبع", max_length=200, blank=True, help_text="جدول گزارش منبع.")
    desk_service_code = models.CharField(
        "کد خدمت میز خدمت",
        max_length=11,
        blank=True,
        help_text="اگر پر باشد، عملکرد از درخواست‌های انجام‌شده میز خدمت محاسبه می‌شود.",
    )
    is_active = models.BooleanField("فعال", default=True)
    # Seed 004's summary prints one line per activity by level (provinces, research institute,
    # HQ, organisation): an HQ office's row that is that line's HQ or institute figure points here.
    rolls_up_to = models.ForeignKey(
        "self",
        verbose_name="در جمع سطح‌های فعالیت",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="level_parts",
        help_text="ردیف ستاد یا پژوهشگاه که در خلاصه گزارش، سطح ستاد یا پژوهشگاهِ این فعالیت استانی است.",
    )

    # Seed 004's appendix 1 lists the province-specific indicators a province table details
    # (P065's sub-programmes): each is an activity of the provinces that points to that table.
    part_of = models.ForeignKey(
        "self",
        verbose_name="شاخص اختصاصیِ",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="indicators",
        help_text="فعالیت استانی که این شاخص اختصاصی استان جزئی از آن است (پیوست ۱ گزارش).",
    )

    class Meta:
        ordering = ["area__order", "order", "code"]
        verbose_name = "فعالیت"
        verbose_name_plural = "فعالیت‌ها"

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        head = self.rolls_up_to
        if head is None:
            return
        if head.pk == self.pk or head.rolls_up_to_id is not None:
            raise ValidationError({"rolls_up_to": "فعالیت سرجمع باید خودش سرجمع فعالیت دیگری نباشد."})
        if head.scope != self.Scope.PROVINCES or self.scope != self.Scope.HQ:
            raise ValidationError(
                {"rolls_up_to": "فقط ردیف ستادی در جمع سطح‌های یک فعالیت استانی شمرده می‌شود."}
            )


class Breakdown(models.Model):
    """A category of an activity (issue/renewal, an industry sector …). Every activity has a
    `total` breakdown that holds its undivided figures."""

    TOTAL = "total"

    activity = models.ForeignKey(
        Activity, verbose_name="فعالیت", on_delete=models.CASCADE, related_name="breakdowns"
    )
    code = models.CharField("کد", max_length=40)
    title = models.CharField("عنوان", max_length=200, blank=True)
    order = models.PositiveSmallIntegerField("ترتیب", default=0)

    class Meta:
        ordering = ["activity", "order", "code"]
        verbose_name = "تفکیک"
        verbose_name_plural = "تفکیک‌ها"
        constraints = [
            models.UniqueConstraint(fields=["activity", "code"], name="breakdown_unique_code"),
        ]

    def __str__(self) -> str:
        return self.title or "کل"

    @property
    def is_total(self) -> bool:
        return self.code == self.TOTAL


class Period(models.Model):
    """A Jalali year, quarter or month, with its Gregorian first and last day."""

    class Kind(models.TextChoices):
        YEAR = "year", "سال"
        QUARTER = "quarter", "فصل"
        MONTH = "month", "ماه"

    code = models.CharField("کد", max_length=10, unique=True, help_text="1400، 1400Q1 یا 140001")
    kind = models.CharField("نوع", max_length=10, choices=Kind.choices)
    year = models.PositiveSmallIntegerField("سال")
    number = models.PositiveSmallIntegerField("شماره", default=0, help_text="شماره فصل یا ماه")
    start = models.DateField("از")
    end = models.DateField("تا")
    lock_after = models.DateField(
        "قفل پس از", null=True, blank=True, help_text="پس از این تاریخ ورود داده برای این دوره بسته است."
    )

    class Meta:
        ordering = ["year", "kind", "number"]
        verbose_name = "دوره"
        verbose_name_plural = "دوره‌ها"

    def __str__(self) -> str:
        from core.text import to_persian_digits

        if self.kind == self.Kind.YEAR:
            return f"سال {to_persian_digits(self.year)}"
        if self.kind == self.Kind.QUARTER:
            return f"فصل {to_persian_digits(self.number)} {to_persian_digits(self.year)}"
        return f"{to_persian_digits(self.year)}/{to_persian_digits(f'{self.number:02d}')}"

    @staticmethod
    def bounds(kind: str, year: int, number: int = 0):
        import jdatetime

        if kind == Period.Kind.YEAR:
            first_month, last_month = 1, 12
        elif kind == Period.Kind.QUARTER:
            if not 1 <= number <= 4:
                raise ValidationError("شماره فصل باید از ۱ تا ۴ باشد.")
            first_month, last_month = 3 * number - 2, 3 * number
        else:
            if not 1 <= number <= 12:
                raise ValidationError("شماره ماه باید از ۱ تا ۱۲ باشد.")
            first_month = last_month = number
        start = jdatetime.date(year, first_month, 1).togregorian()
        end = jdatetime.date(year, last_month, jalali_month_length(year, last_month)).togregorian()
        return start, end

    @staticmethod
    def make_code(kind: str, year: int, number: int = 0) -> str:
        if kind == Period.Kind.YEAR:
            return str(year)
        if kind == Period.Kind.QUARTER:
            return f"{year}Q{number}"
        return f"{year}{number:02d}"


class PlanVersion(models.Model):
    """An edition of a year's programme; the 1400 report compares with «ویرایش دوم - اسفند ۹۹».

    A revision is a workflow (`performance.plans`): an HQ planner starts a draft copying the plan
    values of the version in force, edits it and proposes it; another authorised person approves
    it, and it becomes the one version in force for its year (the one reports use) while the
    version it replaces is kept, read-only, as superseded."""

    class State(models.TextChoices):
        DRAFT = "draft", "پیش‌نویس"
        PROPOSED = "proposed", "پیشنهادشده، در انتظار تأیید"
        IN_FORCE = "in_force", "نسخه جاری (مبنای گزارش‌ها)"
        SUPERSEDED = "superseded", "نسخه پیشین (فقط خواندنی)"

    code = models.SlugField("کد", max_length=40, unique=True)
    title = models.CharField("عنوان", max_length=200)
    year = models.PositiveSmallIntegerField("سال برنامه")
    state = models.CharField("وضعیت", max_length=12, choices=State.choices, default=State.IN_FORCE)
    based_on = models.ForeignKey(
        "self",
        verbose_name="ویرایش شده از",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="revisions",
    )
    created_at = models.DateTimeField("ایجاد", auto_now_add=True)

    class Meta:
        ordering = ["-year", "code"]
        verbose_name = "نسخه برنامه"
        verbose_name_plural = "نسخه‌های برنامه"
        constraints = [
            models.UniqueConstraint(
                fields=["year"], condition=models.Q(state="in_force"), name="planversion_one_in_force"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_current(self) -> bool:
        return self.state == self.State.IN_FORCE

    @property
    def is_editable(self) -> bool:
        return self.state == self.State.DRAFT
