"""Refuse requests that carry a NUL character (in the path, the query, form fields, uploaded file
names, cookies or a JSON body) with a Persian 400, before any view or database sees them.

No text Miz keeps may contain NUL, and PostgreSQL refuses it in any string ("A string literal
cannot contain NUL"), so a view that passed such a value to a query failed with a server error.
Stopping it here fixes every view at once; the URL sweep (`miz/tests/test_hostile_input.py`) keeps
it so."""

from io import BytesIO

from django.conf import settings
from django.http import HttpResponse
from django.http.request import RawPostDataException

from core.errors import api_error, is_api, render_error

NUL = "\x00"
MESSAGE = "نشانی یا داده فرستاده‌شده نویسهٔ نامعتبر (NUL) دارد و پذیرفته نشد."


def bad_request(request, message: str = MESSAGE) -> HttpResponse:
    """The Persian 400 page, drawn without the request (no session, user or database is touched);
    for the API its JSON `{"detail"}`, as every other refusal of the API."""
    if is_api(request):
        return api_error(request, 400, message)
    return render_error(None, 400, "400.html", message=message)


def _has_nul(items) -> bool:
    return any(NUL in key or any(NUL in value for value in values) for key, values in items)


def release_body(request) -> None:
    """Let go of the raw body `process_view` kept in memory (a form's, up to
    DATA_UPLOAD_MAX_MEMORY_SIZE; a JSON body), once the response is made.

    A request object sits in reference cycles (its lazy user, its messages' storage, its CSP
    nonce each refer back to it), so it is freed only by the garbage collector, and by then it has
    lived through collections and waits for a rare full pass: a worker taking 500 KB filings held
    dozens of their bodies, ~20 MB (issue 18, docs/performance-desk.md). The body and the stream
    over it are dropped here, so refcounting frees them now; the parsed fields stay, and the
    uploaded files are closed by Django when the response is."""
    request.__dict__.pop("_body", None)
    stream = request.__dict__.get("_stream")
    if isinstance(stream, BytesIO):
        stream.close()


class RejectNulMiddleware:
    """The path, the query and the cookies are checked as the request comes in; a form or JSON
    body in `process_view`, after `core.bodylimit` has let the body through (listed after it)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if NUL in request.path or NUL in request.path_info:
            return bad_request(request)
        if _has_nul(request.GET.lists()) or _has_nul((k, [v]) for k, v in request.COOKIES.items()):
            return bad_request(request)
        response = self.get_response(request)
        release_body(request)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        return bad_request(request) if self._body_carries_nul(request) else None

    @staticmethod
    def _body_carries_nul(request) -> bool:
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return False
        content_type = request.content_type or ""
        if content_type.startswith(("multipart/form-data", "application/x-www-form-urlencoded")):
            length = int(request.META.get("CONTENT_LENGTH") or 0)
            if length <= (settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0):
                request.body  # noqa: B018 - kept in memory, so a view may still read the raw body
            if _has_nul(request.POST.lists()):
                return True
            return any(NUL in (f.name or "") for files in request.FILES.lists() for f in files[1])
        if content_type.endswith("json"):
            return b"\x00" in request.body or b"\\u0000" in request.body
        return False

    def process_exception(self, request, exception):
        # A large form upload was parsed here, so its raw body is gone; an endpoint that wants
        # the raw body of such a request (the JSON API) gets a 400, not a server error.
        if isinstance(exception, RawPostDataException):
            return bad_request(request, "بدنهٔ این درخواست خواندنی نیست؛ داده را در قالب درست بفرستید.")
        return None
