"""Each violation item carries its fine in rials (P9). Table 4-1 of seed 003 gives ۱۰۰۰۰۰ ریال for
each of its 23 items, so items 1–23 get that amount; any other item gets 0 until an administrator
enters its amount."""

from django.db import migrations, models

# A copy of counters.defaults as it was when this migration was written.
SEED_FINE_RIALS = 100_000
VIOLATION_COUNT = 23


def seed_fines(apps, schema_editor):
    ViolationItem = apps.get_model("counters", "ViolationItem")
    ViolationItem.objects.filter(number__gte=1, number__lte=VIOLATION_COUNT).update(fine_rials=SEED_FINE_RIALS)


class Migration(migrations.Migration):
    dependencies = [("counters", "0003_event_log_append_only")]

    operations = [
        migrations.AddField(
            model_name="violationitem",
            name="fine_rials",
            field=models.PositiveBigIntegerField(
                default=0,
                help_text="مبلغ جریمه هر بار ارتکاب این تخلف، به ریال (جدول ۴-۱).",
                verbose_name="جریمه (ریال)",
            ),
            preserve_default=False,
        ),
        migrations.RunPython(seed_fines, migrations.RunPython.noop),
    ]
