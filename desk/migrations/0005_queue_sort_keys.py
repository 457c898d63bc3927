"""The queue's sort keys for service and applicant copied onto the request and indexed with its
unit (issue 14: the queue sorted by either column is read in index order instead of sorting every
open request of the unit through a join). Existing requests are filled in one UPDATE."""

from django.conf import settings
from django.db import migrations, models


FILL = {
    "postgresql": (
        "UPDATE desk_servicerequest r SET service_sort = s.title, "
        "applicant_sort = btrim(u.last_name || ' ' || u.first_name) "
        "FROM catalogue_service s, accounts_user u WHERE s.id = r.service_id AND u.id = r.applicant_id"
    ),
    "sqlite": (
        "UPDATE desk_servicerequest SET "
        "service_sort = (SELECT s.title FROM catalogue_service s WHERE s.id = desk_servicerequest.service_id), "
        "applicant_sort = (SELECT trim(u.last_name || ' ' || u.first_name) FROM accounts_user u "
        "WHERE u.id = desk_servicerequest.applicant_id)"
    ),
}


def fill(apps, schema_editor):
    sql = FILL.get(schema_editor.connection.vendor)
    if sql:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0002_number_minimums"),
        ("desk", "0004_alerts"),
        ("orgs", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="servicerequest",
            name="applicant_sort",
            field=models.CharField(
                blank=True, editable=False, max_length=201, verbose_name="متقاضی (مرتب\u200cسازی)"
            ),
        ),
        migrations.AddField(
            model_name="servicerequest",
            name="service_sort",
            field=models.CharField(
                blank=True, editable=False, max_length=300, verbose_name="خدمت (مرتب\u200cسازی)"
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="servicerequest",
            index=models.Index(
                fields=["unit", "service_sort", "id"], include=("state",), name="desk_request_queue_service"
            ),
        ),
        migrations.AddIndex(
            model_name="servicerequest",
            index=models.Index(
                fields=["unit", "applicant_sort", "id"],
                include=("state",),
                name="desk_request_queue_applicant",
            ),
        ),
    ]
