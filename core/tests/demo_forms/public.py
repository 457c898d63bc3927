"""Issue 13, «every form submittable by mouse and by keyboard», for the sign-in family and the
account flows whose second step needs the first:

- `PUBLIC`: the forms of the pages a visitor sees with no one signed in (password sign-in, sign-in
  by a one-time code, sign-up, password reset, and the pages each step leads to), run by
  core/tests/test_public_forms_keyboard_browser.py. There a line's functions are given a
  `Visitor` (the browser page and the person whose account the visitor uses), not a user: a step
  that needs the one before it takes it through the page, and the code is read from the SMS sent.
- `ACCOUNT_FLOWS`: the second steps of flows of a signed-in person (the new mobile's code, the
  1517 operator's complaint with the caller's code) and a representative's confirmation of an
  agent, in `FORMS`. Their `before` takes the first step server-side: the code is issued through
  the services and what the first step would have kept in the person's session is put there.

A code is read from the SMS (`core.sms` outbox) and written into the line's `fill` before the
page is opened (a line's fill is read only after its `before`)."""

from dataclasses import dataclass
from importlib import import_module

from accounts.models import CompanyMembership, OneTimeCode, Role, User
from core.testing import PASSWORD
from core.tests.demo_forms.base import NOTE, Choose, DemoForm, _counts
from core.text import to_persian_digits
from core.validators import national_code_with_check_digit

# --- what both lists share ----------------------------------------------------------------------


def _latest_code(mobile: str) -> str:
    """The six digits of the last SMS sent to `mobile` (in Persian digits, as a person types them)."""
    from accounts.tests.helpers import code_in
    from core import sms

    sent = [m for m in sms.outbox if m.to == mobile]
    assert sent, f"no SMS was sent to {mobile}"
    return to_persian_digits(code_in(sent[-1]))


def _no_codes(mobile: str) -> None:
    """The codes sent to `mobile` forgotten, so the next step may send one at once (the resend wait
    and the daily limit count these rows)."""
    OneTimeCode.objects.filter(mobile=mobile).delete()


def _session_of(session_key: str | None) -> dict:
    from django.conf import settings

    if not session_key:
        return {}
    return dict(import_module(settings.SESSION_ENGINE).SessionStore(session_key).load())


# --- PUBLIC: no one signed in -------------------------------------------------------------------


@dataclass
class Visitor:
    """What a public line's `before`, `page` and `effect` get: the browser page (signed out) and
    the person whose account the visitor uses."""

    page: object
    base: str
    person: User


PERSON_CODE = national_code_with_check_digit("004455667")  # the visitor's account (the test makes it)
PERSON_MOBILE = "+989127770033"
PAIR = {"id_national_code": to_persian_digits(PERSON_CODE), "id_mobile": "۰۹۱۲۷۷۷۰۰۳۳"}
NEW_PASSWORD = "کلید-تازه-آزمون-۱۴۰۵"
NEWCOMER = {  # who signs up: a national code and a mobile no account has
    "id_first_name": "نسرین",
    "id_last_name": "تازه‌وارد",
    "id_national_code": to_persian_digits(national_code_with_check_digit("009876543")),
    "id_mobile": "۰۹۱۲۷۷۷۰۰۴۴",
    "id_email": "newcomer@example.com",
    "id_password1": NEW_PASSWORD,
    "id_password2": NEW_PASSWORD,
}
NEWCOMER_CODE, NEWCOMER_MOBILE = national_code_with_check_digit("009876543"), "+989127770044"


def _signed_out(visitor: Visitor) -> None:
    """A visitor with no session (the previous pass may have signed in), the person's password
    the known one, no codes sent, and the newcomer not signed up."""
    visitor.page.context.clear_cookies()
    person = visitor.person
    person.set_password(PASSWORD)
    person.save(update_fields=["password"])
    _no_codes(person.mobile)
    _no_codes(NEWCOMER_MOBILE)
    _newcomer_moved_aside()


def _newcomer_moved_aside() -> None:
    """The newcomer's national code and mobile freed for the next sign-up: the account an earlier
    pass made (its sign-in kept in the append-only log, so never deleted) takes other ones."""
    for user in User.objects.filter(national_code=NEWCOMER_CODE):
        moved = _counts["newcomers moved"] = _counts.get("newcomers moved", 0) + 1
        user.national_code = national_code_with_check_digit(f"0099{moved:05d}")
        user.mobile = f"+98912888{moved:04d}"
        user.save(update_fields=["national_code", "mobile"])


def _browser_session(visitor: Visitor) -> dict:
    cookie = next((c for c in visitor.page.context.cookies() if c["name"] == "sessionid"), None)
    return _session_of(cookie and cookie["value"])


def _signed_in_as(national_code: str):
    def effect(visitor: Visitor) -> str:
        who = _browser_session(visitor).get("_auth_user_id")
        user = User.objects.filter(national_code=national_code).first()
        if user is None:
            return f"no account of {national_code}"
        return "" if who == str(user.pk) else f"the browser's session is of user {who}, not {user.pk}"

    return effect


def _signed_in(visitor: Visitor) -> str:
    return _signed_in_as(visitor.person.national_code)(visitor)


def _code_sent(mobile_of, purpose: str):
    """A code for `purpose` waits, unused, for the mobile, and its SMS was sent."""

    def effect(visitor: Visitor) -> str:
        mobile = mobile_of(visitor)
        waiting = OneTimeCode.objects.filter(mobile=mobile, purpose=purpose, used_at__isnull=True)
        if not waiting.exists():
            return f"no {purpose} code waits for {mobile}"
        return "" if _latest_code(mobile) else "no SMS"

    return effect


def _through(path: str, fill: dict, button: str):
    """A `before` that signs out, then takes the first step through the page: opens `path`, fills
    it (`fill(visitor)`) and presses `button`."""

    def step(visitor: Visitor) -> None:
        _signed_out(visitor)
        page = visitor.page
        page.goto(visitor.base + path)
        for control, text in fill(visitor).items():
            page.fill(f"#{control}", text)
        with page.expect_navigation():
            page.get_by_role("button", name=button, exact=True).click()

    return step


def _then_code(first_step, mobile_of, fill: dict):
    """After `first_step`, the code sent to the mobile goes in the line's `fill` (as `id_code`)."""

    def before(visitor: Visitor) -> None:
        first_step(visitor)
        fill["id_code"] = _latest_code(mobile_of(visitor))

    return before


def _person_mobile(visitor: Visitor) -> str:
    return visitor.person.mobile


def _newcomer_mobile(visitor: Visitor) -> str:
    return NEWCOMER_MOBILE


def _resend_due(first_step):
    """The sign-up's first step, then its code as if sent a minute ago (the resend waits till then)."""

    def before(visitor: Visitor) -> None:
        from datetime import timedelta

        from django.conf import settings
        from django.utils import timezone

        first_step(visitor)
        sent = OneTimeCode.objects.filter(mobile=NEWCOMER_MOBILE)
        sent.update(created_at=timezone.now() - timedelta(seconds=settings.MIZ_OTP_RESEND_SECONDS + 1))
        _counts["signup codes"] = sent.count()

    return before


def _sent_again(visitor: Visitor) -> str:
    sent = OneTimeCode.objects.filter(mobile=NEWCOMER_MOBILE, purpose=OneTimeCode.Purpose.SIGNUP)
    if sent.count() != _counts["signup codes"] + 1:
        return f"{sent.count() - _counts['signup codes']} codes sent again, not one"
    return "" if sent.filter(used_at__isnull=True).count() == 1 else "the code sent earlier still works"


def _password_changed(visitor: Visitor) -> str:
    visitor.person.refresh_from_db()
    return "" if visitor.person.check_password(NEW_PASSWORD) else "the password did not change"


_code_sign_in = _through("/accounts/login/code/", lambda visitor: PAIR, "دریافت کد")
_signup = _through("/accounts/signup/", lambda visitor: NEWCOMER, "دریافت کد تأیید")
_reset = _through("/accounts/password-reset/", lambda visitor: PAIR, "دریافت کد")
SIGN_IN_CODE, SIGNUP_CODE, RESET = {}, {}, {"id_password1": NEW_PASSWORD, "id_password2": NEW_PASSWORD}

PUBLIC = [
    DemoForm(
        (Role.APPLICANT,),
        "/accounts/login/",
        "accounts:login",
        {"id_national_code": PAIR["id_national_code"], "id_password": PASSWORD},
        before=_signed_out,
        effect=_signed_in,
    ),
    DemoForm(
        (Role.APPLICANT,),
        "/accounts/login/code/",
        "accounts:code_sign_in",
        PAIR,
        before=_signed_out,
        effect=_code_sent(_person_mobile, OneTimeCode.Purpose.SIGN_IN),
    ),
    DemoForm(
        (Role.APPLICANT,),
        "/accounts/login/code/verify/",
        "accounts:code_sign_in_verify",
        SIGN_IN_CODE,
        before=_then_code(_code_sign_in, _person_mobile, SIGN_IN_CODE),
        effect=_signed_in,
    ),
    DemoForm(
        (Role.APPLICANT,),
        "/accounts/signup/",
        "accounts:signup",
        NEWCOMER,
        before=_signed_out,
        effect=_code_sent(_newcomer_mobile, OneTimeCode.Purpose.SIGNUP),
    ),
    DemoForm(
        (Role.APPLICANT,),
        "/accounts/signup/verify/",
        "accounts:signup_verify",
        SIGNUP_CODE,
        before=_then_code(_signup, _newcomer_mobile, SIGNUP_CODE),
        effect=_signed_in_as(NEWCOMER_CODE),
    ),
    DemoForm(
        (Role.APPLICANT,),
        "/accounts/signup/verify/",
        "accounts:signup_resend",
        before=_resend_due(_signup),
        effect=_sent_again,
    ),
    DemoForm(
        (Role.APPLICANT,),
        "/accounts/password-reset/",
        "accounts:reset_request",
        PAIR,
        before=_signed_out,
        effect=_code_sent(_person_mobile, OneTimeCode.Purpose.PASSWORD_RESET),
    ),
    DemoForm(
        (Role.APPLICANT,),
        "/accounts/password-reset/confirm/",
        "accounts:reset_confirm",
        RESET,
        before=_then_code(_reset, _person_mobile, RESET),
        effect=_password_changed,
    ),
]


# --- ACCOUNT_FLOWS: signed in, a flow's second step -------------------------------------------


def _keep_in_session(user, key: str, value) -> None:
    """What a flow's first step keeps in the session, put in every session of `user` (the
    browser's, signed in as them)."""
    from django.conf import settings
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    engine = import_module(settings.SESSION_ENGINE)
    for row in Session.objects.filter(expire_date__gt=timezone.now()):
        if row.get_decoded().get("_auth_user_id") == str(user.pk):
            store = engine.SessionStore(row.session_key)
            store[key] = value
            store.save()


NEW_MOBILE = "+989127770055"
MOBILE_CODE = {}


def _mobile_code_sent(user) -> None:
    """The profile's mobile form sent: the person's own mobile back, a code SMSed to the new one."""
    from accounts import companies
    from accounts.demo import DEMO_PEOPLE
    from accounts.profile import MOBILE_KEY

    own = next(
        m for _r, _f, _l, nine, m in DEMO_PEOPLE if national_code_with_check_digit(nine) == user.national_code
    )
    User.objects.filter(pk=user.pk).update(mobile=own)
    user.refresh_from_db()
    _no_codes(NEW_MOBILE)
    companies.begin_mobile_change(user=user, mobile=NEW_MOBILE)
    MOBILE_CODE["id_code"] = _latest_code(NEW_MOBILE)
    _keep_in_session(user, MOBILE_KEY, {"user": user.pk, "mobile": NEW_MOBILE})


def _mobile_changed(user) -> str:
    user.refresh_from_db()
    return "" if user.mobile == NEW_MOBILE else f"the mobile is still {user.mobile}"


AGENT_CODE = national_code_with_check_digit("004455668")


def _agent_membership(user) -> CompanyMembership:
    """An agent's pending membership of the company `user` represents (the demo company)."""
    agent = User.objects.filter(national_code=AGENT_CODE).first() or User.objects.create_user(
        AGENT_CODE, "+989127770066", None, first_name="کامران", last_name="کارگزار"
    )
    company = CompanyMembership.objects.get(user=user, role=CompanyMembership.Role.REPRESENTATIVE).company
    membership, _ = CompanyMembership.objects.get_or_create(
        user=agent, company=company, defaults={"role": CompanyMembership.Role.AGENT}
    )
    return membership


def _agent_pending(user) -> None:
    """`user` the company's confirmed representative again (the revoke line may have withdrawn it),
    and the agent's membership pending."""
    CompanyMembership.objects.filter(user=user, role=CompanyMembership.Role.REPRESENTATIVE).update(
        status=CompanyMembership.Status.CONFIRMED
    )
    CompanyMembership.objects.filter(pk=_agent_membership(user).pk).update(
        role=CompanyMembership.Role.AGENT,
        status=CompanyMembership.Status.PENDING,
        decided_by=None,
        decided_at=None,
    )


def _agent_confirmed(user) -> str:
    membership = _agent_membership(user)
    if membership.status != CompanyMembership.Status.CONFIRMED or membership.decided_by_id != user.pk:
        return f"the agent's membership is {membership.status}, decided by {membership.decided_by_id}"
    return ""


CALLER_CODE, CALLER_MOBILE = national_code_with_check_digit("004455669"), "+989127770077"
CALLER_CODE_FILL = {
    "id_subject": Choose(1),
    "id_text": NOTE,
}  # about no unit (the first unit listed, the organisation itself, has no other to handle it)


def _caller_complaints():
    from desk.models import ServiceRequest

    return ServiceRequest.objects.filter(applicant__national_code=CALLER_CODE)


def _caller_identified(user) -> None:
    """The 1517 operator's first step done: the caller's code SMSed, the caller kept in the session."""
    from complaints import services
    from complaints.views import PHONE_KEY
    from desk.services import new_idempotency_key

    _no_codes(CALLER_MOBILE)
    services.start_phone_complaint(operator=user, national_code=CALLER_CODE, mobile=CALLER_MOBILE)
    CALLER_CODE_FILL["id_otp"] = _latest_code(CALLER_MOBILE)
    caller = {
        "national_code": CALLER_CODE,
        "mobile": CALLER_MOBILE,
        "first_name": "پرویز",
        "last_name": "تماس‌گیرنده",
    }
    _keep_in_session(user, PHONE_KEY, {**caller, "key": new_idempotency_key()})
    _counts["caller complaints"] = _caller_complaints().count()


def _caller_complaint_filed(user) -> str:
    from complaints.models import Source

    filed = _caller_complaints()
    if filed.count() != _counts["caller complaints"] + 1:
        return f"{filed.count() - _counts['caller complaints']} complaints filed for the caller, not one"
    last = filed.order_by("-pk").first()
    if not hasattr(last, "complaint") or last.complaint.source != Source.LINE_1517:
        return f"{last.tracking_code} is no complaint by telephone"
    typed = last.form_data.get("details")
    return "" if typed == NOTE else f"the complaint says {typed!r}"


ACCOUNT_FLOWS = [
    DemoForm(
        (Role.APPLICANT,),
        "/accounts/profile/mobile/verify/",
        "accounts:mobile_verify",
        MOBILE_CODE,
        before=_mobile_code_sent,
        effect=_mobile_changed,
    ),
    DemoForm(
        (Role.APPLICANT,),
        "/accounts/profile/",
        "accounts:confirm_membership",
        before=_agent_pending,
        effect=_agent_confirmed,
    ),
    DemoForm(
        (Role.ADMINISTRATOR,),
        "/complaints/phone/confirm/",
        "phone-confirm",
        CALLER_CODE_FILL,
        before=_caller_identified,
        effect=_caller_complaint_filed,
    ),
]
