"""Jalali dates: shown with Persian digits in Tehran time, typed in any digit script, stored Gregorian."""

import datetime as dt
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.template import engines
from hypothesis import given
from hypothesis import strategies as st

from core import jalali
from core.text import to_persian_digits

UTC = dt.UTC
TEHRAN = zoneinfo.ZoneInfo("Asia/Tehran")


def render(source: str, **context) -> str:
    return engines["django"].from_string(source).render(context)


# --- display ------------------------------------------------------------------------------


def test_format_date_and_long():
    assert jalali.format_date(dt.date(2025, 3, 19)) == "۱۴۰۳/۱۲/۲۹"
    assert jalali.format_date(dt.date(2025, 3, 19), persian_digits=False) == "1403/12/29"
    assert jalali.format_date(None) == ""
    assert jalali.format_long(dt.date(2025, 11, 24)) == "دوشنبه ۳ آذر ۱۴۰۴"


def test_aware_datetimes_are_shown_in_tehran_time():
    # 20:31 UTC on 20 March 2025 is already 00:01 on Nowruz 1404 in Tehran (UTC+3:30).
    moment = dt.datetime(2025, 3, 20, 20, 31, tzinfo=UTC)
    assert jalali.format_datetime(moment) == "۱۴۰۴/۰۱/۰۱ ۰۰:۰۱"
    assert jalali.format_date(moment) == "۱۴۰۴/۰۱/۰۱"
    assert jalali.format_long(moment) == "جمعه ۱ فروردین ۱۴۰۴"
    earlier = dt.datetime(2025, 3, 20, 20, 29, tzinfo=UTC)
    assert jalali.format_datetime(earlier) == "۱۴۰۳/۱۲/۳۰ ۲۳:۵۹"


@given(
    st.datetimes(
        min_value=dt.datetime(1921, 3, 22), max_value=dt.datetime(2121, 3, 19), timezones=st.just(UTC)
    )
)
def test_shown_moments_are_jdatetimes_own_conversion_in_tehran(moment):
    # The display keeps each day's conversion once per process; what it shows is still exactly
    # jdatetime's conversion of the moment in Tehran time, the clock's hour and minute included.
    import jdatetime

    local = jdatetime.datetime.fromgregorian(datetime=moment.astimezone(TEHRAN))
    assert jalali.format_datetime(moment, persian_digits=False) == local.strftime("%Y/%m/%d %H:%M")
    assert jalali.format_date(moment, persian_digits=False) == local.strftime("%Y/%m/%d")
    assert jalali.format_date(moment.astimezone(TEHRAN).date(), persian_digits=False) == local.strftime(
        "%Y/%m/%d"
    )
    weekday = jalali.WEEKDAYS[moment.astimezone(TEHRAN).weekday()]
    assert jalali.format_long(moment) == to_persian_digits(
        f"{weekday} {local.day} {jalali.MONTHS[local.month - 1]} {local.year}"
    )


def test_template_filters_need_no_load_and_use_persian_digits():
    moment = dt.datetime(2025, 3, 20, 20, 31, tzinfo=UTC)
    html = render(
        "{{ d|jalali_date }}|{{ m|jalali_datetime }}|{{ m|jalali_date }}|{{ d|jalali_datetime }}|"
        "{{ n|fa_digits }}|{{ big|fa_number }}|{{ p|phone }}|{{ none|jalali_date }}|{{ d|jalali_long }}",
        d=dt.date(2025, 3, 19),
        m=moment,
        n=1403,
        big=1234567,
        p="+989123456789",
        none=None,
    )
    assert html == (
        "۱۴۰۳/۱۲/۲۹|۱۴۰۴/۰۱/۰۱ ۰۰:۰۱|۱۴۰۴/۰۱/۰۱|۱۴۰۳/۱۲/۲۹|۱۴۰۳|۱٬۲۳۴٬۵۶۷|۰۹۱۲۳۴۵۶۷۸۹||چهارشنبه ۲۹ اسفند ۱۴۰۳"
    )


def test_filters_leave_non_dates_alone():
    assert render("{{ v|jalali_date }}", v="نامشخص") == "نامشخص"
    assert render("{{ v|fa_number:2 }}", v="1234.5") == "۱٬۲۳۴٫۵۰"


# --- parsing ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "۱۴۰۳/۱۲/۲۹",
        "1403/12/29",
        "١٤٠٣/١٢/٢٩",
        "1403-12-29",
        "1403.12.29",
        " ۱۴۰۳ / ۱۲ / ۲۹ ",
        "\u200f1403/12/29",
    ],
)
def test_parse_date_accepts_any_digit_script_and_separator(typed):
    assert jalali.parse_date(typed) == dt.date(2025, 3, 19)


def test_parse_date_leap_year_end():
    assert jalali.parse_date("1403/12/30") == dt.date(2025, 3, 20)  # 1403 is a leap year
    with pytest.raises(ValidationError) as exc_info:
        jalali.parse_date("1404/12/30")
    assert exc_info.value.messages == ["اسفند سال ۱۴۰۴ ۲۹ روز دارد؛ روز ۳۰ وجود ندارد."]


def test_1403_12_31_gives_a_clear_persian_message():
    with pytest.raises(ValidationError) as exc_info:
        jalali.parse_date("1403/12/31")
    assert exc_info.value.code == "jalali_day"
    assert exc_info.value.messages == ["اسفند سال ۱۴۰۳ ۳۰ روز دارد؛ روز ۳۱ وجود ندارد."]


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("", "jalali_format"),
        ("۱۴۰۳/۱۲", "jalali_format"),
        ("29/12/1403", "jalali_format"),
        ("امروز", "jalali_format"),
        ("1403/13/01", "jalali_month"),
        ("1403/00/10", "jalali_month"),
        ("1403/07/31", "jalali_day"),
        ("1403/01/00", "jalali_day"),
    ],
)
def test_bad_dates_are_refused_with_persian_messages(typed, code):
    with pytest.raises(ValidationError) as exc_info:
        jalali.parse_date(typed)
    assert exc_info.value.code == code
    assert not any(ch.isascii() and ch.isdigit() for ch in exc_info.value.messages[0])


@pytest.mark.parametrize("typed", ["2025/11/24", "2025-03-19", "1299/12/29", "1501/01/01", "0000/01/01"])
def test_implausible_years_are_refused(typed):
    """A Gregorian date (from Django's own date widget, or typed by habit) is not a Jalali one."""
    with pytest.raises(ValidationError) as exc_info:
        jalali.parse_date(typed)
    assert exc_info.value.code == "jalali_year"
    text = exc_info.value.messages[0]
    assert "شمسی" in text and "۱۳۰۰" in text and "۱۵۰۰" in text
    assert to_persian_digits(int(typed[:4])) in text


def test_year_bounds_are_inclusive():
    assert jalali.parse_date("1300/01/01") == dt.date(1921, 3, 21)
    assert jalali.parse_date("1500/01/01").year == 2121


@given(st.dates(min_value=dt.date(1921, 3, 21), max_value=dt.date(2121, 3, 20)))
def test_format_then_parse_round_trips(day):
    assert jalali.parse_date(jalali.format_date(day)) == day
    assert jalali.parse_date(jalali.format_date(day, persian_digits=False)) == day


def test_year_bounds_and_current_year():
    assert jalali.jalali_year_bounds(1400) == (dt.date(2021, 3, 21), dt.date(2022, 3, 20))
    assert jalali.jalali_year_bounds(1403) == (dt.date(2024, 3, 20), dt.date(2025, 3, 20))
    assert jalali.current_jalali_year(dt.date(2025, 3, 20)) == 1403
    assert jalali.current_jalali_year(dt.date(2025, 3, 21)) == 1404


@given(st.integers(min_value=1300, max_value=1499))
def test_jalali_years_tile_the_gregorian_calendar(year):
    first, last = jalali.jalali_year_bounds(year)
    next_first, _ = jalali.jalali_year_bounds(year + 1)
    assert last + dt.timedelta(days=1) == next_first
    assert (last - first).days + 1 in (365, 366)
    assert jalali.jalali_month_length(year, 12) == (30 if (last - first).days == 365 else 29)
