"""Register and manage API client systems from the shell (the contract of issue 15).

    manage.py api_client create NAME --scope SCOPE … [--office CODE … | --unit CODE … | --province CODE …]
    manage.py api_client rotate NAME      # a new token, the earlier ones revoked
    manage.py api_client revoke NAME      # every token of the client revoked
    manage.py api_client scopes           # the scopes and what each allows
    manage.py api_client subscribe NAME URL --event EVENT …   # a webhook; its secret on the last line
    manage.py api_client subscriptions NAME                   # the client's webhooks
    manage.py api_client events           # the events a webhook may carry

`create` and `rotate` print the token on their LAST line, alone, and nowhere else ever again;
`subscribe` prints the webhook's signing secret the same way."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from apiclients import services
from apiclients.models import ApiClient
from apiclients.scopes import SCOPES
from core.jalali import format_datetime
from orgs.models import CounterOffice, OrgUnit, Province, clean_office_code

# Without --kind, the kind follows the places: offices belong to an association's software.
KIND_BY_PLACE = {"office": ApiClient.Kind.ASSOCIATION, "province": ApiClient.Kind.PROVINCIAL}


class Command(BaseCommand):
    help = "ثبت سامانه‌های متصل به API، صدور، چرخش و ابطال توکن‌ها، و فهرست دسترسی‌ها."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="ثبت سامانه تازه و صدور نخستین توکن")
        create.add_argument("name")
        create.add_argument("--scope", action="extend", nargs="+", required=True, dest="scopes")
        create.add_argument("--kind", choices=ApiClient.Kind.values)
        create.add_argument("--title", default="")
        create.add_argument("--days", type=int, help="روزهای اعتبار توکن")
        # One kind of place per client (checked in do_create, to say so in Persian).
        create.add_argument("--office", action="extend", nargs="+", dest="offices", metavar="CODE")
        create.add_argument("--unit", action="extend", nargs="+", dest="units", metavar="CODE")
        create.add_argument("--province", action="extend", nargs="+", dest="provinces", metavar="CODE")
        rotate = actions.add_parser("rotate", help="صدور توکن تازه و ابطال توکن‌های پیشین")
        rotate.add_argument("name")
        rotate.add_argument("--days", type=int, help="روزهای اعتبار توکن")
        revoke = actions.add_parser("revoke", help="ابطال همه توکن‌های سامانه")
        revoke.add_argument("name")
        actions.add_parser("scopes", help="فهرست دسترسی‌ها")
        subscribe = actions.add_parser("subscribe", help="اشتراک وب‌هوک تازه و نمایش کلید امضای آن")
        subscribe.add_argument("name")
        subscribe.add_argument("url")
        subscribe.add_argument("--event", action="extend", nargs="+", required=True, dest="events")
        subscriptions = actions.add_parser("subscriptions", help="اشتراک‌های وب‌هوک سامانه")
        subscriptions.add_argument("name")
        actions.add_parser("events", help="فهرست رویدادهای وب‌هوک")

    def handle(self, *args, action, **options):
        getattr(self, f"do_{action}")(**options)

    def do_scopes(self, **options):
        for code, text in SCOPES.items():
            self.stdout.write(f"{code}\t{text}")

    def do_create(self, *, name, scopes, kind, title, days, offices, units, provinces, **options):
        if days is not None and days < 1:
            raise CommandError("روزهای اعتبار توکن باید دست‌کم ۱ باشد.")
        if len([codes for codes in (offices, units, provinces) if codes]) > 1:
            raise CommandError("فقط یکی از --office، --unit یا --province را بدهید.")
        found = {
            "offices": self.lookup(CounterOffice, offices, "دفتر پیشخوان", clean=clean_office_code),
            "units": self.lookup(OrgUnit, units, "واحد سازمانی"),
            "provinces": self.lookup(Province, provinces, "استان", clean=str.upper),
        }
        place = "office" if offices else "province" if provinces else ""
        kind = kind or KIND_BY_PLACE.get(place, ApiClient.Kind.COMPLAINTS)
        try:
            client = services.create_client(name=name, kind=kind, scopes=scopes, title=title, **found)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(f"سامانه «{client.name}» ({client.get_kind_display()}) ثبت شد.")
        self.write_token(client, days)

    def do_rotate(self, *, name, days, **options):
        if days is not None and days < 1:
            raise CommandError("روزهای اعتبار توکن باید دست‌کم ۱ باشد.")
        self.write_token(self.client(name), days)

    def do_revoke(self, *, name, **options):
        count = services.revoke_tokens(client=self.client(name))
        self.stdout.write(f"{count} توکن سامانه «{name}» باطل شد.")

    # The webhook actions import the webhooks app when run: it is built on this one, not under it.
    def do_events(self, **options):
        from webhooks.events import EVENTS

        for code, text in EVENTS.items():
            self.stdout.write(f"{code}\t{text}")

    def do_subscribe(self, *, name, url, events, **options):
        from webhooks import services as webhook_services

        try:
            row, secret = webhook_services.subscribe(client=self.client(name), url=url, events=events)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(f"اشتراک {row.pk} برای «{name}» ثبت شد: {', '.join(row.events)} → {row.url}")
        self.stdout.write("کلید امضا فقط همین یک بار نمایش داده می‌شود:")
        self.stdout.write(secret)

    def do_subscriptions(self, *, name, **options):
        for row in self.client(name).webhook_subscriptions.all():
            state = "فعال" if row.is_active else "غیرفعال"
            self.stdout.write(f"{row.pk}\t{state}\t{row.url}\t{','.join(row.events)}")

    def client(self, name: str) -> ApiClient:
        try:
            return ApiClient.objects.get(name=name)
        except ApiClient.DoesNotExist as exc:
            raise CommandError(f"سامانه‌ای با نام «{name}» ثبت نشده است.") from exc

    def lookup(self, model, codes, label: str, clean=str.strip) -> list:
        rows = []
        for code in codes or []:
            try:
                rows.append(model.objects.get(code=clean(code)))
            except (model.DoesNotExist, ValidationError) as exc:
                raise CommandError(f"{label} با کد «{code}» یافت نشد.") from exc
        return rows

    def write_token(self, client: ApiClient, days: int | None) -> None:
        row, token = services.issue_token(client=client, days=days)
        self.stdout.write(
            f"توکن تا {format_datetime(row.expires_at)} معتبر است و فقط همین یک بار نمایش داده می‌شود:"
        )
        self.stdout.write(token)
