"""Writes about people: sign-up, password login with lockout, sign-in by one-time code, reset.

Each function is keyword-only, runs in one transaction, and raises `ValidationError` with a
Persian message that the view shows as it is.
"""

import hashlib
import hmac
import logging
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Max, Min, Q
from django.utils import timezone

from accounts import notices
from accounts.models import Membership, OneTimeCode, Role, User
from core import sms
from core.prepared import Prepared, PreparedInsert, PreparedUpdate
from core.text import to_persian_digits
from core.validators import clean_mobile, clean_national_code

logger = logging.getLogger(__name__)

OTP_DAILY_LIMIT = 10


# --- one-time codes --------------------------------------------------------------------------


def _hash_code(mobile: str, purpose: str, code: str) -> str:
    message = f"{mobile}:{purpose}:{code}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


# Read at each code sent and each code typed (a filing through the API does both): compiled once
# per process (decisions 0127 and 0131). A number's codes since `since`: the last of `purpose`
# (the wait between codes), how many since `day_ago` and the oldest of them (the daily limit).
_CODES_SEEN = Prepared(
    lambda mobile, purpose, since, day_ago: (
        OneTimeCode.objects.filter(mobile=mobile, created_at__gte=since)
        .order_by()
        .values("mobile")
        .annotate(
            last=Max("created_at", filter=Q(purpose=purpose)),
            today=Count("pk", filter=Q(created_at__gte=day_ago)),
            oldest=Min("created_at", filter=Q(created_at__gte=day_ago)),
        )
        .values_list("last", "today", "oldest")
    ),
    OneTimeCode,
    mobile=str,
    purpose=str,
    since=datetime,
    day_ago=datetime,
)


# The number's newest live code of the purpose: locked for the caller's transaction, or only read.
def _live_codes(mobile: str, purpose: str, now: datetime):
    return OneTimeCode.objects.filter(
        mobile=mobile, purpose=purpose, used_at__isnull=True, expires_at__gt=now
    ).order_by("-created_at")


_LIVE_CODE = Prepared(
    lambda mobile, purpose, now: _live_codes(mobile, purpose, now).select_for_update(),
    OneTimeCode,
    mobile=str,
    purpose=str,
    now=datetime,
)
_PEEK_CODE = Prepared(_live_codes, OneTimeCode, mobile=str, purpose=str, now=datetime)
# Spent: the number's live codes of the purpose (a new one replaces them).
_SPEND_LIVE = PreparedUpdate(
    lambda mobile, purpose, now: (
        OneTimeCode.objects.filter(mobile=mobile, purpose=purpose, used_at__isnull=True),
        {"used_at": now},
    ),
    OneTimeCode,
    mobile=str,
    purpose=str,
    now=datetime,
)
# The code typed right, spent unless someone spent it meanwhile, it expired or its wrong tries
# reached the limit in between (`check_code` reads them without a lock).
_SPEND_ONE = PreparedUpdate(
    lambda pk, now, max_attempts: (
        OneTimeCode.objects.filter(
            pk=pk, used_at__isnull=True, expires_at__gt=now, attempts__lt=max_attempts
        ),
        {"used_at": now},
    ),
    OneTimeCode,
    pk=int,
    now=datetime,
    max_attempts=int,
)
_NEW_CODE = PreparedInsert(OneTimeCode)


def _send_after_commit(mobile: str, text: str) -> None:
    def send() -> None:
        try:
            sms.send_sms(mobile, text)
        except Exception:  # the person can ask for the code again; never fail their request
            logger.exception("one-time code SMS to %s…%s failed", mobile[:6], mobile[-2:])

    transaction.on_commit(send)


@transaction.atomic
def issue_code(*, mobile: str, purpose: str, intro: str = "", notice: str = "") -> OneTimeCode:
    """Create a fresh code for (mobile, purpose), invalidate older ones, SMS it after commit.

    With `notice` (a whole SMS text), the SMS carries it instead of the code: the code is recorded all the
    same, so the throttles, the page and the refusal of any code typed are those of a real one.
    """
    mobile = clean_mobile(mobile)
    now = timezone.now()
    wait = settings.MIZ_OTP_RESEND_SECONDS
    # Both throttles in one read of the number's codes since the longer of their two windows: the
    # last code of this purpose (the wait between codes) and the codes of the last day (the limit).
    day_ago = now - timedelta(days=1)
    since = min(day_ago, now - timedelta(seconds=wait))
    last, today, oldest = _CODES_SEEN.first_row(
        mobile=mobile, purpose=str(purpose), since=since, day_ago=day_ago
    ) or (None, 0, None)
    if last and (now - last).total_seconds() < wait:
        left = wait - int((now - last).total_seconds())
        raise ValidationError(
            f"کد پیش‌تر فرستاده شد؛ برای کد تازه {to_persian_digits(left)} ثانیه صبر کنید.",
            code="otp_throttled",
            params={"retry_after": left},
        )
    if today >= OTP_DAILY_LIMIT:
        raise ValidationError(
            "برای این شماره امروز بیش از حد مجاز کد فرستاده شده است؛ فردا دوباره تلاش کنید.",
            code="otp_daily_limit",
            params={"retry_after": int((oldest + timedelta(days=1) - now).total_seconds()) + 1},
        )
    _SPEND_LIVE.run(mobile=mobile, purpose=str(purpose), now=now)
    code = f"{secrets.randbelow(10**6):06d}"
    otp = _NEW_CODE.insert(
        OneTimeCode(
            mobile=mobile,
            purpose=purpose,
            code_hash=_hash_code(mobile, purpose, code),
            expires_at=now + timedelta(seconds=settings.MIZ_OTP_TTL_SECONDS),
        )
    )
    minutes = max(1, settings.MIZ_OTP_TTL_SECONDS // 60)
    if notice:
        _send_after_commit(mobile, notice)
        return otp
    purpose_text = intro or OneTimeCode.Purpose(purpose).label
    _send_after_commit(mobile, notices.code_text(purpose=purpose_text, code=code, minutes=minutes))
    return otp


def verify_code(*, mobile: str, purpose: str, code: str) -> None:
    """Accept the code once, or raise. Wrong tries count even when the code is later right."""
    from core.text import normalize_identifier

    mobile = clean_mobile(mobile)
    code = normalize_identifier(code or "")
    now = timezone.now()
    # What a refusal records (a wrong try, a spent code) must be committed before the error is
    # raised: raising inside the atomic block would roll it back and allow unlimited guesses.
    refusal = None
    with transaction.atomic():
        otp = _LIVE_CODE.first_object(mobile=mobile, purpose=str(purpose), now=now)
        if otp is None:
            raise ValidationError(
                "کد معتبری برای این شماره نیست یا زمان آن گذشته است؛ کد تازه بخواهید.",
                code="otp_expired",
            )
        if otp.attempts >= settings.MIZ_OTP_MAX_ATTEMPTS:
            otp.used_at = now
            otp.save(update_fields=["used_at"])
            refusal = ValidationError(
                "تعداد تلاش‌های نادرست بیش از حد مجاز شد؛ کد تازه بخواهید.", code="otp_attempts"
            )
        elif not hmac.compare_digest(otp.code_hash, _hash_code(mobile, purpose, code)):
            OneTimeCode.objects.filter(pk=otp.pk).update(attempts=F("attempts") + 1)
            refusal = ValidationError("کد واردشده درست نیست.", code="otp_wrong")
        else:
            if _SPEND_ONE.run(pk=otp.pk, now=now, max_attempts=settings.MIZ_OTP_MAX_ATTEMPTS) != 1:
                raise ValidationError("این کد پیش‌تر به کار رفته است.", code="otp_used")
    if refusal is not None:
        raise refusal


def check_code(*, mobile: str, purpose: str, code: str) -> int | None:
    """Whether `code` is the number's live code of `purpose`, without spending it: its id, for
    `spend_code` to spend in the caller's transaction with what the code confirms (a filing that
    fails leaves the code for the retry). Anything else goes to `verify_code`, which refuses it
    as always, a wrong try counted and committed: so call it outside a transaction. None: the
    code was accepted and spent there (it became right between the two reads)."""
    from core.text import normalize_identifier

    clean, typed = clean_mobile(mobile), normalize_identifier(code or "")
    otp = _PEEK_CODE.first_object(mobile=clean, purpose=str(purpose), now=timezone.now())
    if (
        otp is not None
        and otp.attempts < settings.MIZ_OTP_MAX_ATTEMPTS
        and hmac.compare_digest(otp.code_hash, _hash_code(clean, purpose, typed))
    ):
        return otp.pk
    verify_code(mobile=mobile, purpose=purpose, code=code)
    return None


def spend_code(code_id: int | None) -> None:
    """In the caller's transaction: spend the code `check_code` accepted, unless someone spent it
    meanwhile, it expired or wrong tries used up its attempts in between (then refused, and the
    caller's transaction with it)."""
    if code_id is None:
        return
    if _SPEND_ONE.run(pk=code_id, now=timezone.now(), max_attempts=settings.MIZ_OTP_MAX_ATTEMPTS) != 1:
        raise ValidationError(
            "این کد دیگر معتبر نیست (به کار رفته، زمانش گذشته یا تلاش‌های نادرست به سقف رسیده است)؛ "
            "کد تازه بخواهید.",
            code="otp_used",
        )


# --- sign-up ---------------------------------------------------------------------------------


def check_signup(*, national_code: str, mobile: str, first_name: str, last_name: str, password: str) -> None:
    """Everything that can be checked before the one-time code is sent.

    Whether the national code already has an account is not among them: the page would tell
    anyone whose code it is. `begin_signup` answers that by SMS to the mobile typed.
    """
    national_code = clean_national_code(national_code)
    candidate = User(national_code=national_code, mobile=mobile, first_name=first_name, last_name=last_name)
    password_validation.validate_password(password, candidate)


SIGNUP_TAKEN_NOTICE = notices.SIGNUP_TAKEN_NOTICE
SIGNUP_REFUSED = "ثبت‌نام با این اطلاعات ممکن نشد. اگر پیش‌تر حساب ساخته‌اید، وارد شوید یا رمز را بازیابی کنید."


def begin_signup(*, national_code: str, mobile: str) -> None:
    """Send the sign-up code to `mobile`, or, when the national code already has an account, an
    SMS that says so: the page and the throttles are the same either way, so only the holder of
    the mobile learns it (the way a site mails "you already have an account")."""
    national_code = clean_national_code(national_code)
    taken = User.objects.filter(national_code=national_code).exists()
    issue_code(
        mobile=mobile,
        purpose=OneTimeCode.Purpose.SIGNUP,
        notice=notices.signup_taken_text() if taken else "",
    )


@transaction.atomic
def register_applicant(
    *,
    national_code: str,
    mobile: str,
    first_name: str,
    last_name: str,
    password_hash: str,
    email: str = "",
) -> User:
    """Create the applicant's account once their mobile is confirmed by a one-time code."""
    user = User(
        national_code=national_code,
        mobile=mobile,
        first_name=first_name,
        last_name=last_name,
        email=email,
        password=password_hash,
    )
    try:
        user.full_clean()
    except ValidationError as exc:
        if "national_code" in getattr(exc, "error_dict", {}):  # taken since the code was sent
            raise ValidationError(SIGNUP_REFUSED, code="refused") from None
        raise
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as exc:
        raise ValidationError(SIGNUP_REFUSED, code="refused") from exc
    Membership.objects.create(user=user, role=Role.APPLICANT)
    return user


# --- password login with lockout --------------------------------------------------------------


class LoginRefused(ValidationError):
    pass


# Other apps may refuse a sign-in for reasons of their own (a counter office's expired licence …)
# without accounts importing them: each registers, in its AppConfig.ready(), a check that takes
# the user whose password was right and returns the reason to refuse them, or "".
_login_checks: list = []


def register_login_check(check) -> None:
    if check not in _login_checks:
        _login_checks.append(check)


def _run_login_checks(user: User) -> None:
    for check in _login_checks:
        reason = check(user)
        if reason:
            raise LoginRefused(reason, code="refused")


# One answer for an unknown national code, a wrong password and a locked account: telling them
# apart would tell a stranger which national codes have accounts, and which are locked.
GENERIC_LOGIN_ERROR = (
    "کد ملی یا رمز عبور نادرست است، یا ورود با رمز برای این حساب موقتاً بسته است. "
    "می‌توانید با «ورود با کد پیامکی» وارد شوید."
)


def authenticate_by_password(*, national_code: str, password: str) -> User:
    """The user whose password this is, or `LoginRefused` with what to tell them.

    Every wrong password counts; at MIZ_LOGIN_MAX_FAILURES in a row password sign-in to the
    account closes for MIZ_LOGIN_LOCKOUT_MINUTES, and while closed even the right password is
    refused. The owner is not locked out: signing in by one-time code (`sign_in_by_code`) works
    and lifts the lock. A right password is then put to the registered login checks (see
    `register_login_check`).
    """
    user = _check_password(national_code=national_code, password=password)
    _run_login_checks(user)
    return user


def _check_password(*, national_code: str, password: str) -> User:
    try:
        national_code = clean_national_code(national_code)
    except ValidationError:
        raise LoginRefused(GENERIC_LOGIN_ERROR, code="invalid_login") from None
    now = timezone.now()
    with transaction.atomic():
        user = User.objects.select_for_update().filter(national_code=national_code).first()
        if user is None:
            User().set_password(password)  # same work as a real check: no timing hint
            raise LoginRefused(GENERIC_LOGIN_ERROR, code="invalid_login")
        right = user.check_password(password)  # before the lock test: the same work either way
        if user.is_locked(now):
            raise LoginRefused(GENERIC_LOGIN_ERROR, code="locked")
        if right and user.is_active:
            _unlock(user)
            return user
        if right:
            raise LoginRefused("این حساب غیرفعال است؛ با پشتیبانی تماس بگیرید.", code="inactive")
        user.failed_login_count += 1
        if user.failed_login_count >= settings.MIZ_LOGIN_MAX_FAILURES:
            user.failed_login_count = 0
            user.locked_until = now + timedelta(minutes=settings.MIZ_LOGIN_LOCKOUT_MINUTES)
            user.save(update_fields=["failed_login_count", "locked_until"])
            transaction.on_commit(lambda: logger.warning("account %s locked", user.pk))
        else:
            user.save(update_fields=["failed_login_count"])
    raise LoginRefused(GENERIC_LOGIN_ERROR, code="invalid_login")


def _unlock(user: User) -> None:
    if user.failed_login_count or user.locked_until:
        user.failed_login_count, user.locked_until = 0, None
        user.save(update_fields=["failed_login_count", "locked_until"])


# --- sign-in by one-time code ------------------------------------------------------------------


def request_sign_in_code(*, national_code: str, mobile: str) -> None:
    """SMS a sign-in code when the pair is an active account's; otherwise do nothing. The caller
    answers the same in both cases, so no one learns whose mobile is whose."""
    user = find_user_for_reset(national_code=national_code, mobile=mobile)
    if user is None:
        return
    try:
        issue_code(mobile=user.mobile, purpose=OneTimeCode.Purpose.SIGN_IN)
    except ValidationError as exc:
        # Throttled (the code sent earlier still works) or over the daily limit: saying so would
        # tell a stranger that the pair matched.
        logger.info("sign-in code not sent: %s", exc.code)


def sign_in_by_code(*, national_code: str, mobile: str, code: str) -> User:
    """The account whose owner typed the code sent to its mobile, or `ValidationError`.

    The owner's proof of their mobile is stronger than a password, so a password lock does not
    stop them, and their sign-in lifts it. The registered login checks still apply.
    """
    user = find_user_for_reset(national_code=national_code, mobile=mobile)
    if user is None:
        # As for a wrong code, leaving that mobile's codes (its owner's) alone.
        raise LoginRefused("کد واردشده درست نیست.", code="otp_wrong")
    verify_code(mobile=user.mobile, purpose=OneTimeCode.Purpose.SIGN_IN, code=code)
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        _unlock(user)
    _run_login_checks(user)
    return user


# --- password reset ---------------------------------------------------------------------------


def find_user_for_reset(*, national_code: str, mobile: str) -> User | None:
    try:
        national_code, mobile = clean_national_code(national_code), clean_mobile(mobile)
    except ValidationError:
        return None
    return User.objects.filter(national_code=national_code, mobile=mobile, is_active=True).first()


@transaction.atomic
def set_password(*, user: User, password: str) -> User:
    """Set a new password (already confirmed by a one-time code); this also lifts a lockout."""
    password_validation.validate_password(password, user)
    user.set_password(password)
    user.failed_login_count, user.locked_until = 0, None
    user.save(update_fields=["password", "failed_login_count", "locked_until"])
    return user
