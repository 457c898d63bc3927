"""`reports.measure.postgres_settings`: the rebuild's planner and memory settings hold for their block
only, and the ones before it come back after it, in a transaction and outside one (the recount sets
some for two of its statements only: `recount.PARALLEL_PARTS`)."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext

from reports import recount
from reports.measure import postgres_settings

pytestmark = pytest.mark.django_db(transaction=True)


def show(cursor, name: str) -> str:
    cursor.execute("SELECT current_setting(%s)", [name])
    return cursor.fetchone()[0]


@pytest.fixture
def cursor():
    if connection.vendor != "postgresql":
        pytest.skip("planner settings are PostgreSQL's; on SQLite the block sets nothing (below)")
    with connection.cursor() as cursor:
        yield cursor


def test_in_a_transaction_the_settings_hold_for_the_block_and_the_earlier_ones_come_back(cursor):
    work_mem, jit, tuple_cost = (show(cursor, n) for n in ("work_mem", "jit", "parallel_tuple_cost"))
    assert "12MB" != work_mem and tuple_cost != "0.01"
    with transaction.atomic():
        cursor.execute("SET LOCAL work_mem = '12MB'")
        with postgres_settings(cursor, {"work_mem": "77MB", "jit": "off"}):
            assert (show(cursor, "work_mem"), show(cursor, "jit")) == ("77MB", "off")
            with postgres_settings(cursor, recount.PARALLEL_PARTS):
                assert show(cursor, "parallel_tuple_cost") == "0.01"
                assert show(cursor, "work_mem") == "77MB"
            assert show(cursor, "parallel_tuple_cost") == tuple_cost
        assert (show(cursor, "work_mem"), show(cursor, "jit")) == ("12MB", jit)
    assert show(cursor, "work_mem") == work_mem


def test_outside_a_transaction_they_come_back_after_an_error_too(cursor):
    work_mem = show(cursor, "work_mem")
    with postgres_settings(cursor, {"work_mem": "78MB"}):
        assert show(cursor, "work_mem") == "78MB"
    assert show(cursor, "work_mem") == work_mem
    with pytest.raises(DatabaseError), postgres_settings(cursor, {"work_mem": "79MB"}):
        cursor.execute("SELECT 1 / 0")
    assert show(cursor, "work_mem") == work_mem


def test_inside_a_transaction_a_rollback_undoes_them(cursor):
    work_mem = show(cursor, "work_mem")
    with pytest.raises(DatabaseError), transaction.atomic(), postgres_settings(cursor, {"work_mem": "80MB"}):
        cursor.execute("SELECT 1 / 0")
    assert show(cursor, "work_mem") == work_mem


def test_on_sqlite_the_block_runs_and_sets_nothing():
    if connection.vendor != "sqlite":
        pytest.skip("the other tests are PostgreSQL's")
    with CaptureQueriesContext(connection) as queries, connection.cursor() as cursor:
        with postgres_settings(cursor, {"work_mem": "1GB"}):
            cursor.execute("SELECT 1")
    assert [q["sql"] for q in queries] == ["SELECT 1"]


def test_a_block_whose_transaction_is_to_be_rolled_back_leaves_the_settings_to_the_rollback(cursor):
    work_mem = show(cursor, "work_mem")
    with transaction.atomic():
        with postgres_settings(cursor, {"work_mem": "81MB"}):
            transaction.set_rollback(True)  # no statement may run now: the block ends without one
    assert show(cursor, "work_mem") == work_mem
