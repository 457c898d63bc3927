"""Sign-up through the web: the form, the SMS code, the account it creates."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.hashers import check_password
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership, OneTimeCode, Role, User
from accounts.tests.helpers import CODE_RE, code_in, form_errors, is_signed_in, page_text
from accounts.views import SIGNUP_KEY
from core.testing import PASSWORD
from core.text import to_persian_digits

pytestmark = pytest.mark.django_db

SIGNUP_URL = reverse("accounts:signup")
VERIFY_URL = reverse("accounts:signup_verify")
RESEND_URL = reverse("accounts:signup_resend")
HOME_URL = reverse("core:home")

# Typed on an Arabic keyboard: ARABIC LETTER YEH (U+064A) and ARABIC LETTER KAF (U+0643).
ARABIC_FIRST = "علي"
ARABIC_LAST = "كريمي"


def form_data(**overrides):
    data = {
        "first_name": ARABIC_FIRST,
        "last_name": ARABIC_LAST,
        "national_code": "۰۰۸۴۵۷۵۹۴۸",
        "mobile": "۰۹۱۲۳۴۵۶۷۸۹",
        "email": "",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    data.update(overrides)
    return data


def test_names_really_are_typed_with_arabic_letters():
    assert "\u064a" in ARABIC_FIRST and "\u0643" in ARABIC_LAST and "\u064a" in ARABIC_LAST


def test_signup_form_is_shown(client):
    response = client.get(SIGNUP_URL)
    assert response.status_code == 200
    html = page_text(response)
    for name in ["first_name", "last_name", "national_code", "mobile", "password1", "password2"]:
        assert f'name="{name}"' in html
    assert "ثبت‌نام متقاضی" in html
    assert 'autocomplete="new-password"' in html


def test_signed_in_person_is_sent_home(client, make_user):
    client.force_login(make_user())
    assert client.get(SIGNUP_URL).url == HOME_URL


@pytest.mark.parametrize("persian_code", [False, True], ids=["ascii-code", "persian-code"])
def test_full_signup(client, outbox, persian_code):
    response = client.post(SIGNUP_URL, form_data())
    assert response.status_code == 302
    assert response.url == VERIFY_URL
    assert not User.objects.exists()  # nothing until the mobile is confirmed
    assert len(outbox) == 1
    assert outbox[0].to == "+989123456789"
    code = code_in(outbox[0])

    page = client.get(VERIFY_URL)
    assert "۰۹۱۲۳۴۵۶۷۸۹" in page_text(page)  # the number, as people read it

    typed = to_persian_digits(code) if persian_code else code
    response = client.post(VERIFY_URL, {"code": typed})
    assert response.status_code == 302
    assert response.url == HOME_URL

    user = User.objects.get()
    assert user.national_code == "0084575948"
    assert user.mobile == "+989123456789"
    assert user.first_name == "علی"
    assert user.last_name == "کریمی"
    assert user.check_password(PASSWORD)
    assert list(user.memberships.values_list("role", "org_unit", "counter_office", "region")) == [
        (Role.APPLICANT, None, None, None)
    ]
    assert is_signed_in(client)
    assert int(client.session["_auth_user_id"]) == user.pk
    assert SIGNUP_KEY not in client.session

    home = page_text(client.get(HOME_URL))
    assert "علی کریمی" in home
    assert "حساب شما ساخته شد" in home


def test_pending_signup_keeps_only_a_password_hash(client):
    client.post(SIGNUP_URL, form_data())
    pending = client.session[SIGNUP_KEY]
    assert PASSWORD not in str(pending)
    assert check_password(PASSWORD, pending["password_hash"])
    assert pending["national_code"] == "0084575948"
    assert pending["first_name"] == "علی"


@pytest.mark.parametrize(
    ("national_code", "expected"),
    [
        ("1111111111", "ارقام یکسان"),
        ("0000000000", "ارقام یکسان"),
        ("0084575949", "رقم کنترل"),
        ("۰۰۸۴۵۷۵۹۴", "رقم وارد شده است"),
        ("00845759a8", "فقط باید رقم"),
        ("", "این فیلد لازم است"),
    ],
)
def test_invalid_national_code_is_refused(client, outbox, national_code, expected):
    response = client.post(SIGNUP_URL, form_data(national_code=national_code))
    assert response.status_code == 200
    errors = response.context["form"].errors["national_code"]
    assert any(expected in error for error in errors), errors
    assert not User.objects.exists()
    assert not OneTimeCode.objects.exists()
    assert outbox == []
    assert SIGNUP_KEY not in client.session


def test_a_taken_national_code_is_not_revealed_on_the_page(client, outbox, make_user):
    """The page answers as for a new code; only the holder of the mobile typed learns, by SMS."""
    from accounts.services import SIGNUP_TAKEN_NOTICE

    existing = make_user()
    response = client.post(SIGNUP_URL, form_data(national_code=existing.national_code))
    assert response.status_code == 302 and response.url == VERIFY_URL
    taken_page = page_text(client.get(VERIFY_URL))
    assert [m.to for m in outbox] == ["+989123456789"]  # the mobile typed, not the account's
    assert SIGNUP_TAKEN_NOTICE in outbox[0].text
    assert not CODE_RE.search(outbox[0].text)

    # Whatever is typed is refused as a wrong code; nothing is created.
    response = client.post(VERIFY_URL, {"code": "123456"})
    assert form_errors(response) == ["کد واردشده درست نیست."]
    assert User.objects.count() == 1
    # Asking again sends the notice again, never a code that would open the way.
    client.post(RESEND_URL)
    assert len(outbox) == 1  # the resend wait applies as for a real code
    OneTimeCode.objects.update(created_at=timezone.now() - timedelta(minutes=5))
    client.post(RESEND_URL)
    assert len(outbox) == 2 and SIGNUP_TAKEN_NOTICE in outbox[1].text

    # A fresh national code gets the same page.
    other = Client()
    other.post(SIGNUP_URL, form_data(national_code="0084575948", mobile="09350000000"))
    fresh_page = page_text(other.get(VERIFY_URL))
    strip = re.compile(r'value="[^"]*"|"X-CSRFToken": "[^"]*"|۰۹۱۲۳۴۵۶۷۸۹|۰۹۳۵۰۰۰۰۰۰۰')
    assert strip.sub("", taken_page) == strip.sub("", fresh_page)


def test_password_equal_to_national_code_is_refused(client, outbox):
    response = client.post(SIGNUP_URL, form_data(password1="0084575948", password2="0084575948"))
    assert response.status_code == 200
    assert "رمز عبور نباید کد ملی یا شامل آن باشد." in form_errors(response)
    assert outbox == []


def test_password_equal_to_national_code_in_persian_digits_is_refused(client, outbox):
    typed = "۰۰۸۴۵۷۵۹۴۸"
    response = client.post(SIGNUP_URL, form_data(password1=typed, password2=typed))
    assert "رمز عبور نباید کد ملی یا شامل آن باشد." in form_errors(response)
    assert outbox == []


def test_short_password_is_refused(client, outbox):
    response = client.post(SIGNUP_URL, form_data(password1="Ab-1", password2="Ab-1"))
    assert response.status_code == 200
    assert form_errors(response)
    assert outbox == []


def test_mismatched_passwords_are_refused(client, outbox):
    response = client.post(SIGNUP_URL, form_data(password2=PASSWORD + "x"))
    assert response.status_code == 200
    assert response.context["form"].errors["password2"] == ["دو رمز واردشده یکی نیستند."]
    assert outbox == []
    assert not User.objects.exists()


def test_password_is_not_echoed_back(client):
    response = client.post(SIGNUP_URL, form_data(password2=PASSWORD + "x"))
    assert PASSWORD not in page_text(response)


@pytest.mark.parametrize("mobile", ["+98 912 345 6789", "00989123456789", "989123456789", "9123456789"])
def test_mobile_in_any_form_is_stored_canonically(client, outbox, mobile):
    client.post(SIGNUP_URL, form_data(mobile=mobile))
    assert outbox[-1].to == "+989123456789"
    client.post(VERIFY_URL, {"code": code_in(outbox[-1])})
    assert User.objects.get().mobile == "+989123456789"


@pytest.mark.parametrize("mobile", ["02188888888", "0912345678", "+14155552671"])
def test_bad_mobile_is_refused(client, outbox, mobile):
    response = client.post(SIGNUP_URL, form_data(mobile=mobile))
    assert response.status_code == 200
    assert response.context["form"].errors["mobile"]
    assert outbox == []


def test_wrong_code_keeps_the_form_and_creates_nobody(client, outbox):
    client.post(SIGNUP_URL, form_data())
    code = code_in(outbox[0])
    response = client.post(VERIFY_URL, {"code": f"{(int(code) + 1) % 10**6:06d}"})
    assert response.status_code == 200
    assert "کد واردشده درست نیست." in form_errors(response)
    assert not User.objects.exists()
    assert not is_signed_in(client)
    # The right code still works afterwards.
    assert client.post(VERIFY_URL, {"code": code}).url == HOME_URL
    assert User.objects.count() == 1


def test_wrong_codes_through_the_form_are_limited(client, outbox, settings):
    client.post(SIGNUP_URL, form_data())
    code = code_in(outbox[0])
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    for _ in range(settings.MIZ_OTP_MAX_ATTEMPTS):
        client.post(VERIFY_URL, {"code": wrong})
    response = client.post(VERIFY_URL, {"code": code})
    assert response.status_code == 200
    assert any("بیش از حد مجاز" in e for e in form_errors(response))
    assert not User.objects.exists()


def test_double_submit_of_the_code_creates_one_user(client, outbox):
    client.post(SIGNUP_URL, form_data())
    code = code_in(outbox[0])
    first = client.post(VERIFY_URL, {"code": code})
    assert first.url == HOME_URL
    second = client.post(VERIFY_URL, {"code": code}, follow=True)
    assert User.objects.count() == 1
    assert Membership.objects.count() == 1
    assert "نخست فرم ثبت‌نام را پر کنید" in page_text(second)


def test_racing_second_submit_with_the_same_code_is_refused(client, outbox):
    """Two submits that both read the pending sign-up before either finished."""
    from django.test import Client

    client.post(SIGNUP_URL, form_data())
    code = code_in(outbox[0])
    pending = dict(client.session[SIGNUP_KEY])

    assert client.post(VERIFY_URL, {"code": code}).url == HOME_URL

    racer = Client()
    session = racer.session
    session[SIGNUP_KEY] = pending
    session.save()
    racer.cookies["sessionid"] = session.session_key
    response = racer.post(VERIFY_URL, {"code": code})
    assert response.status_code == 200
    assert any("کد معتبری برای این شماره نیست" in e for e in form_errors(response))
    assert User.objects.count() == 1
    assert not is_signed_in(racer)


def test_verify_without_a_pending_signup_goes_back_to_the_form(client):
    response = client.get(VERIFY_URL)
    assert response.url == SIGNUP_URL


def test_resend_is_throttled_then_allowed(client, outbox):
    client.post(SIGNUP_URL, form_data())
    old = code_in(outbox[0])

    response = client.post(RESEND_URL, follow=True)
    assert "صبر کنید" in page_text(response)
    assert len(outbox) == 1

    OneTimeCode.objects.update(created_at=OneTimeCode.objects.get().created_at.replace(year=2000))
    response = client.post(RESEND_URL, follow=True)
    assert "کد تازه فرستاده شد" in page_text(response)
    assert len(outbox) == 2
    new = code_in(outbox[1])
    if old != new:
        assert "کد واردشده درست نیست." in form_errors(client.post(VERIFY_URL, {"code": old}))
    assert client.post(VERIFY_URL, {"code": new}).url == HOME_URL


def test_resend_needs_post_and_a_pending_signup(client):
    assert client.get(RESEND_URL).status_code == 405
    assert client.post(RESEND_URL).url == SIGNUP_URL


def test_signup_again_within_the_resend_wait_shows_the_wait(client, outbox):
    client.post(SIGNUP_URL, form_data())
    response = client.post(SIGNUP_URL, form_data())
    assert response.status_code == 200
    assert any("صبر کنید" in e for e in form_errors(response))
    assert len(outbox) == 1


class BrokenGateway:
    def send(self, message):
        from core.sms import SmsError

        raise SmsError("gateway down")


def test_failing_sms_gateway_does_not_break_signup(client, outbox, settings, caplog):
    settings.SMS_BACKEND = f"{__name__}.BrokenGateway"
    response = client.post(SIGNUP_URL, form_data())
    assert response.status_code == 302
    assert response.url == VERIFY_URL
    assert outbox == []
    assert "one-time code SMS" in caplog.text
    assert "+989123456789" not in caplog.text  # the number is logged only in part
    assert OneTimeCode.objects.count() == 1
