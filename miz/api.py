"""The HTTP API for other government systems (E7), documented with OpenAPI at /api/docs.

Each app contributes a django-ninja Router; this module mounts them under one NinjaAPI."""

from ninja import NinjaAPI

api = NinjaAPI(
    title="Miz API",
    version="1",
    description="رابط برنامه‌نویسی میز خدمت الکترونیکی برای سامانه‌های دیگر دستگاه‌ها.",
    urls_namespace="api",
)
api.add_router("/desk/", "desk.api.router")
