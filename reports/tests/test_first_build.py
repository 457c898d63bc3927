"""A first build of the summary on PostgreSQL (decision 0154): into a table found empty, the rows
go with its unique constraint and secondary indexes set aside, and each is made again as it was.
The summary is the requests' as by any other rebuild; the tables end with the same constraints
and indexes; a failure undoes everything; nothing is set aside outside a transaction, into a
table that holds rows, or for fewer rows than `merge.BULK_ROWS`."""

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from reports import merge, summary
from reports.models import DAY_TABLES, SUMMARY_MODELS
from reports.tests.conftest import summary_rows

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the first build's indexes set aside are PostgreSQL's"
)

TABLES = [model._meta.db_table for model in SUMMARY_MODELS]


def definitions() -> dict[str, set]:
    """Each summary table's indexes and constraints as PostgreSQL would write them again."""
    found = {}
    with connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s "
                "UNION ALL SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE conrelid = %s::regclass",
                [table, table],
            )
            found[table] = set(cursor.fetchall())
    return found


def empty_summary() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(TABLES)}")


def set_aside_statements(queries) -> list[str]:
    return [q["sql"] for q in queries if q["sql"].startswith(("DROP INDEX", "ALTER TABLE"))]


@pytest.fixture
def generated(world):
    call_command("desk_generate", count=40, seed=22, end="1404/12/10")
    return summary_rows()


def test_a_first_build_sets_the_indexes_aside_and_ends_with_the_same_summary_and_indexes(
    generated, monkeypatch
):
    kept, shape = generated, definitions()
    assert all(len(found) >= 4 for found in shape.values())  # primary key and key, as index and constraint
    empty_summary()
    monkeypatch.setattr(merge, "BULK_ROWS", 1)
    with CaptureQueriesContext(connection) as queries:
        summary.rebuild()
    dropped = set_aside_statements(queries.captured_queries)
    # Every table with rows to write had its unique constraint and its other indexes dropped.
    written = [model._meta.db_table for model in SUMMARY_MODELS if model.objects.exists()]
    assert len(written) >= 7
    for table in written:
        assert any(s.startswith(f"ALTER TABLE {table} DROP CONSTRAINT") for s in dropped), table
        assert any(s.startswith(f"ALTER TABLE {table} ADD CONSTRAINT") for s in dropped), table
    secondary = {
        f'DROP INDEX "{name}"'
        for table in written
        for name, definition in shape[table]
        if definition.startswith("CREATE INDEX")  # not the primary key's, not the key's (UNIQUE)
    }
    assert len(secondary) >= 2 * 3 and {s for s in dropped if s.startswith("DROP INDEX")} == secondary
    assert summary_rows() == kept
    assert definitions() == shape
    # The key is unique again: the desk's events can upsert.
    row = DAY_TABLES.counts.objects.values().first()
    with pytest.raises(IntegrityError), transaction.atomic():
        DAY_TABLES.counts.objects.create(**{k: v for k, v in row.items() if k != "id"})


def test_a_rebuild_of_a_summary_that_is_there_or_of_few_rows_sets_nothing_aside(generated):
    with CaptureQueriesContext(connection) as queries:
        summary.rebuild()  # the summary is there
    assert set_aside_statements(queries.captured_queries) == []
    empty_summary()
    with CaptureQueriesContext(connection) as queries:
        summary.rebuild()  # empty, but far fewer rows than BULK_ROWS
    assert set_aside_statements(queries.captured_queries) == []
    assert summary_rows() == generated


def test_a_failure_while_they_are_aside_undoes_it_all(generated):
    shape = definitions()
    table = DAY_TABLES.counts._meta.db_table
    with pytest.raises(RuntimeError, match="stopped"), transaction.atomic():
        with connection.cursor() as cursor, merge.indexes_set_aside(cursor, table):
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608 - our table
            raise RuntimeError("stopped")
    assert definitions() == shape
    assert summary_rows() == generated


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_nothing_is_set_aside():
    shape = definitions()
    with pytest.raises(RuntimeError, match="inside a transaction"):
        with connection.cursor() as cursor, merge.indexes_set_aside(cursor, DAY_TABLES.counts._meta.db_table):
            pass
    assert definitions() == shape
