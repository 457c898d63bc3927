"""`manage.py seed_holidays`: Iran's official holidays around the current Jalali year."""

from django.core.management.base import BaseCommand

from core.services import seed_holidays


class Command(BaseCommand):
    help = "Add Iran's official holidays (current Jalali year ± N) that are not yet in the table."

    def add_arguments(self, parser):
        parser.add_argument("--around", type=int, default=5)

    def handle(self, *args, around, **options):
        self.stdout.write(f"{seed_holidays(around=around)} holidays created")
