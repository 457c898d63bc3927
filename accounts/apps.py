"""The accounts app's configuration («کاربران و نقش‌ها»);
`ready()` registers its hooks with the modules it serves."""

from django.apps import AppConfig

ROLE_DESCRIPTIONS = {
    "applicant": "درخواست خدمت به‌صورت برخط، پیگیری با کد رهگیری، گفت‌وگو با کارشناس و نظرسنجی.",
    "counter_operator": "ثبت درخواست متقاضیان در دفتر پیشخوان با تأیید پیامکی متقاضی و پیگیری آن‌ها.",
    "licence_holder": "دیدن کارنامه و رتبه دفتر، ارزیابی‌ها، اعتراض به امتیاز و کاربران دفتر.",
    "staff_expert": "کارتابل درخواست‌ها، بررسی مدارک، پاسخ به متقاضی و پیش‌بردن گام‌ها در مهلت.",
    "unit_head": "نظارت بر کارتابل واحد، ارجاع، هشدار دیرکرد و گزارش عملکرد واحد.",
    "region_expert": "ارزیابی دفاتر پیشخوان منطقه، بازدید و ثبت امتیاز با مستندات.",
    "province_manager": "برنامه و عملکرد استان، رتبه دفاتر پیشخوان و شاخص‌های کیفیت خدمت.",
    "hq_planner": "تعریف شاخص‌ها و برنامه سالانه، تجمیع عملکرد استان‌ها و مدیریت‌های ستاد.",
    "auditor": "دیدن بی‌کم‌وکاست سوابق، رویدادها و گزارش‌ها بدون امکان تغییر.",
    "administrator": "پیکربندی کاتالوگ خدمات، تقویم تعطیلات، ساختار سازمانی و کاربران.",
}


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "کاربران و نقش‌ها"

    def ready(self) -> None:
        from accounts import notices
        from accounts.models import Role
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
