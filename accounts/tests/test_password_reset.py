"""Password reset by SMS code: no enumeration, single-use code, and it lifts a lockout."""

import re

import pytest
from django.urls import reverse

from accounts.models import OneTimeCode
from accounts.tests.helpers import code_in, form_errors, is_signed_in, page_text
from accounts.views import RESET_KEY
from core.text import to_persian_digits
from core.validators import national_code_with_check_digit

pytestmark = pytest.mark.django_db

REQUEST_URL = reverse("accounts:reset_request")
CONFIRM_URL = reverse("accounts:reset_confirm")
LOGIN_URL = reverse("accounts:login")
OLD = "a-Strong-Pass-123"
NEW = "another-Good-Pass-456"
MOBILE = "+989121234567"
STRANGER_CODE = national_code_with_check_digit("987654321")


@pytest.fixture
def person(make_user):
    return make_user(mobile=MOBILE)


def ask(client, national_code, mobile):
    return client.post(REQUEST_URL, {"national_code": national_code, "mobile": mobile})


def confirm(client, code, password=NEW, password2=None):
    return client.post(CONFIRM_URL, {"code": code, "password1": password, "password2": password2 or password})


def without_csrf(html: str) -> str:
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    return re.sub(r'"X-CSRFToken": "[^"]+"', "", html)


def test_request_form_is_shown(client):
    response = client.get(REQUEST_URL)
    assert response.status_code == 200
    assert 'name="national_code"' in page_text(response)
    assert 'name="mobile"' in page_text(response)


def test_matching_pair_gets_a_code_by_sms(client, person, outbox):
    response = ask(client, to_persian_digits(person.national_code), "۰۹۱۲۱۲۳۴۵۶۷")
    assert response.status_code == 302
    assert response.url == CONFIRM_URL
    assert len(outbox) == 1
    assert outbox[0].to == MOBILE
    assert "بازیابی رمز عبور" in outbox[0].text
    code_in(outbox[0])


@pytest.mark.parametrize(
    ("national_code", "mobile"),
    [(STRANGER_CODE, MOBILE), (None, "+989129999999"), (STRANGER_CODE, "+989129999999")],
    ids=["other-code", "other-mobile", "neither"],
)
def test_non_matching_pair_sends_nothing_but_looks_the_same(client, person, outbox, national_code, mobile):
    from django.test import Client

    owner = Client()
    ask(owner, person.national_code, mobile)  # the same mobile shown on both pages
    matched = owner.get(CONFIRM_URL)
    outbox.clear()

    response = ask(client, national_code or person.national_code, mobile)
    assert response.status_code == 302
    assert response.url == CONFIRM_URL
    assert outbox == []
    unmatched = client.get(CONFIRM_URL)
    assert unmatched.status_code == matched.status_code == 200
    assert without_csrf(page_text(unmatched)) == without_csrf(page_text(matched))


def test_asking_twice_looks_the_same_for_matching_and_non_matching_pairs(client, person, outbox):
    from django.test import Client

    ask(client, person.national_code, MOBILE)
    assert len(outbox) == 1
    again = ask(client, person.national_code, MOBILE)  # within the resend wait

    stranger = Client()
    ask(stranger, STRANGER_CODE, MOBILE)
    stranger_again = ask(stranger, STRANGER_CODE, MOBILE)

    assert again.status_code == stranger_again.status_code
    assert again.get("Location") == stranger_again.get("Location")
    assert len(outbox) == 1


def test_wrong_code_looks_the_same_for_matching_and_non_matching_pairs(client, person, outbox):
    from django.test import Client

    ask(client, person.national_code, MOBILE)
    code = code_in(outbox[0])
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    stranger = Client()
    ask(stranger, STRANGER_CODE, MOBILE)

    assert form_errors(confirm(client, wrong)) == form_errors(confirm(stranger, wrong))
    # The stranger's guesses neither use up the tries of the owner's code nor spend it.
    for guess in [wrong] * 10 + [code]:
        confirm(stranger, guess)
    assert OneTimeCode.objects.get().attempts == 1  # the owner's own wrong try only
    assert confirm(client, code).url == LOGIN_URL
    person.refresh_from_db()
    assert person.check_password(NEW)


def test_wrong_code_for_a_mobile_without_any_code_looks_like_a_wrong_code(client, person, outbox):
    from django.test import Client

    ask(client, person.national_code, MOBILE)
    code = code_in(outbox[0])
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    stranger = Client()
    ask(stranger, STRANGER_CODE, "+989129999999")  # no code was ever sent to this number
    assert form_errors(confirm(stranger, wrong)) == form_errors(confirm(client, wrong))


def test_right_code_sets_the_new_password(client, person, outbox):
    ask(client, person.national_code, MOBILE)
    response = confirm(client, to_persian_digits(code_in(outbox[0])))
    assert response.status_code == 302
    assert response.url == LOGIN_URL
    person.refresh_from_db()
    assert person.check_password(NEW)
    assert not person.check_password(OLD)
    assert RESET_KEY not in client.session
    assert not is_signed_in(client)
    follow = client.get(LOGIN_URL)
    assert "رمز عبور تازه ثبت شد" in page_text(follow)


def test_reset_lifts_a_lockout(client, person, outbox, settings):
    for _ in range(settings.MIZ_LOGIN_MAX_FAILURES):
        client.post(LOGIN_URL, {"national_code": person.national_code, "password": "wrong-Pass-000"})
    person.refresh_from_db()
    assert person.is_locked()

    ask(client, person.national_code, MOBILE)
    confirm(client, code_in(outbox[0]))
    person.refresh_from_db()
    assert not person.is_locked()
    assert person.failed_login_count == 0
    client.post(LOGIN_URL, {"national_code": person.national_code, "password": NEW})
    assert is_signed_in(client)


def test_reset_code_is_single_use(client, person, outbox):
    ask(client, person.national_code, MOBILE)
    code = code_in(outbox[0])
    confirm(client, code)

    # Same code again, with the pending reset restored (a replayed or racing request).
    from django.test import Client

    replay = Client()
    session = replay.session
    session[RESET_KEY] = {"national_code": person.national_code, "mobile": MOBILE}
    session.save()
    replay.cookies["sessionid"] = session.session_key
    response = confirm(replay, code, password="third-Good-Pass-789")
    assert response.status_code == 200
    assert form_errors(response)
    person.refresh_from_db()
    assert person.check_password(NEW)


def test_wrong_code_changes_nothing(client, person, outbox):
    ask(client, person.national_code, MOBILE)
    code = code_in(outbox[0])
    response = confirm(client, f"{(int(code) + 1) % 10**6:06d}")
    assert response.status_code == 200
    assert "کد واردشده درست نیست." in form_errors(response)
    person.refresh_from_db()
    assert person.check_password(OLD)


def test_new_password_must_follow_the_rules(client, person, outbox):
    ask(client, person.national_code, MOBILE)
    code = code_in(outbox[0])
    response = confirm(client, code, password=f"x-{person.national_code}")
    assert "رمز عبور نباید کد ملی یا شامل آن باشد." in form_errors(response)
    response = confirm(client, code, password=NEW, password2=NEW + "x")
    assert "دو رمز واردشده یکی نیستند." in form_errors(response)
    person.refresh_from_db()
    assert person.check_password(OLD)


def test_confirm_without_a_request_goes_back(client):
    assert client.get(CONFIRM_URL).url == REQUEST_URL


def test_inactive_account_gets_no_code(client, make_user, outbox):
    user = make_user(mobile=MOBILE, is_active=False)
    assert ask(client, user.national_code, MOBILE).url == CONFIRM_URL
    assert outbox == []
    assert not OneTimeCode.objects.exists()


def test_invalid_input_is_shown_on_the_form(client, outbox):
    response = ask(client, "1111111111", "123")
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "national_code" in errors and "mobile" in errors
    assert outbox == []


def test_reset_signs_out_sessions_that_knew_the_old_password(client, person, outbox):
    from django.test import Client

    elsewhere = Client()
    elsewhere.post(LOGIN_URL, {"national_code": person.national_code, "password": OLD})
    assert is_signed_in(elsewhere)
    assert "خروج" in page_text(elsewhere.get("/"))

    ask(client, person.national_code, MOBILE)
    confirm(client, code_in(outbox[0]))
    assert "خروج" not in page_text(elsewhere.get("/"))
