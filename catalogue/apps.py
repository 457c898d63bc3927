"""Catalogue app config: the directive's built-in capability checks and the catalogue menu."""

from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "catalogue"
    verbose_name = "کاتالوگ خدمات"

    def ready(self) -> None:
        from catalogue import compliance, versioning
        from core import nav

        compliance.register_builtin_capabilities()
        versioning.connect()
        nav.register_nav(
            "خدمات",
            "catalogue:list",
            roles={nav.PUBLIC},
            order=10,
            description="فهرست خدمات، بسته اطلاع‌رسانی و توافقنامه سطح خدمت هر خدمت.",
        )
        nav.register_nav(
            "ماتریس قابلیت‌های خدمات",
            "catalogue:compliance",
            roles=set(compliance.MANAGER_ROLES),
            order=700,
            description="آنچه کاتالوگ برای هر خدمت تعریف کرده، در برابر قابلیت‌های دستورالعمل میز خدمت "
            "الکترونیکی (پیکربندی، نه آنچه رخ داد).",
        )
