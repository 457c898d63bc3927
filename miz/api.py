"""The HTTP API for other government systems (E7), documented with OpenAPI at /api/docs.

Each app contributes a django-ninja Router; this module mounts them under one NinjaAPI. The docs
page is django-ninja's Swagger UI served from the vendored copy under static/vendor (django-ninja
falls back to a CDN without integrity checks when it is not an installed app).

Every refusal is Persian JSON `{"detail": "..."}`: django-ninja's own English answers (no token,
a body that is not JSON, a 404, fields of the wrong type) are replaced below; a field error also
keeps django-ninja's list under `errors` (`loc`, `type`) for programs."""

import re

from django.http import Http404
from django.shortcuts import render
from ninja import Swagger
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.openapi.docs import _csrf_needed

from apiclients.auth import RETRY_AFTER_DEFAULT
from core.bodylimit import accepts_files
from core.policy import retry_after_header
from miz.openapi import MizAPI

PERSIAN = re.compile(r"[\u0600-\u06FF]")
NO_BEARER = (
    "توکن دسترسی فرستاده نشده یا سرآیند آن درست نیست؛ سرآیند «Authorization: Bearer <توکن>» را بفرستید."
)
NOT_FOUND = "موردی با این نشانی یافت نشد."
# django-ninja's fixed English messages, by their text.
NINJA_MESSAGES = {
    "Cannot parse request body": "بدنه درخواست JSON درست نیست.",
    "Unauthorized": NO_BEARER,
    "Forbidden": "این سامانه اجازه این کار را ندارد.",
    "Too many requests.": "تعداد درخواست‌ها از سقف مجاز گذشت؛ کمی بعد دوباره تلاش کنید.",
}
# Where django-ninja says a value came from, left out of the field's name in the message.
LOCATIONS = ("body", "payload", "query", "path", "header")
FIELD_PROBLEMS = {
    "missing": "لازم است و فرستاده نشده",
    "string_type": "باید متن باشد",
    "int_type": "باید عدد صحیح باشد",
    "int_parsing": "باید عدد صحیح باشد",
    "bool_type": "باید درست یا نادرست (true/false) باشد",
    "model_attributes_type": "باید شیء JSON باشد",
    "dict_type": "باید شیء JSON باشد",
    "list_type": "باید فهرست باشد",
    "enum": "باید یکی از مقادیر فهرست‌شده در مستندات باشد",
    "literal_error": "باید یکی از مقادیر فهرست‌شده در مستندات باشد",
}


class LocalSwagger(Swagger):
    """Swagger UI from this site's static files, its settings passed as JSON (no inline script)."""

    template = "api/swagger.html"

    def render_page(self, request, api, **kwargs):
        settings = {**self.settings, "url": self.get_openapi_url(api, kwargs)}
        context = {"swagger_settings": settings, "api": api, "add_csrf": _csrf_needed(api)}
        return render(request, self.template, context)


api = MizAPI(
    title="Miz API",
    version="1",
    description="رابط برنامه‌نویسی میز خدمت الکترونیکی برای سامانه‌های دیگر دستگاه‌ها.",
    urls_namespace="api",
    # No "validator" badge: Swagger UI would load it from validator.swagger.io.
    docs=LocalSwagger(settings={"validatorUrl": None}),
)


def persian_http_error(request, exc: HttpError):
    message = NINJA_MESSAGES.get(exc.message, exc.message)
    if isinstance(exc, AuthenticationError) and not PERSIAN.search(message):
        message = NO_BEARER
    response = api.create_response(request, {"detail": message}, status=exc.status_code)
    if exc.status_code == 429:
        retry_after_header(response, getattr(exc, "retry_after", RETRY_AFTER_DEFAULT))
    return response


def persian_not_found(request, exc: Http404):
    # Miz's selectors raise Http404 with a Persian sentence; Django's own are English.
    message = str(exc)
    return api.create_response(
        request, {"detail": message if PERSIAN.search(message) else NOT_FOUND}, status=404
    )


def persian_validation_error(request, exc: ValidationError):
    problems = []
    for error in exc.errors:
        where = ".".join(str(part) for part in error.get("loc", ()) if part not in LOCATIONS)
        problem = FIELD_PROBLEMS.get(error.get("type", ""), "مقدارش پذیرفته نیست")
        problems.append(f"«{where}» {problem}" if where else problem)
    detail = "ورودی درست نیست: " + "؛ ".join(problems) + "."
    errors = [{"loc": list(e.get("loc", ())), "type": e.get("type", "")} for e in exc.errors]
    return api.create_response(request, {"detail": detail, "errors": errors}, status=422)


api.add_exception_handler(HttpError, persian_http_error)
api.add_exception_handler(Http404, persian_not_found)
api.add_exception_handler(ValidationError, persian_validation_error)
api.add_router("/desk/", "desk.api.router")
api.add_router("/desk/", "desk.api_write.router")


def urls():
    """`api.urls` with the endpoints that take files allowed their bytes (`core.bodylimit`; the
    body limit middleware sees each path's own view function)."""
    from desk.api_write import FILE_BYTES

    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        if pattern.name in FILE_BYTES:
            accepts_files(FILE_BYTES[pattern.name])(pattern.callback)
    return patterns, app_name, namespace


api.add_router("/catalogue/", "catalogue.api.router")
