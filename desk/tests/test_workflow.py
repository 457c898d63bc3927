"""The state machine: named transitions with guard and actor, each appending an immutable event."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.calendar import get_calendar
from core.models import Holiday
from desk import services, workflow
from desk.models import RequestEvent, ServiceRequest, State

pytestmark = pytest.mark.django_db


def names(request):
    return list(request.events.filter(kind="transition").values_list("name", flat=True))


def test_submission_issues_a_tracking_code_and_the_first_events(submit, applicant, unit):
    request = submit(ip="10.0.0.7")
    assert request.state == State.SUBMITTED and len(request.tracking_code) == 13
    assert request.unit == unit
    submit_event = request.events.get(name="submit")
    assert submit_event.actor == applicant and submit_event.ip == "10.0.0.7"
    assert submit_event.to_state == State.SUBMITTED
    assert request.due_date == get_calendar().add_working_days(timezone.localdate(), 5)
    assert request.documents.count() == 1


def test_the_whole_path_to_closing(submit, expert, applicant):
    request = submit()
    for name in ("accept", "start_review"):
        services.transition(request=request, name=name, user=expert, ip="10.1.1.1")
    assert request.state == State.IN_REVIEW and request.step_number == 1
    services.transition(request=request, name="request_more", user=expert, note="تصویر پروانه را بفرستید.")
    assert request.state == State.AWAITING_APPLICANT and request.clock_paused
    services.post_message(request=request, author=applicant, body="فرستادم.")
    request.refresh_from_db()
    assert request.state == State.IN_REVIEW and request.step_number == 1 and not request.clock_paused
    services.transition(request=request, name="advance", user=expert)
    assert request.step_number == 2
    services.transition(request=request, name="approve", user=expert)
    assert request.state == State.APPROVED and request.decided_at
    assert names(request) == [
        "submit",
        "accept",
        "start_review",
        "request_more",
        "applicant_answer",
        "advance",
        "approve",
    ]
    event = request.events.get(name="accept")
    assert (event.actor, event.actor_role, event.ip, event.from_state, event.to_state) == (
        expert,
        "staff_expert",
        "10.1.1.1",
        State.SUBMITTED,
        State.ACCEPTED,
    )


@pytest.mark.parametrize(
    ("state", "name"),
    [
        (State.SUBMITTED, "approve"),
        (State.SUBMITTED, "advance"),
        (State.APPROVED, "request_more"),
        (State.CLOSED, "accept"),
        (State.WITHDRAWN, "start_review"),
    ],
)
def test_a_transition_not_allowed_from_the_current_state_changes_nothing(submit, expert, state, name):
    request = submit()
    ServiceRequest.objects.filter(pk=request.pk).update(state=state)
    request.refresh_from_db()
    before = request.events.count()
    with pytest.raises(ValidationError) as info:
        services.transition(request=request, name=name, user=expert, note="x")
    assert "مجاز نیست" in info.value.messages[0]
    request.refresh_from_db()
    assert request.state == state and request.events.count() == before


def test_guards(submit, expert):
    request = submit()
    services.transition(request=request, name="accept", user=expert)
    services.transition(request=request, name="start_review", user=expert)
    with pytest.raises(ValidationError, match="همه گام"):
        services.transition(request=request, name="approve", user=expert)
    services.transition(request=request, name="advance", user=expert)
    with pytest.raises(ValidationError, match="آخرین گام"):
        services.transition(request=request, name="advance", user=expert)


def test_actors(submit, expert, applicant, other_expert, other_applicant):
    request = submit()
    with pytest.raises(ValidationError, match="کارشناس واحد"):
        services.transition(request=request, name="accept", user=applicant)
    with pytest.raises(ValidationError, match="کارشناس واحد"):
        services.transition(request=request, name="accept", user=other_expert)
    with pytest.raises(ValidationError, match="فقط خود متقاضی"):
        services.transition(request=request, name="withdraw", user=expert)
    with pytest.raises(ValidationError, match="فقط خود متقاضی"):
        services.transition(request=request, name="withdraw", user=other_applicant)
    services.transition(request=request, name="withdraw", user=applicant)
    assert request.state == State.WITHDRAWN


def test_request_more_and_reject_need_a_note(submit, expert):
    request = submit()
    with pytest.raises(ValidationError, match="توضیح"):
        services.transition(request=request, name="reject", user=expert, note="  ")
    assert request.state == State.SUBMITTED


def test_events_are_append_only(submit):
    request = submit()
    event = request.events.first()
    event.name = "forged"
    with pytest.raises(ValidationError):
        event.save()
    with pytest.raises(ValidationError):
        event.delete()
    with pytest.raises(ValidationError):
        RequestEvent.objects.filter(pk=event.pk).update(name="forged")
    with pytest.raises(ValidationError):
        RequestEvent.objects.filter(pk=event.pk).delete()
    assert RequestEvent.objects.get(pk=event.pk).name == "submit"


def test_clock_from_the_event_log_pauses_over_a_holiday(submit, expert, applicant, time_machine):
    """Awaiting the applicant across a holiday: the due date moves by the paused working days."""
    start = dt.datetime(2026, 3, 16, 9, 0, tzinfo=timezone.get_current_timezone())  # Monday
    Holiday.objects.create(date=dt.date(2026, 3, 18), title="تعطیل آزمون")
    time_machine.move_to(start, tick=False)
    request = submit()
    calendar = get_calendar()
    assert request.due_date == calendar.add_working_days(dt.date(2026, 3, 16), 5)
    services.transition(request=request, name="accept", user=expert)
    services.transition(request=request, name="request_more", user=expert, note="مدرک")
    time_machine.move_to(start + dt.timedelta(days=4))  # Friday 20th: answered
    services.post_message(request=request, author=applicant, body="پاسخ")
    request.refresh_from_db()
    clock = workflow.clock_for(request, today=dt.date(2026, 3, 20))
    # Paused over 17, 19 (18 is the holiday, 20 is Friday): two working days.
    assert clock.paused_days == 2
    assert request.due_date == calendar.add_working_days(dt.date(2026, 3, 16), 7)


def test_refresh_command_moves_due_dates_after_a_holiday_is_added(submit):
    import io

    from django.core.management import call_command

    request = submit()
    before = request.due_date
    Holiday.objects.create(date=get_calendar().add_working_days(timezone.localdate(), 1), title="تعطیل تازه")
    out = io.StringIO()
    call_command("desk_refresh_clocks", stdout=out)
    request.refresh_from_db()
    assert request.due_date == get_calendar().add_working_days(before, 1)
    assert "1 due date" in out.getvalue()


def test_what_follows_a_transition_is_keyed_by_a_declared_transition():
    """`desk.services.staff.AFTER_TRANSITION` (the notices and messages after a transition) names
    only transitions of `desk/workflow.py`: a renamed transition cannot silently lose its notice."""
    from desk.services.staff import AFTER_TRANSITION

    assert set(AFTER_TRANSITION) <= set(workflow.TRANSITIONS)
    assert {"request_more", "approve", "reject", "close", "reopen"} <= set(AFTER_TRANSITION)
