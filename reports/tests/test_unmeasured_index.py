"""The rebuild's look for requests that keep no figures of their clock (`reports.measure.unmeasured`)
goes through their partial index (`desk.kept.unmeasured_index`), so it costs nothing however many
requests there are: the index's condition and the look's are the same (a change to one alone fails
here), and the index holds only such requests."""

import pytest
from django.db import connection

from desk.models import ServiceRequest
from reports import measure

pytestmark = pytest.mark.django_db


def plan(queryset) -> list[str]:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # no rows here: planned as at 10,000,000
        cursor.execute(f"EXPLAIN {sql}", params)
        return [row[0].strip() for row in cursor.fetchall()]


def test_the_first_and_last_unmeasured_request_are_read_from_their_own_index():
    if connection.vendor != "postgresql":
        pytest.skip(
            "SQLite uses a partial index only when the query repeats its condition's terms with the same "
            "constants, not bound parameters: it reads the table (at its 1,000,000, about half a second)"
        )
    unmeasured = measure.unmeasured(ServiceRequest.objects.all()).order_by().values_list("pk", flat=True)
    for ordered, scan in (
        (unmeasured.order_by("pk")[:1], "Scan"),
        (unmeasured.order_by("-pk")[:1], "Scan Backward"),
    ):
        # that index alone, in its order (no other index beside it, no sort)
        limit, read = plan(ordered)
        assert limit.startswith("Limit")
        assert " ".join(read.split()).startswith(f"-> Index Only {scan} using desk_request_unmeasured ")
