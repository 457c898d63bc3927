"""Reports app config: the summary kept by signals, and the managers' menu entries."""

from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "گزارش‌های مدیران"

    def ready(self) -> None:
        from accounts.models import Role
        from core import nav
        from reports import summary
        from reports.scope import READER_ROLES

        summary.connect_signals()
        nav.register_nav(
            "گزارش میز خدمت",
            "reports:report",
            roles={Role(r).value for r in READER_ROLES},
            order=390,
            description="پذیرفته، پاسخ‌داده، باز و گذشته از موعد، زمان پاسخ و رضایت در محل‌های نقش شما.",
        )
        nav.register_nav(
            "گزارش انطباق با دستورالعمل",
            "reports:compliance",
            roles={Role(r).value for r in READER_ROLES},
            order=391,
            description="قابلیت‌های دستورالعمل میز خدمت برای هر خدمت و واحد، از درخواست‌های یک دوره "
            "(آنچه رخ داد، نه آنچه تعریف شده).",
        )
