"""The apiclients app's configuration («سامانه‌های متصل (API)»)."""

from django.apps import AppConfig


class ApiClientsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "apiclients"
    verbose_name = "سامانه‌های متصل (API)"
