"""How the summary's additions are written (`reports.changes`): a table's rows in one multi-row
upsert, split only past the database's limit of parameters, and the sums the same whichever way
the rows were split or met rows already there. The figures themselves are checked against the
requests by the exactness test (`test_exactness.py`)."""

import datetime as dt
import re
import threading
import time
from collections import Counter
from types import SimpleNamespace

import psycopg
import pytest
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reports import changes
from reports.models import DAY_TABLES, MARGIN_TABLES, MONTH_TABLES, DeskDay, DeskDuration, DeskMonth
from reports.summary import FirstResponse
from reports.tests.conftest import at

DAY = dt.date(2025, 5, 4)


def _summary_statements(queries) -> list[str]:
    return [q["sql"] for q in queries if "INSERT INTO reports_" in q["sql"]]


def _tables(statement: str) -> list[str]:
    """The summary tables one statement writes, in its order (on PostgreSQL one statement may
    write several, each a `WITH` part: decision 0153)."""
    return re.findall(r"INSERT INTO (reports_\w+)", statement)


def _day_sums() -> dict:
    fields = ("day", "unit_id", "service_id", "channel", "office_id", "desk_id")
    return {tuple(row[f] for f in fields): row for row in DeskDay.objects.values(*fields, "accepted", "open")}


@pytest.fixture
def key(world):
    return (world["units"][0].pk, world["services"][0].pk, "online", 0, 0)


def test_an_answer_writes_each_table_in_one_execution(world, key):
    """An answer with its first response adds to three day-level rows, and their month and margin
    rows: six tables written, none row by row (on PostgreSQL each execution of an `executemany`,
    «N times: …» in the log, is its own trip to the server)."""
    additions = changes.Changes()
    additions.first_response(FirstResponse(1, DAY, 2, True, True), key)
    submitted = SimpleNamespace(submitted_at=at(DAY - dt.timedelta(days=6)))
    additions.answer(submitted, key, used=4, within=True, day=DAY)
    additions.add(DAY - dt.timedelta(days=6), key, open=-1)
    with CaptureQueriesContext(connection) as queries:
        additions.flush()
    written = _summary_statements(queries.captured_queries)
    assert not [sql for sql in written if sql.split(" ", 1)[0].isdigit()], written  # «N times: …»
    day, month, margin = "reports_deskday", "reports_deskmonth", "reports_deskmargin"
    tables = [day, "reports_deskduration", month, f"{month}duration", margin, f"{margin}duration"]
    assert [table for sql in written for table in _tables(sql)] == tables
    # SQLite: a statement a table. PostgreSQL: the six in one statement, one round trip.
    assert len(written) == (1 if connection.vendor == "postgresql" else 6), written
    assert DeskDuration.objects.filter(day=DAY).count() == 3  # working, calendar, first response
    assert DeskDay.objects.get(day=DAY).answered == 1


def test_rows_past_the_parameter_limit_go_in_several_statements_and_add_up(world, key, monkeypatch):
    monkeypatch.setattr(connection.features, "max_query_params", 100)  # 22 columns: 4 rows a statement
    monkeypatch.setattr(changes, "JSON_ROWS", 4)  # PostgreSQL's rows, one JSON parameter a statement
    additions = changes.Changes(months=False)
    for n in range(10):
        additions.add(DAY + dt.timedelta(days=n), key, accepted=n + 1, open=1)
    with CaptureQueriesContext(connection) as queries:
        additions.flush()
    assert len(_summary_statements(queries.captured_queries)) == 3  # 4 + 4 + 2 rows
    additions.flush()  # the same additions again: every row is there, each is added to
    sums = _day_sums()
    assert len(sums) == 10
    assert {k[0]: (v["accepted"], v["open"]) for k, v in sums.items()} == {
        DAY + dt.timedelta(days=n): (2 * (n + 1), 2) for n in range(10)
    }
    assert not DeskMonth.objects.exists()  # months=False: the caller rolls the months up


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    batches=st.lists(
        st.lists(st.tuples(st.integers(0, 40), st.integers(-3, 5)), min_size=1, max_size=30),
        min_size=1,
        max_size=4,
    ),
    limit=st.sampled_from([22, 44, 999, None]),
    json_rows=st.sampled_from([1, 2, 5_000]),
)
def test_the_sums_are_those_added_however_the_rows_are_split(
    world, key, monkeypatch, batches, limit, json_rows
):
    """Batches of additions on days that repeat, within a batch and across batches, written with
    room for one row a statement, two, many, or no limit: each row holds the sum of its additions."""
    monkeypatch.setattr(connection.features, "max_query_params", limit)
    monkeypatch.setattr(changes, "JSON_ROWS", json_rows)
    expected = Counter()
    with transaction.atomic():
        for batch in batches:
            additions = changes.Changes(months=False)
            for offset, number in batch:
                additions.add(DAY + dt.timedelta(days=offset), key, accepted=number)
                expected[DAY + dt.timedelta(days=offset)] += number
            additions.flush()
        found = {k[0]: v["accepted"] for k, v in _day_sums().items()}
        transaction.set_rollback(True)
    assert found == dict(expected)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    offsets=st.lists(st.integers(0, 70), min_size=1, max_size=12),
    json_rows=st.sampled_from([1, 2, 3]),
    limit=st.sampled_from([50, 100]),
)
def test_every_level_is_written_the_same_however_each_table_is_split(
    world, key, monkeypatch, offsets, json_rows, limit
):
    """Day, month and margin rows together, each table split into several statements (on
    PostgreSQL a statement's parts then mix the end of one table with the start of the next):
    every table holds what one statement a table writes."""

    def written(json_rows: int, limit: int | None) -> dict:
        monkeypatch.setattr(connection.features, "max_query_params", limit)
        monkeypatch.setattr(changes, "JSON_ROWS", json_rows)
        with transaction.atomic():
            additions = changes.Changes()
            for offset in offsets:
                additions.add(DAY + dt.timedelta(days=offset), key, accepted=1, open=offset % 3)
            additions.flush()
            tables = (*DAY_TABLES[:3], *MONTH_TABLES[:3], *MARGIN_TABLES[:3])
            found = {model._meta.db_table: _rows(model) for model in tables}
            transaction.set_rollback(True)
        return found

    split = written(json_rows, limit)
    assert split == written(5_000, None)
    assert split["reports_deskday"] and split["reports_deskmonth"] and split["reports_deskmargin"]


def _rows(model) -> list[tuple]:
    """A table's rows without their ids, in order."""
    fields = [f.attname for f in model._meta.concrete_fields if not f.primary_key]
    return sorted(model.objects.values_list(*fields), key=repr)


@pytest.mark.django_db(transaction=True)
def test_on_postgresql_the_rows_are_locked_in_the_order_they_are_written(world, key):
    """Decision 0153: the upserts go as one statement of `WITH` parts, each waiting for the one
    before it. Another transaction holds the month rows: the statement has written (and locked)
    the day rows and waits there, and has not yet touched the margins written after the months.
    Without the parts' chaining PostgreSQL writes them last first, the margins before the days."""
    if connection.vendor != "postgresql":
        pytest.skip("one statement of several parts is PostgreSQL's; SQLite writes a table a statement")
    first = changes.Changes()
    first.add(DAY, key, accepted=1, open=1)
    first.flush()
    params = connection.get_connection_params()
    errors = []

    def second_filing():
        try:
            again = changes.Changes()
            again.add(DAY, key, accepted=1, open=1)
            again.flush()
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connections.close_all()

    with psycopg.connect(**params) as holder, psycopg.connect(**params, autocommit=True) as prober:
        holder.execute("SELECT 1 FROM reports_deskmonth FOR UPDATE")
        thread = threading.Thread(target=second_filing)
        thread.start()
        try:
            waiting = "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
            waiting += " AND wait_event_type = 'Lock' AND query LIKE 'WITH upsert%'"
            for _ in range(200):
                if prober.execute(waiting).fetchone()[0]:
                    break
                time.sleep(0.05)
            else:
                pytest.fail("the second filing never waited for the month rows")
            with pytest.raises(psycopg.errors.LockNotAvailable):
                prober.execute("SELECT 1 FROM reports_deskday FOR UPDATE NOWAIT")
            prober.execute("SELECT 1 FROM reports_deskmargin FOR UPDATE NOWAIT")  # not reached yet
        finally:
            holder.rollback()  # the month rows go free whatever happened: the filing ends
            thread.join(timeout=30)
    assert not thread.is_alive() and not errors, errors
    assert DeskDay.objects.get(day=DAY).accepted == 2
    assert DeskMonth.objects.get().accepted == 2
