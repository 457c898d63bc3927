"""Where the desk keeps uploaded files: checked by `core.uploads.check_upload` (content, structure,
virus hook), stored through Django's default storage (local disk under MEDIA_ROOT, or the S3
bucket: miz/storage.py) under `private/desk/` with a random name and the extension of their real
type, their SHA-256 in the row; never served by the web server or linked to (only streamed by the
access-checked views, through `core.downloads`)."""

import hashlib
import os
import posixpath
import secrets

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from core.prepared import Prepared
from core.uploads import CheckedFile, check_upload, format_of

# Attachments to messages (no RequiredDocument row): the usual formats, at most 5 MB.
ATTACHMENT_FORMATS = frozenset({"pdf", "jpeg", "png"})
ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024
RESPONSE_FORMATS = frozenset({"pdf"})
RESPONSE_MAX_BYTES = 10 * 1024 * 1024


def service_files_bytes(service_id: str, request=None) -> int:
    """The most a complete application to this service can carry in files: the sum of its
    documents' own size limits (the request body limit of the views that take the form; given the
    web request, its view reads the service without a second query)."""
    from desk.selectors.definitions import published_service

    service = published_service(service_id, request)
    return sum(d.max_size_bytes for d in service.documents.all()) if service is not None else 0


def _largest_application_totals():
    from django.db.models import F, Sum

    from catalogue.models import Service

    totals = Service.objects.active().annotate(files=Sum("documents__max_size_bytes"))
    return totals.order_by(F("files").desc(nulls_last=True)).values_list("files")


# Asked at every filing through the API (its body limit): compiled once (decision 0127).
_LARGEST_APPLICATION = Prepared(_largest_application_totals, "catalogue.Service")


def largest_application_bytes() -> int:
    """The most any active service's complete application carries in files (the request body
    limit of the API's filing endpoint, which learns the service only from the body)."""
    return _LARGEST_APPLICATION.first_value() or 0


# The storage folder of the desk's files; a Document's `stored_name` is relative to it.
PREFIX = "private/desk"


def storage_name(stored_name: str) -> str:
    """The name in the storage of a Document's `stored_name`; a name that would leave the desk's
    folder (absolute, `..`) is refused."""
    name = posixpath.normpath(f"{PREFIX}/{stored_name}")
    if not stored_name or stored_name.startswith("/") or not name.startswith(f"{PREFIX}/"):
        raise ValidationError("مسیر پرونده نادرست است.", code="file_path")
    return name


def store(checked: CheckedFile) -> str:
    """Write the bytes once under a fresh random name; returns the name relative to `PREFIX`.

    On local disk the file is created exclusively (O_EXCL) with FILE_UPLOAD_PERMISSIONS; in a
    bucket, where nothing is exclusive, 128 random bits make the name unique, and the write is one
    PUT (no look-up first: `file_overwrite`, miz/storage.py)."""
    relative = f"{timezone.now():%Y/%m}/{secrets.token_hex(16)}{checked.extension}"
    content = ContentFile(checked.data)
    content.content_type = checked.content_type
    saved = default_storage.save(storage_name(relative), content)
    return posixpath.relpath(saved, PREFIX)


def open_stored(stored_name: str):
    """The stored file, open for reading (FileNotFoundError when it is gone)."""
    return default_storage.open(storage_name(stored_name), "rb")


def read(stored_name: str) -> bytes:
    with open_stored(stored_name) as handle:
        return handle.read()


def reload(document) -> CheckedFile:
    """A stored file read back and checked again, as a new upload would be (its checksum must still
    match, and a file kept before today's checks must pass them to be used again)."""
    data = read(document.stored_name)
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
