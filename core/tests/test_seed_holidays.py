"""Seeding the holidays from the `holidays` package: idempotent, and it never undoes an admin's fix."""

import datetime as dt
import importlib
from io import StringIO

import pytest
from django.core.management import call_command

from core.jalali import jalali_year_bounds
from core.models import Holiday
from core.services import seed_holidays

pytestmark = pytest.mark.django_db

NOWRUZ_1404 = dt.date(2025, 3, 21)
FATIMA_1404 = dt.date(2025, 11, 24)  # a lunar date: the one an administrator may correct


def test_seeds_the_year_from_the_package():
    created = seed_holidays(jalali_year=1404, around=0)
    first, last = jalali_year_bounds(1404)
    assert created == Holiday.objects.count() > 20
    assert not Holiday.objects.exclude(date__range=(first, last)).exists()
    nowruz = Holiday.objects.get(date=NOWRUZ_1404)
    assert "نوروز" in nowruz.title
    assert nowruz.source == Holiday.Source.PACKAGE and nowruz.package_date == NOWRUZ_1404
    for title in Holiday.objects.values_list("title", flat=True):
        assert "ي" not in title and "ك" not in title and "(تخمینی)" not in title
        assert not any(c.isascii() and c.isdigit() for c in title), title  # shown on Persian pages
    assert Holiday.objects.filter(title__contains="۱۵ خرداد").exists()  # the package's «15 خرداد»


def test_current_year_plus_minus_five_by_default():
    created = seed_holidays(jalali_year=1404)
    assert created == Holiday.objects.count()
    years = {d.year for d in Holiday.objects.values_list("date", flat=True)}
    assert min(years) == jalali_year_bounds(1399)[0].year
    assert max(years) == jalali_year_bounds(1409)[1].year


def test_second_run_creates_nothing():
    first = seed_holidays(jalali_year=1404, around=0)
    before = list(Holiday.objects.values_list("date", "title", "is_active", "is_estimate"))
    assert seed_holidays(jalali_year=1404, around=0) == 0
    assert list(Holiday.objects.values_list("date", "title", "is_active", "is_estimate")) == before
    assert Holiday.objects.count() == first


def test_admin_corrections_survive_a_second_run():
    seed_holidays(jalali_year=1404, around=0)
    moved = Holiday.objects.get(date=FATIMA_1404)
    moved.date = FATIMA_1404 + dt.timedelta(days=1)  # the official announcement said a day later
    moved.title = "شهادت حضرت فاطمه زهرا (س) — اصلاح‌شده"
    moved.save()
    switched_off = Holiday.objects.get(date=NOWRUZ_1404 + dt.timedelta(days=2))
    switched_off.is_active = False
    switched_off.save()
    deleted_date = NOWRUZ_1404 + dt.timedelta(days=3)
    Holiday.objects.filter(date=deleted_date).delete()
    count = Holiday.objects.count()

    assert seed_holidays(jalali_year=1404, around=0) == 1  # only the deleted row comes back
    assert Holiday.objects.count() == count + 1
    assert not Holiday.objects.filter(date=FATIMA_1404).exists()
    moved.refresh_from_db()
    assert moved.date == FATIMA_1404 + dt.timedelta(days=1) and "اصلاح‌شده" in moved.title
    switched_off.refresh_from_db()
    assert not switched_off.is_active
    assert Holiday.objects.get(date=deleted_date).source == Holiday.Source.PACKAGE


def test_a_manual_holiday_on_a_package_date_is_kept():
    Holiday.objects.create(date=NOWRUZ_1404, title="نوروز (دستی)")
    seed_holidays(jalali_year=1404, around=0)
    manual = Holiday.objects.get(date=NOWRUZ_1404)
    assert manual.title == "نوروز (دستی)" and manual.source == Holiday.Source.MANUAL


def test_management_command_and_demo_seed():
    out = StringIO()
    call_command("seed_holidays", "--around", "0", stdout=out)
    created = Holiday.objects.count()
    assert f"{created} holidays created" in out.getvalue()
    out = StringIO()
    call_command("seed_holidays", "--around", "0", stdout=out)
    assert "0 holidays created" in out.getvalue()


def test_rows_seeded_with_latin_digits_are_shown_in_persian_digits_after_migration_0003():
    """What an earlier seed stored as the package gave it is put right; an administrator's title
    is left as typed."""
    from django.apps import apps

    persian_digits = importlib.import_module(
        "core.migrations.0003_holiday_titles_in_persian_digits"
    ).persian_digits
    seed_holidays(jalali_year=1404, around=0)
    seeded = Holiday.objects.filter(title__contains="۱۵ خرداد").get()
    Holiday.objects.filter(pk=seeded.pk).update(title="قیام 15 خرداد")
    typed = Holiday.objects.create(
        date=dt.date(2025, 7, 1), title="تعطیلی 2 روزه", source=Holiday.Source.MANUAL
    )
    persian_digits(apps, None)
    seeded.refresh_from_db()
    typed.refresh_from_db()
    assert (seeded.title, typed.title) == ("قیام ۱۵ خرداد", "تعطیلی 2 روزه")
