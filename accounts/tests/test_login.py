"""Signing in by national code and password, the lockout, `next`, and signing out."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import authenticate
from django.urls import reverse
from django.utils import timezone

from accounts.services import GENERIC_LOGIN_ERROR
from accounts.tests.helpers import form_errors, is_signed_in, page_text
from core.testing import PASSWORD
from core.text import to_persian_digits
from core.validators import national_code_with_check_digit

pytestmark = pytest.mark.django_db

LOGIN_URL = reverse("accounts:login")
LOGOUT_URL = reverse("accounts:logout")
HOME_URL = reverse("core:home")
WRONG = "not-the-Password-1"


def log_in(client, user_or_code, password, **extra):
    code = getattr(user_or_code, "national_code", user_or_code)
    return client.post(LOGIN_URL, {"national_code": code, "password": password, **extra})


def test_login_form_is_shown(client):
    response = client.get(LOGIN_URL)
    assert response.status_code == 200
    html = page_text(response)
    assert 'name="national_code"' in html and 'name="password"' in html
    assert 'autocomplete="current-password"' in html


def test_correct_password_signs_in(client, make_user):
    user = make_user(first_name="مریم", last_name="کریمی")
    response = log_in(client, user, PASSWORD)
    assert response.status_code == 302
    assert response.url == HOME_URL
    assert int(client.session["_auth_user_id"]) == user.pk
    assert "مریم کریمی، خوش آمدید." in page_text(client.get(HOME_URL))


def test_national_code_in_persian_digits_signs_in(client, make_user):
    user = make_user()
    log_in(client, to_persian_digits(user.national_code), PASSWORD)
    assert is_signed_in(client)


def test_wrong_password_counts_and_gets_the_one_message(client, make_user, settings):
    assert settings.MIZ_LOGIN_MAX_FAILURES == 6
    user = make_user()
    response = log_in(client, user, WRONG)
    assert response.status_code == 200
    assert form_errors(response) == [GENERIC_LOGIN_ERROR]  # no "tries left": that tells it exists
    assert not is_signed_in(client)
    user.refresh_from_db()
    assert user.failed_login_count == 1


def test_one_message_for_unknown_code_wrong_password_and_locked_account(client, make_user, settings):
    unknown = national_code_with_check_digit("123123123")
    user, locked = make_user(), make_user()
    locked.locked_until = timezone.now() + timedelta(minutes=10)
    locked.save(update_fields=["locked_until"])

    answers = {
        "unknown": log_in(client, unknown, PASSWORD),
        "wrong password": log_in(client, user, WRONG),
        "locked, right password": log_in(client, locked, PASSWORD),
        "locked, wrong password": log_in(client, locked, WRONG),
    }
    for case, response in answers.items():
        assert response.status_code == 200, case
        assert form_errors(response) == [GENERIC_LOGIN_ERROR], case
    # The pages differ only by the CSRF token and what was typed.
    pages = {
        case: re.sub(r'value="[^"]*"|"X-CSRFToken": "[^"]*"', "", page_text(response)).replace(unknown, "")
        for case, response in answers.items()
    }
    for code in (user.national_code, locked.national_code):
        pages = {case: page.replace(code, "") for case, page in pages.items()}
    assert len(set(pages.values())) == 1
    assert not is_signed_in(client)


def test_every_failure_is_announced_to_sign_in_records(client, make_user, settings):
    """user_login_failed, as django.contrib.auth.authenticate() sends it, for every failure."""
    from django.contrib.auth.signals import user_login_failed

    seen = []

    def record(sender, credentials, request=None, **kwargs):
        seen.append((credentials.get("national_code"), request is not None))

    user = make_user()
    user_login_failed.connect(record)
    try:
        log_in(client, user, WRONG)
        log_in(client, national_code_with_check_digit("123123123"), PASSWORD)
        log_in(client, user, PASSWORD)  # the right password: not a failure
    finally:
        user_login_failed.disconnect(record)
    assert seen == [(user.national_code, True), (national_code_with_check_digit("123123123"), True)]


def test_password_is_not_echoed_back(client, make_user):
    response = log_in(client, make_user(), WRONG)
    assert WRONG not in page_text(response)


@pytest.mark.parametrize(
    "typed",
    ["0084575949", "12345", "abcdefghij", "1111111111", ""],
    ids=["bad-check-digit", "short", "letters", "same-digits", "empty"],
)
def test_mistyped_national_code_gets_the_generic_message(client, make_user, typed):
    make_user()
    response = log_in(client, typed, PASSWORD)
    assert response.status_code == 200
    assert not is_signed_in(client)
    if typed:
        assert form_errors(response) == [GENERIC_LOGIN_ERROR]
    else:
        assert "national_code" in response.context["form"].errors


def test_unknown_national_code_gets_the_generic_message(client):
    response = log_in(client, national_code_with_check_digit("123123123"), PASSWORD)
    assert form_errors(response) == [GENERIC_LOGIN_ERROR]


def test_six_wrong_passwords_lock_the_account(client, make_user, settings):
    user = make_user()
    for attempt in range(1, settings.MIZ_LOGIN_MAX_FAILURES + 1):
        assert form_errors(log_in(client, user, WRONG)) == [GENERIC_LOGIN_ERROR], attempt
    user.refresh_from_db()
    assert user.locked_until is not None
    assert user.locked_until > timezone.now() + timedelta(minutes=14)
    assert user.is_locked()

    # The seventh attempt, with the right password, is refused too, in the same words.
    response = log_in(client, user, PASSWORD)
    assert response.status_code == 200
    assert form_errors(response) == [GENERIC_LOGIN_ERROR]
    assert not is_signed_in(client)


def test_right_password_works_again_after_the_lockout(client, make_user, settings):
    user = make_user()
    for _ in range(settings.MIZ_LOGIN_MAX_FAILURES):
        log_in(client, user, WRONG)
    user.refresh_from_db()
    assert user.is_locked()
    user.locked_until = timezone.now() - timedelta(seconds=1)
    user.save(update_fields=["locked_until"])

    assert log_in(client, user, PASSWORD).url == HOME_URL
    assert is_signed_in(client)
    user.refresh_from_db()
    assert user.locked_until is None and user.failed_login_count == 0


def test_lockout_length_follows_the_setting(client, make_user, settings, clock):
    settings.MIZ_LOGIN_LOCKOUT_MINUTES = 2
    user = make_user()
    for _ in range(settings.MIZ_LOGIN_MAX_FAILURES):
        log_in(client, user, WRONG)
    clock.shift(seconds=110)
    assert form_errors(log_in(client, user, PASSWORD)) == [GENERIC_LOGIN_ERROR]
    clock.shift(seconds=20)
    assert log_in(client, user, PASSWORD).status_code == 302


def test_a_success_resets_the_count_of_wrong_passwords(client, make_user, settings):
    user = make_user()
    for _ in range(settings.MIZ_LOGIN_MAX_FAILURES - 1):
        log_in(client, user, WRONG)
    log_in(client, user, PASSWORD)
    client.logout()
    user.refresh_from_db()
    assert user.failed_login_count == 0
    for _ in range(settings.MIZ_LOGIN_MAX_FAILURES - 1):
        log_in(client, user, WRONG)
    user.refresh_from_db()
    assert not user.is_locked()


def test_wrong_passwords_of_one_person_do_not_lock_another(client, make_user, settings):
    victim, other = make_user(), make_user()
    for _ in range(settings.MIZ_LOGIN_MAX_FAILURES):
        log_in(client, victim, WRONG)
    log_in(client, other, PASSWORD)
    assert int(client.session["_auth_user_id"]) == other.pk


def test_inactive_account_is_refused(client, make_user):
    user = make_user(is_active=False)
    response = log_in(client, user, PASSWORD)
    assert any("غیرفعال" in e for e in form_errors(response))
    assert not is_signed_in(client)


def test_account_without_a_usable_password_cannot_sign_in(client, make_user):
    user = make_user(password=None)
    assert not user.has_usable_password()
    assert form_errors(log_in(client, user, ""))  # required field
    assert form_errors(log_in(client, user, user.national_code))[0].startswith(GENERIC_LOGIN_ERROR)
    assert not is_signed_in(client)


@pytest.mark.parametrize("target", ["/admin/", "/?tab=roles", "/accounts/password-reset/"])
def test_next_on_the_same_host_is_honoured(client, make_user, target):
    response = log_in(client, make_user(), PASSWORD, next=target)
    assert response.url == target


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/path",
        "http://evil.example",
        "https:/evil.example",
        "javascript:alert(1)",
        "/\\evil.example",
    ],
)
def test_next_to_another_host_is_refused(client, make_user, target):
    response = log_in(client, make_user(), PASSWORD, next=target)
    assert response.status_code == 302
    assert response.url == HOME_URL
    assert is_signed_in(client)


def test_next_from_the_query_string_is_kept_in_the_form(client, make_user):
    html = page_text(client.get(LOGIN_URL, {"next": "/admin/"}))
    assert 'name="next" value="/admin/"' in html
    html = page_text(client.get(LOGIN_URL, {"next": "https://evil.example/"}))
    assert "evil.example" not in html


def test_signed_in_person_visiting_login_is_sent_on(client, make_user):
    client.force_login(make_user())
    assert client.get(LOGIN_URL).url == HOME_URL
    assert client.get(LOGIN_URL, {"next": "/admin/"}).url == "/admin/"
    assert client.get(LOGIN_URL, {"next": "https://evil.example/"}).url == HOME_URL


def test_logout_needs_post(client, make_user):
    client.force_login(make_user())
    assert client.get(LOGOUT_URL).status_code == 405
    assert is_signed_in(client)
    response = client.post(LOGOUT_URL, follow=True)
    assert response.redirect_chain[-1][0] == HOME_URL
    assert not is_signed_in(client)
    assert "از حساب خود خارج شدید." in page_text(response)


def test_logout_form_in_the_header_posts_with_csrf(client, make_user):
    client.force_login(make_user())
    html = page_text(client.get(HOME_URL))
    assert f'<form method="post" action="{LOGOUT_URL}"' in html
    start = html.index(f'action="{LOGOUT_URL}"')
    assert "csrfmiddlewaretoken" in html[start : html.index("</form>", start)]


def test_login_form_is_protected_by_csrf(make_user):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    user = make_user()
    response = strict.post(LOGIN_URL, {"national_code": user.national_code, "password": PASSWORD})
    assert response.status_code == 403


def test_authentication_backend_follows_the_same_rules(make_user, settings):
    user = make_user()
    assert authenticate(national_code=user.national_code, password=PASSWORD) == user
    assert authenticate(username=to_persian_digits(user.national_code), password=PASSWORD) == user
    assert authenticate(national_code=user.national_code, password=WRONG) is None
    assert authenticate(national_code="0084575949", password=PASSWORD) is None
    assert authenticate(national_code=user.national_code) is None
    for _ in range(settings.MIZ_LOGIN_MAX_FAILURES - 1):
        authenticate(national_code=user.national_code, password=WRONG)
    user.refresh_from_db()
    assert user.is_locked()
    assert authenticate(national_code=user.national_code, password=PASSWORD) is None
