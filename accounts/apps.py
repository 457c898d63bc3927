"""Accounts app config: its notice texts, each role with its description, the account menu."""

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "کاربران و نقش‌ها"

    def ready(self) -> None:
        from accounts import notices
        from accounts.models import ROLE_DESCRIPTIONS, Role
        from core import nav

        notices.register_texts()
        for order, role in enumerate(Role):
            nav.register_role(role.value, role.label, ROLE_DESCRIPTIONS[role.value], order=order)
        nav.register_nav(
            "حساب من",
            "accounts:profile",
            roles={nav.SIGNED_IN},
            order=800,
            description="شماره همراه، رایانامه، نشانی و شرکت‌هایی که از طرف آن‌ها درخواست می‌دهید.",
        )
        nav.register_nav("پیکربندی (مدیریت)", "admin:index", roles={Role.ADMINISTRATOR.value}, order=900)
