"""Webhooks app config: connects the event logs whose new rows become deliveries."""

from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "webhooks"
    verbose_name = "وب‌هوک‌های سامانه‌های متصل"

    def ready(self):
        from webhooks import sources

        sources.connect()
