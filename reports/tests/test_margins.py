"""The month margins (decision 0114): which reads go to them, and that a year's read by any
grouping, for the whole organisation, touches neither the month rows nor the day rows (its size
is then 12 × the places, whatever the number of requests). Their figures are checked against a
direct count of the requests by the exactness test (`test_exactness.py`)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.jalali import jalali_year_bounds
from reports import months
from reports.models import DeskDay, DeskMargin, DeskMonth
from reports.selectors import BY, GROUP_FIELDS, Where, desk_report


@pytest.mark.parametrize(
    ("fields", "filters", "margin"),
    [
        (("day",), {}, "channel"),
        (("unit_id",), {}, "unit"),
        (("unit_id",), {"unit_id__in": {1}}, "unit"),
        (("service_id",), {"service_id__in": {1}}, "service"),
        (("channel",), {"channel": "online"}, "channel"),
        (("channel", "office_id", "desk_id"), {"office_id": 3}, "office"),
        (("day",), {"office_id": 3}, "office"),
        # Two parts of the key: no margin keeps both, the month rows are read.
        (("service_id",), {"unit_id__in": {1}}, None),
        (("unit_id",), {"channel": "online"}, None),
    ],
)
def test_a_read_goes_to_the_margin_that_keeps_its_fields(fields, filters, margin):
    assert months.margin_for(fields, filters) == margin


def test_without_fields_the_month_rows_are_read(db):
    start, end = jalali_year_bounds(1404)
    found = months.querysets(DeskDay, start, end, unit_id__in={1})
    assert [qs.model for qs in found] == [DeskMonth]
    found = months.querysets(DeskDay, start, end, fields=("unit_id",), unit_id__in={1})
    assert [qs.model for qs in found] == [DeskMargin]


@pytest.mark.parametrize("by", BY)
def test_a_year_of_the_whole_organisation_reads_only_the_margins(db, by):
    start, end = jalali_year_bounds(1404)
    with CaptureQueriesContext(connection) as queries:
        desk_report(start=start, end=end, by=by)
    summary = [q["sql"] for q in queries.captured_queries if "reports_desk" in q["sql"]]
    assert len(summary) == 3, summary  # figures, histograms, reasons
    assert all("reports_deskmargin" in sql for sql in summary), summary
    by_margin = months.margin_for(GROUP_FIELDS[by], Where().summary())
    assert by_margin is not None
    assert all(f"'{by_margin}'" in sql for sql in summary), summary  # the margin's own rows
