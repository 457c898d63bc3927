"""Where the desk keeps uploaded files: checked by `core.uploads.check_upload` (content, structure,
virus hook), stored under MEDIA_ROOT/private/desk with a random name, the extension of their real
type and their SHA-256, never served by the web server (only by `desk.views.document_download`,
which checks access, through `core.downloads`)."""

import hashlib
import os
import secrets
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone

from core.uploads import CheckedFile, check_upload, format_of

# Attachments to messages (no RequiredDocument row): the usual formats, at most 5 MB.
ATTACHMENT_FORMATS = frozenset({"pdf", "jpeg", "png"})
ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024
RESPONSE_FORMATS = frozenset({"pdf"})
RESPONSE_MAX_BYTES = 10 * 1024 * 1024


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


def store(checked: CheckedFile) -> str:
    """Write the bytes under a fresh random name; returns the name relative to the private root."""
    now = timezone.now()
    relative = f"{now:%Y/%m}/{secrets.token_hex(16)}{checked.extension}"
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


def reload(document) -> CheckedFile:
    """A stored file read back and checked again, as a new upload would be (its checksum must still
    match, and a file kept before today's checks must pass them to be used again)."""
    data = path_of(document.stored_name).read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if digest != document.sha256:
        raise ValidationError(f"پرونده «{document.original_name}» آسیب دیده است؛ آن را دوباره بارگذاری کنید.")
    code = format_of(document.content_type)
    return check_upload(
        ContentFile(data, name=os.path.basename(document.original_name) or "file"),
        formats={code} if code else set(),
        max_bytes=max(len(data), 1),
        title=document.original_name,
    )
