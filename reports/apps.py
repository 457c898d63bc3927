from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "گزارش‌های مدیران"

    def ready(self) -> None:
        from reports import summary

        summary.connect_signals()
