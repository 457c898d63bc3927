"""`manage.py desk_generate --count N --seed S [--end 1404/12/29] [--no-summary]`: add N synthetic
desk requests (same seed, same requests) for benchmarks and report tests; see `reports.synthetic`.
With `--no-summary` the report summary is not kept as they are written (about a third of the
generator's time): run `desk_summary_rebuild` afterwards."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from core.jalali import parse_date
from reports import synthetic


class Command(BaseCommand):
    help = "Add N synthetic desk requests over two years (deterministic for a seed); test data only."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, required=True)
        parser.add_argument("--seed", type=int, required=True)
        parser.add_argument("--end", help="the last day of the two years (Jalali); today by default")
        parser.add_argument(
            "--no-summary",
            action="store_true",
            help="leave the report summary for desk_summary_rebuild (a faster generator)",
        )

    def handle(self, *args, count, seed, end, no_summary, **options):
        try:
            last = None
            if end:
                day = parse_date(end)
                last = timezone.make_aware(dt.datetime.combine(day, dt.time(23, 59)))
            added = synthetic.generate(
                count=count,
                seed=seed,
                end=last,
                progress=lambda n: self.stderr.write(f"{n:,} …"),
                summary=not no_summary,
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(f"desk_generate: {added} synthetic requests added (seed {seed})")
        if no_summary:
            self.stdout.write("desk_generate: the summary was not kept; run desk_summary_rebuild")
