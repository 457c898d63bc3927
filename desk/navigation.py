"""The desk's menu entries, by role."""

from accounts.models import Role
from core import nav

STAFF_NAV_ROLES = {Role.STAFF_EXPERT, Role.UNIT_HEAD, Role.PROVINCE_MANAGER, Role.AUDITOR, Role.ADMINISTRATOR}


def register() -> None:
    nav.register_nav(
        "پیگیری درخواست",
        "desk:track",
        roles={nav.PUBLIC},
        order=20,
        description="پیگیری مراحل درخواست با کد رهگیری و کد ملی یا شماره همراه.",
    )
    nav.register_nav(
        "درخواست‌های من",
        "desk:my_requests",
        roles={nav.SIGNED_IN},
        order=30,
        description="درخواست‌های شما، رسیدها، پیام‌ها، نوبت‌ها و پاسخ‌ها.",
    )
    nav.register_nav(
        "کارتابل درخواست‌ها",
        "desk:queue",
        roles=STAFF_NAV_ROLES,
        order=40,
        description="درخواست‌های واحد با وضعیت، موعد و کارشناس؛ ارجاع گروهی.",
    )
    nav.register_nav(
        "بار کار کارشناسان",
        "desk:workload",
        roles={Role.UNIT_HEAD},
        order=42,
        description="درخواست‌های باز، گذشته از موعد و نزدیک به موعد هر کارشناس واحد؛ جابه‌جایی کار میان آنان.",
    )
    nav.register_nav(
        "ثبت درخواست برای متقاضی",
        "desk:counter_start",
        roles={Role.COUNTER_OPERATOR, Role.STAFF_EXPERT, Role.UNIT_HEAD},
        order=45,
        description="پذیرش حضوری در دفتر پیشخوان یا میز خدمت با تأیید پیامکی متقاضی.",
    )
