"""The one validator every uploaded file in Miz goes through (`check_upload`): its name, its size,
its real type by content (never by name), its structure for that type (`core.filecheck`), and the
virus-scanning hook (`core.virus`). What passes is a `CheckedFile` that knows its real type, so it
is stored and served under that type's extension (`core.downloads`).

The accepted types are `FORMATS`; each app says which of them a given upload may be and how big
(the catalogue per required document, the desk for messages and responses, counter offices for
their scans, performance for its Excel file)."""

import hashlib
import logging
import os
from dataclasses import dataclass
from pathlib import PurePath

import filetype
from django.core.exceptions import ValidationError

from core import filecheck, virus
from core.text import file_size_text

logger = logging.getLogger(__name__)

# code → (Persian label, file extensions (the first is the one files are kept under), MIME types)
FORMATS: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "pdf": ("PDF", (".pdf",), ("application/pdf",)),
    "jpeg": ("JPEG", (".jpg", ".jpeg", ".jfif"), ("image/jpeg",)),
    "png": ("PNG", (".png",), ("image/png",)),
    "docx": (
        "Word",
        (".docx",),
        ("application/vnd.openxmlformats-officedocument.wordprocessingml.document",),
    ),
    "xlsx": ("Excel", (".xlsx",), ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",)),
    "zip": ("ZIP", (".zip",), ("application/zip",)),
}
IMAGE_FORMATS = frozenset({"jpeg", "png"})
_MIME_TO_FORMAT = {mime: code for code, (_label, _exts, mimes) in FORMATS.items() for mime in mimes}


def format_of(content_type: str) -> str | None:
    """The format code of a MIME type Miz accepts (None for any other)."""
    return _MIME_TO_FORMAT.get(content_type)


def extension_of(code: str) -> str:
    return FORMATS[code][1][0]


def content_type_of(code: str) -> str:
    return FORMATS[code][2][0]


def download_name(original_name: str, code: str | None) -> str:
    """The name a file is served under: its original stem and the extension of its real type."""
    stem = PurePath(os.path.basename((original_name or "").replace("\\", "/"))).stem.strip() or "file"
    return stem[:150] + (extension_of(code) if code in FORMATS else ".bin")


@dataclass(frozen=True)
class CheckedFile:
    original_name: str
    data: bytes
    format: str
    content_type: str
    sha256: str

    @property
    def size(self) -> int:
        return len(self.data)

    @property
    def extension(self) -> str:
        return extension_of(self.format)

    @property
    def download_name(self) -> str:
        return download_name(self.original_name, self.format)


def labels(formats) -> str:
    return "، ".join(FORMATS[c][0] for c in sorted(formats))


def _described(formats) -> str:
    return " یا ".join(
        (f"تصویر {FORMATS[c][0]}" if c in IMAGE_FORMATS else FORMATS[c][0]) for c in sorted(formats)
    )


def _check_structure(data: bytes, code: str) -> None:
    if code in IMAGE_FORMATS:
        filecheck.refuse_html(data)
        filecheck.check_image(data, code)
    elif code == "pdf":
        filecheck.refuse_html(data)
        filecheck.check_pdf(data)
    else:  # docx, xlsx, zip: ZIP containers
        filecheck.check_archive(data, code)


def check_upload(
    upload, *, formats, max_bytes: int, title: str, noun: str = "پرونده", match_extension: bool = False
) -> CheckedFile:
    """Read and check one upload; raise a Persian `ValidationError` naming the file otherwise.

    `formats` are codes of `FORMATS`; `title` names the file in messages (a document's title, or
    the file's own name) and `noun` is the word for "file" of the page ("پرونده" or "فایل").
    With `match_extension`, a name whose extension does not fit the content is refused too."""
    raw_name = getattr(upload, "_name", None) or getattr(upload, "name", "") or ""
    if "/" in raw_name or "\\" in raw_name or ".." in raw_name or "\x00" in raw_name:
        raise ValidationError(f"نام {noun} «{title}» پذیرفته نیست (مسیر یا «..» دارد).", code="file_name")
    name = os.path.basename(raw_name).strip()[:200] or "file"
    too_big = ValidationError(
        f"حجم {noun} «{title}» بیش از {file_size_text(max_bytes)} است.", code="file_size"
    )
    size = getattr(upload, "size", None)
    if size is not None and size > max_bytes:
        raise too_big
    upload.seek(0)
    data = upload.read(max_bytes + 1)
    upload.seek(0)
    if len(data) > max_bytes:
        raise too_big
    if not data:
        raise ValidationError(f"{noun} «{title}» خالی است.", code="file_empty")
    kind = filetype.guess(data)
    code = format_of(kind.mime) if kind else None
    if code not in formats:
        raise ValidationError(
            f"محتوای {noun} «{title}» {_described(formats)} نیست و با قالب‌های پذیرفته ({labels(formats)}) "
            f"نمی‌خواند؛ {noun} را در یکی از این قالب‌ها بارگذاری کنید.",
            code="file_content",
        )
    extension = PurePath(name).suffix.lower()
    if match_extension and extension not in FORMATS[code][1]:
        raise ValidationError(
            f"محتوای {noun} «{title}» {FORMATS[code][0]} است اما پسوند آن «{extension or '-'}» است؛ "
            f"{noun} را با پسوند درست بارگذاری کنید.",
            code="extension_mismatch",
        )
    try:
        _check_structure(data, code)
    except filecheck.Refused as exc:
        raise ValidationError(f"{noun} «{title}» پذیرفته نیست: {exc}.", code="file_structure") from exc
    except filecheck.CheckUnavailable as exc:
        logger.error("upload check unavailable: %s", exc)
        raise ValidationError(
            f"بررسی {noun} «{title}» اکنون ممکن نیست؛ چند دقیقه دیگر دوباره بارگذاری کنید.",
            code="check_unavailable",
        ) from exc
    try:
        found = virus.scan(data)
    except virus.ScannerUnavailable as exc:
        raise ValidationError(
            f"بررسی ویروس {noun} «{title}» اکنون ممکن نیست؛ چند دقیقه دیگر دوباره بارگذاری کنید.",
            code="scanner_unavailable",
        ) from exc
    if found:
        raise ValidationError(f"{noun} «{title}» آلوده است ({found}) و پذیرفته نشد.", code="file_infected")
    return CheckedFile(
        original_name=name,
        data=data,
        format=code,
        content_type=content_type_of(code),
        sha256=hashlib.sha256(data).hexdigest(),
    )
