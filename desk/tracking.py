"""Tracking codes (D4): year prefix + 10 random digits + a Verhoeff check digit.

13 digits, shown as `YY-NNNNN-NNNNN-C`. The two-digit Jalali year keeps codes of different years
apart; ten random digits give 10^10 codes a year, so a code cannot be guessed from another one;
the Verhoeff check digit catches every single wrong digit and every swap of two neighbours,
so a code read over the phone with one slip is refused before any lookup.
"""

import re
import secrets

from django.core.exceptions import ValidationError
from stdnum import verhoeff

from core.text import normalize_digits, to_persian_digits

RANDOM_DIGITS = 10
LENGTH = 2 + RANDOM_DIGITS + 1

_SEPARATORS = re.compile(r"[\s\-_–—‐/.\u200c]+")


def verhoeff_check_digit(digits: str) -> str:
    return verhoeff.calc_check_digit(digits)


def verhoeff_is_valid(digits: str) -> bool:
    return verhoeff.is_valid(digits)


def generate(jalali_year: int) -> str:
    body = f"{jalali_year % 100:02d}{secrets.randbelow(10**RANDOM_DIGITS):0{RANDOM_DIGITS}d}"
    return body + verhoeff_check_digit(body)


def normalize(value: object) -> str:
    """What a person typed (Persian or Arabic digits, spaces, dashes) → ASCII digits only."""
    return _SEPARATORS.sub("", normalize_digits(str(value or "")).strip())


def clean(value: object) -> str:
    """A typed tracking code → its 13 ASCII digits, or a Persian `ValidationError`."""
    code = normalize(value)
    if not code:
        raise ValidationError("کد رهگیری را وارد کنید.", code="required")
    if not (code.isascii() and code.isdigit()):
        raise ValidationError("کد رهگیری فقط رقم دارد.", code="tracking_code")
    if len(code) != LENGTH:
        raise ValidationError(
            f"کد رهگیری {to_persian_digits(LENGTH)} رقم است؛ {to_persian_digits(len(code))} رقم وارد شد.",
            code="tracking_code",
        )
    if not verhoeff_is_valid(code):
        raise ValidationError(
            "کد رهگیری نادرست است (رقم کنترل نمی‌خواند)؛ رقم‌ها را دوباره بخوانید.", code="check_digit"
        )
    return code


def is_valid(value: object) -> bool:
    try:
        clean(value)
    except ValidationError:
        return False
    return True


def display(code: str, *, persian: bool = True) -> str:
    """`0512345678903` → `۰۵-۱۲۳۴۵-۶۷۸۹۰-۳` (groups a person can read over the phone)."""
    if not code or len(code) != LENGTH:
        return code or ""
    text = f"{code[:2]}-{code[2:7]}-{code[7:12]}-{code[12]}"
    return to_persian_digits(text) if persian else text
