"""Pull new complaints from the linked national systems: `manage.py complaints_pull [--system CODE]`
(by `miz_scheduler` every 15 minutes, job `complaints_pull`). A system that fails leaves its cursor
where it was; the command still pulls from the others, then exits with an error naming it."""

from django.core.management.base import BaseCommand, CommandError

from complaints import pull
from complaints.models import ExternalSystem
from core.text import to_persian_digits


class Command(BaseCommand):
    help = "دریافت شکایات تازه از سامانه‌های ملی رسیدگی به شکایات (هر شکایت یک بار)."

    def add_arguments(self, parser):
        parser.add_argument("--system", choices=ExternalSystem.values, default="")
        parser.add_argument("--pages", type=int, default=None, help="بیشترین صفحه در این اجرا")

    def handle(self, *args, system: str, pages: int | None, **options):
        results = pull.pull_all(system=system, max_pages=pages)
        for result in results:
            landed, repeated, refused = (
                to_persian_digits(n) for n in (result.landed, result.repeated, result.refused)
            )
            line = f"{result.system}: {landed} شکایت تازه، {repeated} پیش‌تر ثبت‌شده، {refused} ردشده"
            self.stdout.write(f"{line}؛ خطا: {result.error}" if result.error else line)
        failed = [r.system for r in results if r.error]
        if failed:
            raise CommandError(f"دریافت از {'، '.join(failed)} ناموفق بود؛ نشانگر آن‌ها تغییر نکرد.")
        if not results:
            self.stdout.write("هیچ سامانه ملی با نشانی دریافت پیوند نخورده است.")
