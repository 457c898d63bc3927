"""Load the demo data of every Miz app, idempotently.

Each app that has demo data provides `<app>.demo.seed(stdout=..., debug=...)`; they run in
INSTALLED_APPS order, so an app's demo data can rely on the apps before it.
"""

import importlib

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Load demo data (organisation tree, holidays, catalogue, users …); safe to run again."

    def handle(self, *args, **options):
        for config in apps.get_app_configs():
            try:
                module = importlib.import_module(f"{config.name}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.demo":
                    raise
                continue
            module.seed(stdout=self.stdout, debug=settings.DEBUG)
        self.stdout.write(self.style.SUCCESS("seed_demo: done"))
