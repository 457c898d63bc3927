"""Audit app config: the audit-log registry, the sign-in signals and the auditor's menu entry."""

from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = "سوابق ممیزی"

    def ready(self) -> None:
        from accounts.models import Role
        from audit import registry, signals
        from core import nav

        registry.register_all()
        signals.connect()
        nav.register_nav(
            "سوابق ممیزی",
            "audit:index",
            roles={Role.AUDITOR.value},
            order=950,
            description=(
                "تغییرات پیکربندی، ورود کاربران و رویدادهای میز خدمت، دفاتر و عملکرد؛ با پالایه و خروجی."
            ),
        )
