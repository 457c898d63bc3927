"""The HTTP API for other government systems (E7), documented with OpenAPI at /api/docs.

Each app contributes a django-ninja Router; this module mounts them under one NinjaAPI. The docs
page is django-ninja's Swagger UI served from the vendored copy under static/vendor (django-ninja
falls back to a CDN without integrity checks when it is not an installed app).

The schema speaks Persian (`MizAPI`): each tag, operation, schema and field has a Persian
description and each body an example (miz/tests/test_openapi_docs.py fails otherwise, for any
router mounted here), and the status codes' descriptions are Persian. The guide for client
systems, one section per kind, is the page `/api/guide/` (`apiclients.views`).

Every refusal is Persian JSON `{"detail": "..."}`: django-ninja's own English answers (no token,
a body that is not JSON, a 404, fields of the wrong type) are replaced below; a field error also
keeps django-ninja's list under `errors` (`loc`, `type`) for programs. Under `/api/open311/` the
same refusals take GeoReport v2's shape instead: `[{"code": <status>, "description": "..."}]`
(`desk.open311`, decision 0104)."""

import re
from http.client import responses as NINJA_STATUS_TEXTS

from django.http import Http404
from django.shortcuts import render
from ninja import Swagger
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.openapi.docs import _csrf_needed

from apiclients.auth import RETRY_AFTER_DEFAULT
from apiclients.statuses import STATUS_TEXTS
from core.bodylimit import accepts_files
from core.errors import GEOREPORT_PREFIX, api_error_body
from core.policy import retry_after_header
from miz.openapi import CommonAnswersAPI

PERSIAN = re.compile(r"[\u0600-\u06FF]")
NO_BEARER = (
    "توکن دسترسی فرستاده نشده یا سرآیند آن درست نیست؛ سرآیند «Authorization: Bearer <توکن>» را بفرستید."
)
NOT_FOUND = "موردی با این نشانی یافت نشد."
OPEN311_PREFIX = GEOREPORT_PREFIX
OPEN311_NO_KEY = (
    "کلید دسترسی فرستاده نشده است؛ توکن سامانه را در «api_key» یا سرآیند «Authorization: Bearer» بفرستید."
)
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


# Each router's tag (a short Latin name: it names the generated client's module) and what it holds.
TAGS = {
    "catalogue": "فهرست خدمات فعال و فرم درخواست هر خدمت (فیلدها، مدارک، مجراها و هزینه).",
    "desk": "پیگیری درخواست با کد رهگیری، و وضعیت درخواست‌های ثبت‌شده در مکان‌های سامانه.",
    "desk-intake": ("ثبت درخواست برای متقاضی در دفتر پیشخوان با کد تأیید او، و پیام، مدرک و انصراف متقاضی."),
    "open311": (
        "Open311 GeoReport v2: فهرست و تعریف خدمت‌ها، ثبت درخواست برای متقاضی و وضعیت درخواست‌ها؛ "
        'هر خطا به شکل GeoReport است: `[{"code": …, "description": "…"}]`.'
    ),
    "performance": "تبادل برنامه و عملکرد واحدهای سامانه به شکل مجموعه مقادیر (JSON یا CSV).",
    "complaints": "ثبت شکایت‌هایی که سامانه‌های ملی رسیدگی به شکایات دریافت کرده‌اند، و وضعیت آن‌ها.",
}


class MizAPI(CommonAnswersAPI):
    """django-ninja's API (with the API-wide answers of `miz.openapi`) whose schema speaks
    Persian: each status code's description, and a form
    that carries files documented as multipart only (the only way to send it)."""

    _built_schemas: dict

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._built_schemas = {}

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        # The schema is the code's (the routers are mounted at import): built once per process
        # and prefix, not at each fetch of /api/openapi.json (about 145 ms of CPU each).
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        if path_prefix not in self._built_schemas:
            self._built_schemas[path_prefix] = self._persian_schema(path_prefix)
        return self._built_schemas[path_prefix]

    def _persian_schema(self, path_prefix):
        schema = super().get_openapi_schema(path_prefix=path_prefix)
        for path_item in schema["paths"].values():
            for operation in path_item.values():
                for status, answer in operation["responses"].items():
                    if answer.get("description") == NINJA_STATUS_TEXTS.get(int(status)):
                        answer["description"] = STATUS_TEXTS.get(int(status), answer["description"])
                content = operation.get("requestBody", {}).get("content", {})
                if "multipart/form-data" in content:
                    for media_type in [m for m in content if m != "multipart/form-data"]:
                        del content[media_type]
        return schema


api = MizAPI(
    title="Miz API",
    version="1",
    description=(
        "رابط برنامه‌نویسی میز خدمت الکترونیکی برای سامانه‌های دیگر دستگاه‌ها: نرم‌افزار انجمن دفاتر "
        "پیشخوان، سامانه شکایات و سامانه‌های استانی. هر فراخوانی با سرآیند "
        '`Authorization: Bearer <توکن>` است و هر خطا `{"detail": "…"}` با جمله‌ای فارسی.\n\n'
        "[راهنمای سامانه‌ها با نمونه کامل (curl و کلاینت پایتون)](/api/guide/)"
    ),
    urls_namespace="api",
    # No "validator" badge: Swagger UI would load it from validator.swagger.io.
    docs=LocalSwagger(settings={"validatorUrl": None}),
    openapi_extra={"tags": [{"name": name, "description": text} for name, text in TAGS.items()]},
)


def refusal(request, status: int, detail: str, **extra):
    """A Persian refusal: `{"detail"}` (with `extra`), or GeoReport v2's list under Open311."""
    return api.create_response(request, api_error_body(request, status, detail, **extra), status=status)


def persian_http_error(request, exc: HttpError):
    message = NINJA_MESSAGES.get(exc.message, exc.message)
    if isinstance(exc, AuthenticationError) and (message == NO_BEARER or not PERSIAN.search(message)):
        message = OPEN311_NO_KEY if request.path.startswith(OPEN311_PREFIX) else NO_BEARER
    response = refusal(request, exc.status_code, message)
    if exc.status_code == 429:
        retry_after_header(response, getattr(exc, "retry_after", RETRY_AFTER_DEFAULT))
    return response


def persian_not_found(request, exc: Http404):
    # Miz's selectors raise Http404 with a Persian sentence; Django's own are English.
    message = str(exc)
    return refusal(request, 404, message if PERSIAN.search(message) else NOT_FOUND)


def persian_validation_error(request, exc: ValidationError):
    problems = []
    for error in exc.errors:
        where = ".".join(str(part) for part in error.get("loc", ()) if part not in LOCATIONS)
        problem = FIELD_PROBLEMS.get(error.get("type", ""), "مقدارش پذیرفته نیست")
        problems.append(f"«{where}» {problem}" if where else problem)
    detail = "ورودی درست نیست: " + "؛ ".join(problems) + "."
    errors = [{"loc": list(e.get("loc", ())), "type": e.get("type", "")} for e in exc.errors]
    return refusal(request, 422, detail, errors=errors)


api.add_exception_handler(HttpError, persian_http_error)
api.add_exception_handler(Http404, persian_not_found)
api.add_exception_handler(ValidationError, persian_validation_error)
api.add_router("/desk/", "desk.api.router")
api.add_router("/desk/", "desk.api_write.router")
api.add_router("/open311/v2/", "desk.open311.router")


def urls():
    """`api.urls` with the endpoints that take files allowed their bytes (`core.bodylimit`; the
    body limit middleware sees each path's own view function)."""
    from desk.api_write import FILE_BYTES
    from desk.open311 import FILE_BYTES as OPEN311_FILE_BYTES
    from performance.api import BODY_BYTES

    limits = {**FILE_BYTES, **OPEN311_FILE_BYTES, **BODY_BYTES}
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        if pattern.name in limits:
            accepts_files(limits[pattern.name])(pattern.callback)
    return patterns, app_name, namespace


api.add_router("/catalogue/", "catalogue.api.router")
api.add_router("/performance/", "performance.api.router")
api.add_router("/complaints/", "complaints.api.router")
