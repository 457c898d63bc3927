"""`manage.py miz_backup FOLDER`: the database and every stored file into a new folder (core.backup)."""

from core import backup
from core.management.folder import BackupFolderCommand


class Command(BackupFolderCommand):
    help = (
        "Back up this installation into FOLDER (new or empty): the database (pg_dump, or SQLite's "
        "online backup), every file of the default storage and a manifest with their SHA-256."
    )
    action = staticmethod(backup.backup)
    done = "backup written to"
