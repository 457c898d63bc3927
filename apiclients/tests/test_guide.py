"""The guide for client systems (`/api/guide/`): public, in the site's shell, a section per kind
of client with its worked example; linked from the footer of every page and from the Swagger
page; and its Python examples are real code against the generated client `miz_client` (they parse,
and every name they import from it exists), so the guide cannot drift from the client."""

import ast
import html
import importlib
import re

import pytest
from django.urls import reverse

from apiclients.models import ApiClient

pytestmark = pytest.mark.django_db

CODE_BLOCKS = re.compile(r"<pre[^>]*><code>(.*?)</code></pre>", re.S)


def python_examples(page: str) -> list[str]:
    blocks = [html.unescape(block) for block in CODE_BLOCKS.findall(page)]
    return [block for block in blocks if "from miz_client" in block]


def test_the_guide_has_a_section_per_kind_with_curl_and_python(client):
    response = client.get("/api/guide/")
    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="fa" dir="rtl">' in page and "راهنمای API برای سامانه‌های متصل" in page
    for kind in ApiClient.Kind:
        assert f'id="{kind.value}"' in page and f'href="#{kind.value}"' in page and kind.label in page
    assert page.count("curl -s -H") >= len(ApiClient.Kind)
    assert len(python_examples(page)) == len(ApiClient.Kind)
    assert reverse("api:openapi-view") in page and reverse("api:openapi-json") in page
    # The examples speak to this site.
    assert 'base_url="http://testserver"' in page


def test_the_python_examples_parse_and_import_only_what_the_client_has(client):
    page = client.get("/api/guide/").content.decode()
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
    assert imported >= 10


def test_the_footer_and_the_swagger_page_link_to_the_guide(client):
    assert 'href="/api/guide/"' in client.get("/").content.decode()
    assert 'href="/api/guide/"' in client.get(reverse("api:openapi-view")).content.decode()
