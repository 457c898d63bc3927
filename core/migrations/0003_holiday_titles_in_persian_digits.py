"""The titles the `holidays` package gave in Latin digits («قیام 15 خرداد») are shown in Persian
digits, as `core.services.seed_holidays` now stores them. Only the package's rows: an
administrator's own titles stay as typed."""

from django.db import migrations

LATIN_TO_PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def persian_digits(apps, schema_editor):
    Holiday = apps.get_model("core", "Holiday")
    for holiday in Holiday.objects.filter(source="package", title__regex=r"[0-9]"):
        holiday.title = holiday.title.translate(LATIN_TO_PERSIAN)
        holiday.save(update_fields=["title"])


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_scheduled_run"),
    ]

    operations = [
        migrations.RunPython(persian_digits, migrations.RunPython.noop),
    ]
