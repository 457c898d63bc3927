#!/usr/bin/env bash
# Back up this Miz installation (database and every stored file) into a new dated folder under
# MIZ_BACKUP_DIR, then delete backups older than MIZ_BACKUP_KEEP_DAYS days (default 14).
# Run by miz-backup.timer (deploy/systemd) or by hand; the same environment as the web nodes
# (DATABASE_URL, MIZ_VAR_DIR or MIZ_S3_*) says what is backed up. docs/operations.md explains it.
set -euo pipefail
cd "$(dirname "$0")/.."
py=${MIZ_PYTHON:-.venv/bin/python}
root=${MIZ_BACKUP_DIR:?set MIZ_BACKUP_DIR to the folder that keeps the backups}
keep=${MIZ_BACKUP_KEEP_DAYS:-14}
mkdir -p "$root"
folder="$root/miz-$(date -u +%Y%m%dT%H%M%SZ)"
"$py" manage.py miz_backup "$folder"
# Only folders this script made, and never the one just written.
find "$root" -mindepth 1 -maxdepth 1 -type d -name 'miz-*' ! -path "$folder" -mtime +"$keep" \
  -exec rm -rf {} +
