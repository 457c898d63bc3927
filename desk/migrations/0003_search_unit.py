"""The request's unit in its search document, indexed with the words (issue 14: a common word
searched by one unit's staff no longer fetches every unit's matches)."""

from django.db import migrations, models

# PostgreSQL: the generated tsvector (0002) gains the word `u<unit id>` (weight D), so that a
# search narrowed to some units is one GIN lookup of the words AND those unit words
# (`desk.search._postgres_sql`). The column is dropped and added again (PostgreSQL cannot change
# a generated expression before 16): a rewrite of the table and its GIN index. SQLite: a plain
# index on the unit (FTS5 finds the words; the unit is checked on their matches).
VECTOR = (
    "ALTER TABLE desk_requestsearch ADD COLUMN vector tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('simple'::regconfig, head), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, answers), 'B') || "
    "setweight(to_tsvector('simple'::regconfig, messages), 'C'){unit}) STORED"
)
UNIT_WORD = " || setweight(to_tsvector('simple'::regconfig, 'u' || coalesce(unit_id, 0)::text), 'D')"
PG_FORWARD = [
    "UPDATE desk_requestsearch s SET unit_id = r.unit_id FROM desk_servicerequest r WHERE r.id = s.request_id",
    "DROP INDEX IF EXISTS desk_requestsearch_vector",
    "ALTER TABLE desk_requestsearch DROP COLUMN vector",
    VECTOR.format(unit=UNIT_WORD),
    "CREATE INDEX desk_requestsearch_vector ON desk_requestsearch USING gin (vector)",
]
PG_BACKWARD = [
    "DROP INDEX IF EXISTS desk_requestsearch_vector",
    "ALTER TABLE desk_requestsearch DROP COLUMN vector",
    VECTOR.format(unit=""),
    "CREATE INDEX desk_requestsearch_vector ON desk_requestsearch USING gin (vector)",
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
    ]
