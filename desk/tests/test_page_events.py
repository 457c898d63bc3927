"""The request's page and the tracking page read its events once for the timeline and the SLA
clock (issue 18): what they show must be what the two separate reads showed. And a new request's
search document, written in one INSERT, is the one `refresh` writes."""

import datetime as dt

import pytest

from desk import search, selectors, services, workflow
from desk.models import RequestEvent, RequestSearch

pytestmark = pytest.mark.django_db


@pytest.fixture
def paused_and_answered(submit, expert, applicant, time_machine):
    """A request paused for the applicant (request_more) on its third day and answered on its
    ninth, with a message and an internal note; the pause's event is not public, so the public
    timeline leaves it out while the clock still counts it."""
    start = dt.datetime(2026, 11, 1, 6, tzinfo=dt.UTC)
    time_machine.move_to(start, tick=False)
    request = submit()
    for name in ("accept", "start_review"):
        services.transition(request=request, name=name, user=expert)
    services.post_message(request=request, author=expert, body="یادداشت", internal=True)
    time_machine.move_to(start + dt.timedelta(days=3), tick=False)
    workflow.record(
        request, kind=RequestEvent.Kind.TRANSITION, name="request_more", actor=expert, public=False
    )
    time_machine.move_to(start + dt.timedelta(days=9), tick=False)
    workflow.record(request, kind=RequestEvent.Kind.TRANSITION, name="applicant_answer", actor=applicant)
    return request


@pytest.mark.parametrize("transitions_only", [False, True])
@pytest.mark.parametrize("staff", [False, True])
def test_the_timeline_from_the_pages_events_is_the_timeline_read_alone(
    paused_and_answered, staff, transitions_only
):
    request = paused_and_answered
    events = selectors.page_events(request, transitions_only=transitions_only)
    alone = selectors.timeline(request, staff=staff, transitions_only=transitions_only)
    shared = selectors.timeline(request, staff=staff, transitions_only=transitions_only, events=events)
    assert [row["event"].pk for row in shared] == [row["event"].pk for row in alone]
    assert [row["label"] for row in shared] == [row["label"] for row in alone]
    assert ("request_more" in [row["event"].name for row in shared]) is staff


@pytest.mark.parametrize("transitions_only", [False, True])
def test_the_clock_from_the_pages_events_counts_every_pause_even_one_not_shown(
    paused_and_answered, transitions_only
):
    request = paused_and_answered
    events = selectors.page_events(request, transitions_only=transitions_only)
    alone = workflow.clock_for(request)
    assert workflow.clock_for(request, events=events) == alone
    # The pause counts: the due date is later than the one of a request never paused.
    assert alone.due_date > workflow.clock_for(request, events=[]).due_date


def test_a_new_requests_search_document_is_the_one_refresh_writes(submit):
    request = submit()
    written = (
        RequestSearch.objects.filter(request=request).values("head", "answers", "messages", "unit_id").get()
    )
    search.refresh(request)
    assert RequestSearch.objects.filter(request=request).values(
        "head", "answers", "messages", "unit_id"
    ).get() == (written)
    assert request.tracking_code in written["head"]
