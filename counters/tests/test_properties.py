"""Property tests: Persian names and the review windows' arithmetic."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from counters import conf
from counters.validators import clean_persian_name

PERSIAN = "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیآ"


@given(st.text(alphabet=PERSIAN, min_size=3, max_size=30))
def test_three_to_thirty_persian_letters_are_a_name(name):
    assert clean_persian_name(name) == name


@given(
    st.text(alphabet=PERSIAN, min_size=0, max_size=2) | st.text(alphabet=PERSIAN, min_size=31, max_size=40)
)
def test_too_short_or_too_long_is_refused(name):
    with pytest.raises(ValidationError):
        clean_persian_name(name)


@given(
    st.text(alphabet=PERSIAN, min_size=2, max_size=10),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyzABC0123456789۰۱۲۳_-.@", min_size=1, max_size=5),
)
def test_latin_letters_digits_or_signs_are_refused(name, intruder):
    with pytest.raises(ValidationError):
        clean_persian_name(name + intruder + name)


def test_arabic_letters_are_normalised_to_persian():
    assert clean_persian_name("علي") == "علی"


@given(st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2030, 12, 31)), st.integers(1, 30))
def test_calendar_windows_end_n_days_later(start, days):
    assert conf.window_end(start, days) - start == dt.timedelta(days=days)


@pytest.mark.django_db
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=50)
@given(st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2027, 12, 31)), st.integers(1, 25))
def test_working_day_windows_end_on_a_working_day_after_n_of_them(start, days):
    from django.test import override_settings

    from core.calendar import is_working_day, working_days_between

    with override_settings(MIZ_COUNTERS_DAYS_KIND="working"):
        end = conf.window_end(start, days)
    assert is_working_day(end)
    assert end > start
    assert working_days_between(start, end) == days
