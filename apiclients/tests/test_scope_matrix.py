"""Request-level: every token-protected operation of the schema, called with a token of each scope
in turn. Each operation lets exactly one scope through; every other scope gets 403 with a Persian
sentence that names the scope the operation needs. No call writes anything."""

import re

import pytest

from apiclients.models import ApiClient
from apiclients.scopes import SCOPES
from apiclients.tests.factories import bearer, make_client
from complaints.models import Complaint
from desk.models import Message, ServiceRequest
from performance.models import DataValue, Period

pytestmark = pytest.mark.django_db

NAMES_SCOPE = re.compile(r"\(([a-z0-9]+:[a-z]+)\) را ندارد")


def protected_operations(schema: dict):
    """(method, path with every parameter filled in) of each operation that asks for a token."""
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            if operation.get("security"):
                yield method, re.sub(r"\{[^}]+\}", "1", path)


def refusal_text(response) -> str:
    """The Persian sentence of a refusal: `detail`, or Open311's `[{"code", "description"}]`."""
    body = response.json()
    return body[0]["description"] if isinstance(body, list) else body.get("detail", "")


def written() -> tuple[int, ...]:
    return tuple(model.objects.count() for model in (ServiceRequest, Message, Complaint, DataValue, Period))


def test_each_operation_lets_one_scope_through_and_names_it_to_the_others(client):
    schema = client.get("/api/openapi.json").json()
    tokens = {
        scope: make_client(
            scope,
            kind=ApiClient.Kind.COMPLAINTS if scope == "complaints:file" else ApiClient.Kind.ASSOCIATION,
        )[1]
        for scope in SCOPES
    }
    before = written()
    operations = list(protected_operations(schema))
    assert len(operations) >= 15
    for method, url in operations:
        let_through, named = [], set()
        for scope, token in tokens.items():
            if method == "get":
                response = client.get(url, **bearer(token))
            else:
                response = client.generic(
                    method.upper(), url, "{}", content_type="application/json", **bearer(token)
                )
            assert response.status_code < 500, (method, url, scope)
            refusal = NAMES_SCOPE.search(refusal_text(response)) if response.status_code == 403 else None
            if refusal:
                named.add(refusal.group(1))
                assert refusal.group(1) != scope, (method, url, scope)
            else:
                let_through.append(scope)
        assert len(let_through) == 1 and named == set(let_through), (method, url, let_through, named)
    assert written() == before
