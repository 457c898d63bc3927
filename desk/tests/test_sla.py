"""The SLA clock in working days, with pauses while awaiting the applicant, over holidays."""

import datetime as dt

from hypothesis import assume, given
from hypothesis import strategies as st

from core.calendar import BusinessCalendar
from desk.sla import ClockEvent, compute

D = dt.date
# Nowruz-like block of holidays plus a lone one; Friday weekend.
HOLIDAYS = frozenset(
    {D(2026, 3, 20), D(2026, 3, 21), D(2026, 3, 22), D(2026, 3, 23), D(2026, 3, 24), D(2026, 4, 1)}
)
CAL = BusinessCalendar(holidays=HOLIDAYS, weekend=frozenset({4}))

days = st.dates(min_value=D(2026, 3, 1), max_value=D(2026, 5, 30))
calendars = st.builds(
    BusinessCalendar,
    holidays=st.frozensets(days, max_size=15),
    weekend=st.sampled_from([frozenset({4}), frozenset({3, 4})]),
)


def test_no_pause_due_date_is_target_working_days_after_submission_over_holidays():
    # Submitted Wednesday 18 March 2026; Friday 20th and 20–24 March (Nowruz) are off.
    clock = compute(calendar=CAL, start=D(2026, 3, 18), target=3, events=[], today=D(2026, 3, 18))
    assert clock.due_date == D(2026, 3, 26)  # 19th, 25th, 26th
    assert clock.used == 0 and not clock.paused and not clock.overdue


def test_pause_over_holidays_moves_the_due_date_by_the_paused_working_days():
    start = D(2026, 3, 16)  # Monday
    events = [ClockEvent(D(2026, 3, 17), "pause"), ClockEvent(D(2026, 3, 28), "resume")]
    clock = compute(calendar=CAL, start=start, target=5, events=events, today=D(2026, 3, 28))
    # Paused 18, 19, 25, 26, 28 March (the 20th–24th are holidays, the 27th is Friday): 5 days.
    assert clock.paused_days == 5
    assert clock.used == 1  # only the 17th counted
    assert clock.due_date == CAL.add_working_days(start, 10)
    assert not clock.paused


def test_still_paused_is_reported_and_not_overdue_while_waiting():
    events = [ClockEvent(D(2026, 3, 2), "pause")]
    clock = compute(calendar=CAL, start=D(2026, 3, 1), target=1, events=events, today=D(2026, 4, 20))
    assert clock.paused and not clock.due_soon
    assert clock.used == 1 and not clock.overdue


def test_decision_stops_the_clock_and_a_late_decision_is_a_breach():
    events = [ClockEvent(D(2026, 4, 20), "stop")]
    clock = compute(calendar=CAL, start=D(2026, 4, 1), target=3, events=events, today=D(2026, 5, 20))
    assert clock.stopped and clock.breached
    assert clock.used == CAL.working_days_between(D(2026, 4, 1), D(2026, 4, 20))


def test_overdue_and_due_soon():
    start = D(2026, 4, 4)
    due = CAL.add_working_days(start, 5)
    assert compute(calendar=CAL, start=start, target=5, events=[], today=due).due_soon
    late = compute(calendar=CAL, start=start, target=5, events=[], today=CAL.add_working_days(due, 1))
    assert late.overdue and late.breached and not late.due_soon


@given(calendars, days, st.integers(0, 40))
def test_without_pauses_the_due_date_is_exactly_the_target(calendar, start, target):
    clock = compute(calendar=calendar, start=start, target=target, events=[], today=start)
    assert clock.due_date == calendar.add_working_days(start, target)
    at_due = compute(calendar=calendar, start=start, target=target, events=[], today=clock.due_date)
    assert at_due.used == target and at_due.remaining == 0 and not at_due.overdue


@given(calendars, days, st.integers(1, 30), st.integers(0, 30), st.integers(0, 30), st.integers(0, 60))
def test_a_pause_never_brings_the_due_date_forward_and_time_adds_up(calendar, start, target, a, b, extra):
    pause = start + dt.timedelta(days=a)
    resume = pause + dt.timedelta(days=b)
    today = resume + dt.timedelta(days=extra)
    events = [ClockEvent(pause, "pause"), ClockEvent(resume, "resume")]
    paused = compute(calendar=calendar, start=start, target=target, events=events, today=today)
    plain = compute(calendar=calendar, start=start, target=target, events=[], today=today)
    assert paused.due_date >= plain.due_date
    assert paused.paused_days == calendar.working_days_between(pause, resume)
    assert paused.used + paused.paused_days == calendar.working_days_between(start, today)
    # The due date is where the used working days reach the target.
    at_due = compute(calendar=calendar, start=start, target=target, events=events, today=paused.due_date)
    assume(paused.due_date >= resume)
    assert at_due.used == target


@given(calendars, days, st.integers(1, 30), st.lists(st.integers(0, 10), min_size=2, max_size=8))
def test_several_pauses_add_up(calendar, start, target, gaps):
    events, day = [], start
    for i, gap in enumerate(gaps):
        day += dt.timedelta(days=gap)
        events.append(ClockEvent(day, "pause" if i % 2 == 0 else "resume"))
    today = day + dt.timedelta(days=3)
    clock = compute(calendar=calendar, start=start, target=target, events=events, today=today)
    assert clock.used + clock.paused_days == calendar.working_days_between(start, today)
    assert clock.paused == (len(gaps) % 2 == 1)


def test_a_day_off_after_the_due_date_is_already_overdue():
    # Start Monday 6 April 2026, three working days → 7, 8 and 9 April (Thursday). On Friday
    # 10 April (the weekend) the answer is already late, as the queue says.
    start = D(2026, 4, 6)
    clock = compute(calendar=CAL, start=start, target=3, events=[], today=D(2026, 4, 10))
    assert clock.due_date == D(2026, 4, 9)
    assert clock.overdue and clock.breached and not clock.due_soon
    decided = compute(
        calendar=CAL, start=start, target=3, events=[ClockEvent(D(2026, 4, 10), "stop")], today=D(2026, 4, 20)
    )
    assert decided.stopped and decided.breached and not decided.overdue


@given(calendars, days, st.integers(0, 30), st.integers(0, 90))
def test_overdue_means_past_the_due_date_as_the_queue_filters(calendar, start, target, later):
    today = start + dt.timedelta(days=later)
    clock = compute(calendar=calendar, start=start, target=target, events=[], today=today)
    assert clock.overdue == (today > clock.due_date)  # the queue: due_date < today
    assert not (clock.overdue and clock.due_soon)
    paused = compute(
        calendar=calendar, start=start, target=target, events=[ClockEvent(start, "pause")], today=today
    )
    assert paused.paused and not paused.overdue and not paused.due_soon


@given(
    calendar=calendars,
    start=days,
    offsets=st.lists(st.integers(min_value=0, max_value=60), max_size=5),
    effects=st.lists(st.sampled_from(["pause", "resume", "stop"]), min_size=5, max_size=5),
    later=st.integers(min_value=0, max_value=60),
    targets=st.tuples(st.integers(min_value=0, max_value=30), st.integers(min_value=0, max_value=30)),
)
def test_a_clock_against_another_target_is_the_clock_computed_with_it(
    calendar, start, offsets, effects, later, targets
):
    """The first response's target measured on the answer's clock (decision 0096) gives what
    computing the clock with that target gives: the same working days, due date and breach."""
    events = [
        ClockEvent(start + dt.timedelta(days=o), e) for o, e in zip(sorted(offsets), effects, strict=False)
    ]
    today = start + dt.timedelta(days=max([*offsets, later]))
    first, second = (
        compute(calendar=calendar, start=start, target=t, events=events, today=today) for t in targets
    )
    assert first.against(targets[1], calendar) == second
