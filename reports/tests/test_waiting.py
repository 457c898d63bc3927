"""Report pages on PostgreSQL wait a moment for a summary table another transaction holds (a first
build, decision 0154), then say in Persian that the summary is being built (`reports.waiting`)."""

import threading
import time

import psycopg
import pytest
from django.db import OperationalError, connection
from django.urls import reverse

from accounts.models import Role
from accounts.tests.factories import make_user
from reports import waiting
from reports.models import SUMMARY_MODELS

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite's readers do not wait for its writer"
)

TABLES = [model._meta.db_table for model in SUMMARY_MODELS]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "name", ["reports:report", "reports:export_csv", "reports:compliance", "reports:compliance_xlsx"]
)
def test_a_report_page_waits_briefly_for_a_summary_being_built_then_says_so_in_persian(
    world, client, monkeypatch, name
):
    """While a first build holds the summary locked (as `indexes_set_aside` does until it commits),
    a report page answers 503 in Persian after `waiting.LOCK_WAIT`, instead of holding its worker
    for the build's minutes; the connection keeps no lock timeout after it; once the build is
    over the page is drawn."""
    monkeypatch.setattr(waiting, "LOCK_WAIT", "300ms")
    client.force_login(make_user(role=Role.HQ_PLANNER))
    url = reverse(name) + "?period=year&year=1404"
    assert client.get(url).status_code == 200
    with psycopg.connect(**connection.get_connection_params()) as builder:
        builder.execute(f"LOCK TABLE {', '.join(TABLES)} IN ACCESS EXCLUSIVE MODE")
        # The build ends by itself after 10 s, so a page that waits for it fails this test
        # instead of hanging it.
        ends = threading.Timer(10, builder.rollback)
        ends.start()
        started = time.monotonic()
        try:
            response = client.get(url)
        finally:
            waited = time.monotonic() - started
            ends.cancel()
            builder.rollback()
    assert response.status_code == 503 and response["Retry-After"] == "60"
    assert waiting.BUILDING_MESSAGE in response.content.decode()
    assert "گزارش هنوز آماده نیست" in response.content.decode()
    assert 0.3 <= waited < 5
    with connection.cursor() as cursor:
        cursor.execute("SHOW lock_timeout")
        assert cursor.fetchone()[0] == "0"
    assert client.get(url).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_another_database_error_is_not_called_a_build(rf):
    """Only a lock wait that ran out is answered as a build in progress: a statement cancelled
    for its own time (an `OperationalError` too) is still an error."""

    @waiting.waits_briefly
    def slow(request):
        with connection.cursor() as cursor:
            cursor.execute("SET statement_timeout = '50ms'")
            try:
                cursor.execute("SELECT pg_sleep(1)")
            finally:
                cursor.execute("SET statement_timeout = 0")

    with pytest.raises(OperationalError) as raised:
        slow(rf.get("/reports/"))
    assert raised.value.__cause__.sqlstate == "57014"  # query_canceled
