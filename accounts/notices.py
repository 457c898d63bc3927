"""The texts of the one-time-code SMS (E4): declared here as defaults, editable in the admin
(notifications.texts). They are sent straight after commit, not through the outbox: a code that
arrives late is of no use, and the person can ask for another."""

from django.conf import settings

from core.text import to_persian_digits
from notifications.services import render_text
from notifications.texts import Event, Variable, register

SIGNUP_TAKEN_NOTICE = (
    "برای کد ملی‌ای که در ثبت‌نام وارد کردید پیش‌تر حساب ساخته شده است. "
    "با همان حساب وارد شوید، یا از «ورود با کد پیامکی» یا «بازیابی رمز» استفاده کنید."
)


def register_texts() -> None:
    """Declare the default texts of the sign-in codes (from AccountsConfig.ready)."""
    site = Variable("site", "نام سامانه", settings.MIZ_SITE_NAME)
    register(
        Event(
            "accounts.code",
            "کد یک‌بارمصرف (ورود، ثبت‌نام، بازیابی رمز، تأیید در دفتر پیشخوان)",
            (
                site,
                Variable("purpose", "کاربرد کد یا معرفی آن (مانند ورود)", "ورود"),
                Variable("code", "کد شش‌رقمی", "123456", required=True),
                Variable("minutes", "مدت اعتبار کد به دقیقه", to_persian_digits(5)),
            ),
            sms="{site}\n{purpose}\nکد: {code}\nاین کد تا {minutes} دقیقه و فقط یک بار معتبر است.",
        )
    )
    register(
        Event(
            "accounts.signup_taken",
            "ثبت‌نام با کد ملی‌ای که پیش‌تر حساب دارد (به جای کد)",
            (site,),
            sms="{site}\n" + SIGNUP_TAKEN_NOTICE,
        )
    )


def code_text(*, purpose: str, code: str, minutes: int) -> str:
    values = {"site": settings.MIZ_SITE_NAME, "purpose": purpose, "code": code}
    return render_text("accounts.code", {**values, "minutes": to_persian_digits(minutes)}).sms


def signup_taken_text() -> str:
    return render_text("accounts.signup_taken", {"site": settings.MIZ_SITE_NAME}).sms
