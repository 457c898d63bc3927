"""`core.postgres` (decision 0152): a kept connection's health check asks the server only when the
connection's socket has something to read; a connection the server dropped is still replaced
before a request uses it."""

import select

import psycopg
import pytest
from django.db import DataError, OperationalError, connection, connections, transaction
from django.db.backends.postgresql.base import DatabaseWrapper as DjangoWrapper

from core.postgres.base import DatabaseWrapper as HealthWrapper

pytestmark = pytest.mark.django_db(transaction=True)

MARK = "SELECT 'miz health mark'"


@pytest.fixture
def observer():
    """A second connection to the same database, to watch and to end the first one's backend."""
    if connection.vendor != "postgresql":
        pytest.skip("core.postgres is the PostgreSQL backend's; SQLite keeps no connection to check")
    connection.ensure_connection()
    with psycopg.connect(**connection.get_connection_params(), autocommit=True) as other:
        yield other
    connection.close()  # a connection a test ended is not left to the next one


def backend_pid() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def last_statement(observer, pid: int) -> str:
    return observer.execute("SELECT query FROM pg_stat_activity WHERE pid = %s", [pid]).fetchone()[0]


def wait_readable(timeout: float = 5.0) -> None:
    poll = select.poll()
    poll.register(connection.connection.pgconn.socket, select.POLLIN)
    assert poll.poll(timeout * 1000), "the server wrote nothing to the connection"


def test_the_backend_is_in_use(observer):
    assert isinstance(connections["default"], HealthWrapper)


def test_an_idle_kept_connection_is_usable_without_a_statement(observer):
    pid = backend_pid()
    with connection.cursor() as cursor:
        cursor.execute(MARK)
    assert connection.is_usable() is True
    assert last_statement(observer, pid) == MARK
    # Django's own check on the same connection is a statement the server sees: the test can tell.
    assert DjangoWrapper.is_usable(connection) is True
    assert last_statement(observer, pid) == "SELECT 1"


def test_a_terminated_connection_is_not_usable(observer):
    pid = backend_pid()
    assert observer.execute("SELECT pg_terminate_backend(%s)", [pid]).fetchone()[0] is True
    wait_readable()
    assert connection.is_usable() is False


def test_a_terminated_connection_is_replaced_before_a_request_uses_it(observer):
    pid = backend_pid()
    observer.execute("SELECT pg_terminate_backend(%s)", [pid])
    wait_readable()
    assert not connection.connection.closed  # psycopg has not noticed: only the socket tells
    # What Django does as a request starts, then the request's first query (its health check).
    connection.close_if_unusable_or_obsolete()
    assert backend_pid() != pid


def test_without_the_check_the_request_would_have_failed(observer, monkeypatch):
    """The control: with no health check, the same terminated connection fails the next query."""
    pid = backend_pid()
    observer.execute("SELECT pg_terminate_backend(%s)", [pid])
    wait_readable()
    monkeypatch.setattr(connection, "health_check_enabled", False)
    connection.close_if_unusable_or_obsolete()
    with pytest.raises(OperationalError):
        backend_pid()
    connection.close()
    assert backend_pid() != pid


def test_a_connection_with_something_to_read_asks_the_server(observer):
    pid = backend_pid()
    with connection.cursor() as cursor:
        cursor.execute("LISTEN miz_health")
        cursor.execute(MARK)
    observer.execute("NOTIFY miz_health")
    wait_readable()
    assert connection.is_usable() is True
    assert last_statement(observer, pid) == "SELECT 1"
    with connection.cursor() as cursor:
        cursor.execute("UNLISTEN miz_health")


def test_a_connection_in_a_failed_transaction_is_not_usable(observer):
    with transaction.atomic():
        with pytest.raises(DataError), connection.cursor() as cursor:
            cursor.execute("SELECT 1 / 0")
        # Inside the failed transaction: not idle, so the server is asked, and it refuses.
        assert connection.is_usable() is False
        transaction.set_rollback(True)
    # After the rollback it is idle and healthy again.
    assert connection.is_usable() is True
