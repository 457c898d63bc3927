"""The texts of the one-time-code SMS (E4): declared here as defaults, editable in the admin
(notifications.texts). They are sent straight after commit, not through the outbox: a code that
arrives late is of no use, and the person can ask for another.

The company memberships' messages (who asked to act for a company; a membership confirmed or
ended) go through the outbox (`notifications.notify`), in the caller's transaction."""

from django.conf import settings

from core.text import to_persian_digits
from notifications.services import notify, render_text
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
    _register_company_texts(site)


def _register_company_texts(site: Variable) -> None:
    company = Variable("company", "نام شرکت", "شرکت نمونه", required=True)
    page = Variable(
        "profile_url", "نشانی «حساب من»", settings.MIZ_SITE_URL.rstrip("/") + "/accounts/profile/"
    )
    register(
        Event(
            "accounts.company_request",
            "درخواست کار از طرف شرکت (به نماینده قانونی شرکت)",
            (site, Variable("person", "نام درخواست‌کننده", "سارا محمدی", required=True), company, page),
            sms="{site}\n{person} خواسته است از طرف «{company}» درخواست خدمت بدهد. "
            "در «حساب من» آن را تأیید یا رد کنید:\n{profile_url}",
            subject="درخواست کار از طرف شرکت",
        )
    )
    register(
        Event(
            "accounts.company_decision",
            "تأیید یا لغو عضویت در شرکت (به خود شخص)",
            (site, company, Variable("decision", "تصمیم", "تأیید شد", required=True), page),
            sms="{site}\nعضویت شما در «{company}» {decision}.\n{profile_url}",
            subject="عضویت در شرکت",
        )
    )


def _profile_url() -> str:
    from django.urls import reverse

    return settings.MIZ_SITE_URL.rstrip("/") + reverse("accounts:profile")


def company_request(membership, representatives) -> None:
    """Tell each confirmed representative of the company that someone asked to act for it."""
    asked = int(membership.requested_at.timestamp())
    values = {
        "site": settings.MIZ_SITE_NAME,
        "person": membership.user.get_full_name(),
        "company": membership.company.name,
        "profile_url": _profile_url(),
    }
    for representative in representatives:
        notify(
            event="accounts.company_request",
            values=values,
            user=representative,
            related=membership,
            key=f"accounts.company_request:{membership.pk}:{asked}:{representative.pk}",
        )


def company_decision(membership) -> None:
    """Tell the person their membership was confirmed or ended (by someone else)."""
    decision = "تأیید شد" if membership.is_confirmed else "لغو شد"
    notify(
        event="accounts.company_decision",
        values={
            "site": settings.MIZ_SITE_NAME,
            "company": membership.company.name,
            "decision": decision,
            "profile_url": _profile_url(),
        },
        user=membership.user,
        related=membership,
        key=f"accounts.company_decision:{membership.pk}:{int(membership.decided_at.timestamp())}",
    )


def code_text(*, purpose: str, code: str, minutes: int) -> str:
    values = {"site": settings.MIZ_SITE_NAME, "purpose": purpose, "code": code}
    return render_text("accounts.code", {**values, "minutes": to_persian_digits(minutes)}).sms


def signup_taken_text() -> str:
    return render_text("accounts.signup_taken", {"site": settings.MIZ_SITE_NAME}).sms
