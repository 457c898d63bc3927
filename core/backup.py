"""Backup and restore of one Miz installation: the database and every stored file, in one folder.

A backup folder holds
- `database.dump` (PostgreSQL, `pg_dump --format=custom`) or `database.sqlite3` (SQLite's own
  online backup, consistent while the site runs);
- `files.tar`: every file of the default storage (local disk or object storage alike, read through
  Django's storage API), under its stored name;
- `manifest.json`: when, which database engine, the migrations applied, and each file's size and
  SHA-256, so a restore proves it got back what was saved.

The database is dumped before the files: a file the database names was stored before the dump,
so it is in the folder unless it was deleted meanwhile (only unreferenced files are deleted, by
`desk_orphan_files`). `restore` goes into an empty place only (a fresh database and an empty
storage), so it can never overwrite a running installation. Used by `manage.py miz_backup` and
`manage.py miz_restore`; docs/operations.md ("Backup and restore") gives the commands.
"""

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from core.storedfiles import walk

MANIFEST = "manifest.json"
FILES = "files.tar"
PG_DUMP = "database.dump"
SQLITE_COPY = "database.sqlite3"
FORMAT = 1


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, in Persian."""


@dataclass
class Summary:
    folder: Path
    files: int
    bytes: int
    vendor: str


def _names(storage) -> list[str]:
    """Every file name in `storage`, sorted (core.storedfiles lists a bucket by prefix)."""
    return sorted(name for name, _modified in walk(storage))


def _pg_env(settings_dict) -> dict[str, str]:
    env = dict(os.environ)
    for key, variable in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("NAME", "PGDATABASE")):
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    sslmode = (settings_dict.get("OPTIONS") or {}).get("sslmode")
    if sslmode:
        env["PGSSLMODE"] = sslmode
    return env


def _run(command: list[str], env: dict[str, str], what: str) -> None:
    try:
        result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    except FileNotFoundError as error:
        raise BackupError(
            f"برنامهٔ {command[0]} روی این سرور نیست؛ بستهٔ postgresql-client را نصب کنید."
        ) from error
    if result.returncode != 0:
        raise BackupError(f"{what} ناموفق بود: {result.stderr.strip()[-500:]}")


def _migrations() -> dict[str, str]:
    applied: dict[str, str] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        applied[app] = max(applied.get(app, ""), name)
    return dict(sorted(applied.items()))


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def backup(folder: Path) -> Summary:
    """Write a backup of this installation into `folder` (created; it must not exist yet)."""
    folder = Path(folder)
    if folder.exists() and any(folder.iterdir()):
        raise BackupError(f"پوشهٔ {folder} خالی نیست؛ برای هر پشتیبان پوشه‌ای تازه بدهید.")
    folder.mkdir(parents=True, exist_ok=True)
    vendor = connection.vendor
    migrations = _migrations()
    if vendor == "postgresql":
        _run(
            ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={folder / PG_DUMP}"],
            _pg_env(connection.settings_dict),
            "پشتیبان‌گیری از پایگاه داده (pg_dump)",
        )
    elif vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(folder / SQLITE_COPY)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
    else:  # pragma: no cover - Miz runs on PostgreSQL or SQLite only
        raise BackupError(f"پشتیبان‌گیری از پایگاه دادهٔ {vendor} پشتیبانی نمی‌شود.")

    entries = []
    total = 0
    with tarfile.open(folder / FILES, "w") as archive:
        for name in _names(default_storage):
            with default_storage.open(name, "rb") as handle:
                data = handle.read()
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mode = 0o640
            info.mtime = int(timezone.now().timestamp())
            archive.addfile(info, io.BytesIO(data))
            entries.append({"name": name, "size": len(data), "sha256": _sha256(data)})
            total += len(data)
    manifest = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "database": vendor,
        "migrations": migrations,
        "files": entries,
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return Summary(folder=folder, files=len(entries), bytes=total, vendor=vendor)


def read_manifest(folder: Path) -> dict:
    path = Path(folder) / MANIFEST
    if not path.is_file():
        raise BackupError(f"در {folder} پشتیبانی نیست (manifest.json پیدا نشد).")
    manifest = json.loads(path.read_text(encoding="utf-8"))
    if manifest.get("format") != FORMAT:
        raise BackupError("قالب این پشتیبان را این نسخه نمی‌شناسد.")
    return manifest


def _database_is_empty() -> bool:
    return not connection.introspection.table_names()


def restore(folder: Path) -> Summary:
    """Restore the backup in `folder` into this installation, which must be empty: a database with
    no tables and a storage with no files. Every file is checked against its SHA-256 first."""
    folder = Path(folder)
    manifest = read_manifest(folder)
    vendor = connection.vendor
    if manifest["database"] != vendor:
        raise BackupError(
            f"این پشتیبان از پایگاه دادهٔ {manifest['database']} است و این نصب {vendor} دارد؛ "
            "برای جابه‌جایی میان آن‌ها dumpdata/loaddata را به کار ببرید."
        )
    if not _database_is_empty():
        raise BackupError("پایگاه دادهٔ مقصد خالی نیست؛ بازگردانی فقط در پایگاه داده‌ای تازه انجام می‌شود.")
    if next(walk(default_storage), None) is not None:
        raise BackupError("فضای پرونده‌های مقصد خالی نیست؛ بازگردانی فقط در فضایی تازه انجام می‌شود.")

    expected = {entry["name"]: entry["sha256"] for entry in manifest["files"]}
    # First pass: every file is there and whole, before anything is written.
    with tarfile.open(folder / FILES, "r") as archive:
        found = {}
        for member in archive:
            if member.isfile():
                found[member.name] = _sha256(archive.extractfile(member).read())
    if set(found) != set(expected):
        raise BackupError("فهرست پرونده‌های پشتیبان با manifest.json نمی‌خواند؛ پشتیبان ناقص است.")
    for name, digest in found.items():
        if digest != expected[name]:
            raise BackupError(f"پروندهٔ {name} در پشتیبان آسیب دیده است.")

    if vendor == "postgresql":
        _run(
            [
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                f"--dbname={connection.settings_dict['NAME']}",
                str(folder / PG_DUMP),
            ],
            _pg_env(connection.settings_dict),
            "بازگردانی پایگاه داده (pg_restore)",
        )
    else:
        target = Path(connection.settings_dict["NAME"])
        connection.close()
        for stale in (Path(f"{target}-wal"), Path(f"{target}-shm")):
            stale.unlink(missing_ok=True)
        shutil.copyfile(folder / SQLITE_COPY, target)

    # Second pass: the files, one at a time (a backup may be larger than memory).
    total = 0
    with tarfile.open(folder / FILES, "r") as archive:
        for member in archive:
            if not member.isfile():
                continue
            data = archive.extractfile(member).read()
            saved = default_storage.save(member.name, ContentFile(data))
            if saved != member.name:  # pragma: no cover - the storage was checked empty above
                raise BackupError(f"پروندهٔ {member.name} با نام دیگری ({saved}) ذخیره شد.")
            total += len(data)
    return Summary(folder=folder, files=len(found), bytes=total, vendor=vendor)
