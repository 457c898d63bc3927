"""Seed 002's introduction, stored by the demo as a service's legal basis and an SLA's
introduction, printed two numbers reversed: the law's date «۷۹۳۱» (1397) and «ماده ۴۲» (item 24).
Rows that still carry the seed's reversed text are mended; edited text is left as it is."""

from django.db import migrations
from django.db.models import Value
from django.db.models.functions import Replace

# (as seed 002 prints it, as it is shown) — frozen here; see catalogue.seed002.REVERSED_IN_SEED
REVERSED = [
    ("دوم دی ماه سال ۷۹۳۱", "دوم دی ماه سال ۱۳۹۷"),
    ("ماده ۴۲ سند سیاستهای کلی اقتصاد مقاومتی", "ماده ۲۴ سند سیاستهای کلی اقتصاد مقاومتی"),
]


def mend(apps, schema_editor):
    for model, field in [("Service", "legal_basis"), ("ServiceLevelAgreement", "introduction")]:
        manager = apps.get_model("catalogue", model).objects
        for old, new in REVERSED:
            manager.filter(**{f"{field}__contains": old}).update(
                **{field: Replace(field, Value(old), Value(new))}
            )


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0003_service_field_integer"),
    ]

    operations = [
        migrations.RunPython(mend, migrations.RunPython.noop),
    ]
