"""Every printed line of an imported report (table rows, table headers, headings) as printed,
with its cells read by column: the data-quality rules on printed figures (each percent, each
total, each figure printed twice, each row that lost a cell) read these, and name the line."""

from django.db import models

from core.modelfields import optional_fk
from performance.models.catalogue import Activity


class PrintedLine(models.Model):
    class Reason(models.TextChoices):
        """Why an HQ row the conversion left short could not become values."""

        AMBIGUOUS = (
            "ambiguous",
            "دو رقم از سه رقم چاپ شده و از متن معلوم نیست کدام افتاده (چند برنامه و عملکرد با آن می‌خواند)",
        )
        SHIFTED = "shifted", "خانه‌های سطر جابه‌جا چاپ شده (شماره ردیف جای یک رقم)"
        ONE_FIGURE = "one_figure", "تنها یک رقم از سه رقم چاپ شده"
        NARRATIVE = "narrative", "متن روایی (فهرست اهداف پروژه) به جای رقم"
        LAYOUT = "layout", "چیدمان جدول خوانا نیست"

    class Kind(models.TextChoices):
        ROW = "row", "سطر جدول"
        HEADER = "header", "سرستون جدول"
        HEADING = "heading", "عنوان"

    source = models.CharField("منبع", max_length=40, db_index=True)
    year = models.PositiveSmallIntegerField("سال")
    line = models.PositiveIntegerField("سطر متن")
    kind = models.CharField("نوع", max_length=10, choices=Kind.choices, default=Kind.ROW)
    table = models.CharField("جدول", max_length=20, blank=True)
    part = models.CharField("بخش گزارش", max_length=20, blank=True)
    level = models.CharField("سطح", max_length=10, blank=True)
    label = models.CharField("برچسب یا متن", max_length=500, blank=True)
    org_unit = optional_fk("orgs.OrgUnit", "واحد", on_delete=models.CASCADE)
    activity = optional_fk(Activity, "فعالیت", on_delete=models.CASCADE)
    printed_name = models.CharField("نام استان چنان که چاپ شده", max_length=100, blank=True)
    # `columns[i]` is the key of `cells[i]` (plan, actual, percent, share, total, breakdown…);
    # a row that lost a cell has the keys its re-reading found (`shape`), or none.
    columns = models.JSONField("ستون‌ها", default=list, blank=True)
    cells = models.JSONField("خانه‌های چاپی", default=list, blank=True)
    values = models.JSONField("خوانش خانه‌ها", default=list, blank=True)
    complete = models.BooleanField("کامل", default=True)
    is_total = models.BooleanField("سطر جمع", default=False)
    rank = models.CharField("ردیف", max_length=10, blank=True)
    recovered = models.JSONField("بازخوانی", default=dict, blank=True)
    unread_reason = models.CharField("علت خوانده‌نشدن", max_length=20, choices=Reason.choices, blank=True)
    printed = models.TextField("متن چاپی سطر", blank=True)
    # the kind of import finding on the line (appendix 1: shifted, letters, duplicate); `label`
    # then holds the finding's text
    note = models.CharField("یافتهٔ درون‌ریزی", max_length=20, blank=True)
    # cells of other lines that print the same figure: [{"line", "pairs": [[mine, theirs]], "why"}]
    twins = models.JSONField("همتاها", default=list, blank=True)

    class Meta:
        ordering = ["source", "line"]
        verbose_name = "سطر چاپی"
        verbose_name_plural = "سطرهای چاپی"
        indexes = [models.Index(fields=["year", "line"], name="printed_line_year_line")]

    def __str__(self) -> str:
        return f"{self.source}:{self.line} {self.label[:40]}"
