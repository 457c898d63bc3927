"""One-time codes: single use, short-lived, few attempts, throttled, stored only as a hash."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from accounts import services
from accounts.models import OneTimeCode
from core.text import to_persian_digits

MOBILE = "+989123456789"
SIGNUP = OneTimeCode.Purpose.SIGNUP
RESET = OneTimeCode.Purpose.PASSWORD_RESET

pytestmark = pytest.mark.django_db


def verify(code, *, mobile=MOBILE, purpose=SIGNUP):
    services.verify_code(mobile=mobile, purpose=purpose, code=code)


def refused(code, *, mobile=MOBILE, purpose=SIGNUP) -> ValidationError:
    with pytest.raises(ValidationError) as info:
        verify(code, mobile=mobile, purpose=purpose)
    return info.value


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 10**6:06d}"


def test_code_is_sent_by_sms_to_the_canonical_mobile(issue, outbox):
    otp, code = issue(mobile="۰۹۱۲۳۴۵۶۷۸۹", purpose=SIGNUP)
    assert otp.mobile == MOBILE
    assert outbox[-1].to == MOBILE
    assert len(code) == 6 and code.isascii() and code.isdigit()
    assert "فقط یک بار معتبر" in outbox[-1].text
    assert f"{to_persian_digits(5)} دقیقه" in outbox[-1].text  # MIZ_OTP_TTL_SECONDS = 300


def test_sms_waits_for_the_commit(outbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.issue_code(mobile=MOBILE, purpose=SIGNUP)
    assert outbox == []  # nothing is sent for a transaction that might still roll back
    assert len(callbacks) == 1


def test_right_code_is_accepted_once(issue):
    otp, code = issue(mobile=MOBILE, purpose=SIGNUP)
    verify(code)
    otp.refresh_from_db()
    assert otp.used_at is not None
    error = refused(code)
    assert "کد معتبری برای این شماره نیست" in error.messages[0]
    assert error.code == "otp_expired"


def test_code_in_persian_digits_and_with_spaces_is_accepted(issue):
    _, code = issue(mobile=MOBILE, purpose=SIGNUP)
    verify(f" {to_persian_digits(code[:3])} {to_persian_digits(code[3:])} ")


def test_code_is_bound_to_its_mobile_and_purpose(issue):
    _, code = issue(mobile=MOBILE, purpose=SIGNUP)
    assert refused(code, purpose=RESET).code == "otp_expired"
    assert refused(code, mobile="+989121111111").code == "otp_expired"
    verify(code)  # still unused after the refusals above


def test_only_the_hash_is_stored(issue):
    otp, code = issue(mobile=MOBILE, purpose=SIGNUP)
    row = OneTimeCode.objects.filter(pk=otp.pk).values().get()
    assert all(code not in str(value) for value in row.values())
    assert len(row["code_hash"]) == 64
    int(row["code_hash"], 16)  # hex digest
    # The raw table, not just the model, has no copy of the code.
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {OneTimeCode._meta.db_table} WHERE id = %s", [otp.pk])  # noqa: S608
        raw = cursor.fetchone()
    assert all(code not in str(value) for value in raw)


def test_code_expires_after_its_ttl(issue, clock, settings):
    _, code = issue(mobile=MOBILE, purpose=SIGNUP)
    clock.shift(seconds=settings.MIZ_OTP_TTL_SECONDS + 1)
    error = refused(code)
    assert "زمان آن گذشته است" in error.messages[0]


def test_code_still_works_just_before_its_ttl(issue, clock, settings):
    _, code = issue(mobile=MOBILE, purpose=SIGNUP)
    clock.shift(seconds=settings.MIZ_OTP_TTL_SECONDS - 5)
    verify(code)


def test_code_with_expiry_in_the_past_is_refused(issue):
    otp, code = issue(mobile=MOBILE, purpose=SIGNUP)
    OneTimeCode.objects.filter(pk=otp.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert refused(code).code == "otp_expired"


def test_wrong_code_gets_a_persian_message_and_counts(issue):
    otp, code = issue(mobile=MOBILE, purpose=SIGNUP)
    error = refused(wrong(code))
    assert error.messages == ["کد واردشده درست نیست."]
    otp.refresh_from_db()
    assert otp.attempts == 1 and otp.used_at is None


def test_right_code_after_fewer_than_max_wrong_tries_is_accepted(issue, settings):
    _, code = issue(mobile=MOBILE, purpose=SIGNUP)
    for _ in range(settings.MIZ_OTP_MAX_ATTEMPTS - 1):
        assert refused(wrong(code)).code == "otp_wrong"
    verify(code)


def test_wrong_tries_are_limited(issue, settings):
    assert settings.MIZ_OTP_MAX_ATTEMPTS == 5
    otp, code = issue(mobile=MOBILE, purpose=SIGNUP)
    for _ in range(5):
        assert refused(wrong(code)).code == "otp_wrong"
    # Even the right code is refused now, and the code is spent.
    error = refused(code)
    assert error.code == "otp_attempts"
    assert "بیش از حد مجاز" in error.messages[0]
    otp.refresh_from_db()
    assert otp.used_at is not None
    assert refused(code).code == "otp_expired"


def test_attempt_limit_follows_the_setting(issue, settings):
    settings.MIZ_OTP_MAX_ATTEMPTS = 2
    _, code = issue(mobile=MOBILE, purpose=SIGNUP)
    refused(wrong(code))
    refused(wrong(code))
    assert refused(code).code == "otp_attempts"


def test_resend_within_the_wait_is_throttled(issue, settings):
    assert settings.MIZ_OTP_RESEND_SECONDS == 60
    issue(mobile=MOBILE, purpose=SIGNUP)
    with pytest.raises(ValidationError) as info:
        services.issue_code(mobile=MOBILE, purpose=SIGNUP)
    assert info.value.code == "otp_throttled"
    assert "صبر کنید" in info.value.messages[0]
    assert "ثانیه" in info.value.messages[0]
    assert OneTimeCode.objects.count() == 1


def test_throttle_tells_the_seconds_left_in_persian_digits(issue, clock):
    issue(mobile=MOBILE, purpose=SIGNUP)
    clock.shift(seconds=20)
    with pytest.raises(ValidationError) as info:
        services.issue_code(mobile=MOBILE, purpose=SIGNUP)
    # 60 s wait, 20 s (and a few ms) gone: 40 or 39 seconds left.
    assert any(f"{to_persian_digits(n)} ثانیه" in info.value.messages[0] for n in (39, 40))


def test_throttle_is_per_purpose(issue):
    issue(mobile=MOBILE, purpose=SIGNUP)
    issue(mobile=MOBILE, purpose=RESET)


def test_new_code_invalidates_older_ones(issue, clock, settings):
    old_otp, old = issue(mobile=MOBILE, purpose=SIGNUP)
    clock.shift(seconds=settings.MIZ_OTP_RESEND_SECONDS + 1)
    _, new = issue(mobile=MOBILE, purpose=SIGNUP)
    old_otp.refresh_from_db()
    assert old_otp.used_at is not None
    if old != new:  # one chance in a million that both codes are equal
        assert refused(old).code == "otp_wrong"
    verify(new)


def test_daily_limit(issue, settings):
    for _ in range(services.OTP_DAILY_LIMIT):
        issue(mobile=MOBILE, purpose=SIGNUP)
        # Pretend the last one was asked for earlier today, past the resend wait.
        OneTimeCode.objects.filter(mobile=MOBILE).update(
            created_at=timezone.now() - timedelta(seconds=settings.MIZ_OTP_RESEND_SECONDS + 1)
        )
    with pytest.raises(ValidationError) as info:
        services.issue_code(mobile=MOBILE, purpose=SIGNUP)
    assert info.value.code == "otp_daily_limit"
    assert "فردا" in info.value.messages[0]


def test_the_daily_limit_counts_the_last_day_of_every_purpose_and_says_when_it_ends(issue, settings):
    """The limit counts the number's codes of the last 24 hours, whatever their purpose; a code
    older than that no longer counts, and the refusal says when the oldest leaves the window."""
    now = timezone.now()
    ages = [timedelta(hours=25), *(timedelta(hours=23 - h) for h in range(services.OTP_DAILY_LIMIT - 1))]
    for age, purpose in zip(ages, [SIGNUP, RESET] * services.OTP_DAILY_LIMIT, strict=False):
        otp, _code = issue(mobile=MOBILE, purpose=purpose)
        OneTimeCode.objects.filter(pk=otp.pk).update(created_at=now - age)
    issue(mobile=MOBILE, purpose=SIGNUP)  # nine in the last day: the tenth is sent
    OneTimeCode.objects.filter(mobile=MOBILE, created_at__gt=now - timedelta(minutes=1)).update(
        created_at=now - timedelta(seconds=settings.MIZ_OTP_RESEND_SECONDS + 1)
    )
    with pytest.raises(ValidationError) as info:
        services.issue_code(mobile=MOBILE, purpose=RESET)
    assert info.value.code == "otp_daily_limit"
    # The oldest of the last day was asked for 23 hours ago: an hour (and a second) to wait.
    assert abs(info.value.params["retry_after"] - 3601) <= 2


def test_the_wait_between_codes_reads_the_last_code_of_the_purpose(issue, settings):
    otp, _code = issue(mobile=MOBILE, purpose=SIGNUP)
    OneTimeCode.objects.filter(pk=otp.pk).update(created_at=timezone.now() - timedelta(seconds=30))
    with pytest.raises(ValidationError) as info:
        services.issue_code(mobile=MOBILE, purpose=SIGNUP)
    assert info.value.code == "otp_throttled"
    assert 29 <= info.value.params["retry_after"] <= 30
    OneTimeCode.objects.filter(pk=otp.pk).update(
        created_at=timezone.now() - timedelta(seconds=settings.MIZ_OTP_RESEND_SECONDS)
    )
    issue(mobile=MOBILE, purpose=SIGNUP)


def test_invalid_mobile_is_refused_before_anything_is_stored(outbox):
    with pytest.raises(ValidationError):
        services.issue_code(mobile="02188888888", purpose=SIGNUP)
    assert not OneTimeCode.objects.exists()
    assert outbox == []


# --- checked outside, spent with what it confirms (check_code, spend_code) -------------------


def test_a_right_code_is_checked_without_spending_it_and_spent_once(issue):
    otp, code = issue(mobile=MOBILE, purpose=SIGNUP)
    assert services.check_code(mobile="۰۹۱۲۳۴۵۶۷۸۹", purpose=SIGNUP, code=to_persian_digits(code)) == otp.pk
    otp.refresh_from_db()
    assert otp.used_at is None and otp.attempts == 0
    services.spend_code(otp.pk)
    otp.refresh_from_db()
    assert otp.used_at is not None
    with pytest.raises(ValidationError) as spent_again:
        services.spend_code(otp.pk)
    assert spent_again.value.code == "otp_used"
    assert refused(code).code == "otp_expired"  # no live code left


def test_a_wrong_code_is_refused_and_counted_as_verify_code_does(issue):
    otp, code = issue(mobile=MOBILE, purpose=SIGNUP)
    with pytest.raises(ValidationError) as info:
        services.check_code(mobile=MOBILE, purpose=SIGNUP, code=wrong(code))
    assert info.value.code == "otp_wrong"
    otp.refresh_from_db()
    assert otp.attempts == 1 and otp.used_at is None


def test_a_right_code_after_too_many_wrong_ones_is_refused(issue, settings):
    otp, code = issue(mobile=MOBILE, purpose=SIGNUP)
    OneTimeCode.objects.filter(pk=otp.pk).update(attempts=settings.MIZ_OTP_MAX_ATTEMPTS)
    with pytest.raises(ValidationError) as info:
        services.check_code(mobile=MOBILE, purpose=SIGNUP, code=code)
    assert info.value.code == "otp_attempts"


def test_a_code_spent_between_the_check_and_the_spend_is_refused(issue):
    _otp, code = issue(mobile=MOBILE, purpose=SIGNUP)
    checked = services.check_code(mobile=MOBILE, purpose=SIGNUP, code=code)
    verify(code)  # another request spent it meanwhile
    with pytest.raises(ValidationError) as info:
        services.spend_code(checked)
    assert info.value.code == "otp_used"


def test_wrong_tries_that_reach_the_limit_between_the_check_and_the_spend_refuse_it(issue, settings):
    """Guesses sent at once are each checked against the count as it was: the spend itself
    refuses a code whose wrong tries reached the limit meanwhile, so no more than the limit of
    guesses is ever tried against one code."""
    otp, code = issue(mobile=MOBILE, purpose=SIGNUP)
    checked = services.check_code(mobile=MOBILE, purpose=SIGNUP, code=code)
    OneTimeCode.objects.filter(pk=otp.pk).update(attempts=settings.MIZ_OTP_MAX_ATTEMPTS)
    with pytest.raises(ValidationError) as info:
        services.spend_code(checked)
    assert info.value.code == "otp_used"
    otp.refresh_from_db()
    assert otp.used_at is None


def test_a_code_that_expired_between_the_check_and_the_spend_is_refused(issue):
    otp, code = issue(mobile=MOBILE, purpose=SIGNUP)
    checked = services.check_code(mobile=MOBILE, purpose=SIGNUP, code=code)
    OneTimeCode.objects.filter(pk=otp.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(ValidationError):
        services.spend_code(checked)
    otp.refresh_from_db()
    assert otp.used_at is None


@pytest.mark.django_db(transaction=True)
def test_a_spend_rolled_back_with_its_transaction_leaves_the_code_live(issue):
    """What the code confirms failed: the code is not lost with it, the retry may use it."""
    from django.db import transaction

    otp, code = issue(mobile=MOBILE, purpose=SIGNUP)
    checked = services.check_code(mobile=MOBILE, purpose=SIGNUP, code=code)
    with pytest.raises(RuntimeError), transaction.atomic():
        services.spend_code(checked)
        raise RuntimeError("the filing failed")
    otp.refresh_from_db()
    assert otp.used_at is None
    verify(code)
