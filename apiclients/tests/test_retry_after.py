"""Request-level: every 429 of the API says in Persian why and, in `Retry-After`, how many seconds
to wait; waiting that long is enough (the client's calls per minute, the public tracking lookup,
the applicant's one-time code asked for again too soon)."""

# ruff: noqa: F811 (the fixtures imported below are the arguments of the tests)

import re

import pytest
import time_machine

from apiclients.tests.factories import bearer, make_client
from desk.tests.conftest import _desk_rules_only, office, province, service, unit  # noqa: F401
from desk.tests.test_api_write import start

pytestmark = pytest.mark.django_db
PERSIAN = re.compile(r"[\u0600-\u06FF]")
SERVICES = "/api/catalogue/services"


def refused_with_wait(response, most: int) -> int:
    assert response.status_code == 429, response.content
    assert PERSIAN.search(response.json()["detail"])
    wait = int(response["Retry-After"])
    assert 1 <= wait <= most
    return wait


def test_a_client_over_its_calls_per_minute_is_told_when_to_come_back(client):
    _client, token = make_client("services:read", calls_per_minute=2)
    with time_machine.travel(1_800_000_000, tick=False) as clock:
        assert [client.get(SERVICES, **bearer(token)).status_code for _ in range(2)] == [200, 200]
        wait = refused_with_wait(client.get(SERVICES, **bearer(token)), 60)
        assert "سقف مجاز" in client.get(SERVICES, **bearer(token)).json()["detail"]
        clock.shift(wait - 1)
        refused_with_wait(client.get(SERVICES, **bearer(token)), 1)
        clock.shift(1)
        assert client.get(SERVICES, **bearer(token)).status_code == 200
        assert "Retry-After" not in client.get(SERVICES, **bearer(token))


def test_the_tracking_lookup_over_its_limit_says_how_long(client, settings):
    settings.MIZ_DESK_TRACK_LIMIT = 1
    body = {"code": "1403-0000-0000-1", "identifier": "0012345679"}
    client.post("/api/desk/track", body, content_type="application/json")
    response = client.post("/api/desk/track", body, content_type="application/json")
    refused_with_wait(response, settings.MIZ_DESK_TRACK_WINDOW_SECONDS)
    assert "جست‌وجو" in response.json()["detail"]


def test_a_code_asked_for_again_too_soon_says_the_seconds_left(client, service, office, settings):
    _client, token = make_client("requests:file", offices=[office])
    assert start(client, token, service, office).status_code == 202
    response = start(client, token, service, office)
    wait = refused_with_wait(response, settings.MIZ_OTP_RESEND_SECONDS)
    assert wait >= settings.MIZ_OTP_RESEND_SECONDS - 5
