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

# For staff of many units (an expert of several, HQ) the unit-led indexes give each unit's rows in
# order, not all of theirs together, so PostgreSQL sorted every open request of those units (an
# expert of every unit at 1,000,000: 18,498 rows, 78 ms for the default order, 115-145 ms for
# these). Each of these orders also has an index without the unit (`desk_open_<name>_all`), read
# in order with the units checked on the way (docs/performance-desk.md). The tracking code's
# and the state's orders are read in order already: through the code's unique index, and
# through `desk_request_overdue`, which leads with the state.
_ACROSS_UNITS = ("due", "service", "applicant", "assignee", "channel", "submitted")


def open_queue_indexes(open_states) -> list:
    """`ServiceRequest.Meta.indexes`' partial indexes: one per order, over the requests in
    `open_states`."""
    return [
        *(
            models.Index(fields=list(columns), condition=Q(state__in=open_states), name=f"desk_open_{name}")
            for name, columns in _OPEN_QUEUE_ORDERS.items()
        ),
        *(
            models.Index(
                fields=list(_OPEN_QUEUE_ORDERS[name][1:]),
                condition=Q(state__in=open_states),
                name=f"desk_open_{name}_all",
            )
            for name in _ACROSS_UNITS
        ),
        # The workbench's alerts (`selectors.alert_counts`: new, overdue, due soon) read from the
        # index alone, not from every open request's row (an expert of every unit at 1,000,000:
        # 14,430 table pages, 16 ms). The extra columns serve PostgreSQL; SQLite leaves them out.
        models.Index(
            fields=["unit", "due_date"],
            include=["state", "clock_paused", "applicant", "id"],
            condition=Q(state__in=open_states),
            name="desk_open_alerts",
        ),
    ]
