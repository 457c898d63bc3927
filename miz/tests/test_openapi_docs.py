"""The API's schema documents itself in Persian, for every router mounted on `miz.api`: each tag,
operation, response, object schema, field and parameter has a Persian description, each request
body and successful answer an example, and each refusal the Persian `{"detail"}` schema. A new
router that skips any of it fails here, naming the operation and what it lacks.

One allowance, for one router: Open311 GeoReport v2 (`desk.open311`, decision 0104) refuses in
GeoReport's shape, a list of `{"code", "description"}`, and declares that shape; under
`miz.api.OPEN311_PREFIX`, and only there, a refusal may be a list of `GeoReportErrorOut`."""

import re

import pytest

PERSIAN = re.compile(r"[\u0600-\u06FF]")
SCHEMA_URL = "/api/openapi.json"


@pytest.fixture(scope="module")
def schema(django_db_setup, django_db_blocker):
    from django.test import Client

    with django_db_blocker.unblock():
        return Client().get(SCHEMA_URL).json()


def operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            yield f"{method.upper()} {path}", operation


def resolve(schema, node):
    """The schema a `$ref` points at (arrays: their items' schema)."""
    if node.get("type") == "array" and "items" in node:
        node = node["items"]
    ref = node.get("$ref")
    if ref:
        return schema["components"]["schemas"][ref.rsplit("/", 1)[-1]]
    return node


def georeport_refusal(schema, path: str, node: dict) -> bool:
    """An Open311 refusal declared as GeoReport's list of `{"code": int, "description": str}`."""
    from miz.api import OPEN311_PREFIX

    if not path.startswith(OPEN311_PREFIX) or node.get("type") != "array":
        return False
    if node.get("items", {}).get("$ref") != "#/components/schemas/GeoReportErrorOut":
        return False
    properties = resolve(schema, node).get("properties", {})
    return properties.get("code", {}).get("type") == "integer" and (
        properties.get("description", {}).get("type") == "string"
    )


def persian(text) -> bool:
    return bool(text and PERSIAN.search(text))


def test_every_operation_has_a_persian_summary_description_and_declared_tag(schema):
    declared = {tag["name"]: tag.get("description") for tag in schema.get("tags", [])}
    lacking = []
    for name, operation in operations(schema):
        for part in ("summary", "description"):
            if not persian(operation.get(part)):
                lacking.append(f"{name}: {part}")
        for tag in operation.get("tags", []):
            if not persian(declared.get(tag)):
                lacking.append(f"{name}: tag {tag!r} without a Persian description in miz.api.TAGS")
    assert not lacking, lacking


def test_every_parameter_and_response_is_described_in_persian(schema):
    lacking = []
    for name, operation in operations(schema):
        for parameter in operation.get("parameters", []):
            if not persian(parameter.get("description")):
                lacking.append(f"{name}: parameter {parameter['name']}")
        for status, answer in operation["responses"].items():
            if not persian(answer.get("description")):
                lacking.append(f"{name}: response {status}")
    assert not lacking, lacking


def test_request_bodies_and_successful_answers_carry_an_example(schema):
    lacking = []
    for name, operation in operations(schema):
        bodies = [("request body", c) for c in operation.get("requestBody", {}).get("content", {}).values()]
        for status, answer in operation["responses"].items():
            if status.startswith("2"):
                bodies += [(f"response {status}", c) for c in answer.get("content", {}).values()]
        for what, media in bodies:
            if not (
                media.get("example")
                or media.get("examples")
                or resolve(schema, media["schema"]).get("examples")
            ):
                lacking.append(f"{name}: {what}")
    assert not lacking, lacking


def test_refusals_are_declared_with_the_persian_detail_schema(schema):
    lacking = []
    for name, operation in operations(schema):
        path = name.split(" ", 1)[1]
        responses = operation["responses"]
        needed = set()
        if operation.get("security"):
            needed |= {"401", "403", "429"}
        takes_input = operation.get("requestBody") or any(
            p["in"] == "query" for p in operation.get("parameters", [])
        )
        if takes_input:
            needed.add("422")
        lacking += [f"{name}: no {status} declared" for status in sorted(needed - set(responses))]
        for status, answer in responses.items():
            if status[0] in "45":
                for media in answer.get("content", {"": {"schema": {}}}).values():
                    if georeport_refusal(schema, path, media["schema"]):
                        continue
                    properties = resolve(schema, media["schema"]).get("properties", {})
                    if properties.get("detail", {}).get("type") != "string":
                        lacking.append(f"{name}: response {status} without {{detail}}")
    assert not lacking, lacking


def test_every_object_schema_and_field_is_described_in_persian(schema):
    lacking = []
    inline = [
        (f"{name} body", media["schema"])
        for name, operation in operations(schema)
        for media in operation.get("requestBody", {}).get("content", {}).values()
        if "properties" in media["schema"]
    ]
    for title, node in [*schema["components"]["schemas"].items(), *inline]:
        if "properties" not in node:
            continue  # an enum: its values are listed where it is used
        if not persian(node.get("description")):
            lacking.append(title)
        for field, spec in node["properties"].items():
            if not persian(spec.get("description") or resolve(schema, spec).get("description")):
                lacking.append(f"{title}.{field}")
    assert not lacking, lacking


def test_open311_refusals_are_declared_in_georeport_shape(schema):
    """The allowance above is used, and only where it applies: every Open311 refusal is the list."""
    from miz.api import OPEN311_PREFIX

    refusals = [
        (name, media["schema"])
        for name, operation in operations(schema)
        if name.split(" ", 1)[1].startswith(OPEN311_PREFIX)
        for status, answer in operation["responses"].items()
        if status[0] in "45"
        for media in answer.get("content", {}).values()
    ]
    assert refusals
    wrong = [name for name, node in refusals if not georeport_refusal(schema, name.split(" ", 1)[1], node)]
    assert not wrong, wrong
    assert not georeport_refusal(schema, "/api/desk/requests/{code}", refusals[0][1])


def test_no_two_schema_classes_share_a_name():
    """django-ninja files each schema under its class name, the last one written winning: a router
    whose `RequestOut` met another's would document the other's fields (and the client would
    parse its answers with them). Every schema class reachable from an operation has its own name."""
    import typing

    import pydantic

    from miz.api import api

    found: dict[str, set[str]] = {}
    walked: set[type] = set()

    def walk(kind):
        if isinstance(kind, type) and issubclass(kind, pydantic.BaseModel):
            if kind in walked:
                return
            walked.add(kind)
            if not kind.__module__.startswith("ninja."):  # its wrappers of each operation's models
                found.setdefault(kind.__name__, set()).add(f"{kind.__module__}.{kind.__qualname__}")
            for field in kind.model_fields.values():
                walk(field.annotation)
        for argument in typing.get_args(kind):
            walk(argument)

    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                for model in [*operation.models, *operation.response_models.values()]:
                    walk(model)
    shared = {name: sorted(places) for name, places in found.items() if len(places) > 1}
    assert not shared, shared
