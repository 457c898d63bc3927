"""Request bodies over a limit are refused with a Persian 413 before anything reads them.

Django's DATA_UPLOAD_MAX_MEMORY_SIZE does not count file parts: a multipart body of any size is
streamed to temporary files by the first `request.POST`/`request.FILES` (the CSRF check does that
on every POST). `RequestBodyLimitMiddleware` runs before the CSRF check, in `process_view`, so it
knows the view: every view accepts `MIZ_REQUEST_MAX_BYTES` (form fields), and a view that takes
files says how many bytes of files with `@accepts_files(n)`, where `n` is a number or a function of
the request and the view's arguments (a service's own document limits, a wizard step's); it then
accepts twice `n` more (FILE_MARGIN), so a file a little too large gets the form's own message. A
declared Content-Length over the limit is refused without reading a byte. A body without a length
(chunked) is read only where the server marks the input as terminated (`wsgi.input_terminated`,
as gunicorn does), at most limit + 1 bytes, and refused past the limit; elsewhere Django reads no
body without a length at all. The reverse proxy should refuse earlier still (nginx
`client_max_body_size`, README).
"""

import logging
import tempfile
from collections.abc import Callable

from django.conf import settings
from django.shortcuts import render

from core.errors import api_error, is_api

logger = logging.getLogger(__name__)

CHUNK = 64 * 1024
ATTRIBUTE = "miz_file_bytes"
# A view takes twice its files' limits: a file somewhat too large still reaches the form, whose
# message names it and its limit; only a body far beyond what the view can use gets the 413.
FILE_MARGIN = 2


def accepts_files(max_bytes: int | Callable[..., int]):
    """Let a view accept `max_bytes` of uploaded files on top of the form-field allowance."""

    def decorate(view):
        setattr(view, ATTRIBUTE, max_bytes)
        return view

    return decorate


def body_limit(request, view_func, view_args, view_kwargs) -> int:
    """The largest body this view accepts: the form allowance plus twice its files' own limits."""
    files = getattr(view_func, ATTRIBUTE, 0)
    if callable(files):
        files = files(request, *view_args, **view_kwargs)
    return settings.MIZ_REQUEST_MAX_BYTES + FILE_MARGIN * max(int(files or 0), 0)


def _megabytes(size: int) -> str:
    from core.text import to_persian_digits

    return to_persian_digits(f"{size / (1024 * 1024):.1f}".rstrip("0").rstrip("."))


def too_large(request, limit: int):
    logger.warning(
        "refused a %s body to %s over its limit of %s bytes (Content-Length %s)",
        request.method,
        request.path,
        limit,
        request.META.get("CONTENT_LENGTH") or "none",
    )
    if is_api(request):
        # The API answers in its own form, Persian JSON `{"detail"}` (miz/api.py).
        detail = f"حجم درخواست از سقف {_megabytes(limit)} مگابایت بیشتر است؛ پرونده کوچک‌تری بفرستید."
        return api_error(request, 413, detail)
    return render(request, "413.html", {"limit_mb": _megabytes(limit)}, status=413)


class RequestBodyLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method in {"GET", "HEAD", "OPTIONS"} and not request.META.get("CONTENT_LENGTH"):
            return None
        limit = body_limit(request, view_func, view_args, view_kwargs)
        declared = request.META.get("CONTENT_LENGTH")
        if declared:
            try:
                length = int(declared)
            except ValueError:
                length = -1
            if length < 0 or length > limit:
                return too_large(request, limit)
            return None
        if request.META.get("wsgi.input_terminated") and _has_body(request):
            return self._bounded_read(request, limit)
        return None

    def _bounded_read(self, request, limit: int):
        """Read a body without a length (chunked) up to the limit; hand it on as a sized body."""
        spool = tempfile.SpooledTemporaryFile(max_size=settings.FILE_UPLOAD_MAX_MEMORY_SIZE)
        size = 0
        stream = request.META["wsgi.input"]
        while chunk := stream.read(min(CHUNK, limit + 1 - size)):
            size += len(chunk)
            if size > limit:
                spool.close()
                return too_large(request, limit)
            spool.write(chunk)
        spool.seek(0)
        # Django reads no body without CONTENT_LENGTH; give it the bytes we read and their count.
        request.META["CONTENT_LENGTH"] = str(size)
        request._stream = spool
        return None


def _has_body(request) -> bool:
    return "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower()
