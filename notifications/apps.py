"""Notifications app config: the notices entry with its unread count, a metric of the outbox."""

from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "اطلاع‌رسانی"

    def ready(self) -> None:
        from core import nav
        from core.metrics import register_count_by
        from notifications.models import Notification
        from notifications.selectors import unread_notice_count

        nav.register_nav(
            "اعلان‌ها",
            "notifications:notices",
            roles={nav.SIGNED_IN},
            order=35,
            description="پیام‌هایی که سامانه با پیامک، رایانامه یا در سامانه برای شما فرستاده است.",
            badge=unread_notice_count,
            badge_label="خوانده‌نشده",
        )
        register_count_by(
            name="miz_notifications",
            documentation="Notifications (SMS, email) by delivery state.",
            queryset=Notification.objects.all,
            field="status",
            values=Notification.Status.values,
        )
