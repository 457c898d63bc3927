"""Request-level: every call that carries a client's token is in the call log, including those the
middleware refuses before any endpoint sees them (a body over its limit, a NUL), and one to an
endpoint open to all; a call with no credential that no endpoint authenticated is not a client's."""

import pytest
from django.db import OperationalError, connection

from apiclients import services
from apiclients.models import ApiCall
from apiclients.tests.factories import bearer, make_client

pytestmark = pytest.mark.django_db

MESSAGES = "/api/desk/requests/0599336574557/messages"  # takes at most 1 MB of JSON
OVER_A_MEGABYTE = b'{"body": "' + b"x" * (2 * 1024 * 1024) + b'"}'


def logged() -> list[tuple]:
    rows = ApiCall.objects.order_by("id")
    return list(rows.values_list("client", "token", "method", "path", "status", "ip"))


def test_a_body_over_its_limit_is_refused_and_logged_with_the_client_and_token(client):
    api_client, token = make_client("requests:write")
    response = client.post(
        MESSAGES, OVER_A_MEGABYTE, content_type="application/json", REMOTE_ADDR="10.9.8.7", **bearer(token)
    )
    assert response.status_code == 413 and "مگابایت" in response.json()["detail"]
    stored = services.find_token(token)
    assert logged() == [(api_client.pk, stored.pk, "POST", MESSAGES, 413, "10.9.8.7")]


def test_a_nul_refused_before_the_endpoint_is_logged_for_a_bearer_and_for_an_api_key(client):
    api_client, token = make_client("services:read", "requests:read")
    stored = services.find_token(token)
    assert client.get("/api/catalogue/services?q=%00", **bearer(token)).status_code == 400
    open311 = "/api/open311/v2/requests.json"
    assert client.get(open311, {"api_key": token, "status": "open\x00"}).status_code == 400
    assert logged() == [
        (api_client.pk, stored.pk, "GET", "/api/catalogue/services", 400, "127.0.0.1"),
        (api_client.pk, stored.pk, "GET", open311, 400, "127.0.0.1"),
    ]


def test_a_refused_call_with_a_token_that_is_no_ones_is_logged_without_a_client(client):
    response = client.post(
        MESSAGES, OVER_A_MEGABYTE, content_type="application/json", **bearer("miz_000000000000_nothing")
    )
    assert response.status_code == 413
    assert logged() == [(None, None, "POST", MESSAGES, 413, "127.0.0.1")]


def test_a_refused_call_without_a_credential_is_no_clients_call(client):
    assert client.post(MESSAGES, OVER_A_MEGABYTE, content_type="application/json").status_code == 413
    assert client.get("/api/desk/track?code=%00").status_code == 400
    assert logged() == []


def test_a_client_calling_an_endpoint_open_to_all_with_its_token_is_logged(client):
    api_client, token = make_client("requests:read")
    response = client.post(
        "/api/desk/track", {"code": "1", "identifier": "1"}, content_type="application/json", **bearer(token)
    )
    assert 400 <= response.status_code < 500  # no such request: refused, and still the client's call
    stored = services.find_token(token)
    status = response.status_code
    assert logged() == [(api_client.pk, stored.pk, "POST", "/api/desk/track", status, "127.0.0.1")]


def test_a_page_of_the_site_with_a_bearer_header_is_not_an_api_call(client):
    _api_client, token = make_client("requests:read")
    client.get("/", **bearer(token))
    assert logged() == []


def failing(table: str):
    """A database that fails every statement naming `table` (Django's execute wrapper): the
    statement is never sent, as when the server has gone away."""

    def wrapper(execute, sql, params, many, context):
        if table in sql:
            raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)

    return connection.execute_wrapper(wrapper)


def test_the_answer_stands_when_the_call_cannot_be_logged(client, caplog):
    _api_client, token = make_client("services:read", "requests:write")
    with failing("apiclients_apicall"):
        listed = client.get("/api/catalogue/services", **bearer(token))
        refused = client.post(MESSAGES, OVER_A_MEGABYTE, content_type="application/json", **bearer(token))
    assert listed.status_code == 200 and refused.status_code == 413
    assert logged() == []
    assert caplog.text.count("API call not logged (database unavailable)") == 2


def test_a_refusal_that_needs_no_database_stands_when_the_token_cannot_be_read(client, caplog):
    _api_client, token = make_client("requests:write")
    with failing("apiclients_apitoken"):
        refused = client.post(MESSAGES, OVER_A_MEGABYTE, content_type="application/json", **bearer(token))
    assert refused.status_code == 413 and "مگابایت" in refused.json()["detail"]
    assert "API call not logged (database unavailable): POST " + MESSAGES + " -> 413" in caplog.text


NUL_TOKEN = "miz_" + "\x00" * 12 + "_x"


def test_a_token_with_a_nul_is_no_ones_in_the_header_and_in_the_address(client):
    # PostgreSQL refuses a NUL in a text parameter: such a token is looked up nowhere (it was a 500).
    response = client.get("/api/catalogue/services", HTTP_AUTHORIZATION=f"Bearer {NUL_TOKEN}")
    assert response.status_code == 401 and response.json() == {"detail": "توکن دسترسی شناخته نشد."}
    refused = client.get("/api/open311/v2/requests.json", {"api_key": NUL_TOKEN})
    assert refused.status_code == 400 and "NUL" in refused.content.decode()
    assert [(row[0], row[1], row[4]) for row in logged()] == [(None, None, 401), (None, None, 400)]
