"""`desk_generate`: the same seed gives the same requests, and the generated requests keep the
desk's invariants (tracking codes, an event log that replays to the state, the clock's due
dates, responses and ratings only where the workflow allows them, the summary)."""

import datetime as dt
import itertools

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Sum

from core.jalali import to_jalali
from desk import tracking, workflow
from desk.models import RequestEvent, ServiceRequest, State
from reports import measure, months, recount, synthetic
from reports.models import DAY_TABLES, MONTH_TABLES
from reports.selectors import BY, desk_report
from reports.summary import ANSWERED_STATES
from reports.tests.conftest import at, summary_rows
from reports.tests.test_exactness import direct

END = at(dt.date(2026, 3, 1), 18)


class Rollback(Exception):
    pass


def snapshot() -> list:
    requests = ServiceRequest.objects.order_by("pk")
    return [
        (
            r.tracking_code,
            r.service.title,
            r.unit.code,
            r.channel,
            r.state,
            r.submitted_at,
            r.due_date,
            list(r.events.order_by("pk").values_list("name", "at")),
        )
        for r in requests.select_related("service", "unit")
    ]


def generated_alone(count: int, seed: int) -> list:
    try:
        with transaction.atomic():
            synthetic.generate(count=count, seed=seed, end=END)
            raise Rollback(snapshot())
    except Rollback as done:
        return done.args[0]


def test_the_same_seed_gives_the_same_requests_and_another_seed_others(world):
    first = generated_alone(40, seed=7)
    assert len(first) == 40
    assert generated_alone(40, seed=7) == first
    assert generated_alone(40, seed=8) != first


def test_generated_requests_keep_the_desks_invariants(world):
    call_command("desk_generate", count=300, seed=3, end="1404/12/10")
    requests = list(ServiceRequest.objects.select_related("feedback", "response"))
    assert len(requests) == 300
    states, channels = {r.state for r in requests}, {r.channel for r in requests}
    assert states >= {State.CLOSED, State.WITHDRAWN} and states & {State.IN_REVIEW, State.AWAITING_APPLICANT}
    assert len(channels) == 3
    assert len({r.unit_id for r in requests}) == 3
    for r in requests:
        assert tracking.is_valid(r.tracking_code)
        assert int(r.tracking_code[:2]) == to_jalali(r.submitted_at).year % 100
        transitions = list(r.events.filter(kind=RequestEvent.Kind.TRANSITION).order_by("at", "pk"))
        assert transitions[0].name == "submit"
        for before, after in itertools.pairwise(transitions):
            assert after.from_state == before.to_state and after.at >= before.at
            assert workflow.TRANSITIONS[after.name].allowed_from(after.from_state)
        assert transitions[-1].to_state == r.state
        clock = workflow.clock_for(r)
        assert (r.due_date, r.clock_paused) == (clock.due_date, clock.paused)
        assert (r.decided_at is not None) == (r.state in (*ANSWERED_STATES, State.WITHDRAWN))
        assert hasattr(r, "response") == (r.state in (State.RESPONSE_ISSUED, State.CLOSED))
        if hasattr(r, "feedback"):
            assert r.state == State.CLOSED and 1 <= r.feedback.score <= 5
    kept = summary_rows()
    call_command("desk_summary_rebuild")
    assert summary_rows() == kept


FIGURES = ("first_response_event_id", "first_responded_at", *measure.FIGURES)


@pytest.mark.parametrize("chunk", [1, 7])
def test_measured_again_in_small_ranges_of_ids_the_clocks_are_what_the_generator_kept(world, chunk):
    """`reports.measure` reads the logs a range of ids at a time: any range size finds the figures
    the generator measured (decision 0145), writes only the requests whose figures differ, and the
    recount from them gives the summary the generator kept."""
    call_command("desk_generate", count=40, seed=13, end="1404/12/10")
    kept, figures = summary_rows(), list(ServiceRequest.objects.order_by("pk").values_list(*FIGURES))
    assert {f[2] for f in figures} - {None} and {f[4] for f in figures} - {None}
    assert measure.measure(ServiceRequest.objects.all(), chunk=chunk) == (40, 0)  # all right: none written
    spoilt = ServiceRequest.objects.filter(pk__in=ServiceRequest.objects.order_by("pk").values("pk")[:30])
    spoilt.update(**dict.fromkeys(FIGURES))
    read, changed = measure.measure(ServiceRequest.objects.all(), chunk=chunk)
    assert (read, changed) == (40, sum(1 for f in figures[:30] if f != (None,) * 6))
    assert list(ServiceRequest.objects.order_by("pk").values_list(*FIGURES)) == figures
    for rows in (DAY_TABLES.counts, DAY_TABLES.durations, DAY_TABLES.reasons):
        rows.objects.all().delete()
    recount.recount(ServiceRequest.objects.all(), since=None)
    months.roll_up()
    assert summary_rows() == kept


def test_without_the_summary_the_generator_leaves_it_and_the_rebuild_counts_every_request(world):
    """`--no-summary` writes the requests and not one summary row; the rebuild then counts them
    with those the generator counted as it wrote (compared by totals: on PostgreSQL a rolled-back
    run would leave the sequences, so the same seed gets other ids and the rows other keys)."""
    call_command("desk_generate", count=60, seed=11, end="1404/12/10")
    kept = summary_rows()
    assert all(kept[:3])
    call_command("desk_generate", count=40, seed=12, end="1404/12/10", no_summary=True)
    assert ServiceRequest.objects.count() == 100
    assert summary_rows() == kept  # not one row written or changed
    assert DAY_TABLES.counts.objects.aggregate(n=Sum("accepted"))["n"] == 60
    call_command("desk_summary_rebuild")
    assert DAY_TABLES.counts.objects.aggregate(n=Sum("accepted"))["n"] == 100
    assert MONTH_TABLES.counts.objects.aggregate(n=Sum("accepted"))["n"] == 100
    assert summary_rows() != kept


def test_a_seed_used_before_or_a_count_out_of_range_is_refused_in_persian(world):
    call_command("desk_generate", count=5, seed=4, end="1404/12/10")
    with pytest.raises(CommandError, match="seed دیگری"):
        call_command("desk_generate", count=5, seed=4)
    with pytest.raises(CommandError, match="شمار درخواست‌ها"):
        call_command("desk_generate", count=0, seed=5)
    assert ServiceRequest.objects.count() == 5


def test_generated_requests_report_what_a_direct_count_of_them_says(world):
    """The bulk path's summary (computed from what it generated, decision 0111) gives every
    figure of the report, whole months from the month rollup and edges from the day rows, as the
    exactness test's direct computation over the requests themselves."""
    call_command("desk_generate", count=150, seed=5, end="1404/12/10")
    periods = [
        (dt.date(2025, 3, 21), dt.date(2026, 3, 1)),  # 1404/01/01 to 1404/12/10
        (dt.date(2025, 5, 3), dt.date(2025, 9, 30)),  # 1404/02/13 to 1404/07/08
        (dt.date(2024, 3, 20), dt.date(2025, 3, 20)),  # the whole year 1403
    ]
    for start, end in periods:
        assert months.split(start, end)[1] is not None
        for by in BY:
            assert desk_report(start=start, end=end, by=by) == direct(start, end, by), (start, end, by)
