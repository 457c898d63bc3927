"""The shape of `miz_backup` and `miz_restore`: one FOLDER argument, one call into core.backup, its
refusal as the command's error and its summary as one line."""

from django.core.management.base import BaseCommand, CommandError

from core import backup


class BackupFolderCommand(BaseCommand):
    action = staticmethod(backup.backup)  # or backup.restore
    done = "backup written to"

    def add_arguments(self, parser):
        parser.add_argument("folder")

    def handle(self, *args, folder, **options):
        try:
            summary = self.action(folder)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"{self.done} {summary.folder}: {summary.vendor} database, "
            f"{summary.files} files, {summary.bytes} bytes"
        )
