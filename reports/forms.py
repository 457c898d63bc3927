"""The report page's form: a Jalali period (day, week, month, quarter, year or a custom range), a
place the reader's role covers, a service or service area, a channel, a grouping and a comparison.
Every refusal is a Persian sentence; digits may be Persian, Arabic or Latin."""

import datetime as dt
from dataclasses import dataclass

import jdatetime
from django import forms
from django.core.exceptions import ValidationError

from catalogue.models import Area, Channel, Service
from core.formfields import JalaliDateField
from core.forms import MizForm
from core.jalali import MONTHS, format_date, jalali_month_length, jalali_year_bounds, to_jalali
from core.text import normalize_digits
from core.widgets import PersianNumberInput
from reports.selectors import BY

PERIODS = [
    ("day", "روز"),
    ("week", "هفته"),
    ("month", "ماه"),
    ("quarter", "فصل"),
    ("year", "سال"),
    ("custom", "بازه دلخواه"),
]
COMPARE = [("", "بدون مقایسه"), ("previous", "دوره پیش از آن"), ("last_year", "همین دوره در سال پیش")]
QUARTERS = [(1, "بهار"), (2, "تابستان"), (3, "پاییز"), (4, "زمستان")]
SERVICE_UNKNOWN = "این خدمت یا حوزه شناخته نیست؛ یکی از فهرست را برگزینید."
SATURDAY = 5  # Python's weekday of شنبه, the first day of the Iranian week


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date

    @property
    def label(self) -> str:
        if self.start == self.end:
            return format_date(self.start)
        return f"{format_date(self.start)} تا {format_date(self.end)}"


def _jalali_date(year: int, month: int, day: int) -> dt.date:
    return jdatetime.date(year, month, min(day, jalali_month_length(year, month))).togregorian()


def _month(year: int, month: int) -> Period:
    return Period(_jalali_date(year, month, 1), _jalali_date(year, month, 31))


def period_of(kind: str, *, day=None, year=None, month=None, quarter=None, start=None, end=None) -> Period:
    if kind in ("day", "week"):
        if kind == "day":
            return Period(day, day)
        first = day - dt.timedelta(days=(day.weekday() - SATURDAY) % 7)
        return Period(first, first + dt.timedelta(days=6))
    if kind == "month":
        return _month(year, month)
    if kind == "quarter":
        return Period(_month(year, 3 * quarter - 2).start, _month(year, 3 * quarter).end)
    if kind == "year":
        return Period(*jalali_year_bounds(year))
    return Period(start, end)


def previous_of(kind: str, period: Period) -> Period:
    """The period just before: the previous month, quarter or year; a range of the same length
    ending the day before for a day, a week or a custom range."""
    j = to_jalali(period.start)
    if kind == "month":
        return _month(j.year - (j.month == 1), 12 if j.month == 1 else j.month - 1)
    if kind == "quarter":
        q = (j.month - 1) // 3 + 1
        return period_of("quarter", year=j.year - (q == 1), quarter=4 if q == 1 else q - 1)
    if kind == "year":
        return period_of("year", year=j.year - 1)
    length = period.end - period.start
    end = period.start - dt.timedelta(days=1)
    return Period(end - length, end)


def last_year_of(period: Period) -> Period:
    """The same Jalali days a year earlier (اسفند ۳۰ of a leap year becomes اسفند ۲۹)."""
    a, b = to_jalali(period.start), to_jalali(period.end)
    return Period(_jalali_date(a.year - 1, a.month, a.day), _jalali_date(b.year - 1, b.month, b.day))


class LooseIntegerField(forms.IntegerField):
    """An integer typed with Persian, Arabic or Latin digits."""

    def to_python(self, value):
        return super().to_python(normalize_digits(str(value)) if value is not None else value)


class ReportForm(MizForm):
    period = forms.ChoiceField(label="دوره", choices=PERIODS, initial="month")
    day = JalaliDateField(label="روز (برای روز یا هفته)", required=False)
    year = LooseIntegerField(
        label="سال", required=False, min_value=1300, max_value=1500, widget=PersianNumberInput
    )
    month = forms.TypedChoiceField(
        label="ماه",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "—"), *list(enumerate(MONTHS, 1))],
    )
    quarter = forms.TypedChoiceField(
        label="فصل", required=False, coerce=int, empty_value=None, choices=[("", "—"), *QUARTERS]
    )
    start = JalaliDateField(label="از", required=False)
    end = JalaliDateField(label="تا", required=False)
    place = forms.CharField(label="محل", required=False)
    service = forms.ChoiceField(label="خدمت یا حوزه", required=False)
    channel = forms.ChoiceField(label="مجرا", required=False, choices=[("", "همه مجراها"), *Channel.choices])
    by = forms.ChoiceField(label="رتبه‌بندی و جدول بر پایه", choices=list(BY.items()), initial="province")
    compare = forms.ChoiceField(label="مقایسه با", required=False, choices=COMPARE)

    def __init__(self, *args, places=(), services=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.place_choices = list(places)
        self.fields["service"].choices = [
            ("", "همه خدمت‌ها"),
            ("حوزه", [(f"a:{code}", label) for code, label in Area.choices]),
            ("خدمت", [(f"s:{pk}", title) for pk, title in services]),
        ]
        self.fields["service"].error_messages["invalid_choice"] = SERVICE_UNKNOWN
        for name, field in self.fields.items():
            if name == "service":
                continue
            field.error_messages["invalid_choice"] = (
                f"گزینه «{field.label}» شناخته نیست؛ یکی از فهرست را برگزینید."
            )
            if name in ("year",):
                field.error_messages["invalid"] = "سال را با عدد بنویسید، مانند ۱۴۰۴."
                field.error_messages["min_value"] = "سال شمسی باید میان ۱۳۰۰ و ۱۵۰۰ باشد."
                field.error_messages["max_value"] = "سال شمسی باید میان ۱۳۰۰ و ۱۵۰۰ باشد."

    def clean(self):
        data = super().clean()
        kind = data.get("period")
        if not kind or self.errors:
            return data
        need = {
            "day": ("day",),
            "week": ("day",),
            "month": ("year", "month"),
            "quarter": ("year", "quarter"),
            "year": ("year",),
            "custom": ("start", "end"),
        }[kind]
        missing = [self.fields[n].label for n in need if data.get(n) in (None, "")]
        if missing:
            raise ValidationError(f"برای این دوره، {' و '.join(f'«{m}»' for m in missing)} را هم بدهید.")
        if kind == "custom" and data["end"] < data["start"]:
            raise ValidationError(
                "پایان دوره پیش از آغاز آن است؛ تاریخ «تا» باید همان روز یا پس از «از» باشد.", code="order"
            )
        data["period_range"] = period_of(
            kind,
            day=data.get("day"),
            year=data.get("year"),
            month=data.get("month"),
            quarter=data.get("quarter"),
            start=data.get("start"),
            end=data.get("end"),
        )
        if data.get("compare") == "previous":
            data["compare_range"] = previous_of(kind, data["period_range"])
        elif data.get("compare") == "last_year":
            data["compare_range"] = last_year_of(data["period_range"])
        return data


def services_for_form() -> list[tuple[int, str]]:
    return list(Service.objects.order_by("title").values_list("pk", "title"))


def parse_service(value: str) -> tuple[str, frozenset[int] | None, int | None]:
    """(name, service ids or None for all, the one service's id) of the form's service choice."""
    kind, _, code = (value or "").partition(":")
    if not value:
        return "همه خدمت‌ها", None, None
    if kind == "a":
        ids = frozenset(Service.objects.filter(area=code).values_list("pk", flat=True))
        return f"حوزه {Area(code).label}", ids, None
    service = Service.objects.filter(pk=int(code)).values_list("pk", "title").first()
    return f"خدمت {service[1]}", frozenset({service[0]}), service[0]
