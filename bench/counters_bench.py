"""Counters at national scale: rankings, the Excel export and the deadline sweeper over many files.

Run: .venv/bin/python bench/counters_bench.py [OFFICES]   (default 2000; a throw-away SQLite
database under a temporary MIZ_VAR_DIR, or DATABASE_URL if set). Prints seconds per operation.
"""

import datetime as dt
import os
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("MIZ_VAR_DIR", tempfile.mkdtemp(prefix="miz-bench-"))
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "miz.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import Membership, Role, User  # noqa: E402
from core.validators import national_code_with_check_digit  # noqa: E402
from counters import selectors, services, views  # noqa: E402
from counters.models import Declaration, Licence  # noqa: E402
from orgs.models import CounterOffice, Province  # noqa: E402
from orgs.services import seed_reference_data  # noqa: E402


def timed(label, func):
    start = time.perf_counter()
    result = func()
    print(f"{label:<48} {time.perf_counter() - start:8.3f} s")
    return result


def main(n: int) -> None:
    call_command("migrate", verbosity=0)
    seed_reference_data()
    provinces = list(Province.objects.all())
    holders = User.objects.bulk_create(
        User(
            national_code=national_code_with_check_digit(f"{500000000 + i:09d}"),
            mobile=f"+98936{i:07d}",
            first_name="دارنده",
            last_name=f"پروانه {i}",
        )
        for i in range(n)
    )
    offices = CounterOffice.objects.bulk_create(
        CounterOffice(
            code=f"{1000 + i // 10000:04d}-{(i // 100) % 100:02d}-{i % 100:02d}",
            name=f"دفتر {i}",
            kind="counter",
            province=provinces[i % len(provinces)],
        )
        for i in range(n)
    )
    Licence.objects.bulk_create(
        Licence(office=o, holder=h, number=f"B-{i}", expires_on=dt.date(2030, 1, 1))
        for i, (o, h) in enumerate(zip(offices, holders, strict=True))
    )
    Membership.objects.bulk_create(
        Membership(user=h, role=Role.LICENCE_HOLDER, counter_office=o)
        for o, h in zip(offices, holders, strict=True)
    )
    today = timezone.localdate()
    half = n // 2
    Declaration.objects.bulk_create(
        [
            Declaration(
                office=o,
                year=1404,
                state="approved",
                final_score=Decimal(i % 100),
                rank=1 + i % 4,
                due_on=today - dt.timedelta(days=1),
            )
            for i, o in enumerate(offices[:half])
        ]
        + [
            Declaration(office=o, year=1404, state="submitted", due_on=today - dt.timedelta(days=1))
            for o in offices[half:]
        ]
    )
    print(f"{n} offices, {half} approved files, {n - half} overdue reviews")
    rows = timed("rankings (all offices)", lambda: selectors.rankings())
    region = provinces[0].region_id
    timed("rankings (one region)", lambda: selectors.rankings(region_id=region))
    timed("Excel export (all offices)", lambda: views._excel(rows))
    timed("licence gate for one holder", lambda: services.licence_refusal(holders[0]))
    done = timed("deadline sweep (locks + escalations)", lambda: services.sweep_deadlines())
    print(done)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
