"""`manage.py api_client_code`: regenerate the Python client `clients/python/` (package
`miz_client`) from the current `/api/openapi.json` (`apiclients.pyclient`, decision 0107)."""

import subprocess

from django.core.management.base import BaseCommand, CommandError

from apiclients import pyclient


class Command(BaseCommand):
    help = "ساخت دوباره کلاینت پایتون API (clients/python) از طرح OpenAPI کنونی."

    def handle(self, *args, **options):
        try:
            pyclient.generate()
        except subprocess.CalledProcessError as exc:
            output = f"{exc.stdout.decode()}\n{exc.stderr.decode()}"
            raise CommandError(f"ساخت کلاینت ناموفق بود:\n{output}") from exc
        self.stdout.write(f"کلاینت پایتون در {pyclient.CLIENT_DIR} ساخته شد.")
