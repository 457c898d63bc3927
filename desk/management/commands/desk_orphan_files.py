"""Delete stored desk files that no row points at (written by a transaction that rolled back)."""

import time

from django.core.management.base import BaseCommand

from desk.models import Document
from desk.uploads import private_root


class Command(BaseCommand):
    help = "Delete files under MEDIA_ROOT/private/desk with no Document row, older than --min-age seconds."

    def add_arguments(self, parser):
        parser.add_argument("--min-age", type=int, default=3600, help="Leave younger files (default 3600 s).")
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, min_age: int, dry_run: bool, **options):
        root = private_root()
        if not root.exists():
            return
        known = set(Document.objects.values_list("stored_name", flat=True))
        cutoff = time.time() - min_age
        removed = 0
        for path in root.rglob("*"):
            if not path.is_file() or path.stat().st_mtime > cutoff:
                continue
            if path.relative_to(root).as_posix() not in known:
                removed += 1
                if not dry_run:
                    path.unlink()
        self.stdout.write(f"desk: {removed} orphan file(s) {'found' if dry_run else 'deleted'}")
