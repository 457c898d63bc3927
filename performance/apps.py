"""Performance app config: the desk's answered requests as a source of actuals, and the menu."""

from django.apps import AppConfig


class PerformanceConfig(AppConfig):
    name = "performance"
    verbose_name = "برنامه و عملکرد"

    def ready(self) -> None:
        from django.apps import apps

        from accounts.models import Role
        from core import nav
        from performance import providers

        if apps.is_installed("desk"):
            from performance.desk_source import completed_requests

            providers.register(providers.DESK, completed_requests)

        roles = {Role.HQ_PLANNER, Role.PROVINCE_MANAGER, Role.UNIT_HEAD, Role.AUDITOR, Role.ADMINISTRATOR}
        nav.register_nav(
            "گزارش عملکرد سالانه",
            "performance:report",
            roles=roles,
            order=400,
            description="برنامه و عملکرد استان‌ها و مدیریت‌های ستاد در ساختار گزارش سالانه.",
        )
        nav.register_nav(
            "داشبورد عملکرد",
            "performance:dashboard",
            roles=roles,
            order=405,
            description="نقشه حرارتی تحقق برنامه، رتبه استان‌ها، برنامه در برابر عملکرد و مقایسه سال‌ها.",
        )
        nav.register_nav(
            "ورود برنامه و عملکرد",
            "performance:entry",
            roles={Role.HQ_PLANNER, Role.PROVINCE_MANAGER, Role.UNIT_HEAD, Role.ADMINISTRATOR},
            order=408,
            description="الگوی Excel، بارگذاری با پیش‌نمایش، ارسال و تأیید استان و ستاد، قفل و استثنا.",
        )
        nav.register_nav(
            "نسخه‌های برنامه",
            "performance:plans",
            roles=roles,
            order=409,
            description="ویرایش برنامه سال: پیش‌نویس، پیشنهاد، تأیید و تفاوت نسخه‌ها.",
        )
        nav.register_nav(
            "کیفیت داده‌های عملکرد",
            "performance:dq",
            roles=roles,
            order=410,
            description="ناسازگاری‌های گزارش: جمع‌ها، درصدها، خلاصه در برابر جزئیات، داده‌های پرت.",
        )
