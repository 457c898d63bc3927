"""Link a client system of kind «سامانه شکایات» to the national system it speaks for, and say where
Miz pulls from it (the admin's «پیوندهای سامانه ملی شکایات» does the same):

    manage.py complaints_link NAME SYSTEM [--pull-url URL] [--pull-token-env VARIABLE]

The remote's token is read from the named environment variable, never from the command line (which
shell histories and process lists keep). Run again to change the address or the token."""

import os

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from apiclients.models import ApiClient
from complaints.models import ExternalSystem, SystemLink


class Command(BaseCommand):
    help = "پیوند سامانه متصل از نوع «سامانه شکایات» به سامانه ملی و نشانی دریافت شکایات از آن."

    def add_arguments(self, parser):
        parser.add_argument("name", help="نام سامانه متصل (api_client create)")
        parser.add_argument("system", choices=ExternalSystem.values)
        parser.add_argument("--pull-url", default=None)
        parser.add_argument("--pull-token-env", default=None, metavar="VARIABLE")

    def handle(self, *args, name: str, system: str, pull_url, pull_token_env, **options):
        client = ApiClient.objects.filter(name=name).first()
        if client is None:
            raise CommandError(f"سامانه متصلی با نام «{name}» ثبت نشده است.")
        link = SystemLink.objects.filter(client=client).first() or SystemLink(client=client)
        link.system = system
        if pull_url is not None:
            link.pull_url = pull_url
        if pull_token_env:
            if pull_token_env not in os.environ:
                raise CommandError(f"متغیر محیطی «{pull_token_env}» تعریف نشده است.")
            link.pull_token = os.environ[pull_token_env]
        try:
            link.full_clean()
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        link.save()
        where = link.pull_url or "بی دریافت (فقط ارسال سامانه ملی)"
        self.stdout.write(f"{client.name} ← {link.get_system_display()}؛ {where}")
