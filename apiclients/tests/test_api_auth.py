"""Request-level: the bearer token, its scope, the per-client rate limit, the call log and the
Persian refusals of the API, on a client-authenticated endpoint (the service list)."""

import pytest
from django.core.management import call_command

from apiclients import services
from apiclients.models import ApiCall, ApiClient
from apiclients.tests.factories import bearer, make_client
from catalogue.tests.factories import make_service

pytestmark = pytest.mark.django_db

URL = "/api/catalogue/services"


def test_without_a_token_401_in_persian_and_logged(client):
    response = client.get(URL)
    assert response.status_code == 401 and "Authorization: Bearer" in response.json()["detail"]
    call = ApiCall.objects.get()
    assert (call.client, call.token, call.path, call.status, call.ip) == (None, None, URL, 401, "127.0.0.1")


def test_another_scheme_or_an_unknown_token_is_401(client):
    assert client.get(URL, HTTP_AUTHORIZATION="Basic dXNlcjpwYXNz").status_code == 401
    response = client.get(URL, **bearer("miz_000000000000_nothing"))
    assert response.status_code == 401 and response.json() == {"detail": "توکن دسترسی شناخته نشد."}


def test_expired_token_is_401_in_persian(client, time_machine):
    _api_client, token = make_client("services:read")
    row = services.find_token(token)
    time_machine.move_to(row.expires_at)
    response = client.get(URL, **bearer(token))
    assert response.status_code == 401 and "منقضی" in response.json()["detail"]


def test_revoked_and_rotated_tokens_are_401_and_the_new_one_works(client):
    api_client, token = make_client("services:read")
    _row, new = services.issue_token(client=api_client)
    response = client.get(URL, **bearer(token))
    assert response.status_code == 401 and "باطل" in response.json()["detail"]
    assert client.get(URL, **bearer(new)).status_code == 200
    services.revoke_tokens(client=api_client)
    assert client.get(URL, **bearer(new)).status_code == 401


def test_inactive_client_is_401(client):
    api_client, token = make_client("services:read")
    ApiClient.objects.filter(pk=api_client.pk).update(is_active=False)
    response = client.get(URL, **bearer(token))
    assert response.status_code == 401 and "غیرفعال" in response.json()["detail"]


def test_out_of_scope_is_403_naming_the_scope_in_persian(client):
    _api_client, token = make_client("requests:read")
    response = client.get(URL, **bearer(token))
    assert response.status_code == 403
    assert response.json()["detail"] == (
        "این سامانه دسترسی «خواندن فهرست خدمات و فرم درخواست هر خدمت (فیلدها، مدارک، مجراها و هزینه)» "
        "(services:read) را ندارد."
    )


def test_every_call_is_logged_with_client_token_ip_path_and_status(client):
    make_service()
    api_client, token = make_client("services:read")
    client.get(URL + "?q=x", REMOTE_ADDR="10.1.2.3", **bearer(token))
    client.get("/api/catalogue/services/00000000000", REMOTE_ADDR="10.1.2.3", **bearer(token))
    calls = list(
        ApiCall.objects.order_by("id").values_list("client", "token__key_id", "ip", "path", "status")
    )
    key_id = services.find_token(token).key_id
    assert calls == [
        (api_client.pk, key_id, "10.1.2.3", URL, 200),
        (api_client.pk, key_id, "10.1.2.3", "/api/catalogue/services/00000000000", 404),
    ]


def test_unauthenticated_public_endpoints_are_not_client_calls(client):
    client.post("/api/desk/track", {"code": "1", "identifier": "1"}, content_type="application/json")
    assert not ApiCall.objects.exists()


def test_rate_limit_per_client_is_429_in_persian_and_other_clients_go_on(client):
    first, first_token = make_client("services:read", calls_per_minute=3)
    _second, second_token = make_client("services:read", calls_per_minute=3)
    assert [client.get(URL, **bearer(first_token)).status_code for _ in range(3)] == [200, 200, 200]
    refused = client.get(URL, **bearer(first_token))
    assert refused.status_code == 429 and "سقف مجاز" in refused.json()["detail"]
    assert client.get(URL, **bearer(second_token)).status_code == 200
    # Counted per client, not per token: a rotated token shares the allowance.
    _row, rotated = services.issue_token(client=first)
    assert client.get(URL, **bearer(rotated)).status_code == 429
    assert ApiCall.objects.filter(client=first, status=429).count() == 2


def test_a_body_that_is_not_json_is_400_in_persian(client):
    response = client.post("/api/desk/track", "{code: 1", content_type="application/json")
    assert response.status_code == 400 and response.json() == {"detail": "بدنه درخواست JSON درست نیست."}


def test_a_field_of_the_wrong_type_is_422_in_persian(client):
    response = client.post(
        "/api/desk/track", '{"code": 12, "identifier": []}', content_type="application/json"
    )
    assert response.status_code == 422
    body = response.json()
    assert body["detail"].startswith("ورودی درست نیست") and "«code» باید متن باشد" in body["detail"]
    assert {tuple(e["loc"]) for e in body["errors"]} >= {("body", "payload", "code")}


def test_an_unknown_api_path_is_404_in_persian(client):
    _api_client, token = make_client("services:read")
    response = client.get("/api/catalogue/services/12345678901", **bearer(token))
    assert response.status_code == 404 and response.json() == {"detail": "خدمت یافت نشد."}


def test_openapi_schema_loads_and_declares_the_bearer_scheme(client):
    schema = client.get("/api/openapi.json").json()
    assert schema["components"]["securitySchemes"]["ClientBearer"] == {"type": "http", "scheme": "bearer"}
    for path in (
        "/api/catalogue/services",
        "/api/catalogue/services/{service_id}",
        "/api/desk/requests/{code}",
    ):
        operation = schema["paths"][path]["get"]
        assert operation["security"] == [{"ClientBearer": []}]
        assert {"401", "403", "429"} <= set(operation["responses"])
    assert "security" not in schema["paths"]["/api/desk/track"]["post"]


def test_openapi_schema_is_valid_openapi(client):
    from openapi_spec_validator import validate

    validate(client.get("/api/openapi.json").json())


def test_the_command_prints_a_token_on_its_last_line_that_works_as_bearer(client, capsys):
    make_service()
    call_command("api_client", "create", "assoc-1", "--scope", "services:read")
    lines = capsys.readouterr().out.strip().splitlines()
    assert client.get(URL, **bearer(lines[-1])).status_code == 200
