"""Request-level: every operation of `/api/openapi.json` gives the API-wide refusals (`miz.openapi`)
as Persian JSON `{"detail"}` with a status its schema declares, whichever app's router it is in.

These are the answers schemathesis found undeclared or in HTML (`.ci/api-fuzz`): a NUL in the
query (the 400 page of `core.middleware`), a body that is not JSON, no token, a parameter of the
wrong type (`GET /api/catalogue/services?area=null`, 422), a JSON body left out (`POST
/api/desk/track`, 422)."""

import re

import pytest

from apiclients.scopes import SCOPES
from apiclients.tests.factories import bearer, make_client

pytestmark = pytest.mark.django_db

PERSIAN = re.compile(r"[\u0600-\u06FF]")


@pytest.fixture
def schema(client):
    return client.get("/api/openapi.json").json()


@pytest.fixture
def everything():
    """The bearer of a client holding every scope (its places do not matter for these refusals)."""
    return bearer(make_client(*SCOPES)[1])


def operations(schema):
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            url = re.sub(r"\{[^}]+\}", "1", path)
            yield f"{method.upper()} {path}", method, url, operation


def body_types(operation) -> dict:
    return operation.get("requestBody", {}).get("content", {})


def call(client, method, url, **extra):
    return getattr(client, method)(url, **extra)


def assert_declared_refusal(operation, response, status, where):
    assert response.status_code == status, (where, response.status_code, response.content[:200])
    assert str(status) in operation["responses"], f"{where}: {status} not declared"
    assert response["Content-Type"].startswith("application/json"), where
    body = response.json()
    # Open311 answers as GeoReport v2 does, a list of {code, description} (decision 0104).
    detail = body[0]["description"] if isinstance(body, list) else body["detail"]
    assert PERSIAN.search(detail), where


def test_every_operation_declares_and_answers_a_nul_with_a_json_400(client, schema, everything):
    checked = 0
    for where, method, url, operation in operations(schema):
        response = call(client, method, f"{url}?q=%00", **everything)
        assert_declared_refusal(operation, response, 400, where)
        checked += 1
    assert checked >= 9


def test_every_operation_behind_a_token_declares_and_answers_401(client, schema):
    secured = [op for op in operations(schema) if op[3].get("security")]
    assert secured
    for where, method, url, operation in secured:
        assert_declared_refusal(operation, call(client, method, url), 401, where)
        for status in ("403", "429"):
            assert status in operation["responses"], where
        assert "Retry-After" in operation["responses"]["429"]["headers"], where


def test_every_json_body_declares_and_answers_400_when_it_is_not_json(client, schema, everything):
    with_json = [op for op in operations(schema) if "application/json" in body_types(op[3])]
    assert with_json
    for where, method, url, operation in with_json:
        response = call(client, method, url, data="{not json", content_type="application/json", **everything)
        assert_declared_refusal(operation, response, 400, where)
        assert {"413", "422"} <= set(operation["responses"]), where


def test_a_parameter_of_the_wrong_type_is_a_declared_422(client, schema, everything):
    operation = schema["paths"]["/api/catalogue/services"]["get"]
    response = client.get("/api/catalogue/services?area=null", **everything)
    assert_declared_refusal(operation, response, 422, "GET /api/catalogue/services")
    assert response.json()["errors"] == [{"loc": ["query", "area"], "type": "enum"}]
    declared = operation["responses"]["422"]["content"]["application/json"]["schema"]["$ref"]
    assert declared == "#/components/schemas/InputErrorOut"
    assert "errors" in schema["components"]["schemas"]["InputErrorOut"]["properties"]


def test_a_json_body_left_out_is_a_declared_422(client, schema):
    operation = schema["paths"]["/api/desk/track"]["post"]
    response = client.generic("POST", "/api/desk/track")  # no body, no content type
    assert_declared_refusal(operation, response, 422, "POST /api/desk/track")


def test_the_schema_is_built_once_and_served_the_same_each_time(client, monkeypatch):
    from miz.api import api

    api._built_schemas.clear()
    built = []
    build = type(api)._persian_schema
    monkeypatch.setattr(
        type(api), "_persian_schema", lambda self, prefix: built.append(prefix) or build(self, prefix)
    )
    first, second = client.get("/api/openapi.json"), client.get("/api/openapi.json")
    assert first.status_code == second.status_code == 200
    assert first.content == second.content
    assert built == ["/api/"]
    assert first.json()["paths"] and PERSIAN.search(first.json()["info"]["description"])
