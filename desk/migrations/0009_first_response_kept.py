"""The request keeps its first response to the applicant and that response's target (decision
0096): the columns, then every request's values from its log and the agreements (in batches)."""

import django.db.models.deletion
from django.db import migrations, models


def fill(apps, schema_editor):
    from desk.first_response import fill_from_logs

    fill_from_logs(
        apps.get_model("desk", "ServiceRequest"),
        apps.get_model("desk", "RequestEvent"),
        apps.get_model("catalogue", "ServiceLevelAgreement"),
        apps.get_model("orgs", "OrgUnit"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0006_agreement_province"),
        ("orgs", "0003_external_party"),
        ("desk", "0008_state_awaiting_payment"),
    ]

    operations = [
        migrations.AddField(
            model_name="servicerequest",
            name="first_responded_at",
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name="زمان پاسخ نخست"),
        ),
        migrations.AddField(
            model_name="servicerequest",
            name="first_response_event",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="desk.requestevent",
                verbose_name="رویداد پاسخ نخست",
            ),
        ),
        migrations.AddField(
            model_name="servicerequest",
            name="first_response_target",
            field=models.PositiveSmallIntegerField(
                blank=True, editable=False, null=True, verbose_name="مهلت پاسخ نخست (روز کاری)"
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
    ]
