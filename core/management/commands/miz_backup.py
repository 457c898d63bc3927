"""`manage.py miz_backup FOLDER`: the database and every stored file into a new folder (core.backup)."""

from django.core.management.base import BaseCommand, CommandError

from core import backup


class Command(BaseCommand):
    help = (
        "Back up this installation into FOLDER (new or empty): the database (pg_dump, or SQLite's "
        "online backup), every file of the default storage and a manifest with their SHA-256."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder")

    def handle(self, *args, folder, **options):
        try:
            summary = backup.backup(folder)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"backup written to {summary.folder}: {summary.vendor} database, "
            f"{summary.files} files, {summary.bytes} bytes"
        )
