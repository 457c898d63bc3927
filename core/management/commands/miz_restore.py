"""`manage.py miz_restore FOLDER`: a backup of `miz_backup` into an empty database and storage."""

from core import backup
from core.management.folder import BackupFolderCommand


class Command(BackupFolderCommand):
    help = (
        "Restore the backup in FOLDER into this installation, which must be empty (a fresh database "
        "with no tables and an empty file storage). Run `migrate` afterwards when the code is newer."
    )
    action = staticmethod(backup.restore)
    done = "restored from"
