"""Model fields that store Iranian identifiers and dates in one canonical form.

Each normalises in `to_python` (so `full_clean()` stores ASCII digits and E.164 phones) and
validates with a Persian message; each gives the matching form field from `core.formfields`.
"""

from django.core.exceptions import ValidationError
from django.db import models

from core import formfields, validators
from core.text import normalize_identifier


class _IdentifierModelField(models.CharField):
    """An identifier column. A subclass names its `kind`: it is validated by
    `validators.validate_<kind>`, normalised by `validators.clean_<kind>` and shown by the form field
    of `core.formfields` that has the subclass's own name."""

    kind = ""
    max_length_default = 10

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.default_validators = [getattr(validators, f"validate_{cls.kind}")]
        cls.cleaner = staticmethod(getattr(validators, f"clean_{cls.kind}"))
        cls.form_class = getattr(formfields, cls.__name__)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", self.max_length_default)
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return value
        try:
            return self.cleaner(value)
        except ValidationError:
            return normalize_identifier(value)

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": self.form_class, **kwargs})


class NationalCodeField(_IdentifierModelField):
    kind, max_length_default = "national_code", 10


class LegalIdField(_IdentifierModelField):
    kind, max_length_default = "legal_id", 11


class MobileField(_IdentifierModelField):
    """Stored as E.164 (`+989123456789`)."""

    kind, max_length_default = "mobile", 16


class LandlineField(_IdentifierModelField):
    kind, max_length_default = "landline", 16


class PostalCodeField(_IdentifierModelField):
    kind, max_length_default = "postal_code", 10


class JalaliDateField(models.DateField):
    """A Gregorian date column that forms show and accept in Jalali."""

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": formfields.JalaliDateField, **kwargs})


def optional_fk(
    to, verbose_name: str, *, related_name: str | None = None, on_delete=models.PROTECT, **options
):
    """A reference that may be left empty (null in the database, blank in forms); by default it
    protects what it points to from deletion. The same field as writing the ForeignKey out."""
    return models.ForeignKey(
        to,
        verbose_name=verbose_name,
        on_delete=on_delete,
        null=True,
        blank=True,
        related_name=related_name,
        **options,
    )
