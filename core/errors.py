"""Persian error pages (400, 403, 404, 500 and a failed CSRF check) in the site's shell.

Each page extends `base.html` and offers the way back home. A page is rendered with its request
(the header then shows who is signed in); if that fails, because the session, the database or a
context processor is what broke, it is rendered again from settings alone, and if even that fails
a plain Persian page is sent. The 500 page never uses the request: whatever brought the request
here (the database, most often) may fail again while the page is drawn.

An error that is Redis being unreachable (a sign-out refused during an outage: `core.sessions`) is
answered 503 with `Retry-After`, as JSON under /api/, drawn with its request (the database answers,
and the header shows the person still signed in): the person is told the action was not done and
when to try again, not that Miz is broken.
"""

import logging
import sys

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import escape

from core import jalali
from core.policy import retry_after_header
from core.rediscache import redis_unreachable

logger = logging.getLogger(__name__)

TITLES = {
    400: "درخواست نادرست",
    403: "دسترسی ندارید",
    404: "صفحه پیدا نشد",
    500: "خطای سامانه",
    503: "سامانه موقتاً در دسترس نیست",
}
UNAVAILABLE_MESSAGE = (
    "بخشی از سامانه لحظاتی در دسترس نیست و این کار انجام نشد؛ چند دقیقه دیگر دوباره تلاش کنید."
)
UNAVAILABLE_RETRY_AFTER_SECONDS = 60
CSRF_MESSAGE = (
    "فرم فرستاده‌شده پذیرفته نشد، چون این صفحه کهنه شده بود یا مرورگر شما کوکی‌ها را نمی‌پذیرد؛ "
    "چیزی ثبت نشد. صفحه را دوباره باز کنید و دوباره بفرستید."
)


API_PREFIX = "/api/"


def is_api(request) -> bool:
    """Whether the request is for the JSON API, which answers refusals as `{"detail"}` (miz/api.py)."""
    return request is not None and request.path.startswith(API_PREFIX)


# Open311 GeoReport v2 clients read refusals as a list of `{code, description}` (decision 0104).
GEOREPORT_PREFIX = "/api/open311/"


def api_error_body(request, status: int, message: str, **extra) -> dict | list:
    """The body of every API refusal: Persian `{"detail"}` (with `extra`), or GeoReport's list
    under Open311. Used before the handlers (`api_error`) and by them (`miz.api.refusal`)."""
    if request.path.startswith(GEOREPORT_PREFIX):
        return [{"code": status, "description": message}]
    return {"detail": message, **extra}


def api_error(request, status: int, message: str) -> JsonResponse:
    """The API's refusal from middleware that runs before its handlers."""
    body = api_error_body(request, status, message)
    return JsonResponse(body, status=status, safe=False, json_dumps_params={"ensure_ascii": False})


def _plain(status: int, message: str) -> str:
    """The last resort: no template, no settings that could be missing."""
    title = TITLES.get(status, "خطا")
    return (
        '<!doctype html><html lang="fa" dir="rtl"><head><meta charset="utf-8">'
        f"<title>{title}</title></head><body><h1>{title}</h1><p>{escape(message)}</p>"
        '<p><a href="/">بازگشت به صفحه نخست</a></p></body></html>'
    )


def _shell() -> dict:
    """What `base.html` needs from `core.context_processors.shell`, without a request."""
    return {
        "miz_site_name": getattr(settings, "MIZ_SITE_NAME", ""),
        "miz_organisation_name": getattr(settings, "MIZ_ORGANISATION_NAME", ""),
        "miz_today": jalali.format_long(timezone.localdate()),
        "miz_nav": [],
    }


def render_error(request, status: int, template: str, *, message: str = "") -> HttpResponse:
    """Render `template` (extending base.html) with `message`; see the module for the fallbacks."""
    context = {"message": message, "status": status}
    if request is not None:
        try:
            return HttpResponse(render_to_string(template, context, request), status=status)
        except Exception:  # an error page must not fail: try again without the request
            logger.exception("error page %s failed with its request", status)
    try:
        return HttpResponse(render_to_string(template, {**_shell(), **context}), status=status)
    except Exception:  # and last, the plain page below
        logger.exception("error page %s failed without its request", status)
    return HttpResponse(_plain(status, message or TITLES.get(status, "")), status=status)


def bad_request(request, exception=None):
    return render_error(request, 400, "400.html")


def permission_denied(request, exception=None):
    # A PermissionDenied raised by Miz carries a Persian sentence for the person; Django's own
    # (and an empty one) get the page's general text.
    text = str(exception or "")
    message = text if any("\u0600" <= ch <= "\u06ff" for ch in text) else ""
    return render_error(request, 403, "403.html", message=message)


def page_not_found(request, exception=None):
    return render_error(request, 404, "404.html")


def server_error(request=None):
    if redis_unreachable(sys.exc_info()[1]):
        if is_api(request):
            response = api_error(request, 503, UNAVAILABLE_MESSAGE)
        else:
            # With its request: the database answers, so the header shows who is still signed in.
            response = render_error(request, 503, "503.html", message=UNAVAILABLE_MESSAGE)
        return retry_after_header(response, UNAVAILABLE_RETRY_AFTER_SECONDS)
    return render_error(None, 500, "500.html")


def csrf_failure(request, reason: str = ""):
    """settings.CSRF_FAILURE_VIEW: Django's reason is for the log, not for the person."""
    logger.warning("CSRF check failed: %s", reason)
    return render_error(request, 403, "403_csrf.html", message=CSRF_MESSAGE)
