"""The read API: tracking lookup (same rule and rate limit as the page) and its OpenAPI schema."""

import json

import pytest
from django.core.cache import cache

from core.text import to_persian_digits

pytestmark = pytest.mark.django_db

URL = "/api/desk/track"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def post(client, code, identifier, **extra):
    body = json.dumps({"code": code, "identifier": identifier})
    return client.post(URL, body, content_type="application/json", **extra)


def test_lookup(client, applicant, submit, expert):
    from desk import services

    request = submit()
    services.transition(request=request, name="accept", user=expert)
    response = post(client, to_persian_digits(request.tracking_display), applicant.national_code)
    assert response.status_code == 200
    data = response.json()
    assert data["tracking_code"] == request.tracking_code and data["state"] == "accepted"
    assert data["state_label"] == "پذیرفته‌شده" and data["due_date"] == request.due_date.isoformat()
    assert [e["label"] for e in data["events"]] == [
        "ثبت درخواست و صدور کد رهگیری",
        "ارجاع به واحد رسیدگی‌کننده",
        "پذیرش درخواست",
    ]


def test_wrong_check_digit_other_applicant_and_rate_limit(
    client, applicant, other_applicant, submit, settings
):
    settings.MIZ_DESK_TRACK_LIMIT = 3
    request = submit()
    code = request.tracking_code
    wrong = code[:-1] + str((int(code[-1]) + 1) % 10)
    bad = post(client, wrong, applicant.national_code)
    assert bad.status_code == 400 and "رقم کنترل" in bad.json()["detail"]
    other = post(client, code, other_applicant.national_code)
    assert other.status_code == 404 and "یافت نشد" in other.json()["detail"]
    assert post(client, code, applicant.national_code).status_code == 200
    assert post(client, code, applicant.national_code).status_code == 429


def test_openapi_schema_documents_the_endpoint(client):
    schema = client.get("/api/openapi.json").json()
    operation = schema["paths"][URL]["post"]
    # 413 and 422 are the API's own (miz.openapi): a body over the limit, a field of the wrong type.
    assert set(operation["responses"]) == {"200", "400", "404", "413", "422", "429"}
    assert "TrackOut" in schema["components"]["schemas"]
    assert client.get("/api/docs").status_code == 200


def test_a_nul_in_the_body_or_a_body_left_out_is_a_persian_json_refusal(client):
    nul = client.post(URL, '{"code": "a\\u0000b", "identifier": "1"}', content_type="application/json")
    assert nul.status_code == 400 and nul["Content-Type"] == "application/json"
    assert "NUL" in nul.json()["detail"]
    missing = client.generic("POST", URL)
    assert missing.status_code == 422 and "لازم است" in missing.json()["detail"]
