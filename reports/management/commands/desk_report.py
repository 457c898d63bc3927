"""`manage.py desk_report --from 1404/01/01 --to 1404/12/29 --by province --format csv`: the desk's
report for a Jalali period, one CSV row per place (the header is a contract other tools rely on;
`reports.selectors.HEADER`). Bad input: a Persian message and a non-zero exit."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from core import excel
from core.jalali import parse_date
from core.text import to_persian_digits
from reports.selectors import BY, HEADER, desk_report

FORMATS = ("csv",)


class Command(BaseCommand):
    help = "The desk's report for a Jalali period, one row per place (CSV)."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="start", required=True, help="first day (Jalali), e.g. 1404/01/01")
        parser.add_argument("--to", dest="end", required=True, help="last day (Jalali), e.g. 1404/12/29")
        parser.add_argument("--by", default="province", help=f"one of: {', '.join(BY)}")
        parser.add_argument("--format", default="csv", help="csv")

    def handle(self, *args, start, end, by, format, **options):
        try:
            first = parse_date(start)
            last = parse_date(end)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        if last < first:
            raise CommandError("پایان دوره پیش از آغاز آن است؛ تاریخ «تا» باید همان روز یا پس از «از» باشد.")
        if by not in BY:
            names = "، ".join(f"{key} ({label})" for key, label in BY.items())
            raise CommandError(f"گروه‌بندی «{by}» شناخته نیست؛ یکی از این‌ها را بدهید: {names}.")
        if format not in FORMATS:
            raise CommandError(f"قالب «{format}» پشتیبانی نمی‌شود؛ قالب: csv.")
        rows = desk_report(start=first, end=last, by=by)
        writer = excel.csv_writer(self.stdout, lineterminator="\n")  # every export's writer
        writer.writerow(HEADER)
        writer.writerows([row[column] for column in HEADER] for row in rows)
        self.stderr.write(f"{to_persian_digits(len(rows))} ردیف")
