"""The set-based clock (`reports.measure`, decision 0124) equals the desk's own
(`desk.sla.compute`, `reports.summary.first_response`) for random logs: pauses, resumes and stops
in any order (repeated, unmatched, several on one day, a reopen after a withdrawal), staff
messages as first responses, targets of 0 and none, holidays and weekends at either end."""

import datetime as dt
import random

import pytest
from django.db import connection
from django.utils import timezone

from accounts.models import Role
from core.calendar import clear_cache, get_calendar
from core.models import Holiday
from desk import sla
from desk.models import RequestEvent, ServiceRequest, State
from desk.tests.factories import submit_request
from desk.workflow import CLOCK_EFFECTS
from reports import measure, summary
from reports.changes import local_day
from reports.tests.conftest import at

CLOCK = sorted(CLOCK_EFFECTS)


def _random_log(rng, request, start: dt.date) -> None:
    """A few random clock events and staff messages after `start`, in time order (ties on a day)."""
    day, hour, rows = start, 9, []
    for _ in range(rng.randint(0, 7)):
        if rng.random() < 0.5:
            day += dt.timedelta(days=rng.randint(1, 6))
            hour = 9
        hour += 1
        if rng.random() < 0.15:
            kind, name, role = (
                RequestEvent.Kind.MESSAGE,
                "message",
                rng.choice([Role.STAFF_EXPERT, Role.APPLICANT]),
            )
        else:
            kind, name, role = RequestEvent.Kind.TRANSITION, rng.choice(CLOCK), Role.STAFF_EXPERT
        rows.append(RequestEvent(request=request, kind=kind, name=name, actor_role=role, at=at(day, hour)))
    RequestEvent.objects.bulk_create(rows)  # no receiver: these logs need not follow the workflow


@pytest.mark.parametrize("seed", [1, 2])
def test_the_clocks_in_sql_equal_the_desks_for_random_logs(world, seed):
    rng = random.Random(seed)
    today = timezone.localdate()
    first = today - dt.timedelta(days=90)
    Holiday.objects.bulk_create(
        [Holiday(date=first + dt.timedelta(days=n), title="آزمون") for n in rng.sample(range(80), 12)]
    )
    clear_cache()
    calendar = get_calendar()
    requests = []
    for n in range(30):
        request = submit_request(rng.choice(world["services"][:1]), world["applicants"][n % 3])
        start = first + dt.timedelta(days=rng.randint(0, 20))
        ServiceRequest.objects.filter(pk=request.pk).update(
            submitted_at=at(start, 8),
            target_working_days=rng.choice([0, 1, 3, 5, 8]),
            first_response_target=rng.choice([None, 0, 1, 2, 4]),
            state=rng.choice([State.APPROVED, State.REJECTED, State.IN_REVIEW]),
            decided_at=at(start + dt.timedelta(days=30), 20),
        )
        _random_log(rng, request, start)
        requests.append(request.pk)
    with connection.cursor() as cursor:
        work = measure.Measure(cursor, today=today)
        work.chunk(ServiceRequest.objects.all(), min(requests), max(requests) + 1)
        cursor.execute("SELECT request_id, kind, used, breached FROM rb_clock")
        clocks = cursor.fetchall()
        work.close()
    targets = dict(ServiceRequest.objects.values_list("pk", "first_response_target"))
    found = {  # the answer's working days and breach; the first response's and whether within target
        (pk, kind): (used, bool(breached) if kind == "answer" else targets[pk] is not None and not breached)
        for pk, kind, used, breached in clocks
    }
    expected, answered = {}, 0
    for r in ServiceRequest.objects.filter(pk__in=requests):
        log = list(r.events.order_by("pk").values_list("pk", "kind", "name", "actor_role", "at"))
        accepted_on = local_day(r.submitted_at)
        if r.state != State.IN_REVIEW:
            answered += 1
            events = [
                sla.ClockEvent(local_day(at_), CLOCK_EFFECTS[name])
                for _pk, kind, name, _role, at_ in log
                if kind == RequestEvent.Kind.TRANSITION and name in CLOCK_EFFECTS
            ]
            clock = sla.compute(
                calendar=calendar, start=accepted_on, target=r.target_working_days, events=events, today=today
            )
            expected[(r.pk, "answer")] = (clock.used, clock.breached)
        response = summary.first_response(
            log, accepted_on=accepted_on, target=r.first_response_target, calendar=calendar
        )
        if response is not None:
            expected[(r.pk, "first")] = (response.working_days, response.within)
    assert answered > 10 and len(expected) > answered + 10
    assert found == expected
    # Both outcomes happen, for answers and first responses: within and past the target.
    assert {v[1] for k, v in expected.items() if k[1] == "answer"} == {True, False}
    assert {v[1] for k, v in expected.items() if k[1] == "first"} == {True, False}
