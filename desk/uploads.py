"""Uploaded files: checked by content (magic bytes, not the name) against the allowed formats and
size, stored under MEDIA_ROOT/private/desk with a random name and their SHA-256, never served by
the web server (only by `desk.views.document_download`, which checks access)."""

import hashlib
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from catalogue.models import DOCUMENT_FORMATS
from core.text import to_persian_digits

# Attachments to messages (no RequiredDocument row): the usual formats, at most 5 MB.
ATTACHMENT_FORMATS = frozenset({"pdf", "jpeg", "png"})
ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024
RESPONSE_FORMATS = frozenset({"pdf"})
RESPONSE_MAX_BYTES = 10 * 1024 * 1024

_MIME_TO_FORMAT = {mime: code for code, (_label, _exts, mimes) in DOCUMENT_FORMATS.items() for mime in mimes}
_FORMAT_EXTENSION = {code: exts[0] for code, (_label, exts, _mimes) in DOCUMENT_FORMATS.items()}


def service_files_bytes(service_id: str) -> int:
    """The most a complete application to this service can carry in files: the sum of its
    documents' own size limits (the request body limit of the views that take the form)."""
    from catalogue.models import RequiredDocument, Service
    from core.text import normalize_identifier

    service = Service.objects.active().filter(service_id=normalize_identifier(service_id or ""))
    sizes = RequiredDocument.objects.filter(service__in=service[:1]).values_list("max_size_bytes", flat=True)
    return sum(sizes)


def private_root() -> Path:
    return Path(settings.MEDIA_ROOT) / "private" / "desk"


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


def _labels(formats) -> str:
    return "، ".join(DOCUMENT_FORMATS[c][0] for c in sorted(formats))


def _size_text(size: int) -> str:
    return to_persian_digits(f"{size / (1024 * 1024):.1f}".rstrip("0").rstrip(".")) + " مگابایت"


def check(upload, *, formats, max_bytes: int, title: str) -> CheckedFile:
    """Read and check one upload; raise a Persian `ValidationError` naming `title` otherwise."""
    raw_name = getattr(upload, "_name", None) or getattr(upload, "name", "") or ""
    if "/" in raw_name or "\\" in raw_name or ".." in raw_name or "\x00" in raw_name:
        raise ValidationError(f"نام پرونده «{title}» پذیرفته نیست (مسیر یا «..» دارد).", code="file_name")
    name = os.path.basename(raw_name).strip()[:200] or "file"
    size = getattr(upload, "size", None)
    if size is not None and size > max_bytes:
        raise ValidationError(f"حجم پرونده «{title}» بیش از {_size_text(max_bytes)} است.", code="file_size")
    upload.seek(0)
    data = upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ValidationError(f"حجم پرونده «{title}» بیش از {_size_text(max_bytes)} است.", code="file_size")
    if not data:
        raise ValidationError(f"پرونده «{title}» خالی است.", code="file_empty")
    kind = filetype.guess(data)
    code = _MIME_TO_FORMAT.get(kind.mime) if kind else None
    if code not in formats:
        raise ValidationError(
            f"محتوای پرونده «{title}» با قالب‌های پذیرفته ({_labels(formats)}) نمی‌خواند؛ "
            "پرونده را در یکی از این قالب‌ها بارگذاری کنید.",
            code="file_content",
        )
    return CheckedFile(
        original_name=name,
        data=data,
        format=code,
        content_type=kind.mime,
        sha256=hashlib.sha256(data).hexdigest(),
    )


def store(checked: CheckedFile) -> str:
    """Write the bytes under a fresh random name; returns the name relative to the private root."""
    now = timezone.now()
    relative = f"{now:%Y/%m}/{secrets.token_hex(16)}{_FORMAT_EXTENSION[checked.format]}"
    path = private_root() / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o640)
    with os.fdopen(fd, "wb") as handle:
        handle.write(checked.data)
    return relative


def path_of(stored_name: str) -> Path:
    root = private_root().resolve()
    path = (root / stored_name).resolve()
    if root not in path.parents:
        raise ValidationError("مسیر پرونده نادرست است.", code="file_path")
    return path


def format_of(content_type: str) -> str | None:
    return _MIME_TO_FORMAT.get(content_type)


def reload(document) -> CheckedFile:
    """A stored file read back and checked again (its checksum must still match)."""
    data = path_of(document.stored_name).read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if digest != document.sha256:
        raise ValidationError(f"پرونده «{document.original_name}» آسیب دیده است؛ آن را دوباره بارگذاری کنید.")
    return CheckedFile(
        original_name=document.original_name,
        data=data,
        format=format_of(document.content_type) or "",
        content_type=document.content_type,
        sha256=digest,
    )
