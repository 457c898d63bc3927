"""How the staff queue sorts requests and the indexes that let it read them in order: the
sort keys copied on the request (the applicant's and assignee's names) and one partial index over
the open requests per order of the queue (issue 18, docs/performance-desk.md)."""

from django.db import models
from django.db.models import Q

__all__ = ["applicant_sort_key", "open_queue_indexes"]


def applicant_sort_key(user) -> str:
    """How the queue sorts applicants (and assignees): by family name, then given name."""
    return f"{user.last_name} {user.first_name}".strip()


# The keyset order of each of the queue's sorts (desk.search.SORT_COLUMNS, the default order of
# selectors.filtered_queue), each over the open requests of a unit: name → columns.
_OPEN_QUEUE_ORDERS = {
    "due": ("unit", "due_date", "submitted_at", "id"),
    "code": ("unit", "tracking_code", "id"),
    "service": ("unit", "service_sort", "id"),
    "applicant": ("unit", "applicant_sort", "id"),
    "assignee": ("unit", "assignee_sort", "id"),
    "channel": ("unit", "channel", "id"),
    "state": ("unit", "state", "id"),
    "submitted": ("unit", "submitted_at", "id"),
    # The service filter and «mine» in the default order.
    "svc_due": ("unit", "service", "due_date", "submitted_at", "id"),
    "mine_due": ("assignee", "due_date", "submitted_at", "id"),
}


def open_queue_indexes(open_states) -> list:
    """`ServiceRequest.Meta.indexes`' partial indexes: one per order, over the requests in
    `open_states`."""
    return [
        models.Index(fields=list(columns), condition=Q(state__in=open_states), name=f"desk_open_{name}")
        for name, columns in _OPEN_QUEUE_ORDERS.items()
    ]
