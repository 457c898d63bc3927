"""The day's payments for reconciliation with the gateway's report (the contract of issue 16):
`manage.py payments_reconcile --date 1405/09/10 --format csv` prints one row per payment started
or settled that Jalali day, header `gateway,reference,tracking_code,amount_rials,state,settled_at`;
with `--mismatches`, the day's mismatches with the gateways' own lists instead (`payments.reconcile`)."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from core.excel import csv_writer
from core.jalali import parse_date
from payments import reconcile
from payments.selectors import payments_of_day
from reports.scope import Scope

HEADER = ["gateway", "reference", "tracking_code", "amount_rials", "state", "settled_at"]
MISMATCH_HEADER = [
    "kind",
    "gateway",
    "authority",
    "tracking_code",
    "miz_amount_rials",
    "gateway_amount_rials",
    "miz_state",
    "gateway_reference",
]


class Command(BaseCommand):
    help = "Print a day's payments (Jalali --date) as CSV for reconciliation with the gateway."

    def add_arguments(self, parser):
        parser.add_argument("--date", required=True, help="Jalali day, e.g. 1405/09/10")
        parser.add_argument("--format", default="csv", choices=["csv"])
        parser.add_argument(
            "--mismatches",
            action="store_true",
            help="Print instead the day's mismatches with the gateways' own lists.",
        )

    def handle(self, *args, date: str, **options):
        try:
            day = parse_date(date)
        except (ValidationError, ValueError) as exc:
            raise CommandError(f"تاریخ «{date}» شمسی معتبر نیست (مانند ۱۴۰۵/۰۹/۱۰).") from exc
        writer = csv_writer(self.stdout, lineterminator="\n")  # every export's writer
        if options.get("mismatches"):
            return self.mismatches(writer, day)
        writer.writerow(HEADER)
        for payment in payments_of_day(day):
            settled = timezone.localtime(payment.settled_at).isoformat() if payment.settled_at else ""
            writer.writerow(
                [
                    payment.gateway,
                    payment.reference,
                    payment.charge.request.tracking_code,
                    payment.amount_rials,
                    payment.state,
                    settled,
                ]
            )

    def mismatches(self, writer, day) -> None:
        """The day's mismatches, whole organisation; fails (after printing them) when a gateway
        could not list its day, so that a scheduled run is noticed."""
        found, unavailable = reconcile.mismatches(day=day, scope=Scope(None))
        writer.writerow(MISMATCH_HEADER)
        for m in found:
            writer.writerow(
                [
                    m.kind,
                    m.gateway,
                    m.authority,
                    m.payment.charge.request.tracking_code if m.payment else "",
                    "" if m.miz_rials is None else m.miz_rials,
                    "" if m.gateway_rials is None else m.gateway_rials,
                    m.payment.state if m.payment else "",
                    m.gateway_reference,
                ]
            )
        if unavailable:
            raise CommandError(" ".join(note.message for note in unavailable))
