"""Core app config: path converters, request ids in tasks, home entry."""

import django_tasks_db.apps
from django.apps import AppConfig


class TasksDatabaseConfig(django_tasks_db.apps.TasksAppConfig):
    """django-tasks-db with a Persian name in the admin (the package's is English and not marked
    for translation; its fields and states are, in locale/fa). Not this module's default: `core`
    stays `CoreConfig` (the package's class is imported as its module's, not into this one)."""

    default = False
    verbose_name = "کارهای پس‌زمینه"


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "پایه"

    def ready(self) -> None:
        from core import checks, converters, nav, policy, requestid  # noqa: F401 (checks and policy register checks)

        converters.register()
        requestid.connect_task_signals()

        nav.register_nav("خانه", "core:home", roles={nav.PUBLIC}, order=0)
