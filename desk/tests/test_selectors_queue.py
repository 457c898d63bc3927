"""The queue and message selectors: what the staff queue lists and who reads which messages."""

import datetime as dt

from desk import selectors, services
from desk.models import ServiceRequest, State


def codes(qs):
    return {r.tracking_code for r in qs}


def test_the_queue_lists_open_requests_unless_every_state_is_asked(submit, expert):
    open_one, closed_one = submit(), submit()
    ServiceRequest.objects.filter(pk=closed_one.pk).update(state=State.WITHDRAWN)
    assert codes(selectors.filtered_queue(expert)) == {open_one.tracking_code}
    everything = selectors.filtered_queue(expert, filters={"all_states": True})
    assert codes(everything) == {open_one.tracking_code, closed_one.tracking_code}
    only = selectors.filtered_queue(expert, filters={"state": State.WITHDRAWN})
    assert codes(only) == {closed_one.tracking_code}


def test_overdue_and_mine_narrow_the_queue(submit, expert, head):
    late, mine = submit(), submit()
    ServiceRequest.objects.filter(pk=late.pk).update(due_date=dt.date(2020, 1, 1))
    services.assign_expert(requests=[mine], expert=expert, by=head)
    assert codes(selectors.filtered_queue(expert, filters={"due": "overdue"})) == {late.tracking_code}
    assert codes(selectors.filtered_queue(expert, filters={"mine": True})) == {mine.tracking_code}


def test_the_applicant_never_reads_a_staff_note(submit, expert, applicant):
    request = submit()
    services.post_message(request=request, author=expert, body="یادداشت داخلی", internal=True)
    services.post_message(request=request, author=expert, body="پیام به متقاضی")
    assert [m.body for m in selectors.visible_messages(applicant, request)] == ["پیام به متقاضی"]
    staff_sees = {m.body for m in selectors.visible_messages(expert, request)}
    assert staff_sees == {"یادداشت داخلی", "پیام به متقاضی"}
