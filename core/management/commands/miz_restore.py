"""`manage.py miz_restore FOLDER`: a backup of `miz_backup` into an empty database and storage."""

from django.core.management.base import BaseCommand, CommandError

from core import backup


class Command(BaseCommand):
    help = (
        "Restore the backup in FOLDER into this installation, which must be empty (a fresh database "
        "with no tables and an empty file storage). Run `migrate` afterwards when the code is newer."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder")

    def handle(self, *args, folder, **options):
        try:
            summary = backup.restore(folder)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"restored from {summary.folder}: {summary.vendor} database, "
            f"{summary.files} files, {summary.bytes} bytes"
        )
