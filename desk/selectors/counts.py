"""Counts of open work: the workbench's alerts and each unit's load per expert, counted as the
queue's filters count."""

from django.db.models import Q
from django.utils import timezone

from accounts.models import Membership, Role
from core.calendar import get_calendar
from core.text import persian_sort_key
from desk.models import OPEN_STATES, ServiceRequest
from desk.selectors.queues import queue
from desk.selectors.scopes import sees_everything, staff_unit_ids
from desk.sla import DUE_SOON_WORKING_DAYS
from orgs.models import OrgUnit


def alert_counts(user, *, today=None) -> dict[str, int] | None:
    """The workbench's alerts for staff of units: new requests, overdue and due soon in their
    units, counted as the queue's filters count them (one aggregate on the queue's index); None
    for anyone else (an HQ role reads the whole country through the filters instead)."""
    from django.db.models import Count

    if not staff_unit_ids(user) or sees_everything(user):
        return None
    today = today or timezone.localdate()
    soon = get_calendar().add_working_days(today, DUE_SOON_WORKING_DAYS)
    running = Q(clock_paused=False)
    return (
        queue(user)
        .filter(state__in=OPEN_STATES)
        .order_by()
        .aggregate(
            new=Count("pk", filter=Q(state="submitted")),
            overdue=Count("pk", filter=running & Q(due_date__lt=today)),
            soon=Count("pk", filter=running & Q(due_date__gte=today, due_date__lte=soon)),
        )
    )


def unit_load(unit_ids, *, today=None) -> list[dict]:
    """Each unit's open work: per expert (every active expert or head of the unit, and anyone still
    holding its requests) the open requests assigned, how many are overdue and due soon (as the
    queue's filters count them: open, clock running, due date before today / within
    `DUE_SOON_WORKING_DAYS` working days); and the unassigned ones. Units by name, experts by name."""
    from django.db.models import Count

    from accounts.models import User

    today = today or timezone.localdate()
    soon = get_calendar().add_working_days(today, DUE_SOON_WORKING_DAYS)
    running = Q(clock_paused=False)
    counts = (
        ServiceRequest.objects.filter(unit_id__in=list(unit_ids), state__in=OPEN_STATES)
        .order_by()
        .values("unit_id", "assignee_id")
        .annotate(
            open=Count("pk"),
            overdue=Count("pk", filter=running & Q(due_date__lt=today)),
            soon=Count("pk", filter=running & Q(due_date__gte=today, due_date__lte=soon)),
        )
    )
    by_unit: dict[int, dict[int | None, dict]] = {}
    for row in counts:
        by_unit.setdefault(row["unit_id"], {})[row["assignee_id"]] = row
    staff = (
        Membership.objects.filter(
            org_unit_id__in=list(unit_ids),
            role__in=[Role.STAFF_EXPERT, Role.UNIT_HEAD],
            is_active=True,
            user__is_active=True,
        )
        .order_by()
        .values_list("org_unit_id", "user_id")
    )
    members: dict[int, set[int]] = {}
    for unit_id, user_id in staff:
        members.setdefault(unit_id, set()).add(user_id)
    people = User.objects.in_bulk(
        {pk for ids in members.values() for pk in ids}
        | {pk for rows in by_unit.values() for pk in rows if pk is not None}
    )
    empty = {"open": 0, "overdue": 0, "soon": 0}
    result = []
    units = sorted(OrgUnit.objects.filter(pk__in=list(unit_ids)), key=lambda u: persian_sort_key(u.name))
    for unit in units:
        rows = by_unit.get(unit.pk, {})
        ids = members.get(unit.pk, set()) | {pk for pk in rows if pk is not None}
        experts = [
            {
                "expert": people[pk],
                "in_unit": pk in members.get(unit.pk, set()),
                **{k: rows.get(pk, empty)[k] for k in empty},
            }
            for pk in ids
        ]
        experts.sort(
            key=lambda e: (
                persian_sort_key(e["expert"].last_name),
                persian_sort_key(e["expert"].first_name),
                e["expert"].pk,
            )
        )
        result.append(
            {
                "unit": unit,
                "experts": experts,
                "unassigned": {k: rows.get(None, empty)[k] for k in empty},
            }
        )
    return result
