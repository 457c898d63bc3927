"""The one form mechanism: MizForm / MizModelForm normalise every text input; passwords untouched."""

import datetime as dt
import re

import pytest
from django import forms
from django.http import QueryDict

from core import formfields
from core.forms import MizForm, MizModelForm
from core.models import Holiday
from core.widgets import DATE_FORMAT_HINT, JalaliDateInput


class PersonForm(MizForm):
    name = forms.CharField()
    notes = forms.CharField(widget=forms.Textarea, required=False)
    count = forms.IntegerField(required=False)
    amount = forms.DecimalField(required=False)
    national_code = formfields.NationalCodeField()
    mobile = formfields.MobileField(required=False)
    postal_code = formfields.PostalCodeField(required=False)
    birth = formfields.JalaliDateField(required=False)
    password = forms.CharField(widget=forms.PasswordInput)


BASE = {"name": "x", "national_code": "0084575948", "password": "p"}


def bound(**data) -> PersonForm:
    return PersonForm(data={**BASE, **data})


def test_text_is_normalised_before_the_fields_see_it():
    form = bound(name="علي كريمي\u200f", notes="مـــتن  با\u200c\u200cنیم‌فاصله")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["name"] == "علی کریمی"
    assert form.cleaned_data["notes"] == "متن  با\u200cنیم‌فاصله"


def test_numbers_and_identifiers_get_ascii_digits():
    form = bound(
        count="۱٬۲۳۴",
        amount="۱۲٫۵",
        national_code="۰۰۸-۴۵۷۵۹۴-۸",
        mobile="۰۹۱۲۳۴۵۶۷۸۹",
        postal_code="۱۳۱۸۶-۵۳۵۱۱",
    )
    assert form.is_valid(), form.errors
    data = form.cleaned_data
    assert data["count"] == 1234
    assert str(data["amount"]) == "12.5"
    assert data["national_code"] == "0084575948"
    assert data["mobile"] == "+989123456789"
    assert data["postal_code"] == "1318653511"


def test_passwords_are_left_exactly_as_typed():
    secret = " رمز يك\u200f۱۲\u200c\u200c "
    form = bound(password=secret)
    assert form.is_valid(), form.errors
    assert form.data["password"] == secret
    # CharField strips surrounding spaces by default; the characters inside are untouched.
    assert form.cleaned_data["password"] == secret.strip()


def test_works_with_an_immutable_querydict_and_keeps_the_original():
    data = QueryDict(mutable=True)
    data.update({**BASE, "name": "علي"})
    data.appendlist("name", "كاظم")
    data._mutable = False
    form = PersonForm(data=data)
    assert form.data.getlist("name") == ["علی", "کاظم"]
    assert data.getlist("name") == ["علي", "كاظم"]


def test_prefixed_forms_are_normalised():
    form = PersonForm(prefix="p", data={f"p-{k}": v for k, v in {**BASE, "name": "علي"}.items()})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["name"] == "علی"


def test_unbound_form_is_left_alone():
    assert not PersonForm().is_bound


def test_errors_come_back_in_persian():
    form = bound(national_code="1111111111", birth="1403/12/31")
    assert not form.is_valid()
    assert form.errors["national_code"] == ["کد ملی با ارقام یکسان معتبر نیست."]
    assert form.errors["birth"] == ["اسفند سال ۱۴۰۳ ۳۰ روز دارد؛ روز ۳۱ وجود ندارد."]


# --- Jalali date field and widget ---------------------------------------------------------


class DateForm(MizForm):
    day = formfields.JalaliDateField(min_value=dt.date(2025, 3, 21), max_value=dt.date(2026, 3, 20))


def test_jalali_field_round_trip_through_a_form():
    form = DateForm(data={"day": "۱۴۰۴/۰۹/۰۳"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["day"] == dt.date(2025, 11, 24)

    again = DateForm(initial={"day": form.cleaned_data["day"]})
    html = str(again["day"])
    assert 'value="۱۴۰۴/۰۹/۰۳"' in html
    assert "data-jalali-picker" in html and "data-jalali-toggle" in html
    assert 'dir="ltr"' in html and 'inputmode="numeric"' in html
    assert not again["day"].field.has_changed(dt.date(2025, 11, 24), "1404/09/03")
    assert again["day"].field.has_changed(dt.date(2025, 11, 24), "1404/09/04")


def test_the_date_box_hints_its_format_and_draws_its_calendar_button():
    html = str(DateForm()["day"])
    # A format, not a sample date that reads as data (and a past year).
    assert f'placeholder="{DATE_FORMAT_HINT}"' in html and not re.search(r'placeholder="[^"]*[0-9۰-۹]', html)
    button = html.split("<button", 1)[1].split("</button>", 1)[0]
    assert 'aria-label="انتخاب تاریخ از تقویم"' in button
    assert "<svg" in button and 'aria-hidden="true"' in button
    # Nothing but the drawing: no emoji, which shows as an empty box without an emoji font.
    assert re.sub(r"<svg.*</svg>", "", button, flags=re.S).split(">", 1)[1].strip() == ""


def test_jalali_field_limits_in_persian():
    early = DateForm(data={"day": "1403/12/30"})
    assert early.errors["day"] == ["تاریخ نباید پیش از ۱۴۰۴/۰۱/۰۱ باشد."]
    late = DateForm(data={"day": "1405/01/01"})
    assert late.errors["day"] == ["تاریخ نباید پس از ۱۴۰۴/۱۲/۲۹ باشد."]


def test_jalali_field_refuses_a_gregorian_date():
    form = DateForm(data={"day": "2025-11-24"})
    assert not form.is_valid()
    assert "سال ۲۰۲۵ پذیرفتنی نیست" in form.errors["day"][0]


def test_jalali_field_accepts_dates_and_datetimes_from_code():
    field = formfields.JalaliDateField()
    assert field.clean(dt.date(2025, 1, 1)) == dt.date(2025, 1, 1)
    assert field.to_python(dt.datetime(2025, 1, 1, 10)) == dt.date(2025, 1, 1)
    assert formfields.JalaliDateField(required=False).clean("") is None
    assert isinstance(field.widget, JalaliDateInput)


class HolidayForm(MizModelForm):
    class Meta:
        model = Holiday
        fields = ["date", "title"]


@pytest.mark.django_db
def test_model_form_stores_gregorian_and_normalised_title():
    form = HolidayForm(data={"date": "۱۴۰۳/۱۲/۲۹", "title": "تعطيل آزمايشي"})
    assert isinstance(form.fields["date"], formfields.JalaliDateField)
    assert form.is_valid(), form.errors
    holiday = form.save()
    holiday.refresh_from_db()
    assert holiday.date == dt.date(2025, 3, 19)
    assert holiday.title == "تعطیل آزمایشی"
    edit = HolidayForm(instance=holiday)
    assert 'value="۱۴۰۳/۱۲/۲۹"' in str(edit["date"])
