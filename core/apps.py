"""Core app config: Jalali dates in the admin, path converters, request ids in tasks, home entry."""

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "پایه"

    def ready(self) -> None:
        from core import admin_dates, checks, converters, nav, policy, requestid  # noqa: F401 (checks and policy register checks)

        admin_dates.install()
        converters.register()
        requestid.connect_task_signals()

        nav.register_nav("خانه", "core:home", roles={nav.PUBLIC}, order=0)
