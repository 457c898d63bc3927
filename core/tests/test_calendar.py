"""The business calendar: property tests on the pure BusinessCalendar and on the DB-backed functions."""

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core import calendar
from core.calendar import BusinessCalendar
from core.models import Holiday

FRIDAY, THURSDAY = 4, 3
START, END = dt.date(2024, 1, 1), dt.date(2027, 12, 31)

days = st.dates(min_value=START, max_value=END)
weekends = st.sampled_from([frozenset({FRIDAY}), frozenset({THURSDAY, FRIDAY})]) | st.frozensets(
    st.integers(0, 6), min_size=0, max_size=6
)
holiday_sets = st.frozensets(st.dates(min_value=START - dt.timedelta(days=400), max_value=END), max_size=60)
calendars = st.builds(BusinessCalendar, holidays=holiday_sets, weekend=weekends)
steps = st.integers(min_value=-300, max_value=300)


def naive_between(cal: BusinessCalendar, a: dt.date, b: dt.date) -> int:
    """Working days d with a < d <= b, counted one day at a time."""
    if b < a:
        return -naive_between(cal, b, a)
    return sum(cal.is_working_day(a + dt.timedelta(days=i)) for i in range(1, (b - a).days + 1))


def naive_add(cal: BusinessCalendar, day: dt.date, n: int) -> dt.date:
    step = dt.timedelta(days=1 if n >= 0 else -1)
    remaining = abs(n)
    while remaining:
        day += step
        remaining -= cal.is_working_day(day)
    return day


# --- the pure calendar --------------------------------------------------------------------


@given(calendars, days, steps)
def test_add_working_days_lands_on_a_working_day(cal, day, n):
    result = cal.add_working_days(day, n)
    if n != 0:
        assert cal.is_working_day(result)
    else:
        assert result == day


@given(calendars, days, steps)
def test_working_days_between_inverts_add_working_days(cal, day, n):
    counted = cal.working_days_between(day, cal.add_working_days(day, n))
    if n >= 0 or cal.is_working_day(day):
        assert counted == n
    else:
        # Backwards from a day off: (result, day] holds one working day fewer than n asks.
        assert counted == n + 1


def test_going_back_from_a_day_off():
    cal = BusinessCalendar(weekend=frozenset({FRIDAY}))
    friday, thursday = dt.date(2025, 11, 21), dt.date(2025, 11, 20)
    assert cal.add_working_days(friday, -1) == thursday
    assert cal.working_days_between(thursday, friday) == 0
    assert cal.working_days_between(friday, thursday) == 0
    saturday = dt.date(2025, 11, 22)
    assert cal.add_working_days(saturday, -1) == thursday
    assert cal.working_days_between(saturday, thursday) == -1


@given(calendars, days, steps)
def test_fast_paths_agree_with_counting_day_by_day(cal, day, n):
    # add_working_days jumps whole weeks and working_days_between counts by weeks.
    assert cal.add_working_days(day, n) == naive_add(cal, day, n)
    other = day + dt.timedelta(days=n * 2)
    assert cal.working_days_between(day, other) == naive_between(cal, day, other)


@given(calendars, days, steps, steps)
def test_add_working_days_is_strictly_monotonic(cal, day, m, n):
    if m < n:
        assert cal.add_working_days(day, m) < cal.add_working_days(day, n)


@given(calendars, days, days, days)
def test_working_days_between_is_additive_and_antisymmetric(cal, a, b, c):
    assert cal.working_days_between(a, b) == -cal.working_days_between(b, a)
    assert cal.working_days_between(a, b) + cal.working_days_between(b, c) == cal.working_days_between(a, c)
    if a <= b:
        assert 0 <= cal.working_days_between(a, b) <= (b - a).days


@given(calendars, days, st.integers(1, 300))
def test_a_holiday_on_the_path_pushes_the_result_later(cal, day, n):
    result = cal.add_working_days(day, n)
    target = cal.add_working_days(day, 1)
    with_holiday = BusinessCalendar(holidays=cal.holidays | {target}, weekend=cal.weekend)
    assert with_holiday.add_working_days(day, n) > result
    assert with_holiday.working_days_between(day, result) == n - 1


def test_friday_weekend_and_thursday_friday_weekend():
    wednesday = dt.date(2025, 11, 19)
    friday_only = BusinessCalendar(weekend=frozenset({FRIDAY}))
    both = BusinessCalendar(weekend=frozenset({THURSDAY, FRIDAY}))
    assert friday_only.add_working_days(wednesday, 1) == dt.date(2025, 11, 20)  # Thursday
    assert both.add_working_days(wednesday, 1) == dt.date(2025, 11, 22)  # Saturday
    assert friday_only.add_working_days(wednesday, 6) == dt.date(2025, 11, 26)
    assert both.add_working_days(wednesday, 5) == dt.date(2025, 11, 26)
    assert friday_only.working_days_between(wednesday, wednesday + dt.timedelta(days=7)) == 6
    assert both.working_days_between(wednesday, wednesday + dt.timedelta(days=7)) == 5


def test_a_week_needs_a_working_day():
    with pytest.raises(ValueError):
        BusinessCalendar(weekend=frozenset(range(7)))


def test_working_days_lists_the_days_inclusive():
    cal = BusinessCalendar(holidays=frozenset({dt.date(2025, 11, 24)}))
    listed = list(cal.working_days(dt.date(2025, 11, 20), dt.date(2025, 11, 25)))
    # Thu 20, (Fri 21 weekend), Sat 22, Sun 23, (Mon 24 holiday), Tue 25
    assert listed == [
        dt.date(2025, 11, 20),
        dt.date(2025, 11, 22),
        dt.date(2025, 11, 23),
        dt.date(2025, 11, 25),
    ]


# --- the calendar from the database and settings ------------------------------------------


@pytest.mark.django_db
def test_db_calendar_properties_with_holidays_and_settings(settings):
    for offset in (0, 3, 10, 11, 12, 40, 41):
        Holiday.objects.create(date=dt.date(2025, 3, 19) + dt.timedelta(days=offset), title=f"تعطیل {offset}")
    Holiday.objects.create(date=dt.date(2025, 5, 5), title="لغو شده", is_active=False)

    @settings_for_db
    @given(days, st.integers(min_value=-120, max_value=120))
    def check(day, n):
        result = calendar.add_working_days(day, n)
        if n:
            assert calendar.is_working_day(result)
        if n >= 0 or calendar.is_working_day(day):
            assert calendar.working_days_between(day, result) == n
        assert calendar.add_working_days(day, n + 1) > result

    for weekend in ([FRIDAY], [THURSDAY, FRIDAY]):
        settings.MIZ_WEEKEND = weekend
        check()


settings_for_db = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.django_db
def test_weekend_setting_changes_the_db_calendar(settings):
    wednesday = dt.date(2025, 11, 19)
    settings.MIZ_WEEKEND = [FRIDAY]
    assert calendar.add_working_days(wednesday, 1) == dt.date(2025, 11, 20)
    assert calendar.is_working_day(dt.date(2025, 11, 20))
    settings.MIZ_WEEKEND = [THURSDAY, FRIDAY]
    # The cached calendar is rebuilt when the weekend setting differs from it.
    assert calendar.add_working_days(wednesday, 1) == dt.date(2025, 11, 22)
    assert not calendar.is_working_day(dt.date(2025, 11, 20))


@pytest.mark.django_db
def test_inactive_holiday_does_not_count():
    monday = dt.date(2025, 11, 24)
    sunday = monday - dt.timedelta(days=1)
    holiday = Holiday.objects.create(date=monday, title="شهادت", is_active=False)
    assert calendar.is_working_day(monday)
    assert calendar.add_working_days(sunday, 1) == monday
    holiday.is_active = True
    holiday.save()
    assert not calendar.is_working_day(monday)
    assert calendar.add_working_days(sunday, 1) == dt.date(2025, 11, 25)


@pytest.mark.django_db
def test_cache_is_cleared_when_a_holiday_is_added_moved_or_deleted():
    tuesday = dt.date(2025, 11, 25)
    assert calendar.working_days_between(dt.date(2025, 11, 22), tuesday) == 3  # Sun, Mon, Tue
    holiday = Holiday.objects.create(date=dt.date(2025, 11, 24), title="شهادت")
    assert calendar.working_days_between(dt.date(2025, 11, 22), tuesday) == 2
    holiday.date = dt.date(2025, 11, 21)  # moved onto the weekend: costs no working day
    holiday.save()
    assert calendar.working_days_between(dt.date(2025, 11, 22), tuesday) == 3
    holiday.date = dt.date(2025, 11, 23)
    holiday.save()
    assert calendar.working_days_between(dt.date(2025, 11, 22), tuesday) == 2
    holiday.delete()
    assert calendar.working_days_between(dt.date(2025, 11, 22), tuesday) == 3


@pytest.mark.django_db
def test_the_calendar_is_cached_between_calls(django_assert_num_queries):
    calendar.get_calendar()
    with django_assert_num_queries(0):
        for n in range(5):
            calendar.add_working_days(dt.date(2025, 1, 1), n)
