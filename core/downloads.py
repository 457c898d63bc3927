"""Serving uploaded files: every response names the file with the extension of its real type and
sends that type's Content-Type, never sniffable (`nosniff`) and under a sandboxing CSP. Files are
attachments; only images may be shown inline (a sandboxed image cannot run anything). PDFs are
downloaded, not shown in the browser's viewer (see docs/decisions/0050-uploads-validated-by-structure.md)."""

import io

from django.http import FileResponse

from core.uploads import IMAGE_FORMATS, content_type_of, download_name, format_of

FILE_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"


def file_response(handle, *, name: str, content_type: str, inline: bool = False) -> FileResponse:
    """A response for a stored upload (`handle` an open binary file or bytes).

    `content_type` is the one recorded when the file was checked; the name keeps the original
    stem and takes the extension of that type. `inline` is honoured for images only."""
    if isinstance(handle, bytes):
        handle = io.BytesIO(handle)
    code = format_of(content_type)
    served_type = content_type_of(code) if code else "application/octet-stream"
    as_attachment = not (inline and code in IMAGE_FORMATS)
    response = FileResponse(
        handle, as_attachment=as_attachment, filename=download_name(name, code), content_type=served_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = FILE_CSP
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["Cache-Control"] = "private, no-store"
    return response
