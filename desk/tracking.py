"""Tracking codes (D4): year prefix + 10 random digits + a Verhoeff check digit.

13 digits, shown as `YY-NNNNN-NNNNN-C`. The two-digit Jalali year keeps codes of different years
apart; ten random digits give 10^10 codes a year, so a code cannot be guessed from another one;
the Verhoeff check digit catches every single wrong digit and every swap of two neighbours,
so a code read over the phone with one slip is refused before any lookup.
"""

import re
import secrets

from django.core.exceptions import ValidationError

from core.text import normalize_digits, to_persian_digits

RANDOM_DIGITS = 10
LENGTH = 2 + RANDOM_DIGITS + 1

# Verhoeff's tables: multiplication in the dihedral group D5, the position permutation, inverses.
_D = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
    (1, 2, 3, 4, 0, 6, 7, 8, 9, 5),
    (2, 3, 4, 0, 1, 7, 8, 9, 5, 6),
    (3, 4, 0, 1, 2, 8, 9, 5, 6, 7),
    (4, 0, 1, 2, 3, 9, 5, 6, 7, 8),
    (5, 9, 8, 7, 6, 0, 4, 3, 2, 1),
    (6, 5, 9, 8, 7, 1, 0, 4, 3, 2),
    (7, 6, 5, 9, 8, 2, 1, 0, 4, 3),
    (8, 7, 6, 5, 9, 3, 2, 1, 0, 4),
    (9, 8, 7, 6, 5, 4, 3, 2, 1, 0),
)
_P = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
    (1, 5, 7, 6, 2, 8, 3, 0, 9, 4),
    (5, 8, 0, 3, 7, 9, 6, 1, 4, 2),
    (8, 9, 1, 6, 0, 4, 3, 5, 2, 7),
    (9, 4, 5, 3, 1, 2, 6, 8, 7, 0),
    (4, 2, 8, 6, 5, 7, 3, 9, 0, 1),
    (2, 7, 9, 3, 8, 0, 6, 4, 1, 5),
    (7, 0, 4, 6, 9, 1, 3, 2, 5, 8),
)
_INV = (0, 4, 3, 2, 1, 5, 6, 7, 8, 9)

_SEPARATORS = re.compile(r"[\s\-_–—‐/.\u200c]+")


def verhoeff_check_digit(digits: str) -> str:
    c = 0
    for i, ch in enumerate(reversed(digits)):
        c = _D[c][_P[(i + 1) % 8][int(ch)]]
    return str(_INV[c])


def verhoeff_is_valid(digits: str) -> bool:
    c = 0
    for i, ch in enumerate(reversed(digits)):
        c = _D[c][_P[i % 8][int(ch)]]
    return c == 0


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
