"""The committed Python client (`clients/python`, package `miz_client`) is exactly what the
generator makes from the current `/api/openapi.json`: change an endpoint or a schema and this
fails until `make client` (`manage.py api_client_code`) is run and its output committed."""

import json

from apiclients import pyclient


def test_the_committed_client_is_what_the_current_schema_generates(tmp_path):
    fresh = tmp_path / "python"
    pyclient.generate(fresh)
    committed, generated = pyclient.files_of(pyclient.CLIENT_DIR), pyclient.files_of(fresh)
    differing = sorted(
        name for name in committed.keys() | generated.keys() if committed.get(name) != generated.get(name)
    )
    assert not differing, f"run `make client` and commit clients/python: {differing}"


def test_the_schema_kept_beside_the_client_is_the_one_served(client):
    kept = json.loads((pyclient.CLIENT_DIR / pyclient.SCHEMA_NAME).read_text(encoding="utf-8"))
    assert client.get("/api/openapi.json").json() == kept
