#!/usr/bin/env bash
# Restore a backup folder of deploy/backup.sh into an EMPTY installation (a new database, an empty
# file storage), then apply the migrations of this code. Refuses a target that holds data.
# Usage: deploy/restore.sh /var/backups/miz/miz-20261202T013000Z
set -euo pipefail
cd "$(dirname "$0")/.."
py=${MIZ_PYTHON:-.venv/bin/python}
folder=${1:?usage: deploy/restore.sh BACKUP_FOLDER}
"$py" manage.py miz_restore "$folder"
"$py" manage.py migrate --noinput
