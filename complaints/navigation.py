"""The complaints menu entries."""

from accounts.models import Role
from core import nav


def register() -> None:
    nav.register_nav(
        "ثبت شکایت",
        "complaints:file",
        roles={nav.SIGNED_IN},
        order=32,
        description="شکایت از واحدهای سازمان، کالای غیراستاندارد یا دفاتر پیشخوان؛ با کد رهگیری.",
    )
    nav.register_nav(
        "گزارش شکایات",
        "complaints:report",
        roles={Role.PROVINCE_MANAGER, Role.HQ_PLANNER, Role.AUDITOR, Role.ADMINISTRATOR},
        order=33,
        description="شکایات به تفکیک موضوع، مجرا و استان؛ زمان پاسخ و رتبه استان‌ها در رسیدگی به شکایات.",
    )
