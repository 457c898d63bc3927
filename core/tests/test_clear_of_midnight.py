"""`core.testing.clear_of_midnight` waits out Tehran's midnight and only then (a browser journey that
fills in today's date must not straddle two dates)."""

import datetime as dt
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from core.testing import clear_of_midnight

TEHRAN = ZoneInfo("Asia/Tehran")


def at(hour: int, minute: int, second: int) -> dt.datetime:
    return dt.datetime(2026, 12, 6, hour, minute, second, tzinfo=TEHRAN)


def test_at_23_59_56_tehran_it_waits_past_midnight():
    slept = []
    waited = clear_of_midnight(180, now=at(23, 59, 56), sleep=slept.append)
    assert slept == [waited] and waited == 5.0  # 4 s to midnight, and one more
    assert (at(23, 59, 56) + dt.timedelta(seconds=waited)).date() == dt.date(2026, 12, 7)


def test_at_noon_it_does_not_wait():
    slept = []
    assert clear_of_midnight(180, now=at(12, 0, 0), sleep=slept.append) == 0.0 and slept == []


def test_it_reads_tehran_time_not_utc():
    slept = []  # 20:29:56 UTC is 23:59:56 in Tehran (UTC+03:30), CI's failing moment
    moment = dt.datetime(2026, 12, 6, 20, 29, 56, tzinfo=dt.UTC)
    assert clear_of_midnight(180, now=moment, sleep=slept.append) == 5.0


@given(st.integers(min_value=0, max_value=86_399), st.integers(min_value=1, max_value=3600))
def test_after_waiting_the_margin_stays_on_one_date(second_of_day, margin):
    now = dt.datetime(2026, 12, 6, tzinfo=TEHRAN) + dt.timedelta(seconds=second_of_day)
    waited = clear_of_midnight(margin, now=now, sleep=lambda s: None)
    start = now + dt.timedelta(seconds=waited)
    assert start.date() == (start + dt.timedelta(seconds=margin)).date()
    assert waited <= margin + 1
