"""The day's payments for reconciliation with the gateway's report (the contract of issue 16):
`manage.py payments_reconcile --date 1405/09/10 --format csv` prints one row per payment started
or settled that Jalali day, header `gateway,reference,tracking_code,amount_rials,state,settled_at`."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from core.excel import csv_writer
from core.jalali import parse_date
from payments.selectors import payments_of_day

HEADER = ["gateway", "reference", "tracking_code", "amount_rials", "state", "settled_at"]


class Command(BaseCommand):
    help = "Print a day's payments (Jalali --date) as CSV for reconciliation with the gateway."

    def add_arguments(self, parser):
        parser.add_argument("--date", required=True, help="Jalali day, e.g. 1405/09/10")
        parser.add_argument("--format", default="csv", choices=["csv"])

    def handle(self, *args, date: str, **options):
        try:
            day = parse_date(date)
        except (ValidationError, ValueError) as exc:
            raise CommandError(f"تاریخ «{date}» شمسی معتبر نیست (مانند ۱۴۰۵/۰۹/۱۰).") from exc
        writer = csv_writer(self.stdout, lineterminator="\n")  # every export's writer
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
