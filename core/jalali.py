"""Jalali (Solar Hijri) dates: shown and typed in Jalali, stored Gregorian and timezone-aware."""

import datetime as dt
import re
from functools import lru_cache

import jdatetime
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.text import normalize_digits, normalize_text, to_persian_digits

MONTHS = (
    "فروردین",
    "اردیبهشت",
    "خرداد",
    "تیر",
    "مرداد",
    "شهریور",
    "مهر",
    "آبان",
    "آذر",
    "دی",
    "بهمن",
    "اسفند",
)
# Python's weekday(): Monday=0 … Sunday=6.
WEEKDAYS = ("دوشنبه", "سه‌شنبه", "چهارشنبه", "پنجشنبه", "جمعه", "شنبه", "یکشنبه")

# Years a person can mean in Miz. A Gregorian date typed or picked by mistake (2025/11/24)
# would otherwise be read as the valid Jalali year 2025, six centuries from now.
MIN_YEAR = 1300
MAX_YEAR = 1500

_DATE_RE = re.compile(r"^\s*(\d{4})\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*(\d{1,2})\s*$", re.ASCII)


def to_jalali(value: dt.date | dt.datetime) -> jdatetime.date | jdatetime.datetime:
    """A Gregorian date, or an aware datetime shown in the current time zone, as Jalali."""
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return jdatetime.datetime.fromgregorian(datetime=value)
    return jdatetime.date.fromgregorian(date=value)


@lru_cache(maxsize=2048)
def _ymd(day: dt.date) -> tuple[int, int, int]:
    """The Jalali year, month and day of a Gregorian day. Every date a page shows goes through
    here (a queue's rows, a timeline's events, the shell's today), and jdatetime's conversion is
    arithmetic in Python: the days a process shows are few, each is converted once (2,048 days
    kept at most: about half a megabyte)."""
    j = jdatetime.date.fromgregorian(date=day)
    return j.year, j.month, j.day


def _local(value: dt.date | dt.datetime) -> dt.date | dt.datetime:
    """An aware datetime in the current time zone; a naive one or a date as it is."""
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def format_date(value: dt.date | dt.datetime | None, *, persian_digits: bool = True) -> str:
    """`2025-03-19` → `۱۴۰۳/۱۲/۲۹`."""
    if value is None or value == "":
        return ""
    local = _local(value)
    day = local.date() if isinstance(local, dt.datetime) else local
    year, month, date = _ymd(day)
    text = f"{year:04d}/{month:02d}/{date:02d}"
    return to_persian_digits(text) if persian_digits else text


def format_datetime(value: dt.datetime | None, *, persian_digits: bool = True) -> str:
    """An aware datetime → `۱۴۰۳/۱۲/۲۹ ۱۴:۳۰` in local (Tehran) time."""
    if value is None or value == "":
        return ""
    if not isinstance(value, dt.datetime):
        return format_date(value, persian_digits=persian_digits)
    local = _local(value)
    year, month, date = _ymd(local.date())
    text = f"{year:04d}/{month:02d}/{date:02d} {local.hour:02d}:{local.minute:02d}"
    return to_persian_digits(text) if persian_digits else text


def format_long(value: dt.date | dt.datetime) -> str:
    """`2025-11-24` → `دوشنبه ۳ آذر ۱۴۰۴`."""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return _long(value)


@lru_cache(maxsize=64)
def _long(day: dt.date) -> str:
    year, month, date = _ymd(day)
    return to_persian_digits(f"{WEEKDAYS[day.weekday()]} {date} {MONTHS[month - 1]} {year}")


def parse_date(text: str) -> dt.date:
    """`۱۴۰۳/۱۲/۲۹`, `1403-12-29` or `1403.1.5` → the Gregorian date; a Persian error otherwise."""
    raw = normalize_digits(normalize_text(str(text or "")))
    match = _DATE_RE.match(raw)
    if not match:
        raise ValidationError(
            "تاریخ را به شکل سال/ماه/روز شمسی وارد کنید، مانند ۱۴۰۳/۱۲/۲۹.", code="jalali_format"
        )
    year, month, day = (int(g) for g in match.groups())
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationError(
            f"سال {to_persian_digits(year)} پذیرفتنی نیست؛ تاریخ را شمسی و با سالی میان "
            f"{to_persian_digits(MIN_YEAR)} و {to_persian_digits(MAX_YEAR)} وارد کنید، مانند ۱۴۰۳/۱۲/۲۹.",
            code="jalali_year",
        )
    if not 1 <= month <= 12:
        raise ValidationError("ماه باید عددی از ۱ تا ۱۲ باشد.", code="jalali_month")
    days_in_month = jalali_month_length(year, month)
    if not 1 <= day <= days_in_month:
        raise ValidationError(
            f"{MONTHS[month - 1]} سال {to_persian_digits(year)} "
            f"{to_persian_digits(days_in_month)} روز دارد؛ روز {to_persian_digits(day)} وجود ندارد.",
            code="jalali_day",
        )
    try:
        return jdatetime.date(year, month, day).togregorian()
    except (ValueError, OverflowError) as exc:
        raise ValidationError("این تاریخ شمسی معتبر نیست.", code="jalali_invalid") from exc


def jalali_month_length(year: int, month: int) -> int:
    if month <= 6:
        return 31
    if month <= 11:
        return 30
    return 30 if jdatetime.date(year, 1, 1).isleap() else 29


def jalali_year_bounds(year: int) -> tuple[dt.date, dt.date]:
    """First and last Gregorian day of a Jalali year (1400 → 2021-03-21 … 2022-03-20)."""
    first = jdatetime.date(year, 1, 1).togregorian()
    last = jdatetime.date(year, 12, jalali_month_length(year, 12)).togregorian()
    return first, last


def current_jalali_year(today: dt.date | None = None) -> int:
    return jdatetime.date.fromgregorian(date=today or timezone.localdate()).year
