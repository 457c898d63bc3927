"""Reads of the desk, all filtered by who asks (E5). Every lookup of a request by id or tracking
code goes through `request_for`; every list through `visible_requests`.

One module per topic: `scopes` (who works where), `intake` (where a request may be filed),
`requests` (lookups and lists), `access` (who may act on or read a request), `queues` (the staff
queue and its filters), `counts` (alerts and workload), `definitions` (the published service one
files, cached), `messages` (which messages one may read), `history` (timeline and step
progress). This module re-exports their public names, so callers write `from desk import
selectors` and `selectors.request_for(...)`."""

from desk.selectors.access import (  # noqa: F401
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
from desk.selectors.counts import (  # noqa: F401
    alert_counts,
    unit_load,
)
from desk.selectors.definitions import attach_steps, public_steps, published_service  # noqa: F401
from desk.selectors.history import (  # noqa: F401
    EVENT_LABELS,
    STEP_STATUS_LABELS,
    StepsProgress,
    event_label,
    page_events,
    steps_progress,
    timeline,
)
from desk.selectors.intake import (  # noqa: F401
    FilingOffice,
    filing_offices,
    intake_services,
)
from desk.selectors.messages import (  # noqa: F401
    public_message_list,
    public_messages,
    visible_messages,
)
from desk.selectors.queues import (  # noqa: F401
    DECIDED_STATES,
    filtered_queue,
    page_rows,
    queue,
    queue_rows,
)
from desk.selectors.requests import (  # noqa: F401
    applicant_requests,
    filed_for_others,
    in_places,
    request_for,
    request_for_places,
    request_links,
    request_page,
    requests_at_places,
    visible_requests,
)
from desk.selectors.scopes import (  # noqa: F401
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
