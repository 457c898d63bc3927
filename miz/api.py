"""The HTTP API for other government systems (E7), documented with OpenAPI at /api/docs.

Each app contributes a django-ninja Router; this module mounts them under one NinjaAPI. The docs
page is django-ninja's Swagger UI served from the vendored copy under static/vendor (django-ninja
falls back to a CDN without integrity checks when it is not an installed app)."""

from django.shortcuts import render
from ninja import NinjaAPI, Swagger
from ninja.openapi.docs import _csrf_needed


class LocalSwagger(Swagger):
    """Swagger UI from this site's static files, its settings passed as JSON (no inline script)."""

    template = "api/swagger.html"

    def render_page(self, request, api, **kwargs):
        settings = {**self.settings, "url": self.get_openapi_url(api, kwargs)}
        context = {"swagger_settings": settings, "api": api, "add_csrf": _csrf_needed(api)}
        return render(request, self.template, context)


api = NinjaAPI(
    title="Miz API",
    version="1",
    description="رابط برنامه‌نویسی میز خدمت الکترونیکی برای سامانه‌های دیگر دستگاه‌ها.",
    urls_namespace="api",
    # No "validator" badge: Swagger UI would load it from validator.swagger.io.
    docs=LocalSwagger(settings={"validatorUrl": None}),
)
api.add_router("/desk/", "desk.api.router")
