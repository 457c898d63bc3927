"""The staff queue and its filters (state, service, channel, place, days, due date, mine), each row
with the role of whoever spoke last in public."""

import datetime as dt

from django.db.models import BooleanField, ExpressionWrapper, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from accounts.models import Role
from core.calendar import get_calendar
from desk.models import ANSWERED_STATES, OPEN_STATES, RequestEvent, ServiceRequest, State
from desk.selectors.requests import visible_requests
from desk.selectors.scopes import auditor_unit_ids, sees_everything, staff_unit_ids
from desk.sla import DUE_SOON_WORKING_DAYS
from orgs.models import OrgUnit, subtree_ids, unit_children


def queue(user, *, unit_ids: set[int] | None = None) -> QuerySet[ServiceRequest]:
    """The staff queue: requests of the user's units (HQ roles: all), without the user's own
    (they follow those as applicant; `conflict_of_interest` refuses the rest one by one)."""
    if not getattr(user, "is_authenticated", False):
        return ServiceRequest.objects.none()
    from accounts.models import User

    same_mobile = User.objects.filter(mobile=user.mobile).values("pk")
    if sees_everything(user):
        qs = visible_requests(user)
        qs = qs if unit_ids is None else qs.filter(unit_id__in=unit_ids)
    else:
        units = staff_unit_ids(user) | auditor_unit_ids(user)
        if unit_ids is not None:
            units &= unit_ids
        # `visible_requests` grants every request of these units, so the unit alone decides: one
        # index range (unit, state, due date) instead of an OR over applicant, unit and desk.
        qs = ServiceRequest.objects.select_related(
            "service", "unit", "assignee", "applicant", "counter_office"
        ).filter(unit_id__in=units)
    # The user's own requests, and those of accounts on their mobile, by a subquery on the few
    # such accounts rather than a join of every row with its applicant.
    return qs.exclude(applicant=user).exclude(applicant_id__in=same_mobile)


# The queue's `decided` filter: the states of requests answered, or withdrawn (decided_at is then
# the day of the decision or of the withdrawal; a reopened request has none).
DECIDED_STATES = {
    "answered": ANSWERED_STATES,
    "withdrawn": (State.WITHDRAWN,),
}


def filtered_queue(user, *, filters: dict | None = None, today=None) -> QuerySet[ServiceRequest]:
    """The queue page's rows, most urgent first (ties by id: the keyset pages' total order): the
    user's `queue` narrowed by the filter form's cleaned data (open requests unless a state, or
    every state, is asked for), each annotated with `last_actor_role`, the role of whoever spoke
    last in public, and `applicant_spoke_last`: the applicant spoke last on a request past its
    submission (work waits for staff)."""
    qs = queue(user)
    f = filters or {}
    if f.get("decided"):
        qs = qs.filter(state__in=DECIDED_STATES[f["decided"]])
    elif f.get("state"):
        qs = qs.filter(state=f["state"])
    elif not f.get("all_states"):
        qs = qs.filter(state__in=OPEN_STATES)
    if f.get("service"):
        qs = qs.filter(service_id=f["service"])
    if f.get("channel"):
        qs = qs.filter(channel=f["channel"])
    qs = _place_and_days(qs, f)
    today = today or timezone.localdate()
    # The due filters keep to open requests; said once when the queue already does (the same
    # condition twice makes PostgreSQL expect a few rows, and sort them all instead of reading
    # the open queue's index in order).
    open_only = not (f.get("decided") or f.get("state") or f.get("all_states"))
    still_open = {} if open_only else {"state__in": OPEN_STATES}
    if f.get("due") == "overdue":
        qs = qs.filter(**still_open, clock_paused=False, due_date__lt=today)
    elif f.get("due") == "soon":
        soon = get_calendar().add_working_days(today, DUE_SOON_WORKING_DAYS)
        qs = qs.filter(**still_open, clock_paused=False, due_date__gte=today, due_date__lte=soon)
    if f.get("mine"):
        qs = qs.filter(assignee=user)
    return _who_spoke_last(qs).order_by("due_date", "submitted_at", "pk")


def _who_spoke_last(qs: QuerySet[ServiceRequest]) -> QuerySet[ServiceRequest]:
    last_role = (
        RequestEvent.objects.filter(request=OuterRef("pk"), public=True)
        .exclude(kind=RequestEvent.Kind.DOWNLOAD)
        .order_by("-at", "-id")
        .values("actor_role")[:1]
    )
    applicant_spoke_last = ExpressionWrapper(
        Q(last_actor_role=Role.APPLICANT) & ~Q(state=State.SUBMITTED), output_field=BooleanField()
    )
    return qs.annotate(last_actor_role=Subquery(last_role)).annotate(
        applicant_spoke_last=applicant_spoke_last
    )


# What the queue page reads of a row (`desk.templatetags.desk_queue`) and what its keyset cursor
# carries (`desk.search.SORT_COLUMNS`): a row read whole, with four related rows whole, cost
# about as much again in Python as the page's SQL.
ROW_RELATED = ("service", "applicant", "assignee")
ROW_FIELDS = (
    *("tracking_code", "channel", "state", "step_number", "due_date", "clock_paused", "submitted_at"),
    *("service_sort", "applicant_sort", "assignee_sort", "service__title"),
    *("applicant__first_name", "applicant__last_name", "assignee__first_name", "assignee__last_name"),
)


def page_rows(qs: QuerySet[ServiceRequest]) -> QuerySet[ServiceRequest]:
    """`qs` (the queue's) reading only what a page of the queue shows of each row."""
    return qs.select_related(None).select_related(*ROW_RELATED).only(*ROW_FIELDS)


def queue_rows(ids) -> QuerySet[ServiceRequest]:
    """The queue's rows `ids`, as a page of `filtered_queue` reads them (with what the page shows
    of each), for a page whose ids `filtered_queue` found (`core.paging.keyset_paginate(rows_of=...)`)."""
    return _who_spoke_last(page_rows(ServiceRequest.objects.filter(pk__in=ids)))


def _place_and_days(qs, f: dict):
    """The filters a report's figure links with (reports.views): a unit and the units below it, a
    counter office, and the days of acceptance or of the decision (Jalali, both included)."""
    if f.get("unit"):
        unit = OrgUnit.objects.filter(code=f["unit"]).values_list("pk", flat=True).first()
        qs = qs.filter(unit_id__in=subtree_ids(unit_children(), unit) if unit else [])
    if f.get("office"):
        qs = qs.filter(counter_office__code=f["office"])
    days = (("since", "submitted_at__gte", 0), ("until", "submitted_at__lt", 1))
    days += (("decided_since", "decided_at__gte", 0), ("decided_until", "decided_at__lt", 1))
    for name, lookup, shift in days:
        if f.get(name):
            day = f[name] + dt.timedelta(days=shift)
            qs = qs.filter(**{lookup: timezone.make_aware(dt.datetime.combine(day, dt.time()))})
    return qs
