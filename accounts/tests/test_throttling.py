"""Sign-in pages count attempts per client address in the shared cache (core.policy)."""

import pytest
from django.urls import reverse

from accounts.tests.helpers import is_signed_in, page_text
from core.policy import TOO_MANY_TRIES
from core.testing import PASSWORD
from core.validators import national_code_with_check_digit

pytestmark = pytest.mark.django_db

LOGIN_URL = reverse("accounts:login")


def test_thirty_tries_from_one_address_are_throttled(client, make_user, settings):
    assert settings.MIZ_LOGIN_ADDRESS_LIMIT < 30
    owner = make_user()
    statuses = []
    for n in range(30):
        code = national_code_with_check_digit(f"{200000000 + n:09d}")
        statuses.append(
            client.post(LOGIN_URL, {"national_code": code, "password": "guess-Pass-1"}).status_code
        )
    assert statuses[: settings.MIZ_LOGIN_ADDRESS_LIMIT] == [200] * settings.MIZ_LOGIN_ADDRESS_LIMIT
    assert set(statuses[settings.MIZ_LOGIN_ADDRESS_LIMIT :]) == {429}

    # Past the limit even the right password is not tried: the page says why, in Persian.
    response = client.post(LOGIN_URL, {"national_code": owner.national_code, "password": PASSWORD})
    assert response.status_code == 429
    assert TOO_MANY_TRIES in page_text(response)
    assert not is_signed_in(client)
    owner.refresh_from_db()
    assert owner.failed_login_count == 0  # nothing was checked, nothing counted against the owner

    # Another address is not affected.
    other = client.post(
        LOGIN_URL, {"national_code": owner.national_code, "password": PASSWORD}, REMOTE_ADDR="10.1.2.3"
    )
    assert other.status_code == 302 and is_signed_in(client)


def test_a_forged_forwarded_for_does_not_reset_the_count(client, settings):
    settings.MIZ_PROXY_COUNT = 0  # reachable directly: the header is the client's own words
    settings.MIZ_LOGIN_ADDRESS_LIMIT = 3
    code = national_code_with_check_digit("200000000")
    statuses = [
        client.post(
            LOGIN_URL,
            {"national_code": code, "password": "guess-Pass-1"},
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n}",
        ).status_code
        for n in range(5)
    ]
    assert statuses == [200, 200, 200, 429, 429]


@pytest.mark.parametrize(
    ("url", "data"),
    [
        ("accounts:code_sign_in", {"national_code": "0084575948", "mobile": "09123456789"}),
        ("accounts:signup", {"national_code": "0084575948"}),
        ("accounts:reset_request", {"national_code": "0084575948", "mobile": "09123456789"}),
    ],
)
def test_the_other_sign_in_pages_are_throttled_too(client, settings, url, data):
    settings.MIZ_LOGIN_ADDRESS_LIMIT = 2
    statuses = [client.post(reverse(url), data).status_code for _ in range(3)]
    assert statuses[-1] == 429 and 429 not in statuses[:2]
    assert TOO_MANY_TRIES in page_text(client.post(reverse(url), data))


def test_the_admin_login_counts_against_the_same_allowance(client, make_user, settings):
    """The admin's login page checks passwords through the backend: the same per-address limit."""
    settings.MIZ_LOGIN_ADDRESS_LIMIT = 3
    admin = make_user(is_staff=True, is_superuser=True)
    url = reverse("admin:login")
    for _ in range(3):
        client.post(url, {"username": admin.national_code, "password": "guess-Pass-1"})
    client.post(url, {"username": admin.national_code, "password": PASSWORD})
    assert not is_signed_in(client)
    client.post(url, {"username": admin.national_code, "password": PASSWORD}, REMOTE_ADDR="10.1.2.3")
    assert is_signed_in(client)
