"""Delete stored desk files that no row points at (written by a transaction that rolled back)."""

import datetime as dt

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand
from django.utils import timezone

from core.storedfiles import walk
from desk.models import Document
from desk.uploads import PREFIX


class Command(BaseCommand):
    help = (
        "Delete files under private/desk in the file storage (local disk or bucket) with no Document "
        "row, older than --min-age seconds."
    )

    def add_arguments(self, parser):
        parser.add_argument("--min-age", type=int, default=3600, help="Leave younger files (default 3600 s).")
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, min_age: int, dry_run: bool, **options):
        known = set(Document.objects.values_list("stored_name", flat=True))
        cutoff = timezone.now() - dt.timedelta(seconds=min_age)
        removed = 0
        for name, modified in walk(default_storage, PREFIX):
            if modified > cutoff or name[len(PREFIX) + 1 :] in known:
                continue
            removed += 1
            if not dry_run:
                default_storage.delete(name)
        self.stdout.write(f"desk: {removed} orphan file(s) {'found' if dry_run else 'deleted'}")
