"""The guide for client systems (`/api/guide/` and a page per kind of client): public, in the
site's shell, linked from the footer of every page and from the Swagger page. Each page renders
its worked example, and the example cannot drift from the API: every call it shows is an
operation of the served OpenAPI schema that declares the status the page promises, every body
it sends validates against that operation's request schema, and its Python example parses and
imports only names the generated client `miz_client` has. (The calls are also made, with a test
world's codes, beside each app: `test_guide_examples` in desk, complaints and performance.)"""

import ast
import html
import importlib
import re

import jsonschema
import pytest
from django.urls import reverse

from apiclients.guide import EXAMPLE, PAGES

pytestmark = pytest.mark.django_db

CODE_BLOCKS = re.compile(r"<pre[^>]*><code>(.*?)</code></pre>", re.S)


def python_examples(page: str) -> list[str]:
    blocks = [html.unescape(block) for block in CODE_BLOCKS.findall(page)]
    return [block for block in blocks if "from miz_client" in block]


@pytest.fixture(scope="module")
def schema(django_db_setup, django_db_blocker):
    from django.test import Client

    with django_db_blocker.unblock():
        return Client().get("/api/openapi.json").json()


def test_the_index_leads_to_a_page_per_kind_of_client(client):
    response = client.get("/api/guide/")
    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="fa" dir="rtl">' in page and "راهنمای API برای سامانه‌های متصل" in page
    for slug, guide in PAGES.items():
        assert f'href="/api/guide/{slug}/"' in page and guide.title in page
    assert reverse("api:openapi-view") in page and reverse("api:openapi-json") in page
    assert 'id="answers"' in page


@pytest.mark.parametrize("slug", PAGES)
def test_each_page_renders_its_setup_curl_steps_and_python_example(client, slug):
    guide = PAGES[slug]
    response = client.get(f"/api/guide/{slug}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="fa" dir="rtl">' in page and f">{guide.title}</h1>" in page
    assert f"api_client create {slug}-system --kind {guide.kind}" in page
    for scope in guide.scopes:
        assert f'<code dir="ltr">{scope}</code>' in page
    calls = guide.calls(EXAMPLE)
    assert html.unescape(page).count("curl -s ") == len(calls) >= 3
    for call in calls:
        assert html.escape(call.curl("http://testserver")) in page
    assert len(python_examples(page)) == 1
    # The examples speak to this site.
    assert 'base_url="http://testserver"' in page


def test_an_unknown_page_is_404(client):
    assert client.get("/api/guide/nothing/").status_code == 404


def validate(schema: dict, node: dict, value) -> None:
    """`value` against an OpenAPI 3.1 schema node whose `$ref`s point into the document."""
    jsonschema.Draft202012Validator({**node, "components": schema["components"]}).validate(value)


@pytest.mark.parametrize("slug", PAGES)
def test_each_call_of_a_page_is_a_documented_operation_with_a_valid_body(schema, slug):
    for call in PAGES[slug].calls(EXAMPLE):
        operation = schema["paths"][call.operation][call.method.lower()]
        assert str(call.status) in operation["responses"], (slug, call.caption)
        parameters = {p["name"] for p in operation.get("parameters", []) if p["in"] == "query"}
        assert set(call.query) <= parameters, (slug, call.caption)
        content = operation.get("requestBody", {}).get("content", {})
        if call.json is not None:
            validate(schema, content["application/json"]["schema"], call.json)
        elif call.form is not None:
            media = content.get("multipart/form-data") or content["application/x-www-form-urlencoded"]
            validate(schema, media["schema"], call.form)
            assert not call.files or "multipart/form-data" in content
        elif call.text:
            assert call.content_type in content
        else:
            assert not operation.get("requestBody", {}).get("required"), (slug, call.caption)


def test_a_body_that_breaks_the_schema_is_caught(schema):
    """The check above can fail: a complaint without its complainant does not validate."""
    call = PAGES["complaints"].calls(EXAMPLE)[0]
    operation = schema["paths"][call.operation]["post"]
    body = {k: v for k, v in call.json.items() if k != "complainant"}
    with pytest.raises(jsonschema.ValidationError):
        validate(schema, operation["requestBody"]["content"]["application/json"]["schema"], body)


@pytest.mark.parametrize("slug", PAGES)
def test_the_python_examples_parse_and_import_only_what_the_client_has(client, slug):
    page = client.get(f"/api/guide/{slug}/").content.decode()
    imported = 0
    for example in python_examples(page):
        tree = ast.parse(example)
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module.startswith("miz_client"):
                module = importlib.import_module(node.module)
                for alias in node.names:
                    target = getattr(module, alias.name, None) or importlib.import_module(
                        f"{node.module}.{alias.name}"
                    )
                    assert target is not None
                    imported += 1
    assert imported >= 4


def test_the_footer_and_the_swagger_page_link_to_the_guide(client):
    assert 'href="/api/guide/"' in client.get("/").content.decode()
    assert 'href="/api/guide/"' in client.get(reverse("api:openapi-view")).content.decode()
