"""Service IDs and shared field rules: the 11-digit ID, its model and form fields, the 1-day minimum."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models

from core.text import is_ascii_digits, normalize_identifier, to_persian_digits

# A deadline or duration in working days is at least one day (zero would be due at once).
AT_LEAST_ONE_DAY = MinValueValidator(1, message="مهلت یا مدت دست‌کم یک روز کاری است.")

SERVICE_ID_LENGTH = 11


def clean_service_id(value: object) -> str:
    """The national service ID (شناسه خدمت) as typed → its 11 ASCII digits, or a Persian error."""
    text = normalize_identifier(str(value or ""))
    if not text:
        raise ValidationError("شناسه خدمت را وارد کنید.", code="required")
    if not is_ascii_digits(text):
        raise ValidationError("شناسه خدمت فقط باید رقم داشته باشد.", code="service_id")
    if len(text) != SERVICE_ID_LENGTH:
        raise ValidationError(
            f"شناسه خدمت باید ۱۱ رقم باشد؛ {_fa(len(text))} رقم وارد شده است.",
            code="service_id",
        )
    if text[0] == "0":
        raise ValidationError("شناسه خدمت با صفر آغاز نمی‌شود.", code="service_id")
    return text


def validate_service_id(value: str) -> None:
    clean_service_id(value)


def _fa(number: object) -> str:
    return to_persian_digits(number)


class ServiceIdField(models.CharField):
    """An 11-digit national service ID stored as ASCII digits whatever script it was typed in."""

    default_validators = [validate_service_id]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", SERVICE_ID_LENGTH)
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return normalize_identifier(value) if value else value

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": ServiceIdFormField, **kwargs})

    def deconstruct(self):
        # Migrations name the field by its public path, not by the module it lives in.
        name, _path, args, kwargs = super().deconstruct()
        return name, "catalogue.models.ServiceIdField", args, kwargs


class ServiceIdFormField(forms.CharField):
    """Typed in any digit script, with spaces or dashes; cleaned to 11 ASCII digits."""

    def __init__(self, *args, **kwargs):
        kwargs["max_length"] = 30  # room for what people type around the digits
        super().__init__(*args, **kwargs)
        self.widget.attrs.update({"dir": "ltr", "inputmode": "numeric", "placeholder": "۱۱ رقم"})

    def to_python(self, value):
        value = super().to_python(value)
        return clean_service_id(value) if value not in self.empty_values else ""
