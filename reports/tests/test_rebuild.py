"""`summary.rebuild` mends a summary that went wrong (decision 0141): every day row from `since`
on becomes what the requests say (wrong sums, missing rows, rows that should not be there), the
days before `since` are left as they are; on PostgreSQL the rows already right are not written."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import F

from desk.models import ServiceRequest
from reports import measure, summary
from reports.models import DAY_TABLES, MARGIN_TABLES, MONTH_TABLES, SUMMARY_MODELS
from reports.tests.conftest import summary_rows


def ids() -> list[dict]:
    """Each summary table's row ids by their key and sums."""
    return [
        {tuple(v for k, v in row.items() if k != "id"): row["id"] for row in model.objects.values()}
        for model in SUMMARY_MODELS
    ]


def spoil(days: list) -> None:
    """On each of `days`: a count made wrong, a histogram row lost, a reason that was never chosen."""
    for day in days:
        DAY_TABLES.counts.objects.filter(pk=DAY_TABLES.counts.objects.filter(day=day).first().pk).update(
            accepted=F("accepted") + 3, ratings=F("ratings") + 1
        )
        DAY_TABLES.durations.objects.filter(day=day).first().delete()
        row = DAY_TABLES.counts.objects.filter(day=day).first()
        DAY_TABLES.reasons.objects.create(
            day=day, unit_id=row.unit_id, service_id=row.service_id, channel=row.channel,
            office_id=row.office_id, desk_id=row.desk_id, reason="stray", ratings=2,
        )  # fmt: skip


def part(rows: set, since, *, later: bool) -> set:
    return {row for row in rows if (row[0] >= since) == later}


@pytest.fixture
def generated(world):
    call_command("desk_generate", count=40, seed=21, end="1404/12/10")
    days = sorted(
        set(DAY_TABLES.counts.objects.values_list("day", flat=True))
        & set(DAY_TABLES.durations.objects.values_list("day", flat=True))
    )
    assert len(days) > 10
    return days


def test_a_rebuild_from_a_day_mends_the_rows_from_that_day_and_leaves_the_days_before(generated):
    days = generated
    kept = summary_rows()
    early, since, late = days[2], days[len(days) // 2], days[-3]
    spoil([early, since, late])
    spoilt = summary_rows()
    summary.rebuild(since=since)
    mended = summary_rows()
    for table in range(3):  # the day tables: before `since` as spoilt, from it on as kept
        assert part(mended[table], since, later=False) == part(spoilt[table], since, later=False)
        assert part(mended[table], since, later=True) == part(kept[table], since, later=True)
    assert mended[:3] != kept[:3]  # the early day is still wrong
    summary.rebuild()
    assert summary_rows() == kept


def test_a_rebuild_of_a_right_summary_leaves_every_row_and_mends_a_wrong_one_in_place(generated):
    """On PostgreSQL the rebuild writes the difference (decision 0141): the rows it finds right
    keep their ids, a wrong count (of a day, of a month) is corrected in its own row. (SQLite
    empties the tables and writes every row again: there ids change, and only the figures are
    compared.)"""
    if connection.vendor != "postgresql":
        pytest.skip("the rebuild by difference is PostgreSQL's; SQLite's is the first test's")
    kept, before = summary_rows(), ids()
    summary.rebuild()
    assert summary_rows() == kept
    assert ids() == before
    for model, field in ((DAY_TABLES.counts, "answered"), (MONTH_TABLES.durations, "tally")):
        model.objects.filter(pk=model.objects.first().pk).update(**{field: F(field) + 4})
    MARGIN_TABLES.counts.objects.filter(pk=MARGIN_TABLES.counts.objects.last().pk).delete()
    summary.rebuild()
    assert summary_rows() == kept
    after = ids()
    assert after[:6] == before[:6] and after[7:] == before[7:]  # mended in place
    assert len(set(before[6].items()) - set(after[6].items())) == 1  # the margin row deleted, made again


def test_a_rebuild_measures_first_the_requests_whose_clock_was_never_kept(generated):
    """The rebuild reads what each request keeps of its clock (decision 0145); requests answered or
    responded to without it (rows written in SQL, an interrupted backfill) are measured from their
    logs first, so the summary is still the requests'. `--remeasure` measures them all."""
    kept = summary_rows()
    figures = list(ServiceRequest.objects.order_by("pk").values_list("pk", *measure.FIGURES))
    assert len({f[1] for f in figures} - {None}) > 1 and len({f[3] for f in figures} - {None}) > 1
    ServiceRequest.objects.filter(pk__in=[f[0] for f in figures[::2]]).update(
        **dict.fromkeys(measure.FIGURES)
    )
    lost = sum(1 for f in figures[::2] if f[1:] != (None,) * 4)
    assert lost > 5
    assert summary.rebuild() == lost  # only those were read from their logs
    assert summary_rows() == kept
    assert list(ServiceRequest.objects.order_by("pk").values_list("pk", *measure.FIGURES)) == figures
    call_command("desk_summary_rebuild", "--remeasure")
    assert summary_rows() == kept
