"""The desk's summary (issue 11, decision 0068): counts per day × handling unit × service × channel
× place of intake, kept by the desk's own events in their transaction (`reports.summary`) and
rebuilt from the requests by `manage.py desk_summary_rebuild`. Reports read these tables, never
every request. Averages and percentages are computed when read; the medians from `DeskDuration`,
histograms of working and calendar days to the answer and of working days to the first response:
a median cannot be summed, a histogram can. `DeskReason` counts the reasons chosen in ratings.

The month rollup (decision 0111): `DeskMonth`, `DeskMonthDuration` and `DeskMonthReason` hold the
same figures summed over each Jalali month (`day`: the month's first day), written by the same
statements' owner (`reports.changes.Changes`) with the day rows, so a report reads whole months
from them and only the partial-month edges of its period from the day rows."""

from typing import NamedTuple

from django.db import models

from catalogue.models import Service
from orgs.models import OrgUnit

KEY_FIELDS = ("day", "unit_id", "service_id", "channel", "office_id", "desk_id")


class SummaryKey(models.Model):
    day = models.DateField("روز")
    # No constraint in the database (decision 0140): rows derived from requests that have theirs,
    # written by the million in a rebuild, where checking each row's unit and service took a
    # fifth of the time. Deleting a unit or service through Django still deletes its rows.
    unit = models.ForeignKey(
        OrgUnit,
        verbose_name="واحد رسیدگی‌کننده",
        on_delete=models.CASCADE,
        related_name="+",
        db_constraint=False,
    )
    service = models.ForeignKey(
        Service, verbose_name="خدمت", on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    channel = models.CharField("مجرای ثبت", max_length=20)
    # The place of intake as plain ids (0: none), so that the key has no NULL and can be upserted.
    office_id = models.PositiveIntegerField("دفتر پیشخوان", default=0)
    desk_id = models.PositiveIntegerField("میز خدمت حضوری", default=0)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.day} {self.unit_id}/{self.service_id}/{self.channel}"


class DayCounts(models.Model):
    """The counts and sums of a summary row (a day's, or a Jalali month's)."""

    accepted = models.IntegerField("پذیرفته", default=0)
    open = models.IntegerField("باز", default=0)
    answered = models.IntegerField("پاسخ‌داده", default=0)
    withdrawn = models.IntegerField("انصراف", default=0)
    working_days = models.IntegerField("جمع روزهای کاری تا پاسخ", default=0)
    calendar_days = models.IntegerField("جمع روزهای تقویمی تا پاسخ", default=0)
    within_sla = models.IntegerField("پاسخ در مهلت", default=0)
    ratings = models.IntegerField("شمار نظرها", default=0)
    rating_sum = models.IntegerField("جمع امتیازها", default=0)
    # The first response to the applicant (docs/reports.md), on its day: how many, their working
    # days from acceptance (pauses excluded), how many had an SLA first-response target and how
    # many of those came within it.
    first_responses = models.IntegerField("پاسخ‌های نخست", default=0)
    first_response_days = models.IntegerField("جمع روزهای کاری تا پاسخ نخست", default=0)
    first_response_targeted = models.IntegerField("پاسخ نخست با مهلت توافقنامه", default=0)
    first_response_within = models.IntegerField("پاسخ نخست در مهلت", default=0)
    # Directive compliance (D13, decision 0102): of the accepted (on the day of acceptance), those
    # with a receipt message not failed and those called to a unit's desk by an appointment not
    # cancelled; of the answered (on the day of the decision), those with an electronic response;
    # the appointments not cancelled, on the day of the visit.
    receipts = models.IntegerField("رسید فرستاده", default=0)
    called_in = models.IntegerField("فراخوانده به میز خدمت", default=0)
    responded = models.IntegerField("پاسخ الکترونیکی", default=0)
    visits = models.IntegerField("نوبت حضور", default=0)

    class Meta:
        abstract = True


class DeskDay(SummaryKey, DayCounts):
    """What happened on one day to the requests of one key. `accepted` and `open` are counted on
    the day of acceptance (`open`: of those, still open now); `answered`, the times and
    `within_sla` on the day of the decision; `withdrawn` on the day of withdrawal; ratings on the
    day they were given."""

    class Meta:
        verbose_name = "خلاصه روزانه میز خدمت"
        verbose_name_plural = "خلاصه‌های روزانه میز خدمت"
        constraints = [models.UniqueConstraint(fields=KEY_FIELDS, name="reports_deskday_key")]


class DurationCounts(models.Model):
    """A histogram bar: how many took exactly `days`, by `measure`."""

    class Measure(models.TextChoices):
        WORKING = "working", "روز کاری تا پاسخ"
        CALENDAR = "calendar", "روز تقویمی تا پاسخ"
        FIRST_RESPONSE = "first_response", "روز کاری تا پاسخ نخست"

    measure = models.CharField("سنجه", max_length=20, choices=Measure.choices)
    days = models.IntegerField("روزها")
    tally = models.IntegerField("شمار", default=0)

    class Meta:
        abstract = True


class DeskDuration(SummaryKey, DurationCounts):
    """How many requests of one key took exactly `days` on one day, by `measure`: working or
    calendar days from acceptance to the answer given that day, or working days to the first
    response given that day (decision 0095: one table, so an answer writes one histogram row)."""

    class Meta:
        verbose_name = "توزیع زمان"
        verbose_name_plural = "توزیع‌های زمان"
        constraints = [
            models.UniqueConstraint(fields=(*KEY_FIELDS, "measure", "days"), name="reports_deskduration_key")
        ]


class ReasonCounts(models.Model):
    """How many ratings chose `reason` (`desk.models.FEEDBACK_REASONS`)."""

    reason = models.CharField("دلیل", max_length=20)
    ratings = models.IntegerField("شمار نظرها", default=0)

    class Meta:
        abstract = True


class DeskReason(SummaryKey, ReasonCounts):
    """How many ratings given on one day for requests of one key chose `reason`."""

    class Meta:
        verbose_name = "دلیل نظر"
        verbose_name_plural = "دلیل‌های نظر"
        constraints = [models.UniqueConstraint(fields=(*KEY_FIELDS, "reason"), name="reports_deskreason_key")]


# ---- the month rollup (decision 0111): `day` is the first day of a Jalali month ----------------


class DeskMonth(SummaryKey, DayCounts):
    """`DeskDay`'s figures summed over a Jalali month."""

    class Meta:
        verbose_name = "خلاصه ماهانه میز خدمت"
        verbose_name_plural = "خلاصه‌های ماهانه میز خدمت"
        constraints = [models.UniqueConstraint(fields=KEY_FIELDS, name="reports_deskmonth_key")]


class DeskMonthDuration(SummaryKey, DurationCounts):
    """`DeskDuration`'s histograms summed over a Jalali month."""

    class Meta:
        verbose_name = "توزیع زمان ماهانه"
        verbose_name_plural = "توزیع‌های زمان ماهانه"
        constraints = [
            models.UniqueConstraint(
                fields=(*KEY_FIELDS, "measure", "days"), name="reports_deskmonthduration_key"
            )
        ]


class DeskMonthReason(SummaryKey, ReasonCounts):
    """`DeskReason`'s counts summed over a Jalali month."""

    class Meta:
        verbose_name = "دلیل نظر ماهانه"
        verbose_name_plural = "دلیل‌های نظر ماهانه"
        constraints = [
            models.UniqueConstraint(fields=(*KEY_FIELDS, "reason"), name="reports_deskmonthreason_key")
        ]


# ---- the month margins (decision 0114): a month's rows summed over all but one part of the key -


MARGIN_FIELDS = ("day", "by", "unit_id", "service_id", "channel", "office_id", "desk_id")
# The unique index's order: `by` first, then the month, so that a read of one margin over a range
# of months is one range of the index (equality on `by`, then the range of `day`).
MARGIN_INDEX = ("by", *(f for f in MARGIN_FIELDS if f != "by"))


class MarginKey(models.Model):
    """A Jalali month (`day`: its first day) and one part of the summary's key (`by`); the other
    parts are 0 or empty. Plain ids, no foreign keys: a margin row is never joined."""

    class By(models.TextChoices):
        UNIT = "unit", "واحد"
        SERVICE = "service", "خدمت"
        CHANNEL = "channel", "مجرا"
        OFFICE = "office", "محل پذیرش"

    day = models.DateField("ماه")
    by = models.CharField("بخش کلید", max_length=10, choices=By.choices)
    unit_id = models.PositiveIntegerField("واحد رسیدگی‌کننده", default=0)
    service_id = models.PositiveIntegerField("خدمت", default=0)
    channel = models.CharField("مجرای ثبت", max_length=20, default="")
    office_id = models.PositiveIntegerField("دفتر پیشخوان", default=0)
    desk_id = models.PositiveIntegerField("میز خدمت حضوری", default=0)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.day} {self.by}"


class DeskMargin(MarginKey, DayCounts):
    """`DeskMonth`'s figures summed by one part of the key."""

    class Meta:
        verbose_name = "حاشیه ماهانه میز خدمت"
        verbose_name_plural = "حاشیه‌های ماهانه میز خدمت"
        constraints = [models.UniqueConstraint(fields=MARGIN_INDEX, name="reports_deskmargin_key")]


class DeskMarginDuration(MarginKey, DurationCounts):
    """`DeskMonthDuration`'s histograms summed by one part of the key."""

    class Meta:
        verbose_name = "توزیع زمان حاشیه ماهانه"
        verbose_name_plural = "توزیع‌های زمان حاشیه ماهانه"
        constraints = [
            models.UniqueConstraint(
                fields=(*MARGIN_INDEX, "measure", "days"), name="reports_deskmarginduration_key"
            )
        ]


class DeskMarginReason(MarginKey, ReasonCounts):
    """`DeskMonthReason`'s counts summed by one part of the key."""

    class Meta:
        verbose_name = "دلیل نظر حاشیه ماهانه"
        verbose_name_plural = "دلیل‌های نظر حاشیه ماهانه"
        constraints = [
            models.UniqueConstraint(fields=(*MARGIN_INDEX, "reason"), name="reports_deskmarginreason_key")
        ]


class Tables(NamedTuple):
    """One level of the summary (days, months or month margins): its tables of counts, of time
    histograms and of rating reasons, and the fields its rows are keyed by."""

    counts: type[models.Model]
    durations: type[models.Model]
    reasons: type[models.Model]
    key: tuple[str, ...]

    @property
    def models(self) -> tuple[type[models.Model], ...]:
        return (self.counts, self.durations, self.reasons)


# Beyond the level's key, each table's rows are kept by these fields (as `models` orders them).
EXTRA_KEYS = (None, ("measure", "days"), ("reason",))
DAY_TABLES = Tables(DeskDay, DeskDuration, DeskReason, KEY_FIELDS)
MONTH_TABLES = Tables(DeskMonth, DeskMonthDuration, DeskMonthReason, KEY_FIELDS)
MARGIN_TABLES = Tables(DeskMargin, DeskMarginDuration, DeskMarginReason, MARGIN_FIELDS)
# Every table of the summary, level by level (days, months, margins), each level's as `models`.
SUMMARY_MODELS = (*DAY_TABLES.models, *MONTH_TABLES.models, *MARGIN_TABLES.models)
