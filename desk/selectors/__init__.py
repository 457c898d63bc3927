"""Reads of the desk, all filtered by who asks (E5). Every lookup of a request by id or tracking
code goes through `request_for`; every list through `visible_requests`.

One module per topic: `scopes` (who works where), `intake` (where a request may be filed),
`requests` (lookups and lists), `access` (who may act on or read a request), `queues` (the staff
queue and its filters), `counts` (alerts and workload), `messages` (which messages one may read),
`history` (timeline and step progress). This module re-exports their public names, so callers
write `from desk import selectors` and `selectors.request_for(...)`."""

from desk.selectors.access import (
    OWN_COMPANY,
    OWN_REQUEST,
    can_work_on,
    conflict_of_interest,
    document_for,
    held_before,
    is_applicant,
    is_unit_staff,
    staff_may_read,
)
from desk.selectors.counts import (
    alert_counts,
    unit_load,
)
from desk.selectors.history import (
    EVENT_LABELS,
    STEP_STATUS_LABELS,
    StepsProgress,
    event_label,
    steps_progress,
    timeline,
)
from desk.selectors.intake import (
    FilingOffice,
    filing_offices,
    intake_services,
)
from desk.selectors.messages import (
    public_messages,
    visible_messages,
)
from desk.selectors.queues import (
    DECIDED_STATES,
    filtered_queue,
    queue,
)
from desk.selectors.requests import (
    applicant_requests,
    filed_for_others,
    in_places,
    request_for,
    request_for_places,
    request_links,
    request_page,
    visible_requests,
)
from desk.selectors.scopes import (
    HQ_ROLES_DEFAULT,
    STAFF_ROLES,
    SUBTREE_ROLES,
    auditor_unit_ids,
    clerk_units,
    expert_unit_ids,
    head_unit_ids,
    operator_offices,
    sees_everything,
    staff_unit_ids,
    unit_staff,
    unit_staff_many,
    user_scopes,
)

__all__ = [
    "DECIDED_STATES",
    "EVENT_LABELS",
    "HQ_ROLES_DEFAULT",
    "OWN_COMPANY",
    "OWN_REQUEST",
    "STAFF_ROLES",
    "STEP_STATUS_LABELS",
    "SUBTREE_ROLES",
    "FilingOffice",
    "StepsProgress",
    "alert_counts",
    "applicant_requests",
    "auditor_unit_ids",
    "can_work_on",
    "clerk_units",
    "conflict_of_interest",
    "document_for",
    "event_label",
    "expert_unit_ids",
    "filed_for_others",
    "filing_offices",
    "filtered_queue",
    "head_unit_ids",
    "held_before",
    "in_places",
    "intake_services",
    "is_applicant",
    "is_unit_staff",
    "operator_offices",
    "public_messages",
    "queue",
    "request_for",
    "request_for_places",
    "request_links",
    "request_page",
    "sees_everything",
    "staff_may_read",
    "staff_unit_ids",
    "steps_progress",
    "timeline",
    "unit_load",
    "unit_staff",
    "unit_staff_many",
    "user_scopes",
    "visible_messages",
    "visible_requests",
]
