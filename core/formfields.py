"""Form fields for Iranian identifiers and Jalali dates: they accept any digit script."""

import datetime as dt
import re

from django import forms
from django.core.exceptions import ValidationError

from core import jalali, validators
from core.text import normalize_digits, normalize_text, to_persian_digits
from core.widgets import JalaliDateInput, TimeTextInput


class _IdentifierField(forms.CharField):
    """A CharField whose value goes through one `core.validators.clean_*` function."""

    cleaner = staticmethod(lambda value: value)
    input_attrs: dict[str, str] = {}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 20)
        super().__init__(*args, **kwargs)
        # Room for what people type around the digits (spaces, dashes, +98); cleaned away later.
        self.widget.attrs.update(
            {
                "dir": "ltr",
                "inputmode": "numeric",
                "autocomplete": "off",
                "maxlength": "24",
                **self.input_attrs,
            }
        )

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return ""
        return self.cleaner(value)


class NationalCodeField(_IdentifierField):
    cleaner = staticmethod(validators.clean_national_code)
    input_attrs = {"placeholder": "۱۰ رقم"}


class LegalIdField(_IdentifierField):
    cleaner = staticmethod(validators.clean_legal_id)
    input_attrs = {"placeholder": "۱۱ رقم"}


class MobileField(_IdentifierField):
    cleaner = staticmethod(validators.clean_mobile)
    input_attrs = {"placeholder": "۰۹۱۲۳۴۵۶۷۸۹", "inputmode": "tel", "autocomplete": "tel"}

    def prepare_value(self, value):
        return validators.display_phone(value) if value and str(value).startswith("+") else value


class LandlineField(MobileField):
    cleaner = staticmethod(validators.clean_landline)
    input_attrs = {"placeholder": "۰۲۱۸۸۸۸۸۸۸۸", "inputmode": "tel"}


class PostalCodeField(_IdentifierField):
    cleaner = staticmethod(validators.clean_postal_code)
    input_attrs = {"placeholder": "۱۰ رقم"}


class JalaliDateField(forms.Field):
    """Typed or picked as `۱۴۰۳/۱۲/۲۹`, cleaned to a Gregorian `datetime.date`."""

    widget = JalaliDateInput
    default_error_messages = {
        "min_value": "تاریخ نباید پیش از %(limit)s باشد.",
        "max_value": "تاریخ نباید پس از %(limit)s باشد.",
    }

    def __init__(self, *, min_value: dt.date | None = None, max_value: dt.date | None = None, **kw):
        self.min_value, self.max_value = min_value, max_value
        super().__init__(**kw)

    def prepare_value(self, value):
        if isinstance(value, dt.date):
            return jalali.format_date(value)
        return value

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        return jalali.parse_date(value)

    def validate(self, value):
        super().validate(value)
        if value is None:
            return
        if self.min_value and value < self.min_value:
            raise ValidationError(
                self.error_messages["min_value"],
                code="min_value",
                params={"limit": jalali.format_date(self.min_value)},
            )
        if self.max_value and value > self.max_value:
            raise ValidationError(
                self.error_messages["max_value"],
                code="max_value",
                params={"limit": jalali.format_date(self.max_value)},
            )

    def has_changed(self, initial, data):
        try:
            data = self.to_python(data)
        except ValidationError:
            return True
        return (initial or None) != data


# `۱۴:۳۰`, `9:5`, `۱۴٫۳۰`, `14.30` or a bare hour `۹`, after digits are made ASCII.
_TIME = re.compile(r"(\d{1,2})(?:\s*[:.٫،]\s*(\d{1,2}))?")


class TimeOfDayField(forms.Field):
    """A time of day typed in any digits (`۱۴:۳۰`, `١٤:٣٠`, `14.30`) in a text input, cleaned to a
    `datetime.time`. Chromium's `type=time` box cannot be typed on a Persian keyboard and shows
    its own AM/PM letters; this one takes what a Persian keyboard types."""

    widget = TimeTextInput
    normalize_digits = True  # `core.forms` gives the field ASCII digits
    default_error_messages = {"invalid": "ساعت را به شکل ساعت:دقیقه بنویسید، مانند ۱۴:۳۰ (از ۰:۰۰ تا ۲۳:۵۹)."}

    def prepare_value(self, value):
        if isinstance(value, dt.time):
            return to_persian_digits(value.strftime("%H:%M"))
        return value

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, dt.time):
            return value
        match = _TIME.fullmatch(normalize_digits(normalize_text(str(value))).strip())
        hour, minute = (int(match[1]), int(match[2] or 0)) if match else (-1, -1)
        if not (0 <= hour <= 23 and 0 <= minute <= 59):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return dt.time(hour, minute)


__all__ = [
    "JalaliDateField",
    "LandlineField",
    "LegalIdField",
    "MobileField",
    "NationalCodeField",
    "PostalCodeField",
    "TimeOfDayField",
    "to_persian_digits",
]
