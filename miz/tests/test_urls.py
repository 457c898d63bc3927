"""The API is mounted lazily (`core.lazyurls`): its module is imported on the first API path or
API name, and until then the rest of the site resolves and reverses without it; once imported it
answers under the names and namespace Django's own include of `api.urls` would give it."""

import json

from django.urls import get_resolver, resolve, reverse

from core.testing import python_process


def test_the_lazy_mount_has_the_names_ninja_gives_the_api():
    from miz.api import api
    from miz.api_urls import APP_NAME, NAMESPACE

    mount = next(p for p in get_resolver().url_patterns if str(p.pattern) == "api/")
    assert (mount.app_name, mount.namespace) == (APP_NAME, NAMESPACE) == (api.urls[1], api.urls[2])
    assert reverse("api:openapi-json") == "/api/openapi.json"
    assert resolve("/api/openapi.json").namespace == "api"
    assert resolve("/api/guide/").url_name == "api_guide"  # the guide's pages are the site's, not the API's


def test_the_guide_links_to_the_apis_own_pages_without_reversing_them():
    from apiclients.guide import SCHEMA_PATH, SWAGGER_PATH

    assert (SWAGGER_PATH, SCHEMA_PATH) == (reverse("api:openapi-view"), reverse("api:openapi-json"))


def test_a_path_under_the_guide_that_is_no_page_is_the_sites_404(client):
    response = client.get("/api/guide/a/b/")
    assert response.status_code == 404
    assert "text/html" in response["Content-Type"]  # the site's page, not the API's JSON


CODE = """
import json, sys
import django
django.setup()
from django.urls import get_resolver, resolve, reverse
get_resolver().url_patterns
steps = {}
reverse("core:home"), resolve("/services/"), resolve("/api/guide/"), resolve("/api/guide/a/b/")
steps["site"] = "miz.api" in sys.modules or "ninja" in sys.modules
reverse("api:openapi-json")
steps["api name"] = "miz.api" in sys.modules
print(json.dumps(steps))
"""


def test_the_api_is_imported_on_its_first_path_or_name_only(tmp_path):
    output = python_process("-c", CODE, env={"MIZ_VAR_DIR": str(tmp_path)})
    assert json.loads(output.splitlines()[-1]) == {"site": False, "api name": True}
