"""The API's schema documents itself in Persian, for every router mounted on `miz.api`: each tag,
operation, response, object schema, field and parameter has a Persian description, each request
body and successful answer an example, and each refusal the Persian `{"detail"}` schema. A new
router that skips any of it fails here, naming the operation and what it lacks."""

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
