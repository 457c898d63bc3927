"""Checks of what a licence holder types or uploads, each failing with a Persian message."""

import re
from pathlib import PurePath

import filetype
from django.core.exceptions import ValidationError

from core.text import normalize_text, to_persian_digits

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


ALLOWED_UPLOADS = {"image/jpeg": ("jpg", "jpeg", "jfif"), "application/pdf": ("pdf",)}
CONTENT_LABELS = {"image/jpeg": "JPEG", "application/pdf": "PDF"}


def check_upload(upload, *, max_bytes: int) -> str:
    """The content type of an uploaded scan (JPEG or PDF by its bytes), or a Persian refusal.

    The name's extension must agree with the content, so a PDF renamed `.jpg` is refused as
    firmly as a program renamed `.pdf`."""
    name = PurePath(upload.name or "").name
    if upload.size > max_bytes:
        mb = to_persian_digits(f"{upload.size / 1024 / 1024:.1f}")
        raise ValidationError(
            f"حجم فایل «{name}» {mb} مگابایت است؛ بیشینه {to_persian_digits(max_bytes // 1024 // 1024)} "
            "مگابایت است.",
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    mime = kind.mime if kind else ""
    if mime not in ALLOWED_UPLOADS:
        raise ValidationError(
            f"محتوای فایل «{name}» تصویر JPEG یا PDF نیست؛ فقط اسکن رنگی JPEG یا PDF پذیرفته می‌شود.",
            code="bad_content",
        )
    extension = PurePath(name).suffix.lower().lstrip(".")
    if extension not in ALLOWED_UPLOADS[mime]:
        raise ValidationError(
            f"محتوای فایل «{name}» {CONTENT_LABELS[mime]} است اما پسوند آن «.{extension}» است؛ "
            "فایل را با پسوند درست بارگذاری کنید.",
            code="extension_mismatch",
        )
    return mime
