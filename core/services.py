"""Writes owned by core: seeding the holiday table from the `holidays` package."""

import holidays as holidays_package
from django.db import transaction

from core.calendar import clear_cache
from core.jalali import current_jalali_year, jalali_year_bounds
from core.models import Holiday
from core.text import normalize_text, to_persian_digits

ESTIMATE_MARK = "(تخمینی)"


@transaction.atomic
def seed_holidays(*, around: int = 5, jalali_year: int | None = None) -> int:
    """Add Iran's official holidays for the Jalali years (current ± around) that are missing.

    A holiday is keyed by the date the package gave, so a date corrected in the admin (or a
    holiday switched off there) is never brought back. Returns how many rows were created.
    """
    year = jalali_year or current_jalali_year()
    first, _ = jalali_year_bounds(year - around)
    _, last = jalali_year_bounds(year + around)
    calendar = holidays_package.country_holidays(
        "IR", years=range(first.year, last.year + 1), language="fa_IR"
    )
    known = set(Holiday.objects.filter(package_date__isnull=False).values_list("package_date", flat=True))
    taken = set(Holiday.objects.values_list("date", flat=True))
    created = 0
    for day, name in sorted(calendar.items()):
        if not first <= day <= last or day in known or day in taken:
            continue
        estimate = ESTIMATE_MARK in name
        # The package writes some dates in Latin digits («قیام 15 خرداد»); the title is ours to show.
        title = to_persian_digits(normalize_text(name.replace(ESTIMATE_MARK, "")).strip())
        Holiday.objects.create(
            date=day,
            package_date=day,
            title=title[:200],
            is_estimate=estimate,
            source=Holiday.Source.PACKAGE,
        )
        created += 1
    clear_cache()
    return created
