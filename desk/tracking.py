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

_SEPARATORS = re.compile(r"[\s\-_–—‐/.\u200c]+")


# Verhoeff's scheme (decision 0151), its three tables made from their definitions rather than typed:
# the multiplication of the dihedral group D5 (0–4 rotations, 5–9 reflections), the permutation
# (1 5 7 6 2 8 3 0 9 4) applied i times at the i-th digit from the right, and each element's inverse.
# `desk/tests/test_tracking.py` checks both functions against python-stdnum's for any digits.


def _dihedral(j: int, k: int) -> int:
    """j·k in D5: rotations 0–4, reflections 5–9."""
    if j < 5:
        return (j + k) % 5 if k < 5 else 5 + (j + k) % 5
    return 5 + (j - k) % 5 if k < 5 else (j - k) % 5


_D = tuple(tuple(_dihedral(j, k) for k in range(10)) for j in range(10))
_P = [tuple(range(10))]
for _ in range(7):
    _P.append(tuple((1, 5, 7, 6, 2, 8, 3, 0, 9, 4)[x] for x in _P[-1]))
_INV = tuple(row.index(0) for row in _D)


def _checksum(digits: str) -> int:
    check = 0
    for i, digit in enumerate(reversed(digits)):
        check = _D[check][_P[i % 8][int(digit)]]
    return check


def verhoeff_check_digit(digits: str) -> str:
    """The digit that makes `digits` + it pass Verhoeff's check."""
    return str(_INV[_checksum(digits + "0")])


def verhoeff_is_valid(digits: str) -> bool:
    """Whether ASCII `digits` (with their check digit last) pass Verhoeff's check."""
    return bool(digits) and digits.isascii() and digits.isdigit() and _checksum(digits) == 0


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
