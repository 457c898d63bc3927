"""The Python client of the API, generated from `/api/openapi.json` by openapi-python-client
(decision 0107) into `clients/python/` (the `miz_client` package, committed), so the client
cannot drift from the schema: `manage.py api_client_code` (`make client`) regenerates it and
`apiclients/tests/test_python_client.py` fails while the committed files differ from a fresh run."""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from django.conf import settings

CLIENT_DIR = Path(settings.BASE_DIR) / "clients" / "python"
CONFIG = Path(settings.BASE_DIR) / "clients" / "openapi-python-client.yaml"
SCHEMA_NAME = "openapi.json"


def schema_text() -> str:
    """The schema as `/api/openapi.json` serves it, as stable text (kept beside the client)."""
    from miz.api import api

    return json.dumps(api.get_openapi_schema(), ensure_ascii=False, indent=2) + "\n"


def generate(output: Path = CLIENT_DIR) -> None:
    """Write the client for the current schema into `output` (replaced whole), with the schema."""
    text = schema_text()
    with tempfile.TemporaryDirectory() as scratch:
        schema_path = Path(scratch) / SCHEMA_NAME
        schema_path.write_text(text, encoding="utf-8")
        # The generator formats its output with ruff: the project's own, from this interpreter's bin.
        env = {**os.environ, "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ["PATH"]])}
        subprocess.run(  # noqa: S603 - fixed arguments, our own interpreter
            [
                sys.executable,
                "-m",
                "openapi_python_client",
                "generate",
                "--path",
                str(schema_path),
                "--config",
                str(CONFIG),
                "--meta",
                "uv",
                "--output-path",
                str(output),
                "--overwrite",
                "--fail-on-warning",
            ],
            check=True,
            env=env,
            capture_output=True,
        )
    (output / SCHEMA_NAME).write_text(text, encoding="utf-8")


def files_of(directory: Path) -> dict[str, bytes]:
    """Every file under `directory` by its relative path (caches left out)."""
    return {
        str(path.relative_to(directory)): path.read_bytes()
        for path in sorted(directory.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts and ".ruff_cache" not in path.parts
    }
