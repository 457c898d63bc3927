"""Signing in by a one-time code: the owner's way in that a stranger's wrong passwords cannot close."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.services import GENERIC_LOGIN_ERROR
from accounts.tests.helpers import code_in, form_errors, is_signed_in, page_text
from core.testing import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN_URL = reverse("accounts:login")
CODE_URL = reverse("accounts:code_sign_in")
VERIFY_URL = reverse("accounts:code_sign_in_verify")
HOME_URL = reverse("core:home")
WRONG = "not-the-Password-1"


def ask_code(client, user, mobile=None, **extra):
    return client.post(
        CODE_URL, {"national_code": user.national_code, "mobile": mobile or user.mobile}, **extra
    )


def test_login_page_offers_the_code_sign_in(client):
    assert f'href="{CODE_URL}"' in page_text(client.get(LOGIN_URL))


def test_attacker_cannot_lock_out_the_owner_who_signs_in_by_code(client, make_user, settings, outbox):
    from core.testing import CommittingClient

    owner = make_user()
    attacker = CommittingClient(REMOTE_ADDR="198.51.100.7")
    for _ in range(settings.MIZ_LOGIN_MAX_FAILURES):
        attacker.post(LOGIN_URL, {"national_code": owner.national_code, "password": WRONG})
    owner.refresh_from_db()
    assert owner.is_locked()
    # The password is closed to everyone, the owner included …
    assert form_errors(
        client.post(LOGIN_URL, {"national_code": owner.national_code, "password": PASSWORD})
    ) == [GENERIC_LOGIN_ERROR]

    # … but the code sent to the owner's mobile lets them in, and lifts the lock.
    response = ask_code(client, owner)
    assert response.status_code == 302 and response.url == VERIFY_URL
    assert [m.to for m in outbox] == [owner.mobile]
    response = client.post(VERIFY_URL, {"code": code_in(outbox[0])})
    assert response.status_code == 302 and response.url == HOME_URL
    assert int(client.session["_auth_user_id"]) == owner.pk
    owner.refresh_from_db()
    assert not owner.is_locked() and owner.failed_login_count == 0

    client.logout()
    assert (
        client.post(LOGIN_URL, {"national_code": owner.national_code, "password": PASSWORD}).url == HOME_URL
    )


def test_a_pair_that_is_no_account_gets_the_same_answer_and_no_sms(client, make_user, outbox):
    owner = make_user()
    response = ask_code(client, owner, mobile="+989350000000")
    assert response.status_code == 302 and response.url == VERIFY_URL
    assert outbox == []
    response = client.post(VERIFY_URL, {"code": "123456"})
    assert form_errors(response) == ["کد واردشده درست نیست."]
    assert not is_signed_in(client)


def test_a_wrong_code_does_not_sign_in_and_is_recorded_as_a_failure(client, make_user, outbox):
    from django.contrib.auth.signals import user_login_failed

    owner = make_user()
    ask_code(client, owner)
    right = code_in(outbox[0])
    seen = []

    def record(sender, credentials, **kwargs):
        seen.append(credentials["national_code"])

    user_login_failed.connect(record)
    try:
        response = client.post(VERIFY_URL, {"code": "000000" if right != "000000" else "111111"})
    finally:
        user_login_failed.disconnect(record)
    assert form_errors(response) == ["کد واردشده درست نیست."]
    assert not is_signed_in(client)
    assert seen == [owner.national_code]


def test_an_expired_lock_and_a_code_sign_in_keep_the_login_checks(client, make_user, outbox):
    """The sign-in checks other apps register apply to the code path as well."""
    from accounts import services

    owner = make_user()
    owner.locked_until = timezone.now() + timedelta(minutes=5)
    owner.save(update_fields=["locked_until"])

    def refuse(user):
        return "مجوز این دفتر به پایان رسیده است." if user.pk == owner.pk else ""

    services.register_login_check(refuse)
    try:
        ask_code(client, owner)
        response = client.post(VERIFY_URL, {"code": code_in(outbox[0])})
    finally:
        services._login_checks.remove(refuse)
    assert form_errors(response) == ["مجوز این دفتر به پایان رسیده است."]
    assert not is_signed_in(client)


def test_next_is_kept_through_the_code_sign_in(client, make_user, outbox):
    owner = make_user()
    client.post(CODE_URL + "?next=/desk/", {"national_code": owner.national_code, "mobile": owner.mobile})
    assert client.post(VERIFY_URL, {"code": code_in(outbox[0])}).url == "/desk/"
