"""The request's unit in its search document, indexed with the words (issue 14: a common word
searched by one unit's staff no longer fetches every unit's matches), and the queue's index for
the sort by tracking code."""

from django.db import migrations, models

# PostgreSQL: one GIN index over (unit_id, vector) (btree_gin) replaces the GIN index over the
# vector alone; a GIN index over several columns serves a condition on any of them, so a search
# of every unit (HQ roles) uses it too. SQLite: a plain index on the unit. Not Django's
# BtreeGinExtension: like TrigramExtension, its reverse queries pg_extension on SQLite too. The
# extension is left in place on the way back.
PG_INDEXES = [
    "CREATE INDEX desk_requestsearch_unit_vector ON desk_requestsearch USING gin (unit_id, vector)",
]
PG_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS btree_gin",
    "UPDATE desk_requestsearch s SET unit_id = r.unit_id FROM desk_servicerequest r WHERE r.id = s.request_id",
    *PG_INDEXES,
    "DROP INDEX IF EXISTS desk_requestsearch_vector",
]
PG_BACKWARD = [
    "CREATE INDEX IF NOT EXISTS desk_requestsearch_vector ON desk_requestsearch USING gin (vector)",
    "DROP INDEX IF EXISTS desk_requestsearch_unit_vector",
]
SQLITE_FORWARD = [
    "UPDATE desk_requestsearch SET unit_id = (SELECT r.unit_id FROM desk_servicerequest r "
    "WHERE r.id = desk_requestsearch.request_id)",
    "CREATE INDEX desk_requestsearch_unit ON desk_requestsearch (unit_id)",
]
SQLITE_BACKWARD = ["DROP INDEX IF EXISTS desk_requestsearch_unit"]


def _run(statements):
    def run(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("desk", "0002_request_search"),
    ]

    operations = [
        migrations.AddField(
            model_name="requestsearch",
            name="unit_id",
            field=models.BigIntegerField(editable=False, null=True, verbose_name="واحد رسیدگی\u200cکننده"),
        ),
        migrations.RunPython(
            _run({"postgresql": PG_FORWARD, "sqlite": SQLITE_FORWARD}),
            _run({"postgresql": PG_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        ),
        migrations.AddIndex(
            model_name="servicerequest",
            index=models.Index(
                fields=["unit", "tracking_code"], include=["state", "applicant"], name="desk_request_queue_code"
            ),
        ),
    ]
