"""Times of day typed in any digits (issue 13): the appointment's «ساعت» is a text input with the
numeric keypad, not `type=time` (which a Persian keyboard cannot fill), and the server reads
Persian, Arabic-Indic and ASCII digits alike; a time that is not one says so in Persian."""

import datetime as dt
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.formfields import TimeOfDayField
from core.forms import MizForm
from core.text import ARABIC_INDIC_DIGITS, ASCII_DIGITS, PERSIAN_DIGITS
from desk.forms import AppointmentForm

SCRIPTS = (ASCII_DIGITS, PERSIAN_DIGITS, ARABIC_INDIC_DIGITS)


class Visit(MizForm):
    time = TimeOfDayField()


def in_scripts(draw, text: str) -> str:
    return "".join(SCRIPTS[draw(st.integers(0, 2))][int(ch)] if ch.isdigit() else ch for ch in text)


@given(data=st.data(), hour=st.integers(0, 23), minute=st.integers(0, 59))
def test_a_time_in_any_digits_is_that_time(data, hour, minute):
    padded = data.draw(st.booleans())
    separator = data.draw(st.sampled_from([":", ".", "٫", " : "]))
    text = f"{hour:02d}" if padded else str(hour)
    text += separator + (f"{minute:02d}" if padded or data.draw(st.booleans()) else str(minute))
    typed = in_scripts(data.draw, text)
    form = Visit(data={"time": f" {typed} "})
    assert form.is_valid(), (typed, form.errors)
    assert form.cleaned_data["time"] == dt.time(hour, minute)


@given(data=st.data(), hour=st.integers(0, 23))
def test_a_bare_hour_is_on_the_hour(data, hour):
    form = Visit(data={"time": in_scripts(data.draw, str(hour))})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["time"] == dt.time(hour, 0)


@pytest.mark.parametrize(
    "typed", ["۲۴:۰۰", "۱۲:۶۰", "٩٩", "ساعت ده", "10:00 AM", "۱۰:۳۰:۱۵", "۱۰::۳۰", ":۳۰", "-1:00", "۱۰۰:۰۰"]
)
def test_what_is_not_a_time_is_refused_in_persian(typed):
    form = Visit(data={"time": typed})
    assert not form.is_valid()
    assert form.errors["time"] == ["ساعت را به شکل ساعت:دقیقه بنویسید، مانند ۱۴:۳۰ (از ۰:۰۰ تا ۲۳:۵۹)."]


@given(text=st.text(max_size=12))
def test_any_text_is_a_time_or_refused_in_persian(text):
    form = Visit(data={"time": text})
    if form.is_valid():
        assert isinstance(form.cleaned_data["time"], (dt.time, type(None)))
    else:
        assert form.errors["time"] and not re.search("[A-Za-z]", " ".join(form.errors["time"]))


def test_the_appointment_time_is_a_text_box_with_the_numeric_keypad_shown_in_persian():
    html = str(AppointmentForm(places=[("u:1", "اداره")], initial={"time": dt.time(9, 5)})["time"])
    assert 'type="text"' in html and 'type="time"' not in html
    assert 'inputmode="numeric"' in html and 'dir="ltr"' in html
    assert 'value="۰۹:۰۵"' in html
