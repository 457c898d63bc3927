"""Writes of the desk, one module per topic: `intake`, `access` (who may act as staff), `staff`
(assignment, transitions, reassignment), `planning` (take next, rebalance), `messages`,
`response`, `appointments` (and feedback), `counter` (counter-office and in-person intake),
`alerts` (staff alerts, escalation, the applicant's reminders and lapse; the daily sweep). Each
function is keyword-only, runs in one transaction, raises a Persian `ValidationError` and changes
nothing when refused, and appends to the request's event log."""

from desk.services.access import (  # noqa: F401
    HEAD_ROLES,
    check_staff,
)
from desk.services.appointments import (  # noqa: F401
    answer_appointment,
    book_appointment,
    submit_feedback,
    visit_refusal,
)
from desk.services.counter import (  # noqa: F401
    check_intake_place,
    counter_intake,
    counter_office_checks,
    counter_office_refusal,
    find_counter_applicant,
    register_counter_office_check,
    start_counter_intake,
)
from desk.services.intake import (  # noqa: F401
    DEFAULT_TARGET_WORKING_DAYS,
    applicant_type_refusal,
    check_applicant_type,
    check_documents,
    earlier_documents,
    find_submitted,
    new_idempotency_key,
    route_unit,
    submit_request,
    units_for,
)
from desk.services.messages import (  # noqa: F401
    clean_body,
    post_message,
)
from desk.services.planning import (  # noqa: F401
    rebalance,
    take_next,
)
from desk.services.response import (  # noqa: F401
    issue_response,
    record_response_download,
)
from desk.services.staff import (  # noqa: F401
    assign_expert,
    reassign_unit,
    transition,
)
