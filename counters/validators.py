"""Checks of what a licence holder types, each failing with a Persian message (uploads go through
`core.uploads.check_upload`)."""

import re

from django.core.exceptions import ValidationError

from core.text import normalize_text

# Persian letters (with ZWNJ and a space between words), nothing else: no Latin, no digits.
_PERSIAN_LETTER = (
    "\u0621-\u063a\u0641-\u064a\u067e\u0686\u0698\u06a9\u06af\u06cc\u0622\u0623\u0624\u0626\u06c0"
)
PERSIAN_NAME_RE = re.compile(rf"^[{_PERSIAN_LETTER}][{_PERSIAN_LETTER}\u200c ]*$")


def clean_persian_name(value: str, *, label: str = "نام") -> str:
    """3 to 30 Persian letters (seed 003: «نام باید حداقل ۳ و حداکثر ۳۰ کاراکتر فارسی باشد»)."""
    text = " ".join(normalize_text(value or "").split())
    letters = len(text.replace(" ", "").replace("\u200c", ""))
    if not PERSIAN_NAME_RE.match(text) or not 3 <= letters <= 30:
        raise ValidationError(
            f"{label} باید حداقل ۳ و حداکثر ۳۰ حرف فارسی باشد (بی حروف لاتین و رقم).",
            code="persian_name",
        )
    return text
