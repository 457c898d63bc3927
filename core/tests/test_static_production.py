"""Production static files: `collectstatic` with the production storage succeeds, and pages render
through the manifest it writes (a missing or unreadable static file fails here, not in production)."""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from core.tests.test_deploy import production_key, run_manage

PRODUCTION_STORAGE = "whitenoise.storage.CompressedManifestStaticFilesStorage"
HASHED_BOOTSTRAP = r"/static/vendor/bootstrap-5\.3\.8/bootstrap\.rtl\.min\.[0-9a-f]{12}\.css"
STATIC_TAG = re.compile(r"""{%\s*(?:static|asset)\s+['"]([^'"]+)['"]""")


@pytest.fixture(scope="module")
def built_static(tmp_path_factory):
    """`collectstatic` exactly as the README runs it in production (DEBUG=0, real secret)."""
    var = tmp_path_factory.mktemp("var")
    result = run_manage(
        var,
        "collectstatic",
        "--noinput",
        DEBUG="0",
        SECRET_KEY=production_key(),
        ALLOWED_HOSTS="miz.example.ir",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    root = var / "static"
    assert (root / "staticfiles.json").exists()
    return root


def template_static_paths() -> set[str]:
    roots = [Path(settings.BASE_DIR) / "templates", *Path(settings.BASE_DIR).glob("*/templates")]
    found = set()
    for root in roots:
        for template in root.rglob("*.html"):
            found.update(STATIC_TAG.findall(template.read_text(encoding="utf-8")))
    return found


def test_production_settings_use_the_manifest_storage(tmp_path):
    result = run_manage(
        tmp_path,
        "shell",
        "-c",
        "from django.conf import settings; print(settings.STORAGES['staticfiles']['BACKEND'])",
        DEBUG="0",
        SECRET_KEY=production_key(),
        ALLOWED_HOSTS="miz.example.ir",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == PRODUCTION_STORAGE


def test_every_static_file_a_template_names_is_in_the_manifest(built_static):
    manifest = json.loads((built_static / "staticfiles.json").read_text())["paths"]
    named = template_static_paths()
    assert len(named) >= 10  # the scan itself found the templates
    missing = sorted(path for path in named if path not in manifest)
    assert missing == []


def test_every_hashed_file_in_the_manifest_was_written(built_static):
    manifest = json.loads((built_static / "staticfiles.json").read_text())["paths"]
    absent = [hashed for hashed in manifest.values() if not (built_static / hashed).exists()]
    assert absent == []


@pytest.mark.django_db
def test_pages_render_through_the_production_storage(built_static, client, admin_user):
    storages = {**settings.STORAGES, "staticfiles": {"BACKEND": PRODUCTION_STORAGE}}
    urls = [
        reverse("core:home"),
        reverse("accounts:login"),
        reverse("catalogue:list"),
        reverse("desk:track"),
    ]
    with override_settings(DEBUG=False, STORAGES=storages, STATIC_ROOT=built_static):
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            body = response.content.decode()
            # Hashed names prove the manifest was read; no unhashed vendor path slipped through.
            assert re.search(HASHED_BOOTSTRAP, body), url
        # The admin's own static files go through the same manifest.
        client.force_login(admin_user)
        response = client.get(reverse("admin:index"))
        assert response.status_code == 200
        assert re.search(r"/static/admin/css/base\.[0-9a-f]{12}\.css", response.content.decode())
