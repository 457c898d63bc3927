"""The overdue count of a period reads an index of exactly the rows it counts: a state added to the
open ones without the index would leave the count scanning every open request of every year."""

from django.db.models import Q

from desk.models import OPEN_STATES, ServiceRequest


def test_the_overdue_count_of_a_period_has_an_index_over_the_open_running_requests():
    index = next(i for i in ServiceRequest._meta.indexes if i.name == "desk_open_running_by_day")
    assert index.fields == ["submitted_at"]
    assert index.condition == Q(state__in=OPEN_STATES, clock_paused=False)
