"""Password rules of our own: never the national code (seed 003's guide did exactly that)."""

from django.core.exceptions import ValidationError

from core.text import normalize_digits


class NotNationalCodeValidator:
    def validate(self, password, user=None):
        code = getattr(user, "national_code", "") or ""
        if code and code in normalize_digits(password or ""):
            raise ValidationError(
                "رمز عبور نباید کد ملی یا شامل آن باشد.", code="password_contains_national_code"
            )

    def get_help_text(self):
        return "رمز عبور نباید کد ملی یا شامل آن باشد."
