"""The clock's figures the desk now keeps on each request (`desk.0015`, decision 0145) measured
from the logs of the requests there are (`reports.measure`), before the summary is rebuilt from
them."""

from django.db import migrations


def measure_all(apps, schema_editor):
    from reports import measure

    requests = apps.get_model("desk", "ServiceRequest").objects.all()
    if requests.exists():
        measure.measure(requests)


class Migration(migrations.Migration):
    dependencies = [
        ("desk", "0015_request_measures"),
        ("core", "0002_scheduled_run"),
        ("reports", "0006_summary_keys_without_constraints"),
    ]

    operations = [migrations.RunPython(measure_all, migrations.RunPython.noop, elidable=True)]
