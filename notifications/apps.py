from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "اطلاع‌رسانی"

    def ready(self) -> None:
        from core.metrics import register_count_by
        from notifications.models import Notification

        register_count_by(
            name="miz_notifications",
            documentation="Notifications (SMS, email) by delivery state.",
            queryset=Notification.objects.all,
            field="status",
            values=Notification.Status.values,
        )
