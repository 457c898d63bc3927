"""Backup and restore (issue 12 item 7): `miz_backup` of a running installation, `miz_restore` into
a fresh database and an empty file storage, and the restored place serves the same request, the
same uploaded document and the same certificate. A damaged backup or a non-empty target is
refused with a Persian message and nothing is written."""

import json
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from core.testing_outage import MANAGE, OutageDatabase, manage_env
from desk import services

# Run inside the restored place: the applicant's pages and files through the whole stack.
CHECK = """
import hashlib, json
from django.test import Client
from django.test.utils import setup_test_environment
from django.urls import reverse
from accounts.models import User
from desk.models import ServiceRequest
setup_test_environment()
request = ServiceRequest.objects.get(tracking_code={code!r})
client = Client()
client.force_login(User.objects.get(pk={applicant}))
detail = client.get(reverse("desk:detail", args=[request.tracking_code]))
document = request.documents.get(pk={document})
download = client.get(reverse("desk:document", args=[document.pk]))
verify = Client().get(reverse("desk:verify", args=[{token!r}]))
certificate = client.get(reverse("desk:download_response", args=[request.tracking_code]))
print(json.dumps({{
    "detail": [detail.status_code, request.tracking_display in detail.content.decode()],
    "document": [download.status_code, hashlib.sha256(b"".join(download.streaming_content)).hexdigest()],
    "verify": [verify.status_code, request.tracking_display in verify.content.decode()],
    "certificate": [
        certificate.status_code, hashlib.sha256(b"".join(certificate.streaming_content)).hexdigest()
    ],
}}))
"""


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, MANAGE, *args], env=env, capture_output=True, text=True, timeout=180, check=False
    )


class FreshPlace:
    """An empty installation: a new database (PostgreSQL: a new database on the same server;
    SQLite: a new file) and an empty folder for its files."""

    def __init__(self, folder, files_env):
        self.folder = folder
        self.files_env = files_env
        folder.mkdir()
        if connection.vendor == "postgresql":
            params = connection.settings_dict
            self.name = f"miz_restore_{uuid.uuid4().hex[:10]}"
            with connection.cursor() as cursor:
                cursor.execute(f'CREATE DATABASE "{self.name}"')
            user = params["USER"] or "postgres"
            auth = f"{user}:{params['PASSWORD']}" if params["PASSWORD"] else user
            host, port = params["HOST"] or "127.0.0.1", params["PORT"] or 5432
            self.url = f"postgres://{auth}@{host}:{port}/{self.name}"
        else:
            self.name = None
            self.url = f"sqlite:///{folder / 'miz.sqlite3'}"

    def env(self) -> dict[str, str]:
        return manage_env(
            DATABASE_URL=self.url, MIZ_VAR_DIR=str(self.folder), DB_CONN_MAX_AGE="0", **self.files_env
        )

    def drop(self) -> None:
        if self.name:
            with connection.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


@pytest.fixture
def fresh_places(tmp_path):
    made = []

    def make(name, **files_env):
        place = FreshPlace(tmp_path / name, files_env)
        made.append(place)
        return place

    yield make
    for place in made:
        place.drop()


@pytest.fixture(params=["disk", "object storage"])
def files_in(request):
    """Where the installation keeps its files: returns (its environment, a fresh empty place's)."""
    if request.param == "disk":
        return {}, dict
    server, bucket = request.getfixturevalue("object_storage")
    return server.env(bucket), lambda: server.env(server.bucket())


@pytest.mark.django_db(transaction=True)
def test_backup_restores_request_document_and_certificate(
    submit, expert, applicant, tmp_path, fresh_places, files_in
):
    source_files, fresh_files = files_in
    request = submit()
    for name in ("accept", "start_review", "advance", "approve"):
        services.transition(request=request, name=name, user=expert)
    response = services.issue_response(request=request, user=expert, text="پروانه صادر شد.")
    document = request.documents.exclude(pk=response.document.pk).get()
    # Each stored file's SHA-256 as the desk recorded it when the file was written.
    document_sha, certificate_sha = document.sha256, response.document.sha256

    # The running installation: the suite's database as another process sees it, its files under
    # tmp_path/uploads (desk/tests/conftest.py puts MEDIA_ROOT there).
    source = OutageDatabase(tmp_path)
    folder = tmp_path / "backup-1"
    made = _manage("miz_backup", str(folder), env=source.env(DATABASE_URL=source.direct_url, **source_files))
    source.close()
    assert made.returncode == 0, made.stderr
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["database"] == connection.vendor
    assert {entry["sha256"] for entry in manifest["files"]} >= {document_sha, certificate_sha}

    place = fresh_places("restored", **fresh_files())
    restored = _manage("miz_restore", str(folder), env=place.env())
    assert restored.returncode == 0, restored.stderr
    assert f"{len(manifest['files'])} files" in restored.stdout

    code = CHECK.format(
        code=request.tracking_code,
        applicant=applicant.pk,
        document=document.pk,
        token=response.verification_token,
    )
    served = _manage("shell", "--no-imports", "-c", code, env=place.env())
    assert served.returncode == 0, served.stderr
    answer = json.loads(served.stdout.strip().splitlines()[-1])
    assert answer == {
        "detail": [200, True],
        "document": [200, document_sha],
        "verify": [200, True],
        "certificate": [200, certificate_sha],
    }

    if source_files:  # served from the new bucket: nothing was written to the node's disk
        assert not any(path.is_file() for path in (place.folder / "uploads").rglob("*"))

    # Restoring again over a place that now has data is refused, in Persian, and changes nothing.
    again = _manage("miz_restore", str(folder), env=place.env())
    assert again.returncode != 0 and "پایگاه دادهٔ مقصد خالی نیست" in again.stderr


@pytest.mark.django_db(transaction=True)
def test_damaged_backup_is_refused_before_anything_is_written(submit, tmp_path, fresh_places):
    submit()
    source = OutageDatabase(tmp_path)
    folder = tmp_path / "backup-2"
    made = _manage("miz_backup", str(folder), env=source.env(DATABASE_URL=source.direct_url))
    source.close()
    assert made.returncode == 0, made.stderr
    # One stored file's bytes change inside the archive (same length, so the tar stays readable).
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    archive = (folder / "files.tar").read_bytes()
    pdf_at = archive.index(b"%PDF")
    (folder / "files.tar").write_bytes(archive[:pdf_at] + b"%PDX" + archive[pdf_at + 4 :])
    assert manifest["files"]

    place = fresh_places("target")
    refused = _manage("miz_restore", str(folder), env=place.env())
    assert refused.returncode != 0 and "آسیب دیده است" in refused.stderr
    # Nothing was written: the database has no tables, the storage no files.
    tables = _manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.db import connection; print(len(connection.introspection.table_names()))",
        env=place.env(),
    )
    assert tables.stdout.strip().splitlines()[-1] == "0"
    assert not any(path.is_file() for path in (place.folder / "uploads").rglob("*"))


@pytest.mark.django_db(transaction=True)
def test_backup_into_a_folder_that_is_not_empty_is_refused(tmp_path):
    source = OutageDatabase(tmp_path)
    folder = tmp_path / "used"
    folder.mkdir()
    (folder / "something").write_text("x")
    refused = _manage("miz_backup", str(folder), env=source.env(DATABASE_URL=source.direct_url))
    source.close()
    assert refused.returncode != 0 and "خالی نیست" in refused.stderr


@pytest.mark.django_db(transaction=True)
def test_nightly_script_writes_a_dated_backup_and_keeps_only_recent_ones(tmp_path):
    root = tmp_path / "backups"
    old = root / "miz-20200101T000000Z"
    old.mkdir(parents=True)
    month_ago = time.time() - 30 * 86400
    os.utime(old, (month_ago, month_ago))
    kept = root / "not-ours"  # a folder the script did not make is never touched
    kept.mkdir()
    os.utime(kept, (month_ago, month_ago))

    source = OutageDatabase(tmp_path)
    env = source.env(
        DATABASE_URL=source.direct_url,
        MIZ_BACKUP_DIR=str(root),
        MIZ_BACKUP_KEEP_DAYS="7",
        MIZ_PYTHON=sys.executable,
    )
    script = Path(settings.BASE_DIR) / "deploy" / "backup.sh"
    ran = subprocess.run([str(script)], env=env, capture_output=True, text=True, timeout=180, check=False)
    source.close()
    assert ran.returncode == 0, ran.stderr
    made = sorted(path.name for path in root.iterdir())
    assert not old.exists() and kept.exists()
    new = [name for name in made if name.startswith("miz-")]
    assert len(new) == 1 and (root / new[0] / "manifest.json").is_file()
